"""The lesson at /lesson through AppTest: every step opened from its link, Previous and
Next, each step's action, bad links, and the two pages sharing the link's settings.

AppTest starts at app.py like `streamlit run` does, which lands on the Playground;
switch_page before the first run opens the lesson as /lesson would."""

import json
import re

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from nnadd import explain, lesson_plan
from nnadd.data import article_data
from nnadd.landscape import best_weights
from nnadd.perceptron import Perceptron
from nnadd.settings import Settings
from tests.helpers import (
    lesson_run,
    metric,
    open_app,
    plain_trained,
    playground_started,
    text,
    trainer_of,
    training_chart,
)

LESSON, PLAYGROUND = "app_pages/lesson.py", "app_pages/playground.py"
DATA = article_data()


def open_lesson(query=None) -> AppTest:
    return open_app(query, LESSON)


def heading(at) -> str:
    return at.header[0].value


def lesson_state(at) -> dict:
    return at.session_state["lesson"]


TITLES = [
    "The untrained neuron", "Predict, then reveal", "One epoch", "Watch it learn",
    "Why 21/25?", "Linear fixes it", "Your turn",
]  # fmt: skip


@pytest.mark.parametrize("step", range(1, 8))
def test_each_step_opens_from_its_link(step):
    at = open_lesson({"step": str(step)})
    assert heading(at) == f"Step {step} of 7 · {TITLES[step - 1]}"
    assert not at.warning
    assert at.query_params["step"] == str(step)
    assert at.query_params["seed"] == "42" and "speed" not in at.query_params
    assert at.expander[0].label == "Teacher's notes"
    assert at.button(key="lesson_previous").disabled == (step == 1)
    assert at.button(key="lesson_next").disabled == (step == 7)


@pytest.mark.parametrize("value", ["0", "99", "abc", "", "2.5"])
def test_a_bad_step_opens_step_one_with_one_warning(value):
    at = open_lesson({"step": value})
    assert heading(at).startswith("Step 1 of 7")
    assert len(at.warning) == 1
    assert text(at.warning[0]) == (
        f"The link's step={value!r} is not a whole number from 1 to 7, so the lesson "
        "starts at step 1."
    )
    at.run()
    assert not at.warning and at.query_params["step"] == "1"


def test_bad_settings_and_a_bad_step_share_one_warning_shown_as_text():
    at = open_lesson({"step": "[x](https://e.vil)", "seed": "abc"})
    assert len(at.warning) == 1
    html = MarkdownIt("gfm-like", {"linkify": True}).render(at.warning[0].value)
    assert "<a" not in html
    assert "seed='abc'" in text(at.warning[0]) and "step='[x](https" in text(at.warning[0])


def test_next_and_previous_move_one_step_and_write_the_address():
    at = open_lesson()
    assert heading(at).startswith("Step 1 of 7")
    at.button(key="lesson_next").click().run()
    assert heading(at).startswith("Step 2 of 7") and at.query_params["step"] == "2"
    at.button(key="lesson_next").click().run()
    at.button(key="lesson_previous").click().run()
    assert heading(at).startswith("Step 2 of 7") and at.query_params["step"] == "2"


def shortcut(at, key: str) -> str:
    """The key a button answers to, as Streamlit writes it ("pagedown"), or ""."""
    return at.button(key=key).proto.shortcut


def test_step_1_hides_the_answer_and_the_score_until_reveal():
    at = open_lesson({"step": "1", "seed": "7"})
    net = Perceptron.from_seed(7)
    answer = net.predict(0.3, 0.4)
    right = sum(round(net.predict(a, b), 1) == round(a + b, 1) for a, b in DATA.test)
    # before Reveal: "?" in the metrics, in the diagram and in its words
    assert metric(at, "Its answer for 0.3 + 0.4") == "?"
    assert metric(at, "Right on the 25 test pairs") == "?"
    assert metric(at, "The true sum") == "0.7000"
    (chart,) = at.get("plotly_chart")
    spec = chart.proto.spec
    for shown in (f"{answer:.2f}", f"{answer:.3f}", f"{answer:.4f}"):
        assert shown not in spec and shown not in chart.proto.alt
    assert chart.proto.alt.startswith(f"The untrained neuron: w1 {net.w1:.3f}")
    # the clicker's PageDown reveals first, then moves on
    assert shortcut(at, "lesson_reveal_untrained") == "pagedown"
    assert shortcut(at, "lesson_next") == ""
    at.button(key="lesson_reveal_untrained").click().run()
    assert heading(at).startswith("Step 1 of 7")
    assert metric(at, "Its answer for 0.3 + 0.4") == f"{answer:.4f}"
    assert metric(at, "Right on the 25 test pairs") == f"{right}/25"
    assert f"{answer:.3f}" in at.get("plotly_chart")[0].proto.spec
    assert not [b for b in at.button if b.key == "lesson_reveal_untrained"]
    assert shortcut(at, "lesson_next") == "pagedown"
    # a step opened again hides its answer again
    at.button(key="lesson_next").click().run()
    at.button(key="lesson_previous").click().run()
    assert metric(at, "Its answer for 0.3 + 0.4") == "?"


def working(at) -> list[str]:
    """Step 2's lines of working shown, as their maths (each between $ and $)."""
    return [line for m in at.markdown for line in re.findall(r"\$(.+?)\$", m.value)]


def test_step_2_reveals_without_a_guess_line_by_line_with_the_answer_boxed():
    at = open_lesson({"step": "2"})
    assert not working(at) and shortcut(at, "lesson_reveal") == "pagedown"
    at.button(key="lesson_reveal").click().run()
    assert heading(at).startswith("Step 2 of 7") and not at.error
    update = Perceptron.from_seed(42).update(0.5, 0.5, 1.0, 0.1)
    results = (update.z, update.output, update.error, update.delta, update.step,
               update.dw1, update.dw2, update.db, update.new_w1, update.new_w2,
               update.new_b)  # fmt: skip
    # one line a press, each ending in the trainer's own result; PageDown is Next line's
    for n in range(1, len(results) + 1):
        lines = working(at)
        assert len(lines) == n, n
        assert lines[-1].endswith(f"{{{explain.num(results[n - 1])}}}")
        if n < len(results):
            assert shortcut(at, "lesson_next_line") == "pagedown"
            assert shortcut(at, "lesson_next") == ""
            at.button(key="lesson_next_line").click().run()
    assert not [b for b in at.button if b.key in ("lesson_next_line", "lesson_all_lines")]
    assert shortcut(at, "lesson_next") == "pagedown"
    # the new w1 is the answer: boxed, under its own words; every other result is bold
    lines = working(at)
    boxed = [line for line in lines if r"\boxed" in line]
    assert boxed == [lines[8]] and boxed[0].endswith(rf"\boxed{{{explain.num(update.new_w1)}}}")
    assert all(r"\mathbf" in line for line in lines if line not in boxed)
    (answer,) = [m for m in at.markdown if m.value.endswith(f"**{lesson_plan.ANSWER_LABEL}**")]
    assert r"\boxed" in answer.value
    assert not at.success  # no guess typed: nothing to compare


def test_step_2s_all_lines_and_a_guess_told_how_far_it_was():
    at = open_lesson({"step": "2"})
    at.number_input(key="lesson_guess").set_value(0.7).run()
    at.button(key="lesson_reveal").click().run()
    assert len(working(at)) == 1 and not at.success  # the answer is not shown yet
    at.button(key="lesson_all_lines").click().run()
    assert len(working(at)) == 11
    update = Perceptron.from_seed(42).update(0.5, 0.5, 1.0, 0.1)
    assert text(at.success[0]) == lesson_plan.guess_verdict(0.7, update)
    # a rerun keeps the reveal; leaving the step and coming back clears it
    at.run()
    assert at.success and len(working(at)) == 11
    at.button(key="lesson_next").click().run()
    at.button(key="lesson_previous").click().run()
    assert not at.success and not working(at)
    assert at.number_input(key="lesson_guess").value is None


def test_step_3_runs_one_epoch():
    at = open_lesson({"step": "3"})
    assert metric(at, "After one epoch: error (MSE)") == "?"
    at.button(key="lesson_run_epoch").click().run()
    change = lesson_plan.one_epoch(Settings())
    assert metric(at, "Before: error (MSE)") == f"{change.error_before:#.3g}"  # 0.0580
    assert metric(at, "After one epoch: error (MSE)") == f"{change.error_after:#.3g}"
    assert at.button(key="lesson_run_epoch").disabled


def best_fit_lines(chart: dict) -> list[float]:
    """The heights of the training chart's best-fit lines (shapes across its weights)."""
    shapes = chart["layout"].get("shapes", [])
    return [s["y0"] for s in shapes if s.get("yref") == "y" and s["y0"] == s["y1"]]


def test_step_4_trains_at_watch_speed_and_previous_restores_it():
    at = open_lesson({"step": "4", "epochs": "300"})
    assert lesson_run(at)["trainer"].epoch == 1
    assert metric(at, "Epoch") == "1"
    # where the weights end up is the worksheet's question: no answer before the run
    assert best_fit_lines(training_chart(at)[0]) == []
    at.button(key="lesson_train").click().run()
    trainer = lesson_run(at)["trainer"]
    ref = plain_trained(epochs=300)
    assert trainer.epoch == 300
    assert (trainer.network.w1, trainer.network.w2) == tuple(ref.weights)
    assert metric(at, "Epoch") == "300" and not at.button(key="lesson_again").disabled
    chart, _ = training_chart(at)
    assert chart["layout"]["xaxis2"]["range"][1] == 300
    best = best_weights("sigmoid", DATA.training)
    assert best_fit_lines(chart) == pytest.approx([best.w1, best.w2, best.b])
    # Run again: the same network from epoch 1, trained to the same end
    at.button(key="lesson_again").click().run()
    again = lesson_run(at)["trainer"]
    assert again is not trainer  # a new network, not the old one carried on
    assert again.epoch == 300 and (again.network.w1, again.network.w2) == tuple(ref.weights)
    # the Playground's network is not the lesson's
    assert not playground_started(at)
    at.button(key="lesson_next").click().run()
    at.button(key="lesson_previous").click().run()
    assert lesson_run(at)["trainer"].epoch == 1 and metric(at, "Epoch") == "1"


def test_step_4_bounds_the_epochs_and_says_so():
    at = open_lesson({"step": "4", "epochs": "10000000"})
    assert any("The lesson trains from 100 to 100,000 epochs" in m.value for m in at.markdown)
    assert at.get("progress")[0].proto.text == "Epoch 1 / 100,000"


def test_step_5_opened_directly_trains_first_and_shows_the_wrong_pairs():
    at = open_lesson({"step": "5"})
    assert heading(at) == "Step 5 of 7 · Why 21/25?"
    assert metric(at, "Right on the 25 test pairs") == "21/25"
    table = next(m.value for m in at.markdown if m.value.startswith("| wrong pair"))
    # the four wrong answers, 0.9 + 0.1 twice: three rows, one of them marked ×2
    trained = plain_trained()
    wrong = [(a, b) for a, b in DATA.test if round(trained.predict((a, b)), 1) != round(a + b, 1)]
    assert len(wrong) == 4 and len(set(wrong)) == 3
    assert table.count("| 1.0 |") == 3
    assert table.count("| 0.9 + 0.1 ×2 |") == 1 and "×" not in table.replace("0.1 ×2", "")
    assert any("Every wrong pair sums to 1" in m.value for m in at.markdown)
    (chart,) = at.get("plotly_chart")
    assert json.loads(chart.proto.spec)["data"][0]["type"] == "heatmap"
    assert "4 of the 25 test pairs are wrong" in chart.proto.alt


def test_step_6_compares_sigmoid_and_linear():
    at = open_lesson({"step": "6"})
    assert metric(at, "Sigmoid") == "21/25 correct"
    assert metric(at, "Linear") == "25/25 correct"
    assert at.get("plotly_chart")[0].proto.alt.startswith("The error of each neuron")


def test_step_7_adds_with_the_trained_network_and_links_to_the_playground():
    at = open_lesson({"step": "7", "seed": "5"})
    ref = plain_trained(5)
    assert metric(at, "The network's sum") == f"{ref.predict((0.3, 0.4)):.4f}"
    at.number_input(key="lesson_a").set_value(0.9).run()
    at.number_input(key="lesson_b").set_value(0.8).run()
    assert metric(at, "The network's sum") == f"{ref.predict((0.9, 0.8)):.4f}"
    assert "can never give 1.7" in at.warning[0].value
    link = at.code[0].value
    assert link.endswith("?epochs=10000&learning_rate=0.1&seed=5&activation=sigmoid"
                         "&speed=Watch&start=seed")  # fmt: skip
    (image,) = at.get("image")
    assert image.proto.imgs[0].alt.startswith("QR code")
    assert image.proto.imgs[0].url.startswith("data:image/svg+xml")  # made here, not fetched


def test_the_notes_list_the_keys_and_offer_the_worksheet():
    at = open_lesson({"step": "2"})
    notes = " ".join(m.value for m in at.expander[0].markdown)
    assert "PageDown" in notes and "T is Train" in notes and "**Say:**" in notes
    assert at.expander[0].code[0].value.endswith("?step=2&epochs=10000&learning_rate=0.1"
                                                 "&seed=42&activation=sigmoid")  # fmt: skip
    assert at.get("download_button")[0].proto.label == "Download the worksheet"
    assert at.get("download_button")[1].proto.label == "Download all the notes"
    # the projector's link: the same step, with the notes left out
    assert at.expander[0].code[1].value.endswith("?step=2&epochs=10000&learning_rate=0.1"
                                                 "&seed=42&activation=sigmoid&notes=0")  # fmt: skip


def test_a_link_with_notes_0_leaves_the_notes_off_the_projected_page():
    at = open_lesson({"step": "2", "notes": "0"})
    assert not at.expander and not at.get("download_button") and not at.warning
    at.button(key="lesson_next").click().run()
    assert heading(at).startswith("Step 3 of 7") and not at.expander
    assert at.query_params["notes"] == "0" and at.query_params["step"] == "3"
    bad = open_lesson({"step": "2", "notes": "no"})
    assert [text(w) for w in bad.warning] == [
        "The link's notes='no' is not 1 or 0, so the teacher's notes are shown."
    ]
    assert bad.expander[0].label == "Teacher's notes"
    bad.run()
    assert not bad.warning and "notes" not in bad.query_params


# ---------------------------------------------------------------- the two pages


def test_the_links_settings_apply_to_both_pages():
    at = open_lesson({"step": "1", "seed": "7", "epochs": "500", "learning_rate": "0.3"})
    assert lesson_state(at)["opened"][1] == Settings(seed=7, epochs=500, learning_rate=0.3)
    at.switch_page(PLAYGROUND).run()
    assert not at.exception
    assert at.number_input(key="seed").value == 7 and at.number_input(key="epochs").value == 500
    net = trainer_of(at).network
    assert (net.w1, net.b) == (Perceptron.from_seed(7).w1, Perceptron.from_seed(7).b)
    # a setting changed on the Playground is the lesson's too
    at.number_input(key="seed").set_value(9).run()
    at.switch_page(LESSON).run()
    assert lesson_state(at)["opened"][1].seed == 9
    assert at.query_params["seed"] == "9"


def test_a_visit_to_the_lesson_leaves_the_playground_as_it_was():
    at = open_app({"speed": "Fast", "epochs": "200", "seed": "3"})
    at.number_input(key="first_number").set_value(0.25).run()
    at.toggle(key="targets_are_sums").set_value(False).run()
    at.session_state["data_editor_0"] = {"edited_rows": {0: {"target": 0.0}}, "added_rows": [],
                                         "deleted_rows": []}  # fmt: skip
    at.run()
    assert trainer_of(at).data[0] == (0.5, 0.5, 0.0)
    at.button(key="train").click().run()
    before = trainer_of(at)
    assert before.epoch == 200
    at.switch_page(LESSON).run()
    at.run()  # two lesson runs: the widgets are gone from the page in between
    at.switch_page(PLAYGROUND).run()
    assert not at.exception
    assert not any("changed" in i.value for i in at.info)  # nothing was reset
    assert trainer_of(at) is before and before.epoch == 200
    assert at.number_input(key="seed").value == 3 and at.radio(key="speed").value == "Fast"
    assert at.number_input(key="first_number").value == 0.25
    assert at.toggle(key="targets_are_sums").value is False
    assert before.data[0] == (0.5, 0.5, 0.0)


def test_how_it_works_lists_the_keys():
    at = open_app()
    (how,) = [e for e in at.expander if e.label == "How it works"]
    words = how.markdown[0].value
    assert "T is Train and P is Pause" in words and "PageDown" in words


def announced(at) -> list[str]:
    """What the page's polite live regions say (read aloud by screen readers)."""
    return [
        re.sub(r"<[^>]+>", "", h.value)
        for h in at.get("html")
        if 'role="status"' in h.value and 'aria-live="polite"' in h.value
    ]


def test_the_watched_runs_end_is_announced_as_on_the_playground():
    """Issue 23: the lesson's run wrote its end into state nobody read, so a screen
    reader never heard it. The words are the Playground's, from the plain loop's score."""
    at = open_lesson({"step": "4", "epochs": "100"})
    assert announced(at) == []
    at.button(key="lesson_train").click().run()
    assert not at.exception
    net = plain_trained(epochs=100)
    right = sum(round(net.predict((a, b)), 1) == round(a + b, 1) for a, b in DATA.test)
    assert announced(at) == [f"Training finished: {right}/25 correct after 100 epochs."]
    at.run()  # said once: the next page run says nothing
    assert announced(at) == []


def test_a_step_added_to_the_registry_is_shown_and_navigated_with_no_other_change(
    monkeypatch,
):
    """Inserting a step is one registry entry: the lesson numbers, shows, links and
    navigates it, and every later step moves up one."""
    from nnadd.ui import lesson_registry

    def drawn(ctx):
        import streamlit as st

        st.markdown(f"A step of its own, seed {ctx.settings.seed}.")

    extra = lesson_registry.Step(
        lesson_plan.Step("extra", "An extra step", "Its lead, seed {seed}.", "Q?", "Notes."),
        drawn,
    )
    steps = list(lesson_registry.REGISTRY)
    monkeypatch.setattr(lesson_registry, "REGISTRY", (*steps[:2], extra, *steps[2:]))
    at = open_lesson({"step": "3", "seed": "7"})
    assert heading(at) == "Step 3 of 8 · An extra step"
    said = [m.value for m in at.markdown]
    assert "Its lead, seed 7." in said and "A step of its own, seed 7." in said
    assert at.query_params["step"] == "3"
    at.button(key="lesson_next").click().run()
    assert heading(at) == "Step 4 of 8 · One epoch"
    at.button(key="lesson_previous").click().run()
    at.button(key="lesson_previous").click().run()
    assert heading(at) == "Step 2 of 8 · Predict, then reveal"
    moved = open_lesson({"step": "8"})
    assert heading(moved) == "Step 8 of 8 · Your turn" and moved.button(key="lesson_next").disabled
