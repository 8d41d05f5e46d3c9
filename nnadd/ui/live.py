"""The live part of the page, and the run: the numbers above the chart, the progress
bar, the training chart and the neuron's diagram; one draw of them all; and the loop
that trains and redraws them while Train runs.

The loop is the only place with `sleep` and `st.rerun` for a run; a script run that a
newer one has replaced stops in the run's `turn` (nnadd/ui/run.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.data import Example
from nnadd.evaluate import evaluate
from nnadd.i18n import N_, _
from nnadd.landscape import Best
from nnadd.pacing import REDRAW_SECONDS, SPEEDS, SlowStart, epochs_due, tick_seconds
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint, Trainer
from nnadd.ui import live_chart
from nnadd.ui.chart_axes import error_span, weight_span
from nnadd.ui.figures import (
    CHART_CONFIG,
    CHART_POINTS,
    LIVE_POINTS,
    STATIC_CONFIG,
    projected,
    training_figure,
)
from nnadd.ui.neuron_figures import network_figure
from nnadd.ui.offload import server_pool, train_a_chunk, worth_a_worker
from nnadd.ui.run import Run
from nnadd.wording import (
    diagram_alt,
    finished_words,
    live_key,
    metrics,
    pair_words,
    progress,
    training_alt,
    within_epoch,
)

# During a run the chart redraws at every tick (about 6.7 times a second); the rest
# less often, as each redraw is messages of its own, and they make a watched run's cost:
DIAGRAM_SECONDS = 1.0  # the neuron's diagram (a whole figure) and the sum beside it
NUMBERS_SECONDS = 0.5  # the six numbers and the progress bar: numbers that change
# more often than twice a second cannot be read anyway
# the six numbers' labels (w1 and w2 are the maths' symbols, the same in every language)
METRIC_LABELS = (N_("Epoch"), "w1", "w2", N_("Bias"), N_("Error (MSE)"), N_("Test pairs"))


class Slots(NamedTuple):
    """Fixed places on the page that a run redraws, and the replay's two."""

    metrics: tuple[DeltaGenerator, ...]  # one a number, in columns made once
    progress: DeltaGenerator
    chart: DeltaGenerator
    replay: DeltaGenerator
    replay_note: DeltaGenerator
    feed: live_chart.Feed  # what this script run has sent the chart
    shown: dict[str, tuple]  # the numbers this script run has drawn, by label
    # between the progress bar and the chart (layout(middle=True)), else None
    middle: DeltaGenerator | None = None


class View(NamedTuple):
    """What a draw shows besides the network: the run's target, the best weights, the
    kept runs, the test pairs, the diagram's slot and its two numbers."""

    epochs: int
    best: Best | None  # None: no best-fit lines (the server could not work them out now)
    kept: Sequence[tuple[str, Sequence[HistoryPoint]]]
    test: Sequence[Example]
    diagram: DeltaGenerator
    a: float
    b: float
    chart_height: int | None = None  # pixels; None: the chart's own (the lesson's is shorter)
    # the lesson's: text for the projector (figures.projected), in this colour (None:
    # the Playground's figures, as they are)
    ink: str | None = None
    projected: bool = False
    # "Add two numbers": redraws its sum for (network, epoch), with the diagram
    answer: Callable[[Perceptron, int], None] | None = None


def layout(middle: bool = False, key_beside: bool = False) -> Slots:
    """The live container's slots, in page order (its key names it for browser tests).
    The chart's slot is keyed too (nnadd/ui/screens.py places it on a phone held
    sideways). `middle`: a keyed container between the progress bar and the chart, for
    what the page shows beside the numbers (screens.css moves it below the chart on
    screens too small for both). The numbers' terms in plain words (nnadd/glossary.py)
    go beside them when `key_beside` (a page as wide as the lesson's: it costs the
    chart no height), else under them; on a phone they are read, not drawn
    (screens.css)."""
    live = st.container(key="live")
    # the columns are made once: a redraw sends six numbers, not six new columns
    widths = [1, 1, 1, 1, 1.1, 1.6]
    # beside them, the key takes what the short numbers leave: two lines of it in the
    # longer languages too, so that the row is no taller than the numbers
    beside = [0.9, 0.9, 0.9, 0.9, 1.1, 1.5, 3.0]
    cells = live.columns(beside if key_beside else widths)
    numbers = tuple(col.empty() for col in cells[:6])
    (cells[6] if key_beside else live).container(key="live_key").caption(live_key())
    bar = live.empty()
    between = live.container(key="live_middle") if middle else None
    chart = live.container(key="live_chart").empty()
    return Slots(numbers, bar, chart, live.empty(), live.empty(), live_chart.Feed(), {}, between)


def diagram_numbers(network: Perceptron, view: View) -> tuple:
    """What the diagram shows, as it shows it (three decimals): when these have not
    changed, a redraw of the diagram would send the same picture again."""
    return (
        f"{network.w1:.3f}", f"{network.w2:.3f}", f"{network.b:.3f}",
        f"{network.predict(view.a, view.b):.3f}",
    )  # fmt: skip


def draw(
    slots: Slots,
    view: View,
    trainer: Trainer,
    point: HistoryPoint,
    network: Perceptron,
    key: str,
    most: int = CHART_POINTS,
    diagram: bool = True,
    extend: bool = False,
    numbers: bool = True,
) -> None:
    """One draw of the live slots and the diagram: `point` and `network` are what is
    shown (the latest, or a replayed epoch). Each draw of a run needs its own `key`
    (the chart keeps its first one). A run draws at most LIVE_POINTS a trace, skips
    the diagram (`diagram`=False) when its numbers have not changed, and sends the
    chart only its new points when it can (`extend`: nnadd/ui/live_chart.py). The
    numbers above the chart and the progress bar are left as they are when `numbers`
    is False."""
    if numbers:
        _draw_numbers(slots, view, trainer, point, network)
    history, feed = trainer.history, slots.feed
    if extend and live_chart.can_extend(feed, len(history)):
        live_chart.extend(
            slots.chart, history.points_after(feed.last_epoch), key=key,
            alt=training_alt([history.first, history.latest]), feed=feed,
            spacing=view.epochs / (2 * LIVE_POINTS),
        )  # fmt: skip
    else:
        points = history.points()
        pair = _pair(trainer, point)
        state = within_epoch(point, pair, len(trainer.data)) if pair else None
        figure = training_figure(
            points, target_epochs=view.epochs, best=view.best, kept=view.kept,
            marked_epoch=point.epoch if point.epoch != trainer.epoch else None, most=most,
            state=state,
        )  # fmt: skip
        if view.projected:
            figure = projected(figure, ink=view.ink)
        alt = training_alt(points) + (f" {state}." if state else "")
        live_chart.full(
            slots.chart, figure, key=key, alt=alt, config=CHART_CONFIG,
            feed=feed, last_epoch=points[-1].epoch, height=view.chart_height,
            errors=error_span(points, view.kept), weights=weight_span(points),
        )  # fmt: skip
    if not diagram:
        return
    if view.answer is not None and extend:  # a run: the sum beside the diagram follows it
        view.answer(network, point.epoch)
    out = network.predict(view.a, view.b)
    diagram_figure = network_figure(network, view.a, view.b)
    if view.projected:
        diagram_figure = projected(diagram_figure, ink=view.ink)
    view.diagram.plotly_chart(
        diagram_figure, key=f"diagram-{key}", config=STATIC_CONFIG,
        alt=diagram_alt(network.w1, network.w2, network.b, view.a, view.b, out),
    )  # fmt: skip


def _pair(trainer: Trainer, point: HistoryPoint) -> int:
    """The pairs of the epoch under way that the network shown has trained on (after
    Step one pair), or 0: between epochs, or a replayed epoch."""
    return trainer.pair_index if point.epoch == trainer.epoch else 0


def _draw_numbers(
    slots: Slots, view: View, trainer: Trainer, point: HistoryPoint, network: Perceptron
) -> None:
    shown = metrics(point, evaluate(network, view.test))
    pair = _pair(trainer, point)
    beside = {"Epoch": pair_words(pair, len(trainer.data)) if pair else None}
    for slot, label, value in zip(slots.metrics, METRIC_LABELS, shown, strict=True):
        drawn = (value, beside.get(label))
        if slots.shown.get(label) != drawn:  # a number unchanged is not sent again
            # within an epoch, "pair 3 of 28" beside the Epoch, in the text's colour
            slot.metric(_(label), value, drawn[1], delta_color="off", delta_arrow="off")
            slots.shown[label] = drawn
    fill, words = progress(trainer.epoch, view.epochs)
    slots.progress.progress(fill, text=words)


def run(run: Run, claimed: int, speed: str | SlowStart, slots: Slots, view: View) -> None:
    """Train until the network has trained `view.epochs` epochs, redrawing as it goes,
    at `speed` (a name of SPEEDS, or a pace of its own, such as the lesson's); then
    rerun the page so that everything below shows the result.

    Runs last, so that the whole page is on screen while it trains. `claimed` is this
    script run's number (Run.claim): a click anywhere starts a newer one, and this loop
    stops before its next chunk; everything trained so far is in the run."""
    if not run.running:
        return
    trainer = run.trainer
    rate = speed if isinstance(speed, SlowStart) else SPEEDS[speed]
    pool = server_pool() if rate is None else None
    if pool and not worth_a_worker(trainer, view.epochs - trainer.epoch):
        pool = None
    start_epoch, start_time = trainer.epoch, time.perf_counter()
    draws, tick = 0, REDRAW_SECONDS
    shown_numbers = diagram_numbers(trainer.network, view)  # drawn by the page above
    diagram_at = numbers_at = start_time
    while trainer.epoch < view.epochs and not trainer.diverged:
        began = time.perf_counter()
        due = epochs_due(
            rate, began - start_time, trainer.epoch - start_epoch, view.epochs - trainer.epoch,
            start_epoch,
        )  # fmt: skip
        if due and pool:
            fill, words = progress(trainer.epoch, view.epochs)
            train_a_chunk(run, claimed, pool, due, slots.progress, fill, words)
        elif due:
            with run.turn(claimed):
                trainer.train(due, seconds=tick)
        if due:
            if trainer.epoch >= view.epochs or trainer.diverged:
                break  # the whole page is redrawn next, no need to draw twice
            drawn = time.perf_counter()
            numbers = diagram_numbers(trainer.network, view)
            # the diagram is a whole figure each time: at most once a second
            new_diagram = numbers != shown_numbers and drawn - diagram_at >= DIAGRAM_SECONDS
            new_numbers = drawn - numbers_at >= NUMBERS_SECONDS
            draw(
                slots, view, trainer, trainer.history.latest, trainer.network, str(draws),
                most=LIVE_POINTS, diagram=new_diagram, extend=True, numbers=new_numbers,
            )  # fmt: skip
            if new_diagram:
                shown_numbers, diagram_at = numbers, drawn
            if new_numbers:
                numbers_at = drawn
            draws += 1
            tick = tick_seconds(time.perf_counter() - drawn)
        if rate is not None:
            time.sleep(max(0.0, tick - (time.perf_counter() - began)))
    _finish(run, claimed, view.test)
    st.rerun()


def train_first(run: Run, claimed: int, speed: str, epochs: int, test: Sequence[Example]) -> None:
    """Train a Fast run before the page is drawn, when it ends within one redraw's time
    (a short run, such as the article's 10,000 epochs, does): the page is then drawn
    once, trained, instead of once untrained and again by the run's rerun, which
    halves what the server sends and the browser redraws after a Fast click. A run
    that does not end in time stays running, and `run` goes on with it below the drawn
    page. Call after the buttons have acted, before anything shows the network."""
    if not run.running or SPEEDS[speed] is not None:
        return
    left = epochs - run.trainer.epoch
    if left <= 0 or worth_a_worker(run.trainer, left):
        return  # nothing to train, or long work for the server's pool
    with run.turn(claimed) as trainer:
        trainer.train(left, seconds=REDRAW_SECONDS)
    if run.trainer.epoch >= epochs or run.trainer.diverged:
        _finish(run, claimed, test)


def _finish(run: Run, claimed: int, test: Sequence[Example]) -> None:
    """The run is over: the page drawn next says how it ended, aloud to screen readers."""
    with run.turn(claimed) as trainer:
        run.finish(finished_words(trainer, evaluate(trainer.network, test)))
