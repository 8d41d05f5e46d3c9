"""The live training chart: a small custom component (Streamlit components v2) that
draws the figure once and then only appends the points trained since the last redraw.

Why: `st.plotly_chart` sends the whole figure on every redraw and mounts a new chart
each time, which costs the server most of a watched run and blinks a chart that fills
a box sized by the screen. Here a redraw sends only the new points, and the browser
calls `Plotly.extendTraces` on the same chart.

A whole figure is still sent when a script run first draws the chart, when the
figure's lines turn from markers to lines, and every FULL_EVERY redraws, so that a
browser that lost a message is whole again within about four seconds.

The element keeps one id for the whole session, so the browser never mounts a new
chart: on a phone the chart can fill a box the page's style sizes
(nnadd/ui/screens.py) without blinking.
"""

from __future__ import annotations

import json
import math
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import plotly.io as pio
from plotly.graph_objects import Figure
from streamlit.delta_generator import DeltaGenerator

from nnadd.training import HistoryPoint
from nnadd.ui.chart_axes import log_ticks, weight_axis
from nnadd.ui.streamlit_internals import draw_component, plotly_chunk

FULL_EVERY = 25  # redraws between whole figures during a run: about 4 s at 6 a second
# Whole figures again after a script run's 1st, 2nd, 4th, 8th and 16th message: a
# browser still busy drawing the page draws only the latest of the messages it got,
# so the run's first whole figure can be lost, and an extend needs one.
EARLY_FULLS = frozenset({1, 2, 4, 8, 16})
TRACES = (0, 1, 2, 3)  # w1, w2, the bias and the error: the figure's first four traces

_JS = (Path(__file__).with_name("live_chart.js")).read_text(encoding="utf-8")


def _code(js: str) -> str:
    """The script without its comment lines and indents."""
    return "\n".join(
        line.strip()
        for line in js.splitlines()
        if line.strip() and not line.lstrip().startswith("//")
    )


_CODE = _code(_JS)
# Streamlit sends an element's script with each of its messages, and a redraw's new
# points are far smaller than the script: so the element's own script is this loader,
# and the chart's script travels with whole figures only, to be started once per page.
_LOADER = (
    "let chart;export default async function(a){const c=a.data&&a.data.code;"
    "if(c&&!chart)chart=import(URL.createObjectURL(new Blob([c],{type:'text/javascript'})));"
    "if(chart)return (await chart).default(a);}"
)
NAME = "nnadd_live_chart"
CHUNK = plotly_chunk()  # Streamlit's own Plotly, which live_chart.js loads


@dataclass
class Feed:
    """What one script run has sent the chart: its basis (the lines its extends add
    to), the last epoch sent, and how many extends since the last whole figure."""

    basis: str = ""
    last_epoch: int = -1
    extends: int = 0
    seq: int = 0
    markers: bool = True
    key: str = ""  # the chart's, for the whole script run: the first draw's key
    axis: dict = field(default_factory=dict)  # the error axis's ticks, as last sent
    errors: tuple[float, float] | None = None  # the smallest and largest error shown
    weight_axis: dict = field(default_factory=dict)  # the weights' axis, as last sent
    weights: tuple[float, float] | None = None  # the smallest and largest weight shown


def full(slot: DeltaGenerator, figure: Figure, *, key: str, feed: Feed, **facts) -> None:
    """Send a whole figure (`facts`: as full_message takes them); later `extend`s add
    to it."""
    feed.key = feed.key or key
    slot_draw(slot, full_message(figure, feed=feed, **facts), feed.key)


def extend(slot: DeltaGenerator, new: list[HistoryPoint], *, key: str, feed: Feed, **facts):
    """Send only new points (`facts`: as extend_message takes them)."""
    slot_draw(slot, extend_message(new, feed=feed, **facts), feed.key or key)


def full_message(
    figure: Figure,
    *,
    alt: str,
    config: dict,
    feed: Feed,
    last_epoch: int,
    errors: tuple[float, float] | None,
    height: int | None = None,
    weights: tuple[float, float] | None = None,
) -> dict:
    """The message of a whole figure, which the extends after it add to. `errors` is
    the span of the errors it shows (figures.error_span), `weights` the span of its
    weights (figures.weight_span).

    All the whole figures of one feed (one script run: one run, or the page at rest)
    share its basis: they draw the same lines, so an extend still fits a chart that
    missed the latest whole figure but has an earlier one."""
    feed.basis = feed.basis or secrets.token_hex(4)
    feed.last_epoch = last_epoch
    feed.extends = 0
    feed.errors = errors
    feed.axis = log_ticks(errors)
    feed.weights = weights
    feed.weight_axis = weight_axis(weights)
    feed.markers = any(t.mode == "lines+markers" for t in figure.data[: len(TRACES)])
    feed.seq += 1
    return {
        "kind": "full", "basis": feed.basis, "seq": feed.seq, "alt": alt, "chunk": CHUNK,
        "figure": pio.to_json(figure, validate=False, engine="orjson"),
        "config": config, "height": height, "code": _CODE,
    }  # fmt: skip


def extend_message(new: list[HistoryPoint], *, alt: str, feed: Feed, spacing: float) -> dict:
    """The message of `new` points, the ones after the chart's last epoch: those at
    least `spacing` epochs apart (the newest always), and the error axis's ticks when
    they change (a log axis: its ticks depend on how many decades it spans)."""
    sent, last = [], feed.last_epoch
    for i, p in enumerate(new):
        if p.epoch >= last + spacing or i == len(new) - 1:
            sent.append(p)
            last = p.epoch
    feed.last_epoch = last
    feed.errors = _widened(feed.errors, [p.error for p in sent])
    axis = log_ticks(feed.errors)
    feed.weights = _spread(feed.weights, [v for p in sent for v in (p.w1, p.w2, p.b)])
    weights = weight_axis(feed.weights)
    relayout = {f"yaxis2.{k}": v for k, v in axis.items()} if axis != feed.axis else {}
    if weights != feed.weight_axis:  # the weights outgrew their axis
        relayout.update({f"yaxis.{k}": v for k, v in weights.items()})
    feed.seq += 1
    feed.extends += 1
    message = {
        "kind": "extend", "basis": feed.basis, "seq": feed.seq, "alt": alt, "chunk": CHUNK,
        "traces": list(TRACES),
        "x": [p.epoch for p in sent],
        # seven significant digits, as the whole figure's float32 has
        "y": [[_seven(getattr(p, name)) for p in sent] for name in ("w1", "w2", "b", "error")],
        "relayout": relayout or None,
    }  # fmt: skip
    feed.axis, feed.weight_axis = axis, weights
    return message


def _widened(span: tuple[float, float] | None, errors: list[float]) -> tuple | None:
    positive = [e for e in errors if e > 0 and math.isfinite(e)]
    if not positive:
        return span
    low, high = min(positive), max(positive)
    return (min(low, span[0]), max(high, span[1])) if span else (low, high)


def _spread(span: tuple[float, float] | None, values: list[float]) -> tuple | None:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return span
    low, high = min(finite), max(finite)
    return (min(low, span[0]), max(high, span[1])) if span else (low, high)


def can_extend(feed: Feed | None, points_after: int) -> bool:
    """Whether the next redraw may send only new points: there is a figure to extend,
    it is not due for a whole one, and its lines will not change from markers to lines
    (the figure draws markers while it has fewer than 60 points)."""
    if feed is None or not feed.basis or feed.extends >= FULL_EVERY - 1:
        return False
    if feed.seq in EARLY_FULLS:  # a run's first messages, while its page may be busy
        return False
    return not (feed.markers and points_after >= 60)


def _seven(value: float) -> float:
    if not math.isfinite(value):
        return None  # JSON has no inf or nan: a gap in the line, as Plotly draws them
    return float(f"{value:.7g}")


def slot_draw(slot: DeltaGenerator, message: dict, key: str) -> None:
    """Put the chart in its slot under one id for the whole session, so that the
    browser keeps the same chart and hands it each message.

    Streamlit's own component call (`st.components.v2.component`) registers its id as
    a widget once per script run, but a run redraws its chart many times in one script
    run; so the element is sent directly, as that call would send it
    (nnadd/ui/streamlit_internals.py)."""
    data = json.dumps(message, separators=(",", ":"))
    draw_component(slot, name=NAME, key=f"chart-{key}", js=_LOADER, data=data)
