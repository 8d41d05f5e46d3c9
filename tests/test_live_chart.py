"""The live chart's messages (nnadd/ui/live_chart.py), checked without a browser: a
run's extends, applied by a plain stand-in for the browser's rule, rebuild the run's
history, even when Streamlit drops some of them; and History.points_after.

The plain stand-in and the run's messages are tests/helpers.py's (PlainBrowser,
watched_run); the browser's own script is checked in tests/e2e/test_live_chart.py."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.plain import ArticleNetwork
from nnadd.data import article_data
from nnadd.training import History, HistoryPoint
from nnadd.ui import live_chart
from tests.helpers import (
    SPACING,
    WATCH_EPOCHS,
    PlainBrowser,
    decode,
    plain_trained,
    watched_run,
)


def test_a_watched_run_ends_with_the_plain_trainers_weights_on_every_line():
    _, messages, _ = watched_run()
    browser = PlainBrowser()
    for message in messages:
        browser.take(message)
    plain = plain_trained(42, epochs=WATCH_EPOCHS)
    w1, w2, b, error = (line[-1] for line in browser.lines)
    assert w1 == (WATCH_EPOCHS, pytest.approx(plain.weights[0], rel=1e-6))
    assert w2 == (WATCH_EPOCHS, pytest.approx(plain.weights[1], rel=1e-6))
    assert b == (WATCH_EPOCHS, pytest.approx(plain.bias, rel=1e-6))
    assert error[0] == WATCH_EPOCHS
    # most messages were extends, each far smaller than a whole figure
    kinds = [m["kind"] for m in messages]
    assert kinds.count("extend") > 5 * kinds.count("full")
    biggest_extend = max(len(json.dumps(m)) for m in messages if m["kind"] == "extend")
    smallest_full = min(len(json.dumps(m)) for m in messages if m["kind"] == "full")
    assert biggest_extend * 5 < smallest_full


def test_every_point_drawn_is_a_point_of_the_run_in_order_and_spaced():
    _, messages, _ = watched_run(seed=3)
    browser = PlainBrowser()
    for message in messages[:-1]:  # the run's own messages, before the page after it
        browser.take(message)
    # the plain implementation's weights after every epoch
    plain, data = ArticleNetwork(3), article_data()
    inputs, targets = [(x1, x2) for x1, x2, _ in data.training], [t for *_, t in data.training]
    truth = {0: (*plain.weights, plain.bias)}
    for epoch in range(1, WATCH_EPOCHS + 1):
        plain.train(inputs, targets, 1)
        truth[epoch] = (*plain.weights, plain.bias)
    for i, line in enumerate(browser.lines[:3]):  # w1, w2, the bias
        xs = [x for x, _ in line]
        assert xs == sorted(set(xs)) and xs[-1] == WATCH_EPOCHS  # one point an epoch, in order
        for x, y in line:
            assert y == pytest.approx(truth[x][i], rel=1e-6), (i, x)
    # the extends keep their spacing, but for each one's newest point
    for message in messages:
        if message["kind"] == "extend":
            xs = message["x"][:-1]
            assert all(b - a >= SPACING for a, b in itertools.pairwise(xs))


@pytest.mark.parametrize("drop", [0.3, 0.7])
def test_lost_messages_leave_a_coarser_line_that_still_ends_at_the_runs_end(drop):
    _, messages, kept = watched_run(seed=5, drop=drop)
    assert len(kept) < len(messages)
    whole_run, lossy = PlainBrowser(), PlainBrowser()
    for message in messages:
        whole_run.take(message)
    for message in kept:
        lossy.take(message)
    for full_line, lossy_line in zip(whole_run.lines, lossy.lines, strict=True):
        assert lossy_line[-1] == full_line[-1]
        assert set(lossy_line) <= set(full_line)  # only the run's own points
        assert len(lossy_line) <= len(full_line)
        xs = [x for x, _ in lossy_line]
        assert xs == sorted(set(xs))


def test_an_extend_of_another_figure_is_not_drawn_until_a_whole_one_comes():
    _, messages, _ = watched_run(seed=7)
    browser = PlainBrowser()
    browser.take(messages[0])
    first = [list(line) for line in browser.lines]
    stale = dict(next(m for m in messages if m["kind"] == "extend"), basis="not-this-one")
    browser.take(stale)
    assert browser.lines == first


def test_a_whole_figure_is_sent_every_so_often_and_when_markers_become_lines():
    feed = live_chart.Feed()
    assert not live_chart.can_extend(feed, 2)  # nothing to extend yet
    feed.basis, feed.markers = "b", True
    assert live_chart.can_extend(feed, 59)
    assert not live_chart.can_extend(feed, 60)  # the figure's lines lose their markers
    feed.markers = False
    feed.extends = live_chart.FULL_EVERY - 2
    assert live_chart.can_extend(feed, 1000)
    feed.extends = live_chart.FULL_EVERY - 1
    assert not live_chart.can_extend(feed, 1000)
    _, messages, _ = watched_run(seed=11)
    fulls = [i for i, m in enumerate(messages) if m["kind"] == "full"]
    assert all(b - a <= live_chart.FULL_EVERY for a, b in itertools.pairwise(fulls))


def test_the_error_axis_ticks_follow_a_linear_neuron_down_thirty_decades_sparingly():
    _, messages, _ = watched_run(activation="linear")
    changes = [m["relayout"] for m in messages if m["kind"] == "extend" and m["relayout"]]
    assert changes, "the ticks never changed as the error fell"
    assert len(changes) < len(messages) / 4
    ticks = {"yaxis2.tickmode", "yaxis2.tickvals", "yaxis2.ticktext", "yaxis2.tickformat"}
    ticks |= {"yaxis.range", "yaxis.dtick", "yaxis.tick0"}
    assert all(set(c) <= ticks for c in changes)


def test_the_weights_axis_always_has_a_tick_above_and_below_every_line():
    # today's main left w1 and w2 near 5 above the weight panel's top tick (4)
    trainer, messages, _ = watched_run(seed=42)
    axis = {}
    for m in messages:
        if m["kind"] == "full":
            figure = json.loads(m["figure"])
            axis = {k: figure["layout"]["yaxis"][k] for k in ("range", "dtick", "tick0")}
            lines = [decode(t["y"]) for t in figure["data"][:3]]
        else:
            axis.update({k[6:]: v for k, v in (m["relayout"] or {}).items() if k[:6] == "yaxis."})
            lines = m["y"][:3]
        values = [v for line in lines for v in line]
        low, high = axis["range"]
        step = axis["dtick"]
        top_tick = math.floor(high / step) * step  # the highest tick the axis labels
        bottom_tick = math.ceil(low / step) * step
        assert bottom_tick <= min(values) and max(values) <= top_tick, axis
        assert round((top_tick - bottom_tick) / step) <= 6  # a handful of ticks, not dozens
    assert max(trainer.network.w1, trainer.network.w2) > 4.9  # the lines near 5 of the issue


def test_a_value_json_cannot_carry_is_sent_as_a_gap():
    feed = live_chart.Feed(basis="b", last_epoch=0)
    points = [HistoryPoint(1, math.inf, 1.0, math.nan, 1e300), HistoryPoint(2, 1.0, 2.0, 3.0, 0.5)]
    message = live_chart.extend_message(points, alt="", feed=feed, spacing=1)
    assert message["y"][0] == [None, 1.0] and message["y"][2] == [None, 3.0]
    json.dumps(message, allow_nan=False)  # strict JSON: no Infinity, no NaN


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(2, 40),
    chunks=st.lists(st.integers(1, 50), min_size=1, max_size=12),
    after=st.integers(-2, 400),
)
def test_points_after_is_the_points_after_that_epoch(capacity, chunks, after):
    history = History(HistoryPoint(0, 0.1, 0.2, 0.3, 1.0), capacity=capacity)
    epoch = 0
    for n in chunks:
        for _ in range(n):
            epoch += 1
            history.record(HistoryPoint(epoch, epoch * 0.1, 0.2, 0.3, 1.0 / epoch))
    assert history.points_after(after) == [p for p in history.points() if p.epoch > after]
