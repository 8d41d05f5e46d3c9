"""The neuron's diagram, and the figures of what it learnt: the loss landscape, the error
map over the unit square, and the error curves of several runs side by side.

Pure functions from data to plotly Figures, in the style of nnadd/ui/figures.py (the
training chart's module), which they share."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import plotly.graph_objects as go

from nnadd.i18n import N_, _, number
from nnadd.landscape import Best, ErrorMap, Surface
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint
from nnadd.ui.chart_axes import LOG_AXIS, error_span, log_ticks, tick_text
from nnadd.ui.figures import (
    CHART_POINTS,
    FONT,
    MUTED,
    NEGATIVE,
    POSITIVE,
    RIGHT,
    TICKS,
    WRONG,
    figure_from,
    thin,
)


def network_figure(network: Perceptron, x1: float, x2: float) -> go.Figure:
    """The neuron as the article draws it: two inputs, two weighted connections whose
    thickness is |w| (blue for a positive weight, red for a negative one), and one
    output node with its bias, showing the numbers x1 and x2 flowing through."""
    z = network.weighted_sum(x1, x2)
    out = network.predict(x1, x2)
    node = (0.62, 0.5)
    data, annotations = [], []
    # the connections, thickness proportional to |w|, and their labels away from them
    for weight, y, w, label_y in (("w1", 0.82, network.w1, 0.86), ("w2", 0.18, network.w2, 0.14)):
        data.append(dict(
            type="scatter", x=[0.0, node[0]], y=[y, node[1]], mode="lines", hoverinfo="skip",
            line={"width": min(18.0, max(1.0, 3.0 * abs(w))),
                  "color": POSITIVE if w >= 0 else NEGATIVE},
            showlegend=False,
        ))  # fmt: skip
        annotations.append(
            dict(
                x=0.34,
                y=label_y,
                text=f"{weight} = {number(w, '.3f')}",
                showarrow=False,
                font={"size": 16},
            )
        )
    # the output leaves the node to the right
    annotations.append(dict(
        x=1.08, y=node[1], ax=node[0] + 0.1, ay=node[1], xref="x", yref="y", axref="x",
        ayref="y", showarrow=True, arrowhead=2, arrowwidth=2.5, arrowcolor=MUTED, text="",
    ))  # fmt: skip
    data.append(dict(
        type="scatter", x=[0.0, 0.0, node[0]], y=[0.82, 0.18, node[1]], mode="markers",
        marker={"size": [58, 58, 84], "color": "#475569",
                "line": {"width": 2, "color": "#e2e8f0"}},
        hovertext=[_("input x1 = {value}").format(value=number(x1, ".6g")),
                   _("input x2 = {value}").format(value=number(x2, ".6g")),
                   _("z = {z}<br>output = {output}<br>bias = {bias}").format(
                       z=number(z, ".6g"), output=number(out, ".6g"),
                       bias=number(network.b, ".6g"))],
        hoverinfo="text", showlegend=False,
    ))  # fmt: skip
    inside = ((0.0, 0.82, f"x1<br>{number(x1, '.3f')}"), (0.0, 0.18, f"x2<br>{number(x2, '.3f')}"))
    for x, y, text in (*inside, (node[0], node[1], f"z<br>{number(z, '.3f')}")):
        annotations.append(
            dict(x=x, y=y, text=text, showarrow=False, font={"size": 15, "color": "white"})
        )
    annotations += [
        dict(x=node[0], y=node[1] - 0.22, showarrow=False, font={"size": 16},
             text=_("bias = {bias}").format(bias=number(network.b, ".3f"))),
        dict(x=0.98, y=node[1] + 0.12, text=f"{network.activation}(z)", showarrow=False,
             font={"size": 15}),
        dict(x=0.98, y=node[1] - 0.12, text=f"<b>{number(out, '.3f')}</b>", showarrow=False,
             font={"size": 20}),
    ]  # fmt: skip
    return figure_from(data, dict(
        width=480, height=340, margin={"l": 5, "r": 5, "t": 5, "b": 5}, font=FONT,
        xaxis={"visible": False, "range": [-0.12, 1.14], "fixedrange": True},
        yaxis={"visible": False, "range": [0.04, 0.96], "fixedrange": True},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        annotations=annotations,
    ))  # fmt: skip


def _colour_bar_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at 1, 2 and 5 times each power of ten between low and high."""
    values, labels = [], []
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for m in (1, 2, 5):
            v = m * 10.0**power
            if low <= v <= high:
                values.append(math.log10(v))
                labels.append(tick_text(v))
    return values, labels


def landscape_figure(
    surface: Surface, path: Sequence[tuple[float, float]], best: Best
) -> go.Figure:
    """Contours of the training error over (w1, w2) at the surface's bias, on a log
    colour scale, with the path the weights took, its start and end, and the best."""
    floor = 1e-12  # the exact-addition valley of the linear neuron reaches 0
    logs = [[math.log10(max(e, floor)) for e in row] for row in surface.error]
    low = max(floor, min(min(row) for row in surface.error))
    high = max(max(row) for row in surface.error)
    tickvals, ticktext = _colour_bar_ticks(low, high)
    data = [
        dict(type="contour",
            x=surface.w1s, y=surface.w2s, z=logs, colorscale="Viridis", ncontours=24,
            colorbar={"title": {"text": _("error (MSE)")}, "tickvals": tickvals,
                      "ticktext": ticktext},
            # Translators: keep each %{...}: Plotly writes a number there.
            hovertemplate=_("w1 = %{x:.3f}<br>w2 = %{y:.3f}<br>log10 error = %{z:.2f}")
                          + "<extra></extra>",
            name=_("error"),
        )
    ]  # fmt: skip
    w1s, w2s = [p[0] for p in path], [p[1] for p in path]
    data.append(dict(
        type="scatter", x=w1s, y=w2s, mode="lines", name=_("path of (w1, w2)"),
        line={"color": "white", "width": 3},
        hovertemplate="w1 = %{x:.3f}<br>w2 = %{y:.3f}<extra>" + _("path") + "</extra>",
    ))  # fmt: skip
    marks = (  # "now" last and smaller, so it shows on top of "best" once it gets there
        (N_("start"), w1s[0], w2s[0], "circle", "white", 16),
        (N_("best"), best.w1, best.w2, "star", "#facc15", 24),
        (N_("now"), w1s[-1], w2s[-1], "diamond", "#f97316", 13),
    )
    for name, x, y, symbol, color, size in marks:
        data.append(dict(
            type="scatter", x=[x], y=[y], mode="markers", name=_(name),
            marker={"symbol": symbol, "size": size, "color": color,
                    "line": {"width": 1.5, "color": "black"}},
            hovertemplate=_(name) + ": w1 = %{x:.3f}, w2 = %{y:.3f}<extra></extra>",
        ))  # fmt: skip
    return figure_from(data, dict(
        width=560, height=540, font=FONT, margin={"l": 60, "r": 10, "t": 20, "b": 110},
        xaxis={"title": {"text": "w1"}, "tickfont": TICKS},
        yaxis={"title": {"text": "w2"}, "tickfont": TICKS},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    ))  # fmt: skip


def error_map_figure(
    emap: ErrorMap,
    pairs: Sequence[tuple[float, float]],
    right: Sequence[bool],
    top: float | None = None,
) -> go.Figure:
    """|prediction - (a + b)| over the unit square, with the test pairs on top.

    `top` is the colour scale's bright end, the largest error at a test pair: scaled
    to the errors shown, a wrong pair stands out from the right ones (scaled to the
    whole square, both are the same dark colour, and the bright end lies where no
    pair is). A pair the test has twice is one mark, labelled "×2"."""
    heat = dict(type="heatmap",
        x=emap.values, y=emap.values, z=emap.error, colorscale="Viridis",
        colorbar={"title": {"text": _("|error|")}}, name=_("error"),
        # Translators: keep each %{...}: Plotly writes a number there.
        hovertemplate=_("a = %{x:.2f}<br>b = %{y:.2f}<br>|error| = %{z:.3f}") + "<extra></extra>",
    )  # fmt: skip
    if top is not None and top > 0:
        heat.update(zmin=0.0, zmax=top)
    data, annotations = [heat], []
    counted = Counter(zip(pairs, right, strict=True))
    for label, name, want, symbol, color in (
        (N_("right"), N_("test pair, right"), True, "circle", RIGHT),
        (N_("wrong"), N_("test pair, wrong"), False, "x", WRONG),
    ):
        chosen = [p for (p, r) in counted if r is want]
        data.append(dict(
            type="scatter", x=[p[0] for p in chosen], y=[p[1] for p in chosen],
            mode="markers", name=_(name),
            marker={"symbol": symbol, "size": 13, "color": color,
                    "line": {"width": 1.5, "color": "white"}},
            hovertemplate="%{x} + %{y}<extra>" + _(label) + "</extra>",
        ))  # fmt: skip
        annotations += [
            dict(x=p[0], y=p[1], text=f"×{number(n)}", showarrow=False, xshift=22, yshift=14,
                 bgcolor="white", font={"color": "black"}, borderpad=1)
            for (p, r), n in counted.items() if r is want and n > 1
        ]  # fmt: skip
    # the line a + b = 1 is white on the map; its legend entry is grey, which shows on
    # a light page as on a dark one (a white sample would vanish on white)
    data.append(dict(
        type="scatter", x=[0, 1], y=[1, 0], mode="lines", name="a + b = 1",
        line={"dash": "dash", "color": "white", "width": 2}, hoverinfo="skip",
        showlegend=False, legendgroup="sum1",
    ))  # fmt: skip
    data.append(dict(
        type="scatter", x=[None], y=[None], mode="lines", name="a + b = 1",
        line={"dash": "dash", "color": MUTED, "width": 3}, legendgroup="sum1",
    ))  # fmt: skip
    return figure_from(data, dict(
        width=560, height=540, font=FONT, margin={"l": 60, "r": 10, "t": 20, "b": 110},
        xaxis={"title": {"text": _("first number a")}, "range": [-0.03, 1.03], "tickfont": TICKS},
        yaxis={"title": {"text": _("second number b")}, "range": [-0.03, 1.03],
               "tickfont": TICKS},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        annotations=annotations,
    ))  # fmt: skip


def error_curves_figure(runs: Sequence[tuple[str, Sequence[HistoryPoint]]]) -> go.Figure:
    """The error per epoch of several runs on one log axis, one labelled line each."""
    palette = ["#dc2626", "#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04"]
    data = []
    for i, (label, points) in enumerate(runs):
        pts = thin(points, CHART_POINTS)
        data.append(dict(
            type="scatter", x=[p.epoch for p in pts], y=[p.error for p in pts], mode="lines",
            name=label, line={"color": palette[i % len(palette)], "width": 2.5},
            hovertemplate=_("epoch %{x:,}<br>error = %{y:.3g}") + "<extra>" + label + "</extra>",
        ))  # fmt: skip
    return figure_from(data, dict(
        width=700, height=420, font=FONT, margin={"l": 70, "r": 20, "t": 40, "b": 60},
        xaxis={"title": {"text": _("epoch")}, "tickformat": ",d", "tickfont": TICKS},
        yaxis={"title": {"text": _("error (MSE)")}, **LOG_AXIS, "tickfont": TICKS,
               **log_ticks(error_span([p for _label, pts in runs for p in pts]))},
        legend={"orientation": "h", "y": 1.12, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    ))  # fmt: skip
