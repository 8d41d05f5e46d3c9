"""Issue 25 in a real browser: German and Chinese as a class sees them.

- `?lang=de` shows German words, and the same seed's numbers with a decimal comma;
- the picker switches language in the middle of a watched run, and the run goes on to
  the same weights as the command line's;
- every lesson step fits a projector's 1280x720 in German (and in every other
  language), revealed and run;
- a phone's first screen in German still shows Train and the whole live chart;
- axe-core finds nothing in German and Chinese, and `<html lang>` names the language;
- Chinese is drawn in a font that has its characters: two different characters must
  come out as two different pictures, neither of them the box drawn for a character no
  font has (read from the pixels, not the DOM).

Words are looked up in the language's catalog, never written here by hand."""

from __future__ import annotations

import pytest

import harness as h
from nnadd import i18n
from nnadd.settings import DEFAULTS, start_network
from nnadd.ui import language as languages
from nnadd.ui.lesson_registry import REGISTRY
from tests.e2e.test_screens import off_the_first_screen
from tests.helpers import LESSON, fits, needs_chinese_font, violations, wait_step

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def said(code: str, message: str) -> str:
    with i18n.using(languages.language(code)):
        return i18n._(message)


def heading(code: str, number: int) -> str:
    """The start of step `number`'s heading in `code`: "Schritt 2 von 7 ·"."""
    with i18n.using(languages.language(code)):
        words = i18n._("Step {number} of {total} · {title}")
        return words.format(number=i18n.number(number), total=i18n.number(7), title="").strip()


def press(page, key: str) -> None:
    before = h.runs_finished(page)
    page.keyboard.press(key)
    h.wait_runs_finished(page, before)


def click_key(page, key: str) -> None:
    """Click the button whose widget key is `key` (its words are the language's)."""
    before = h.runs_finished(page)
    page.locator(f".st-key-{key} button").click()
    h.wait_runs_finished(page, before)


def test_lang_de_shows_german_words_and_the_same_seed_s_numbers_with_a_comma(projector, server):
    page = projector.page
    w1 = start_network(DEFAULTS).w1
    h.load(page, f"{server.url}?seed=42")
    assert h.metric(page, "w1") == f"{w1:.4f}"
    assert page.locator(".st-key-train button").inner_text().startswith("Train")
    h.load(page, f"{server.url}?seed=42&lang=de")
    assert h.metric(page, "w1") == f"{w1:.4f}".replace(".", ",")  # e.g. 0,6394
    assert page.locator(".st-key-train button").inner_text().startswith(said("de", "Train"))
    assert page.evaluate("document.documentElement.lang") == "de"


def test_the_picker_switches_language_mid_run_and_keeps_the_run(projector, server):
    page = projector.page
    h.load(page, f"{server.url}?speed=Watch")
    before = h.runs_finished(page)
    page.locator(".st-key-train button").click()
    h.wait_epoch_beyond(page, 300)
    # the picker, at the top of the sidebar: each language in its own name
    page.locator(".st-key-language").get_by_role("combobox").click()
    page.get_by_role("option", name="Deutsch").click()
    page.wait_for_url("**lang=de**")
    epoch = said("de", "Epoch")
    h.wait_metric(page, epoch, "10.000", h.LIVE, timeout=120_000)
    assert h.runs_finished(page) > before
    reference = h.cli_reference(42)
    german = tuple(w.replace(".", ",") for w in h.rounded_weights(reference))
    shown = h.metrics(page)
    assert (shown["w1"], shown["w2"], shown[said("de", "Bias")]) == german
    assert page.evaluate("document.documentElement.lang") == "de"


@pytest.mark.parametrize("code", ["de", "fr", "es", "pt-BR", "zh"])
def test_every_lesson_step_fits_a_projector_in_every_language(projector, server, code):
    """German is the longest; Chinese is drawn in another font, with its own line
    heights. Each step is checked revealed and run, as a class sees it."""
    page = projector.page
    page.goto(f"{server.url}lesson?lang={code}")
    wait_step(page, 1, heading=heading(code, 1))
    fits(page, f"{code} step 1")
    press(page, "PageDown")  # reveals
    fits(page, f"{code} step 1 revealed")
    press(page, "PageDown")
    wait_step(page, 2, heading=heading(code, 2))
    fits(page, f"{code} step 2")
    for _ in range(12):  # PageDown reveals, then one line of working at a time
        press(page, "PageDown")
        if "step=3" in page.url:
            break
        fits(page, f"{code} step 2, line by line")
    wait_step(page, 3, heading=heading(code, 3))
    fits(page, f"{code} step 3")
    click_key(page, "lesson_run_epoch")
    fits(page, f"{code} step 3 after its epoch")
    press(page, "PageDown")
    wait_step(page, 4, heading=heading(code, 4))
    fits(page, f"{code} step 4")
    page.keyboard.press("t")
    with i18n.using(languages.language(code)):
        done = i18n.number(10_000, ",")
    h.wait_metric(page, said(code, "Epoch"), done, h.LIVE, timeout=120_000)
    h.wait_laid_out(page)
    fits(page, f"{code} step 4 after its run")
    for number in range(5, len(REGISTRY) + 1):
        press(page, "PageDown")
        wait_step(page, number, heading=heading(code, number))
        fits(page, f"{code} step {number}")
        h.screenshot(page, f"lesson-step-{number}-{code}", whole_page=False)


def test_a_phone_s_first_screen_in_german_shows_train_and_the_live_chart(browser, server):
    visit = h.open_visit(browser, server.url, viewport=PHONE)
    try:
        h.load(visit.page, f"{server.url}?lang=de")
        wanted = {
            "Train": lambda page: page.locator(".st-key-train button"),
            "live chart": lambda page: page.locator(h.LIVE_CHART),
        }
        assert off_the_first_screen(visit.page, PHONE["width"], PHONE["height"], wanted) == []
    finally:
        visit.close()


@pytest.mark.parametrize("code", ["de", "zh"])
def test_axe_finds_nothing_in_german_and_chinese_and_html_lang_names_it(browser, server, code):
    html_lang = languages.BY_CODE[code].html_lang
    for width in (1280, 390):
        visit = h.open_visit(browser, server.url, viewport={"width": width, "height": 800})
        try:
            page = visit.page
            h.load(page, f"{server.url}?lang={code}&speed=Fast")
            assert page.evaluate("document.documentElement.lang") == html_lang
            found = violations(page)
            page.goto(f"{server.url}lesson?step=2&lang={code}")
            wait_step(page, 2, heading=heading(code, 2))
            assert page.evaluate("document.documentElement.lang") == html_lang
            found += violations(page)
            assert found == [], f"{code} at {width} px"
        finally:
            visit.close()


# Two different characters drawn in the font the page uses for its headings, and a
# character no font has (U+0378 is unassigned): as pixels.
GLYPHS = """([family, a, b]) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const g = canvas.getContext("2d");
  const draw = (ch) => {
    g.clearRect(0, 0, 64, 64);
    g.font = "40px " + family;
    g.fillText(ch, 4, 48);
    return Array.from(g.getImageData(0, 0, 64, 64).data).join(",");
  };
  const first = draw(a), second = draw(b), none = draw("\\u0378");
  return {different: first !== second, first_drawn: first !== none,
          second_drawn: second !== none};
}"""


def test_chinese_is_drawn_in_a_font_that_has_its_characters(projector, server):
    needs_chinese_font()
    page = projector.page
    page.goto(f"{server.url}lesson?step=2&lang=zh")
    wait_step(page, 2, heading=heading("zh", 2))
    title = page.locator(f"{LESSON} h2").first
    family = title.evaluate("e => getComputedStyle(e).fontFamily")
    train, learn = said("zh", "Train")[:1], "学"
    assert train != learn
    drawn = page.evaluate(GLYPHS, [family, train, learn])
    assert drawn == {"different": True, "first_drawn": True, "second_drawn": True}, family
