"""The body of each of the lesson's steps from 3 on, between the step bar and the
teacher's notes (nnadd/ui/lesson_frame.py draws that frame; steps 1 and 2, which hide
their answers until Reveal, are in nnadd/ui/lesson_reveals.py).

Each step draws what it is given and returns what was pressed or shown; the page
(app_pages/lesson.py) keeps the state, and nnadd/ui/lesson_registry.py says which step
draws which body. The words and numbers come from nnadd.lesson_plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd import lesson_plan as words
from nnadd.compare import ComparedRun
from nnadd.evaluate import Evaluation
from nnadd.glossary import explained, symbol_of
from nnadd.i18n import N_, _, ngettext, number
from nnadd.landscape import error_map
from nnadd.perceptron import Perceptron
from nnadd.public_address import where_phones_go
from nnadd.training import Trainer
from nnadd.ui.figures import CHART_CONFIG, INK, projected
from nnadd.ui.neuron_figures import error_curves_figure, error_map_figure
from nnadd.wording import (
    DIAGRAM_KEY,
    comparison_lesson,
    curves_key,
    format_error,
    sum_explanation,
)

# Heights leave room for the words of the longest language (German runs a third longer
# than English, and its leads and keys wrap onto more lines).
MAP_HEIGHT = 470  # the error map, its legend above it
CURVES_HEIGHT = 396
# the watched run's live chart, under the numbers and the progress bar (buttons are 44 px)
LIVE_CHART_HEIGHT = 366
QR_WIDTH = 300  # CSS pixels: big enough to scan from a seat in the room
# said in a step's place when the server is too busy to train its network just now
# (marked here, translated where shown: the registry passes them to offload.worked_out)
NOT_TRAINED = N_("This step's trained neuron is not ready yet.")
NOT_COMPARED = N_("The two neurons of this step are not trained yet.")


def ink() -> str | None:
    """The theme's text colour, for the projected figures (None: not known yet)."""
    theme = st.context.theme.type
    return INK.get(theme) if theme else None


def one_epoch(change: words.EpochChange, done: bool, on_run: Callable[[], None]) -> None:
    """Step 3: the error and the weights before one epoch, and after it once run."""
    st.button(
        _("Run one epoch"), key="lesson_run_epoch", type="primary", disabled=done,
        on_click=on_run,
    )  # fmt: skip
    when = (
        (_("Before: error (MSE)"), change.before, change.error_before, True),
        (_("After one epoch: error (MSE)"), change.after, change.error_after, False),
    )
    for col, (label, net, error, first) in zip(st.columns(2), when, strict=True):
        shown = done or first
        col.metric(label, format_error(error) if shown else "?")
        bias = explained("bias") if first else symbol_of("bias")  # said once, first
        col.markdown(
            _("w1 = {w1}, w2 = {w2}, {bias} = {b}").format(
                w1=number(net.w1, ".4f"), w2=number(net.w2, ".4f"), bias=bias,
                b=number(net.b, ".4f"),
            )
            if shown
            else _("Predict, then press **Run one epoch**.")
        )  # fmt: skip
    if done:
        fall = 1 - change.error_after / change.error_before
        # Translators: {fall} is a percentage, e.g. "1.2%".
        said = _(
            "28 updates later the error is {fall} lower: each nudge is tiny, so learning "
            "takes thousands of epochs."
        )
        st.markdown(said.format(fall=number(fall, ".1%")))


class WatchButtons(NamedTuple):
    """Step 4's callbacks: Train, Pause, and Run again (from the step's start)."""

    train: Callable[[], None]
    pause: Callable[[], None]
    again: Callable[[], None]


def watch(
    trainer: Trainer,
    epochs: int,
    running: bool,
    lead: str,
    buttons: WatchButtons,
    ask_class: Callable[[], None] | None = None,
) -> DeltaGenerator:
    """Step 4's buttons, Train (T) and Pause (P), or Run again (T) once the run has
    ended, the neuron's diagram a click away, and the step's lead; returns the
    diagram's slot. The live numbers, bar and chart follow, drawn by live.draw.
    `ask_class`, when given, draws the class poll's button."""
    # Train's column wide enough for "Run again" and its key
    widths = [1.25, 1, 1.25, 4] if ask_class is None else [1.2, 0.9, 1.15, 1.4, 3.9]
    train_col, pause_col, neuron_col, *rest = st.columns(widths, vertical_alignment="center")
    lead_col = rest[-1]
    if ask_class is not None:
        with rest[0]:
            ask_class()
    done = trainer.epoch >= epochs or trainer.diverged
    if done and not running:
        train_col.button(
            _("Run again"), key="lesson_again", type="primary", shortcut="T", width="stretch",
            on_click=buttons.again, help=_("Train the same network again, from epoch 1."),
        )  # fmt: skip
    else:
        train_col.button(
            _("Train"), key="lesson_train", type="primary", shortcut="T", width="stretch",
            disabled=done or running, on_click=buttons.train,
        )  # fmt: skip
    pause_col.button(
        _("Pause"), key="lesson_pause", shortcut="P", width="stretch", disabled=not running,
        on_click=buttons.pause,
    )  # fmt: skip
    lead_col.markdown(lead)
    # the diagram's own width: a popover is as narrow as its button otherwise
    box = neuron_col.popover(_("The neuron"), width="stretch").container(width=480)
    diagram = box.empty()
    box.caption(DIAGRAM_KEY(trainer.network.activation))
    return diagram


def why(network: Perceptron, result: Evaluation, test: Sequence[tuple[float, float]]) -> None:
    """Step 5: the error map with the test pairs, the score, and the wrong pairs (a pair
    the test has twice is one row and one cross, marked ×2)."""
    chart, facts = st.columns([1.05, 1])
    right = [r.correct for r in result.records]
    top = max(r.abs_error for r in result.records)
    figure = projected(error_map_figure(error_map(network), test, right, top), MAP_HEIGHT, ink())
    # the legend above the map: below it, larger text would run into the axis title
    figure.update_layout(legend={"y": 1.04, "yanchor": "bottom"}, margin={"t": 60, "b": 70})
    wrong = words.wrong_pairs(result)
    chart.plotly_chart(
        figure, key="lesson-error-map", config=CHART_CONFIG,
        alt=ngettext(
            "Error map: the neuron's error for every a and b in [0, 1]; {wrong} of the "
            "{total} test pairs is wrong, marked with a cross.",
            "Error map: the neuron's error for every a and b in [0, 1]; {wrong} of the "
            "{total} test pairs are wrong, marked with crosses.",
            len(wrong),
        ).format(wrong=number(len(wrong)), total=number(result.total)),
    )  # fmt: skip
    facts.metric(_("Right on the 25 test pairs"), words.score_text(result))
    if wrong:
        times = Counter((r.a, r.b) for r in wrong)
        once = {(r.a, r.b): r for r in wrong}.values()  # a pair's answers are the same
        rows = "\n".join(
            f"| {number(r.a, 'g')} + {number(r.b, 'g')}{_times(times[r.a, r.b])} | "
            f"{number(r.sum, '.1f')} | {number(r.prediction, '.3f')} | "
            f"{number(r.rounded, '.1f')} |"
            for r in once
        )
        head = " | ".join(_(c) for c in WRONG_COLUMNS)
        facts.markdown(f"| {head} |\n|---|---|---|---|\n{rows}")
    facts.markdown(words.why_wrong(result, network.activation))


def _times(n: int) -> str:
    """How many times the test has a pair, when more than once: " ×2"."""
    return f" ×{number(n)}" if n > 1 else ""


# step 6's scores, headed by the activation's name
ACTIVATION_NAMES = {"sigmoid": N_("Sigmoid"), "linear": N_("Linear")}
# the table of step 5's wrong pairs: its columns' headings
WRONG_COLUMNS = (N_("wrong pair"), N_("true sum"), N_("answer"), N_("rounded"))


def linear(runs: Sequence[ComparedRun]) -> None:
    """Step 6: the errors of sigmoid and linear from the same seed, and their scores."""
    chart, facts = st.columns([1.6, 1])
    figure = error_curves_figure([(c.label, c.points) for c in runs])
    chart.plotly_chart(
        projected(figure, CURVES_HEIGHT, ink()), key="lesson-compare",
        config=CHART_CONFIG,
        # Translators: {runs} lists each neuron's score, "sigmoid: 21/25 correct; linear: ...".
        alt=_("The error of each neuron over the epochs, on a log axis: {runs}.").format(
            runs=_("; ").join(c.label for c in runs)
        ),
    )  # fmt: skip
    chart.caption(curves_key())
    for c in runs:
        facts.metric(_(ACTIVATION_NAMES.get(c.activation, c.activation)), c.score)
    facts.markdown(comparison_lesson())


def your_turn(network: Perceptron, link: str, qr: str, reached_at: str | None = None) -> None:
    """Step 7: "Add two numbers" with the trained network, the QR code and the link to
    the Playground with the same settings, and the network address the link names
    (`reached_at`) when it stands in for localhost."""
    adder, code, where = st.columns([1.1, 1.0, 1.1])
    adder.markdown(_("**Add two numbers**"))
    first, second = adder.columns(2)
    a = first.number_input(
        _("First number"), min_value=-1000.0, max_value=1000.0, value=words.FIRST_A, step=0.1,
        format="%.3f", key="lesson_a",
    )  # fmt: skip
    b = second.number_input(
        _("Second number"), min_value=-1000.0, max_value=1000.0, value=words.FIRST_B, step=0.1,
        format="%.3f", key="lesson_b",
    )  # fmt: skip
    answer, truth = adder.columns(2)
    answer.metric(_("The network's sum"), number(network.predict(a, b), ".4f"))
    truth.metric(_("True sum"), number(a + b, ".4f"))
    explanation = sum_explanation(a, b, network.activation)
    if explanation:
        adder.warning(explanation)
    code.image(
        qr, width=QR_WIDTH,
        alt=_("QR code: it opens the Playground with this lesson's settings."),
    )  # fmt: skip
    where.markdown(_("**Train your own:** scan the code, or open"))
    where.code(link, language=None, wrap_lines=True)
    if reached_at:
        where.caption(where_phones_go(reached_at))
    elif words.only_this_machine(link):
        where.caption(
            _(
                "This address names this computer, so phones can't open it: open the "
                "lesson at the address the class uses."
            )
        )
