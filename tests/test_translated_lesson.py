"""The lesson in the pseudo-language (tests/pseudo.py), which wraps every translated
message in ⟦ ⟧: every step with its reveals done, a class poll asked and revealed, the
teacher's notes, the worksheet and the printed notes show no word that never went
through the translator. Numbers, names and the maths' symbols may stand outside."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from nnadd import glossary, i18n, lesson_plan, public_address
from nnadd.evaluate import evaluate
from nnadd.ondemand import NotNow
from nnadd.perceptron import Perceptron
from nnadd.poll_rules import new_student
from nnadd.settings import Settings
from nnadd.ui import lesson_frame
from nnadd.ui import poll_store as ps
from nnadd.ui.lesson_registry import REGISTRY
from tests import pseudo
from tests.helpers import open_app, poll_tickets

LESSON = "app_pages/lesson.py"
STEPS = [step.words for step in REGISTRY]


def unmarked(at) -> list[str]:
    """The page's texts with words outside the markers, and the charts' and images'
    text alternatives that have any."""
    said = []
    for text in pseudo.page_words(at):
        left = pseudo.leftover_words(text)
        if left:
            said.append(f"{left!r} in {text[:120]!r}")
    alts = [chart.proto.alt for chart in at.get("plotly_chart")]
    alts += [i.alt for image in at.get("image") for i in image.proto.imgs]
    return said + [f"alt {a!r}" for a in alts if pseudo.leftover_words(a)]


@pytest.fixture(autouse=True)
def speaking_pseudo(monkeypatch):
    pseudo.speak_pseudo(monkeypatch)


def lesson(step: int, **query: str):
    return open_app({"lang": pseudo.CODE, "step": str(step), **query}, LESSON)


def press(at, key: str) -> None:
    """A button pressed, in the pseudo-language: the link the page writes keeps its
    step and settings (nnadd.lesson_plan.lesson_query); ?lang= is kept here."""
    at.query_params["lang"] = pseudo.CODE
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def test_step_1_revealed():
    at = lesson(1)
    assert unmarked(at) == []
    press(at, "lesson_reveal_untrained")
    assert "⟦" in at.header[0].value and unmarked(at) == []


def test_step_2_guessed_revealed_and_every_line_shown():
    at = lesson(2)
    assert unmarked(at) == []
    at.query_params["lang"] = pseudo.CODE
    at.number_input(key="lesson_guess").set_value(0.7).run()
    press(at, "lesson_reveal")
    assert unmarked(at) == []
    press(at, "lesson_all_lines")
    assert at.info or at.success  # how far the guess was
    assert unmarked(at) == []


def test_step_3_with_its_epoch_run():
    at = lesson(3)
    assert unmarked(at) == []
    press(at, "lesson_run_epoch")
    assert unmarked(at) == []


def test_step_4_before_and_after_its_run():
    at = lesson(4, epochs="300")
    assert unmarked(at) == []
    press(at, "lesson_train")
    # the run's last reruns wrote the lesson's link, which does not hold ?lang= yet (the
    # lead's links do): the step once more, in the pseudo-language, as the run left it
    at.query_params["lang"] = pseudo.CODE
    at.run()
    assert [b for b in at.button if b.key == "lesson_again"]  # the run has ended
    assert unmarked(at) == []


@pytest.mark.parametrize("step", [5, 6, 7])
def test_steps_5_to_7(step):
    at = lesson(step)
    assert at.expander  # the teacher's notes are on the page (collapsed)
    assert unmarked(at) == []


def test_a_linear_step_5_and_step_7_on_this_machine():
    """Step 5 with no wrong pair says so; step 7 warns that phones can't open localhost."""
    at = lesson(5, activation="linear")
    assert unmarked(at) == []
    at = lesson(7, activation="linear")
    assert unmarked(at) == []


def test_a_poll_asked_and_revealed_on_step_2():
    store = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    try:
        at = lesson(2)
        press(at, "lesson_ask_class")
        code = poll_tickets(at)["predict"].code
        for guess in (0.64, 0.7, 0.5):
            store.answer(code, new_student(), guess)
        at.query_params["lang"] = pseudo.CODE
        at.run()
        assert unmarked(at) == []
        press(at, "poll_reveal")
        assert poll_tickets(at)["predict"].revealed
        assert unmarked(at) == []
        press(at, "poll_back")
        assert unmarked(at) == []
    finally:
        store.engine.dispose()


def test_bad_links_are_warned_about_in_the_pseudo_language():
    at = lesson(9, notes="maybe")
    assert at.warning and unmarked(at) == []


# ---------------------------------------------------------------- the printed pages


class Text(HTMLParser):
    """A page's text, and its <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.lang = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")
        self.text += [v for k, v in attrs if k in ("aria-label", "alt") and v]

    def handle_endtag(self, tag):
        self.tags.append(f"/{tag}")

    def handle_data(self, data):
        if self.tags[-1:] != ["style"]:  # the style sheet has no words
            self.text.append(data)


def read(page: str) -> Text:
    parsed = Text()
    parsed.feed(page)
    return parsed


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><path d="M0 0h1"/></svg>'


@pytest.mark.parametrize("link", ["http://10.0.0.5:8501/?seed=7", "http://localhost:8501/"])
def test_the_worksheet_is_in_the_pseudo_language(link):
    with i18n.using(pseudo.PSEUDO):
        page = lesson_plan.worksheet(STEPS, Settings(seed=7), link, SVG)
    parsed = read(page)
    assert parsed.lang == "qps"
    text = " ".join(parsed.text).replace(link, " ")  # the link: an address, no words
    assert pseudo.leftover_words(text) == ""
    assert "⟦" in text
    assert '<html lang="en">' in lesson_plan.worksheet(STEPS, Settings(), link, SVG)


def test_the_downloaded_notes_are_in_the_page_language_on_any_thread():
    """Streamlit makes a download's file on a thread of its own when it is clicked:
    the notes are made in the language of the script run that drew the button."""
    lesson_link, projector = "http://h/lesson?step=1", "http://h/lesson?step=1&notes=0"
    with i18n.using(pseudo.PSEUDO):
        made = lesson_frame.in_this_language(
            lambda: lesson_plan.notes_page(STEPS, Settings(seed=7), lesson_link, projector)
        )
    page = made()  # here English is the context's language
    parsed = read(page)
    assert parsed.lang == "qps"
    # (the notes' Markdown made HTML: a message's markers are in different text nodes)
    text = " ".join(parsed.text).replace(projector, " ").replace(lesson_link, " ")
    assert pseudo.leftover_words(text) == ""
    assert page.count("⟦**Say:**") == 0 and page.count("⟦<strong>Say:</strong>") == len(STEPS)


# ---------------------------------------------------------------- words made by functions


def test_every_sentence_the_lesson_makes_is_marked():
    settings = Settings()
    update = lesson_plan.first_update(settings)
    net = Perceptron(1.0, 1.0, 0.0, "linear")
    busy = _busy_runner
    with i18n.using(pseudo.PSEUDO):
        said = [
            lesson_plan.parse_step("x", 7)[1],
            lesson_plan.parse_notes("x")[1],
            lesson_plan.epochs_note(10, 100),
            lesson_plan.watch_lead(settings, 10_000, diverged_at=3),
            lesson_plan.title(lesson_plan.WHY, Settings(seed=90_251), busy),
            lesson_plan.title(lesson_plan.WHY, settings),
            lesson_plan.guess_verdict(update.new_w1, update),
            lesson_plan.guess_verdict(0.1, update),
            lesson_plan.guess_verdict(-0.0, update),
            lesson_plan.why_wrong(evaluate(net, lesson_plan.article_data().test), "linear"),
            lesson_plan.why_wrong(lesson_plan.trained_score(settings), "sigmoid"),
            lesson_plan.untrained_alt(net, 0.3, 0.4, True),
            lesson_plan.untrained_alt(net, 0.3, 0.4, False),
            lesson_plan.keys_note(),
            lesson_plan.settings_sentence(settings),
            lesson_plan._(lesson_plan.POLL_ONLY_THIS_MACHINE),
            public_address.where_phones_go("192.168.1.23:8501"),
            public_address.public_address(None, None, "class.school.example").problem,
            *(w for c in lesson_plan.compared(Settings(epochs=200)) for w in (c.label, c.score)),
            *(lesson_plan.lead(s, settings) for s in STEPS),
            *(lesson_plan.neutral_title(s) for s in STEPS),
            *(lesson_plan.question(s) + lesson_plan.notes(s) for s in STEPS),
            *(glossary.explained(n) for n in glossary.TERMS),
            *(glossary.note(n) for n in glossary.TERMS),
            glossary.key(*glossary.TERMS),
        ]
    assert [s for s in said if pseudo.leftover_words(s)] == []
    assert all("⟦" in s for s in said)


def _busy_runner(call, args):
    raise NotNow("The server is busy.")
