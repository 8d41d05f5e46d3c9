"""The body of each of the lesson's seven steps, between the step bar and the
teacher's notes (nnadd/ui/lesson_frame.py draws that frame).

Each step draws what it is given and returns what was pressed or shown; the page
(app_pages/lesson.py) keeps the state, and nnadd/ui/lesson_registry.py says which step
draws which body. The words and numbers come from nnadd.lesson_plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd import explain
from nnadd import lesson_plan as words
from nnadd.compare import ComparedRun
from nnadd.evaluate import Evaluation
from nnadd.glossary import explained
from nnadd.landscape import error_map
from nnadd.perceptron import Perceptron, Update
from nnadd.safe_markdown import as_text
from nnadd.training import Trainer
from nnadd.ui.figures import CHART_CONFIG, STATIC_CONFIG
from nnadd.ui.neuron_figures import error_curves_figure, error_map_figure, network_figure
from nnadd.wording import (
    COMPARISON_LESSON,
    CURVES_KEY,
    DIAGRAM_KEY,
    sum_explanation,
)

MAP_HEIGHT = 440  # the error map, its legend below it
CURVES_HEIGHT = 400
# the watched run's live chart, under the numbers and the progress bar (buttons are 44 px)
LIVE_CHART_HEIGHT = 326
QR_WIDTH = 300  # CSS pixels: big enough to scan from a seat in the room
# said in a step's place when the server is too busy to train its network just now
NOT_TRAINED = "This step's trained neuron is not ready yet."
NOT_COMPARED = "The two neurons of this step are not trained yet."


def projected(figure: go.Figure, height: int) -> go.Figure:
    """A figure of nnadd.ui.neuron_figures, shorter and with larger text, for the projector."""
    return (
        figure.update_layout(height=height, font_size=18, legend_font_size=17)
        .update_xaxes(tickfont_size=17, title_font_size=18)
        .update_yaxes(tickfont_size=17, title_font_size=18)
    )


def untrained(network: Perceptron, result: Evaluation) -> None:
    """Step 1: the diagram with its random weights, its answer for 0.3 + 0.4, its score."""
    a, b = words.FIRST_A, words.FIRST_B
    diagram, facts = st.columns([1.15, 1])
    answer = network.predict(a, b)
    diagram.plotly_chart(
        network_figure(network, a, b), key="lesson-diagram", config=STATIC_CONFIG,
        alt=f"The untrained neuron: w1 {network.w1:.3f}, w2 {network.w2:.3f}, bias "
        f"{network.b:.3f}; for {a:g} and {b:g} it answers {answer:.3f}.",
    )  # fmt: skip
    diagram.caption(DIAGRAM_KEY(network.activation))
    facts.metric(f"Its answer for {a:g} + {b:g}", f"{answer:.4f}")
    facts.metric("The true sum", f"{a + b:.4f}")
    facts.metric("Right on the 25 test pairs", f"{result.correct}/{result.total}")


class Reveal(NamedTuple):
    """What step 2 shows: the guess revealed, or why a guess was refused."""

    revealed: float | None
    refused: str | None


def predict(
    update: Update,
    activation: str,
    shown: Reveal,
    ask_class: Callable[[], None] | None = None,
) -> Reveal:
    """Step 2: the first pair and the weights now, the guess and Reveal; once revealed,
    the update worked out with the trainer's own numbers, and how far the guess was.
    `ask_class`, when given, draws the class poll's button beside Reveal."""
    ask, working = st.columns([0.85, 1.6])
    ask.markdown(
        f"**The pair:** {update.x1:g} + {update.x2:g} = {update.target:g}  \n"
        f"**Now:** w1 = {update.w1:.4f}, w2 = {update.w2:.4f}, "
        f"{explained('bias')} = {update.b:.4f}"
    )
    guess = ask.number_input(
        "Your guess for the new w1", value=None, min_value=-1000.0, max_value=1000.0,
        step=0.001, format="%.4f", key="lesson_guess", placeholder="a number, e.g. 0.7",
    )  # fmt: skip
    where = ask
    if ask_class is not None:
        where, beside = ask.columns(2)
        with beside:
            ask_class()
    if where.button("Reveal", key="lesson_reveal", type="primary"):
        shown = Reveal(guess, None) if guess is not None else Reveal(None, REFUSED)
    if shown.refused:
        ask.error(shown.refused)
    if shown.revealed is None:
        working.info("The working appears here after Reveal, with the trainer's own numbers.")
        return shown
    ask.success(as_text(words.guess_verdict(shown.revealed, update)))
    working.latex(explain.update_latex(update, activation))
    working.caption(explain.update_key(activation))
    return shown


REFUSED = "Type a number first: the class's guess for the new w1, such as 0.7."


def one_epoch(change: words.EpochChange, done: bool, on_run: Callable[[], None]) -> None:
    """Step 3: the error and the weights before one epoch, and after it once run."""
    st.button(
        "Run one epoch", key="lesson_run_epoch", type="primary", disabled=done, on_click=on_run
    )
    when = (
        ("Before", change.before, change.error_before),
        ("After one epoch", change.after, change.error_after),
    )
    for col, (label, net, error) in zip(st.columns(2), when, strict=True):
        shown = done or label == "Before"
        col.metric(f"{label}: error (MSE)", f"{error:.5f}" if shown else "?")
        bias = explained("bias") if label == "Before" else "bias"  # said once, first
        col.markdown(
            f"w1 = {net.w1:.4f}, w2 = {net.w2:.4f}, {bias} = {net.b:.4f}"
            if shown
            else "Predict, then press **Run one epoch**."
        )
    if done:
        fall = 1 - change.error_after / change.error_before
        st.markdown(
            f"28 updates later the error is {fall:.1%} lower: each nudge is tiny, "
            "so learning takes thousands of epochs."
        )


def watch(
    trainer: Trainer,
    epochs: int,
    running: bool,
    lead: str,
    on_train: Callable[[], None],
    on_pause: Callable[[], None],
    ask_class: Callable[[], None] | None = None,
) -> DeltaGenerator:
    """Step 4's buttons, Train (T) and Pause (P), the neuron's diagram a click away, and
    the step's lead; returns the diagram's slot. The live numbers, bar and chart follow,
    drawn by live.draw. `ask_class`, when given, draws the class poll's button."""
    widths = [1, 1, 1.25, 4.2] if ask_class is None else [0.9, 0.9, 1.15, 1.4, 4.2]
    train_col, pause_col, neuron_col, *rest = st.columns(widths, vertical_alignment="center")
    lead_col = rest[-1]
    if ask_class is not None:
        with rest[0]:
            ask_class()
    done = trainer.epoch >= epochs or trainer.diverged
    train_col.button(
        "Train", key="lesson_train", type="primary", shortcut="T", width="stretch",
        disabled=done or running, on_click=on_train,
    )  # fmt: skip
    pause_col.button(
        "Pause", key="lesson_pause", shortcut="P", width="stretch", disabled=not running,
        on_click=on_pause,
    )  # fmt: skip
    lead_col.markdown(lead)
    # the diagram's own width: a popover is as narrow as its button otherwise
    box = neuron_col.popover("The neuron", width="stretch").container(width=480)
    diagram = box.empty()
    box.caption(DIAGRAM_KEY(trainer.network.activation))
    return diagram


def why(network: Perceptron, result: Evaluation, test: Sequence[tuple[float, float]]) -> None:
    """Step 5: the error map with the test pairs, the score, and the wrong pairs."""
    chart, facts = st.columns([1.05, 1])
    right = [r.correct for r in result.records]
    figure = projected(error_map_figure(error_map(network), test, right), MAP_HEIGHT)
    # the legend above the map: below it, larger text would run into the axis title
    figure.update_layout(legend={"y": 1.04, "yanchor": "bottom"}, margin={"t": 60, "b": 70})
    wrong = words.wrong_pairs(result)
    chart.plotly_chart(
        figure, key="lesson-error-map", config=CHART_CONFIG,
        alt=f"Error map: the neuron's error for every a and b in [0, 1]; {len(wrong)} of "
        f"the {result.total} test pairs are wrong, marked with crosses.",
    )  # fmt: skip
    facts.metric("Right on the 25 test pairs", f"{result.correct}/{result.total}")
    if wrong:
        rows = "\n".join(
            f"| {r.a:g} + {r.b:g} | {r.sum:.1f} | {r.prediction:.3f} | {r.rounded:.1f} |"
            for r in wrong
        )
        facts.markdown(f"| wrong pair | true sum | answer | rounded |\n|---|---|---|---|\n{rows}")
    facts.markdown(words.why_wrong(result, network.activation))


def linear(runs: Sequence[ComparedRun]) -> None:
    """Step 6: the errors of sigmoid and linear from the same seed, and their scores."""
    chart, facts = st.columns([1.6, 1])
    figure = error_curves_figure([(c.label, c.points) for c in runs])
    chart.plotly_chart(
        projected(figure, CURVES_HEIGHT), key="lesson-compare",
        config=CHART_CONFIG,
        alt="The error of each neuron over the epochs, on a log axis: "
        + "; ".join(c.label for c in runs) + ".",
    )  # fmt: skip
    chart.caption(CURVES_KEY)
    for c in runs:
        facts.metric(c.label.split(":")[0].capitalize(), c.score)
    facts.markdown(COMPARISON_LESSON)


def your_turn(network: Perceptron, link: str, qr: str) -> None:
    """Step 7: "Add two numbers" with the trained network, the QR code and the link to
    the Playground with the same settings."""
    adder, code, where = st.columns([1.1, 1.0, 1.1])
    adder.markdown("**Add two numbers**")
    first, second = adder.columns(2)
    a = first.number_input(
        "First number", min_value=-1000.0, max_value=1000.0, value=words.FIRST_A, step=0.1,
        format="%.3f", key="lesson_a",
    )  # fmt: skip
    b = second.number_input(
        "Second number", min_value=-1000.0, max_value=1000.0, value=words.FIRST_B, step=0.1,
        format="%.3f", key="lesson_b",
    )  # fmt: skip
    answer, truth = adder.columns(2)
    answer.metric("The network's sum", f"{network.predict(a, b):.4f}")
    truth.metric("True sum", f"{a + b:.4f}")
    explanation = sum_explanation(a, b, network.activation)
    if explanation:
        adder.warning(explanation)
    code.image(
        qr, width=QR_WIDTH,
        alt="QR code: it opens the Playground with this lesson's settings.",
    )  # fmt: skip
    where.markdown("**Train your own:** scan the code, or open")
    where.code(link, language=None, wrap_lines=True)
    if words.only_this_machine(link):
        where.caption(
            "This address names this computer, so phones can't open it: open the lesson "
            "at the address the class uses."
        )
