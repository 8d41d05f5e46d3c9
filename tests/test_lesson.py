"""The lesson's words and numbers (nnadd/lesson_plan.py), each number checked against the
plain transcription of the article's loop (harness/plain.py) or worked out by hand."""

import math
import re
from html.parser import HTMLParser

import pytest

from harness.plain import ArticleNetwork
from nnadd import lesson_plan
from nnadd.data import article_data
from nnadd.settings import Settings
from nnadd.ui.lesson_registry import REGISTRY

DATA = article_data()
INPUTS = [(a, b) for a, b, _ in DATA.training]
TARGETS = [t for *_, t in DATA.training]


def plain(seed=42, lr=0.1, activation="sigmoid", epochs=0, pairs=None):
    """The plain network after `epochs` epochs, or after the first `pairs` pairs."""
    net = ArticleNetwork(seed, lr, activation)
    if pairs is not None:
        net.train(INPUTS[:pairs], TARGETS[:pairs], 1)
    else:
        net.train(INPUTS, TARGETS, epochs)
    return net


def plain_mse(net) -> float:
    return sum((t - net.predict(x)) ** 2 for x, t in zip(INPUTS, TARGETS, strict=True)) / 28


def plain_score(net) -> tuple[int, list[tuple[float, float]]]:
    """Right answers by the article's rule, and the wrong pairs."""
    wrong = [(a, b) for a, b in DATA.test if round(net.predict((a, b)), 1) != round(a + b, 1)]
    return len(DATA.test) - len(wrong), wrong


def close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)


# ---------------------------------------------------------------- steps and settings

STEPS = [step.words for step in REGISTRY]  # the lesson's words, in its order


def test_seven_steps_each_with_a_title_a_question_and_notes():
    assert len(STEPS) == 7
    for step in STEPS:
        assert step.title and step.lead and "?" in step.question and "**Say:**" in step.notes
    assert [s.title for s in STEPS][:4] == [
        "The untrained neuron", "Predict, then reveal", "One epoch", "Watch it learn",
    ]  # fmt: skip


@pytest.mark.parametrize("raw,step", [("1", 1), ("4", 4), ("7", 7), (["2", "5"], 5)])
def test_a_good_step_is_taken(raw, step):
    assert lesson_plan.parse_step(raw, len(STEPS)) == (step, None)


@pytest.mark.parametrize("raw", ["0", "99", "abc", "", "-1", "+2", "1.5", " 3", "٣", "8", "x" * 80])
def test_a_bad_step_falls_back_to_step_one_with_a_warning_that_quotes_it(raw):
    step, warning = lesson_plan.parse_step(raw, len(STEPS))
    assert step == 1
    assert warning.startswith(f"The link's step={raw[:21]!r}"[:30])
    assert warning.endswith("so the lesson starts at step 1.")
    assert len(warning) < 140  # a long value is cut short


def test_the_lesson_follows_four_settings_and_bounds_its_epochs():
    asked = Settings(epochs=10_000_000, learning_rate=0.5, seed=7, activation="linear",
                     speed="Fast", start="weights", w1=3.0, data=((0.1, 0.1, 0.2),))  # fmt: skip
    used = lesson_plan.lesson_settings(asked)
    assert (used.epochs, used.learning_rate, used.seed, used.activation) == (
        100_000, 0.5, 7, "linear",
    )  # fmt: skip
    assert used.data is None and used.start == "seed" and used.speed == Settings().speed
    assert lesson_plan.lesson_settings(Settings(epochs=0)).epochs == 100
    assert lesson_plan.lesson_settings(Settings()).epochs == 10_000
    assert lesson_plan.epochs_note(10_000, 10_000) is None
    assert "trains 100,000; the settings ask for 10,000,000" in lesson_plan.epochs_note(
        10_000_000, 100_000
    )


def test_step_4s_lead_says_why_its_epochs_differ_and_when_it_diverged():
    settings = lesson_plan.lesson_settings(Settings(epochs=5, learning_rate=100.0))
    said = lesson_plan.watch_lead(settings, 5, diverged_at=3)
    assert said.startswith("100 epochs: slowly at first")  # nnadd.pacing.LESSON_PACE
    assert "the settings ask for 5." in said
    assert said.endswith("diverged at epoch 3: the weights grew too large to be numbers. "
                         "A learning rate of 100 is too large here.")  # fmt: skip
    watched = lesson_plan.lead(lesson_plan.WATCH, Settings())
    assert lesson_plan.watch_lead(Settings(), 10_000, None) == watched


def test_the_lessons_address_holds_its_step_and_four_settings():
    query = lesson_plan.lesson_query(3, Settings(seed=7, learning_rate=0.25))
    assert query == {"step": "3", "epochs": "10000", "learning_rate": "0.25", "seed": "7",
                     "activation": "sigmoid"}  # fmt: skip


def test_notes_0_in_the_link_leaves_the_notes_out_and_stays_in_the_address():
    assert lesson_plan.parse_notes(None) == (True, None)
    assert lesson_plan.parse_notes("1") == (True, None)
    assert lesson_plan.parse_notes(["1", "0"]) == (False, None)  # the last one counts
    shown, warning = lesson_plan.parse_notes("off")
    assert shown and warning == (
        "The link's notes='off' is not 1 or 0, so the teacher's notes are shown."
    )
    query = lesson_plan.lesson_query(2, Settings(), notes=False)
    assert query["notes"] == "0" and query["step"] == "2"
    assert "notes" not in lesson_plan.lesson_query(2, Settings())


def test_all_the_notes_print_on_one_page_with_the_projectors_link():
    lesson, projector = "http://10.0.0.5:8501/lesson?step=1&x=<b>", "http://p/lesson?notes=0"
    page = lesson_plan.notes_page(STEPS, Settings(seed=7), lesson, projector)
    parsed = Collect()
    parsed.feed(page)
    text = "".join(parsed.text)
    for number, step in enumerate(STEPS, start=1):
        assert f"{number}. {lesson_plan.title(step, Settings(seed=7))}" in text
        assert step.question in text
        for paragraph in step.notes.split("\n\n"):  # its words, bold and all, as text
            assert paragraph.replace("**", "").replace("*", "") in text
    assert parsed.tags.count("section") == 7 and parsed.tags.count("strong") >= 14
    assert "Seed 7" in text and "PageDown" in text and lesson in text and projector in text
    assert "&lt;b&gt;" in page and "<b>" not in page  # the link is text, escaped
    assert not [v for k, v in parsed.attrs if k in ("src", "href")]
    assert "url(" not in page and "@import" not in page


def test_titles_and_leads_fill_in_the_settings():
    assert lesson_plan.title(lesson_plan.WHY, Settings()) == "Why 21/25?"
    assert lesson_plan.title(lesson_plan.WHY, Settings(activation="linear")) == "Why 25/25?"
    assert "seed 7" in lesson_plan.lead(lesson_plan.UNTRAINED, Settings(seed=7))
    assert lesson_plan.lead(lesson_plan.WATCH, Settings(epochs=2500)).startswith("2,500 epochs")


def test_every_steps_notes_end_with_the_keys():
    note = lesson_plan.keys_note()
    for key in ("PageDown", "PageUp", "T is Train", "P is Pause"):
        assert key in note


# ---------------------------------------------------------------- the numbers


@pytest.mark.parametrize("seed,lr,activation", [(42, 0.1, "sigmoid"), (7, 0.5, "linear")])
def test_the_first_update_is_the_plain_loops_first_update(seed, lr, activation):
    settings = Settings(seed=seed, learning_rate=lr, activation=activation)
    u = lesson_plan.first_update(settings)
    start, after = plain(seed, lr, activation), plain(seed, lr, activation, pairs=1)
    assert (u.w1, u.w2, u.b) == (*start.weights, start.bias)
    assert (u.x1, u.x2, u.target) == (0.5, 0.5, 1.0)
    # by hand, from the article's formulas
    z = u.w1 * 0.5 + u.w2 * 0.5 + u.b
    output = 1 / (1 + math.exp(-z)) if activation == "sigmoid" else z
    delta = output * (1 - output) if activation == "sigmoid" else 1.0
    assert close(u.z, z) and close(u.output, output) and close(u.delta, delta)
    assert close(u.error, 1.0 - output) and close(u.step, lr * (1.0 - output) * delta)
    assert close(u.new_w1, after.weights[0]) and close(u.new_w2, after.weights[1])
    assert close(u.new_b, after.bias)


def test_a_guess_is_told_how_far_it_was():
    u = lesson_plan.first_update(Settings())
    assert round(u.new_w1, 4) == 0.6435
    assert lesson_plan.guess_verdict(0.7, u) == (
        "Your guess, 0.7, was 0.0565 too high: w1 went from 0.6394 to 0.6435 (+0.0040)."
    )
    assert "0.1435 too low" in lesson_plan.guess_verdict(0.5, u)
    assert lesson_plan.guess_verdict(0.64345, u).startswith("Your guess, 0.64345, is right")
    assert lesson_plan.guess_verdict(-0.0, u).startswith("Your guess, 0, was 0.6435 too low")


def test_one_epoch_is_the_plain_loops_first_epoch_and_its_error():
    change = lesson_plan.one_epoch(Settings())
    start, after = plain(), plain(epochs=1)
    assert (change.before.w1, change.before.w2, change.before.b) == (*start.weights, start.bias)
    assert close(change.after.w1, after.weights[0]) and close(change.after.b, after.bias)
    assert close(change.error_before, plain_mse(start))
    assert close(change.error_after, plain_mse(after))
    assert change.error_after < change.error_before


def test_step_four_starts_where_step_three_stopped():
    trainer = lesson_plan.watch_start(Settings())
    after = plain(epochs=1)
    assert trainer.epoch == 1 and close(trainer.network.w1, after.weights[0])


def test_the_trained_network_and_its_wrong_pairs_are_the_plain_loops():
    settings = Settings()
    net, ref = lesson_plan.trained(settings), plain(epochs=10_000)
    assert close(net.w1, ref.weights[0]) and close(net.w2, ref.weights[1])
    assert close(net.b, ref.bias)
    result = lesson_plan.trained_score(settings)
    right, wrong = plain_score(ref)
    assert result.correct == right == 21
    assert [(r.a, r.b) for r in lesson_plan.wrong_pairs(result)] == wrong
    why = lesson_plan.why_wrong(result, "sigmoid")
    assert why.startswith("Every wrong pair sums to 1. A sigmoid")
    low = min(ref.predict(p) for p in wrong)
    high = max(ref.predict(p) for p in wrong)
    assert f"answers {low:.3f} to {high:.3f}" in why


def test_a_neuron_with_no_wrong_pair_is_told_so():
    result = lesson_plan.trained_score(Settings(activation="linear"))
    assert result.correct == 25
    assert lesson_plan.why_wrong(result, "linear").startswith("All 25 test pairs are right")


def test_sigmoid_against_linear_scores_are_the_plain_loops():
    runs = lesson_plan.compared(Settings(seed=3, epochs=2000))
    for run, activation in zip(runs, ("sigmoid", "linear"), strict=True):
        right, _ = plain_score(plain(3, 0.1, activation, epochs=2000))
        assert run.label == f"{activation}: {right}/25 correct"
        assert run.points[-1].epoch == 2000


# ---------------------------------------------------------------- links and the worksheet


@pytest.mark.parametrize(
    "page,base",
    [
        ("http://10.0.0.5:8501/lesson?step=3&seed=7", "http://10.0.0.5:8501/"),
        ("http://school.example/nnadd/lesson/", "http://school.example/nnadd/"),
        ("http://10.0.0.5:8501/", "http://10.0.0.5:8501/"),
        (None, ""),
    ],
)
def test_the_playgrounds_link_keeps_the_address_and_the_settings(page, base):
    link = lesson_plan.playground_link(page, Settings(seed=7))
    assert link == base + "?epochs=10000&learning_rate=0.1&seed=7&activation=sigmoid" + (
        "&speed=Watch&start=seed"
    )


def test_a_link_to_this_machine_is_told_apart():
    assert lesson_plan.only_this_machine("http://127.0.0.1:8501/?seed=1")
    assert lesson_plan.only_this_machine("http://localhost:8501/")
    assert not lesson_plan.only_this_machine("http://192.168.1.20:8501/?seed=1")


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_the_worksheet_warns_when_its_link_names_this_machine():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><path d="M0 0h1"/></svg>'
    said = "no other device can open them"
    for link, warned in (
        ("http://localhost:8501/?seed=7", True),
        ("http://127.0.0.1:8501/?seed=7", True),
        ("http://10.0.0.5:8501/?seed=7", False),
    ):
        parsed = Collect()
        parsed.feed(lesson_plan.worksheet(STEPS, Settings(seed=7), link, svg))
        text = " ".join(parsed.text)
        assert (said in text) == warned, link
        if warned:  # beside the link, before the first question
            assert text.index(link) < text.index(said) < text.index(STEPS[0].question)


def test_the_worksheet_holds_every_question_the_settings_link_and_code():
    link = "http://10.0.0.5:8501/?seed=7&x=<b>"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><path d="M0 0h1"/></svg>'
    page = lesson_plan.worksheet(STEPS, Settings(seed=7), link, svg)
    parsed = Collect()
    parsed.feed(page)
    text = " ".join(parsed.text)
    for number, step in enumerate(STEPS, start=1):
        assert step.question in text
        assert f"{number}. {lesson_plan.neutral_title(step)}" in text
    assert parsed.tags.count("section") == 7 and parsed.tags.count("svg") == 1
    assert "Seed" in text and "Learning rate" in text and link in text
    assert "&lt;b&gt;" in page and "<b>" not in page  # the link is text, escaped
    # self-contained: nothing fetched from anywhere
    assert not [v for k, v in parsed.attrs if k in ("src", "href")]
    assert "url(" not in page and "@import" not in page
    assert re.search(r"@page", page)


def test_the_worksheets_headings_give_no_answer_away():
    """The class fills the worksheet in before each reveal: no heading names a score
    ("Why 21/25?") or says how a step ends ("Linear fixes it"), and question 5 does not
    take for granted that some pair is wrong (question 4's answer)."""
    page = lesson_plan.worksheet(STEPS, Settings(), "http://x/", "<svg/>")
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == [
        "1. The untrained neuron", "2. Predict, then reveal", "3. One epoch",
        "4. Watch it learn", "5. After training", "6. A linear neuron", "7. Your turn",
    ]  # fmt: skip
    assert not re.search(r"\d+/25|Why|fixes", " ".join(headings))
    assert lesson_plan.WHY.question.startswith("Does the trained neuron get any test pair wrong?")
    # on screen, step 5's title says the score: the step itself shows it
    assert lesson_plan.title(lesson_plan.WHY, Settings()) == "Why 21/25?"
