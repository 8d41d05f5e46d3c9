"""The six languages: which one a visit speaks, and each one's numbers, checked
against Babel's own formatting (an independent implementation of CLDR's rules)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_decimal, format_percent, parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from nnadd import i18n
from nnadd.ui import language as languages

CODES = [o.code for o in languages.OFFERED]
# Babel's patterns for the helper's format specs: four decimals, and whole numbers with
# the thousands marks
PATTERNS = {".4f": "0.0000", ",": "#,##0", ",.4f": "#,##0.0000", ".2f": "0.00"}


def babel_locale(code: str) -> Locale:
    return Locale.parse(languages.BY_CODE[code].locale)


def speak(code: str):
    return i18n.using(languages.language(code))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize(
    ("value", "spec"),
    [(0.8625, ".4f"), (10000, ","), (1.5e-7, ".4f"), (-0.0038, ".4f"), (12345.6789, ",.4f")],
)
def test_each_language_writes_numbers_as_babel_does(code, value, spec):
    locale = languages.BY_CODE[code].locale
    with speak(code):
        assert i18n.number(value, spec) == format_decimal(value, PATTERNS[spec], locale=locale)


def test_the_four_numbers_of_the_issue_by_hand():
    by_hand = {
        "en": ("0.8625", "10,000", "-0.0038"),
        "de": ("0,8625", "10.000", "-0,0038"),
        "fr": ("0,8625", "10\u202f000", "-0,0038"),  # a narrow no-break space
        "es": ("0,8625", "10.000", "-0,0038"),
        "pt-BR": ("0,8625", "10.000", "-0,0038"),
        "zh": ("0.8625", "10,000", "-0.0038"),
    }
    for code, (share, many, small) in by_hand.items():
        with speak(code):
            assert (i18n.number(0.8625, ".4f"), i18n.number(10000, ",")) == (share, many)
            assert i18n.number(-0.0038, ".4f") == small
            # a tiny error keeps its digits: 1.5e-7 as 1.50 × 10⁻⁷ (wording.format_error)
            mantissa = format_decimal(1.5, "0.00", locale=languages.BY_CODE[code].locale)
            assert mantissa == ("1.50" if code in ("en", "zh") else "1,50")


@pytest.mark.parametrize("code", CODES)
@given(value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_number_written_then_read_back_by_babel_is_the_same_number(code, value):
    locale = languages.BY_CODE[code].locale
    with speak(code):
        for spec in (".4f", ",.4f", ",.0f"):
            written = i18n.number(value, spec)
            assert parse_decimal(written, locale=locale) == Decimal(format(value, spec.strip(",")))


@pytest.mark.parametrize("code", CODES)
def test_a_percentage_is_written_as_babel_writes_it(code):
    locale = languages.BY_CODE[code].locale
    # Babel's own percent pattern for the language, with one decimal
    pattern = babel_locale(code).percent_formats[None].pattern.replace("0%", "0.0%")
    pattern = pattern.replace("0\u00a0%", "0.0\u00a0%")
    with speak(code):
        assert i18n.number(0.0592, ".1%") == format_percent(0.0592, pattern, locale=locale)


def test_latex_gets_a_decimal_comma_it_does_not_space():
    with speak("de"):
        assert i18n.latex_number(0.4701, ".4f") == "0{,}4701"
    assert i18n.latex_number(0.4701, ".4f") == "0.4701"  # English: as before


def test_nothing_set_is_english_and_python_s_own_numbers():
    assert i18n.current() is i18n.ENGLISH
    assert i18n.number(12345.5, ",.2f") == f"{12345.5:,.2f}"
    assert i18n._("Train") == "Train"


def test_each_thread_keeps_its_own_language():
    """One server speaks German to a class and English to a visitor at the same
    moment: a language set in one script run's thread is not seen in another's."""
    seen: dict[str, str] = {}
    german_set, english_read = threading.Event(), threading.Event()

    def class_page() -> None:
        i18n.use(languages.language("de"))
        german_set.set()
        english_read.wait(5)
        seen["class"] = i18n.number(0.5, ".1f")

    def visitor_page() -> None:
        german_set.wait(5)
        seen["visitor"] = i18n.number(0.5, ".1f")
        english_read.set()

    threads = [threading.Thread(target=class_page), threading.Thread(target=visitor_page)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"class": "0,5", "visitor": "0.5"}


@pytest.mark.parametrize(
    ("link", "browser", "chosen"),
    [
        ("de", "fr-FR", "de"),  # the link first
        (None, "fr-CA", "fr"),  # else the browser's language, by its main part
        (None, "pt-PT", "pt-BR"),  # the Portuguese we speak
        (None, "zh-CN", "zh"),
        ("ZH-hans", None, "zh"),  # other spellings of the same language
        ("pt_br", None, "pt-BR"),
        (None, "ja-JP", "en"),  # else English
        (None, None, "en"),
    ],
)
def test_the_link_then_the_browser_then_english(link, browser, chosen):
    choice = languages.choose(link, browser)
    assert (choice.language.code, choice.warning) == (chosen, None)


def test_an_unknown_lang_falls_back_with_one_warning_in_the_fallback_language():
    choice = languages.choose("klingon", "de-DE")
    assert choice.language.code == "de"
    assert "klingon" in choice.warning
    long = languages.choose("x" * 500, None)
    assert long.language.code == "en" and len(long.warning) < 200


def test_each_language_is_named_in_its_own_words():
    names = {o.code: o.name for o in languages.OFFERED}
    assert names == {
        "en": "English", "de": "Deutsch", "fr": "Français", "es": "Español",
        "pt-BR": "Português (Brasil)", "zh": "中文",
    }  # fmt: skip


def test_every_link_the_page_makes_keeps_a_language_other_than_english():
    from nnadd import lesson_plan, poll_rules
    from nnadd.settings import Settings
    from nnadd.wording import share_link

    def links() -> list[str]:
        return [
            share_link("http://room:8501/", {"seed": "42"}),
            poll_rules.answer_link("http://room:8501/lesson", "K7M3Q"),
            lesson_plan.playground_link("http://room:8501/lesson", Settings()),
        ]

    assert not any("lang=" in link for link in links())  # English leaves it to the browser
    with speak("pt-BR"):
        spoken = links()
    assert all(link.endswith("lang=pt-BR") for link in spoken), spoken
    assert spoken[1] == "http://room:8501/answer?poll=K7M3Q&lang=pt-BR"


def test_the_playground_s_address_and_share_link_keep_the_language():
    from tests.helpers import open_app

    at = open_app({"lang": "fr", "seed": "7"})
    assert at.query_params["lang"] in ("fr", ["fr"])  # the page rewrote its address: kept
    shown = [c.value for c in at.code]
    assert any("seed=7" in link and "lang=fr" in link for link in shown), shown
    lesson = open_app({"lang": "de", "step": "3"}, "app_pages/lesson.py")
    assert lesson.query_params["lang"] in ("de", ["de"])
    assert lesson.query_params["step"] in ("3", ["3"])


def test_an_unknown_lang_in_the_link_is_one_warning_shown_as_text():
    from markdown_it import MarkdownIt

    from tests.helpers import open_app

    at = open_app({"lang": "**b**[x](http://e.vil)"})
    assert len(at.warning) == 1
    shown = MarkdownIt().render(at.warning[0].value)
    assert "<strong>" not in shown and "<a " not in shown  # the link's words, as typed
    assert "**b**[x](http://e.vil)" in shown.replace("\u2060", "")  # (kept from linking)
    assert at.button(key="train").label == "Train"  # English, the fallback


def test_a_list_of_numbers_never_runs_its_commas_together():
    """In a language with a decimal comma, what goes between listed numbers is not a
    comma: "0,6200; 0,6000", never "0,6200, 0,6000"."""
    from nnadd import poll_rules as rules

    summary = rules.summarise([0.62, 0.60], 0.6435)
    for offered in languages.OFFERED:
        with speak(offered.code):
            said = rules.closest_words(summary, 4)
            between = i18n._(", ")
            first, second = i18n.number(0.62, ".4f"), i18n.number(0.60, ".4f")
        assert said.endswith(f"{first}{between}{second}"), said
        if "," in first:
            assert between.strip() not in (",", ""), (offered.code, between)
