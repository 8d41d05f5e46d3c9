"""The live part of the page, and the run: the numbers above the chart, the progress
bar, the training chart and the neuron's diagram; one draw of them all; and the loop
that trains and redraws them while Train runs.

The loop is the only place with `sleep`, `st.stop` and `st.rerun` for a run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.data import Example
from nnadd.evaluate import evaluate
from nnadd.landscape import Best
from nnadd.pacing import REDRAW_SECONDS, SPEEDS, epochs_due, tick_seconds
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint, Trainer
from nnadd.ui.figures import CHART_CONFIG, STATIC_CONFIG, network_figure, training_figure
from nnadd.ui.session import Session
from nnadd.wording import metrics, progress

METRIC_LABELS = ("Epoch", "w1", "w2", "Bias", "Error (MSE)", "Test pairs")


class Slots(NamedTuple):
    """Fixed places on the page that a run redraws, and the replay's two."""

    metrics: DeltaGenerator
    progress: DeltaGenerator
    chart: DeltaGenerator
    replay: DeltaGenerator
    replay_note: DeltaGenerator


class View(NamedTuple):
    """What a draw shows besides the network: the run's target, the best weights, the
    kept runs, the test pairs, the diagram's slot and its two numbers."""

    epochs: int
    best: Best
    kept: Sequence[tuple[str, Sequence[HistoryPoint]]]
    test: Sequence[Example]
    diagram: DeltaGenerator
    a: float
    b: float
    chart_height: int | None = None  # pixels; None: the chart's own (the lesson's is shorter)


def layout() -> Slots:
    """The live container's slots, in page order (its key names it for browser tests)."""
    live = st.container(key="live")
    return Slots(live.empty(), live.empty(), live.empty(), live.empty(), live.empty())


def draw(
    slots: Slots, view: View, trainer: Trainer, point: HistoryPoint, network: Perceptron, key: str
) -> None:
    """One draw of the live slots and the diagram: `point` and `network` are what is
    shown (the latest, or a replayed epoch). Each draw of a run needs its own `key`."""
    shown = metrics(point, evaluate(network, view.test))
    with slots.metrics.container():
        columns = st.columns([1, 1, 1, 1, 1.1, 1.6])
        for col, label, value in zip(columns, METRIC_LABELS, shown, strict=True):
            col.metric(label, value)
    fill, words = progress(trainer.epoch, view.epochs)
    slots.progress.progress(fill, text=words)
    figure = training_figure(
        trainer.history.points(), target_epochs=view.epochs, best=view.best, kept=view.kept,
        marked_epoch=point.epoch if point.epoch != trainer.epoch else None,
    )  # fmt: skip
    slots.chart.plotly_chart(
        figure, key=f"chart-{key}", config=CHART_CONFIG, height=view.chart_height or "content"
    )
    view.diagram.plotly_chart(
        network_figure(network, view.a, view.b), key=f"diagram-{key}", config=STATIC_CONFIG
    )


def run(session: Session, this_run: int, speed: str, slots: Slots, view: View) -> None:
    """Train until the network has trained `view.epochs` epochs, redrawing as it goes,
    at `speed`; then rerun the page so that everything below shows the result.

    Runs last, so that the whole page is on screen while it trains. A click anywhere
    stops this loop before its next chunk (Session.claim_run); everything trained so
    far is in the session."""
    if not session.running:
        return
    trainer = session.trainer
    rate = SPEEDS[speed]
    start_epoch, start_time = trainer.epoch, time.perf_counter()
    draws, tick = 0, REDRAW_SECONDS
    while trainer.epoch < view.epochs and not trainer.diverged:
        began = time.perf_counter()
        due = epochs_due(
            rate, began - start_time, trainer.epoch - start_epoch, view.epochs - trainer.epoch
        )
        if due:
            with session.guard:
                if not session.is_current(this_run):
                    st.stop()  # a newer run has the network now
                trainer.train(due, seconds=tick)
            if trainer.epoch >= view.epochs or trainer.diverged:
                break  # the whole page is redrawn next, no need to draw twice
            drawn = time.perf_counter()
            draw(slots, view, trainer, trainer.history.latest, trainer.network, str(draws))
            draws += 1
            tick = tick_seconds(time.perf_counter() - drawn)
        if rate is not None:
            time.sleep(max(0.0, tick - (time.perf_counter() - began)))
    with session.guard:
        if not session.is_current(this_run):
            st.stop()
        session.running = False
    st.rerun()
