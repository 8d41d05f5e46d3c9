"""Figures: pure functions from data to plotly Figures. Nothing here knows about the
page's layout or its session."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from nnadd.landscape import Best, ErrorMap, Surface
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint
from nnadd.ui.streamlit_internals import unchecked_figure

# The training chart's lines: colours of Okabe and Ito's palette, which stay apart for
# viewers with protanopia or deuteranopia, each with a contrast of at least 3:1 on the
# light and on the dark background (WCAG 1.4.11); and each weight has its own dash,
# so that no line is told from another by colour alone. tests/test_colours.py checks
# both, with its own colour-blindness simulation.
COLORS = {"w1": "#0072b2", "w2": "#d55e00", "b": "#009e73", "error": "#cc79a7"}
DASHES = {"w1": "solid", "w2": "dash", "b": "dot", "error": "solid"}
BEST_DASH = "longdashdot"  # the best reachable weights: thin, and unlike any line's dash
POSITIVE, NEGATIVE = "#2563eb", "#dc2626"  # a weight's sign
RIGHT, WRONG = "#22c55e", "#ef4444"
MUTED = "#6b7280"  # grey that reads on both themes
KEPT_COLORS = ["#0891b2", "#16a34a", "#ca8a04", "#db2777", "#64748b"]
FONT = {"size": 15}
CHART_CONFIG = {"displaylogo": False}  # Plotly's mode bar, without its logo
STATIC_CONFIG = {"displayModeBar": False, "staticPlot": False}  # the neuron's diagram
TICKS = {"size": 14}


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """A Figure from plain dicts, without plotly's validation, which costs 10 to 30 ms a
    figure: too much for a live redraw. The tests validate every builder's output."""
    layout.setdefault("template", NO_TEMPLATE)
    return unchecked_figure(data, layout)


CHART_POINTS = 600  # about one per pixel column of a projected chart
LIVE_POINTS = 500  # during a run: a redraw is sent whole, several times a second
# Plotly's default template is about 7 KB of every figure; Streamlit's own theme
# styles the chart in the browser, so the figures carry an empty one instead.
NO_TEMPLATE = {"data": {}, "layout": {}}


def _numbers(values: Sequence[float]) -> np.ndarray:
    """Values as a float32 array, which Plotly sends as base64 (`bdata`): 4 bytes a
    number instead of about 18 characters of decimal text, and quicker to write. Seven
    significant digits is more than a chart or its hover shows."""
    return np.asarray(values, dtype=np.float32)


def _epochs(values: Sequence[int]) -> np.ndarray:
    return np.asarray(values, dtype=np.int32)  # at most 10,000,000 epochs


def thin(points: Sequence[HistoryPoint], most: int) -> list[HistoryPoint]:
    """At most `most` points, evenly spread over the list, first and last kept."""
    n = len(points)
    if n <= most:
        return list(points)
    step = (n - 1) / (most - 1)
    return [points[round(i * step)] for i in range(most)]


def training_figure(
    points: Sequence[HistoryPoint],
    target_epochs: int | None = None,
    marked_epoch: int | None = None,
    best: Best | None = None,
    kept: Sequence[tuple[str, Sequence[HistoryPoint]]] = (),
    most: int = CHART_POINTS,
) -> go.Figure:
    """Two panels over the epochs: w1, w2 and the bias on top; the mean squared
    error of each epoch below, on a log axis (it falls by orders of magnitude).

    `target_epochs` fixes the x range to the whole run, so the lines grow across the
    chart as it trains instead of the axis rescaling on every redraw. `marked_epoch`
    draws a dotted line at that epoch (the replay); `best` draws the weights the
    activation can reach as thin dash-dot lines; `kept` overlays the error of kept runs;
    `most` caps the points a trace has (LIVE_POINTS during a run).
    """
    points = thin(points, most)
    epochs = [p.epoch for p in points]
    x = _epochs(epochs)
    # a few points (untrained, or after some Steps) would be invisible as lines alone
    mode = "lines+markers" if len(points) < 60 else "lines"
    series = {
        "w1": [p.w1 for p in points],
        "w2": [p.w2 for p in points],
        "b": [p.b for p in points],
    }
    names = {"w1": "w1", "w2": "w2", "b": "bias"}
    data = [
        dict(
            type="scatter",
            x=x,
            y=_numbers(values),
            name=names[key],
            mode=mode,
            line={"color": COLORS[key], "width": 2.5, "dash": DASHES[key]},
            hovertemplate=f"{key} = %{{y:.6f}}<extra></extra>",
            xaxis="x",
            yaxis="y",
        )
        for key, values in series.items()
    ]
    data.append(
        dict(
            type="scatter",
            x=x,
            y=_numbers([p.error for p in points]),
            name="error (MSE)",
            showlegend=False,  # its panel's axis names it; a phone's legend stays short
            mode=mode,
            line={"color": COLORS["error"], "width": 2.5},
            hovertemplate="error = %{y:.6e}<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        )
    )
    for i, (label, kept_points) in enumerate(kept):
        pts = thin(kept_points, most)
        data.append(
            dict(type="scatter",
                x=_epochs([p.epoch for p in pts]), y=_numbers([p.error for p in pts]),
                name=f"kept: {label}",
                mode="lines", line={"color": KEPT_COLORS[i % len(KEPT_COLORS)], "width": 1.8,
                                    "dash": "dot"},
                hovertemplate="error = %{y:.6e}<extra>" + label + "</extra>",
                xaxis="x2", yaxis="y2",
            )
        )  # fmt: skip
    last = max(epochs[-1], *(k[-1].epoch for _, k in kept), 1)
    x_range = [-0.01 * last, max(target_epochs or 0, last)]
    layout = dict(
        # Streamlit keeps a chart with no width hidden until it has measured its
        # column: a blank frame on every live redraw. Any width here is replaced by
        # the column's own at once, and the chart never flashes.
        width=800,
        height=520,
        margin={"l": 70, "r": 20, "t": 40, "b": 60},
        font=FONT,
        hovermode="x unified",
        # short line samples: on a phone the four entries fit in one or two rows
        legend={"orientation": "h", "y": 1.1, "x": 0, "font": {"size": 14}, "itemwidth": 30},
        # the epoch axis of the upper panel is shared with the lower one
        xaxis={"domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False,
               "range": x_range},
        yaxis={"domain": [0.5, 1], "title": {"text": "weight / bias"}, "zeroline": True,
               "tickfont": TICKS},
        xaxis2={"domain": [0, 1], "anchor": "y2", "title": {"text": "epoch"},
                "tickformat": ",d", "range": x_range, "tickfont": TICKS},
        # decimals such as 0.002 read better on a projector than 2x10^-3
        yaxis2={"domain": [0, 0.4], "type": "log", "title": {"text": "error (MSE)"},
                "tickfont": TICKS},
        uirevision="training",  # keep the user's zoom across live redraws
        template=NO_TEMPLATE,
        # transparent, so that the page's own background (light or dark) shows
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )  # fmt: skip
    shapes, annotations = [], []
    if len(points) == 1:
        annotations.append(dict(
            text="Untrained: press Train",
            xref="paper", yref="paper", x=0.5, y=0.78, showarrow=False, font={"size": 16},
        ))  # fmt: skip
    if best is not None:
        for key, value in (("w1", best.w1), ("w2", best.w2), ("b", best.b)):
            shapes.append(dict(
                type="line", xref="x domain", yref="y", x0=0, x1=1, y0=value, y1=value,
                line={"dash": BEST_DASH, "width": 1.5, "color": COLORS[key]}, opacity=0.7,
            ))  # fmt: skip
        data.append(dict(
            type="scatter", x=[None], y=[None], mode="lines", name="best fit",
            line={"dash": BEST_DASH, "color": MUTED},
        ))  # fmt: skip
    if marked_epoch is not None:
        shapes.append(dict(
            type="line", xref="x2", yref="paper", x0=marked_epoch, x1=marked_epoch,
            y0=0, y1=1, line={"dash": "dot", "width": 2.5, "color": MUTED},
        ))  # fmt: skip
        annotations.append(dict(
            x=marked_epoch, xref="x2", y=1.0, yref="paper", text=f"epoch {marked_epoch:,}",
            showarrow=False, yanchor="bottom", font={"size": 14},
        ))  # fmt: skip
    layout["yaxis2"].update(log_ticks(error_span(points, kept)))
    # the legend sits above the panels and grows upwards, each row into a taller
    # top margin, so kept runs never cover the lines (nor the replay's epoch label)
    rows = _legend_rows([d["name"] for d in data if d.get("showlegend", True)], 760)
    extra = 24 * (rows - 1)
    margin = dict(layout["margin"], t=layout["margin"]["t"] + 20 + extra)
    height = layout["height"] + extra
    panels = height - margin["t"] - margin["b"]  # pixels; paper y is a fraction of it
    layout.update(
        height=height,
        margin=margin,
        legend=dict(layout["legend"], y=1.0 + 26 / panels, yanchor="bottom"),
    )
    return _figure(data, dict(layout, shapes=shapes, annotations=annotations))


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
            dict(x=0.34, y=label_y, text=f"{weight} = {w:.3f}", showarrow=False, font={"size": 16})
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
        hovertext=[f"input x1 = {x1:.6g}", f"input x2 = {x2:.6g}",
                   f"z = {z:.6g}<br>output = {out:.6g}<br>bias = {network.b:.6g}"],
        hoverinfo="text", showlegend=False,
    ))  # fmt: skip
    inside = ((0.0, 0.82, f"x1<br>{x1:.3f}"), (0.0, 0.18, f"x2<br>{x2:.3f}"))
    for x, y, text in (*inside, (node[0], node[1], f"z<br>{z:.3f}")):
        annotations.append(
            dict(x=x, y=y, text=text, showarrow=False, font={"size": 15, "color": "white"})
        )
    annotations += [
        dict(x=node[0], y=node[1] - 0.22, text=f"bias = {network.b:.3f}", showarrow=False,
             font={"size": 16}),
        dict(x=0.98, y=node[1] + 0.12, text=f"{network.activation}(z)", showarrow=False,
             font={"size": 15}),
        dict(x=0.98, y=node[1] - 0.12, text=f"<b>{out:.3f}</b>", showarrow=False,
             font={"size": 20}),
    ]  # fmt: skip
    return _figure(data, dict(
        width=480, height=340, margin={"l": 5, "r": 5, "t": 5, "b": 5}, font=FONT,
        xaxis={"visible": False, "range": [-0.12, 1.14], "fixedrange": True},
        yaxis={"visible": False, "range": [0.04, 0.96], "fixedrange": True},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        annotations=annotations,
    ))  # fmt: skip


def _log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at 1, 2 and 5 times each power of ten between low and high."""
    values, labels = [], []
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for m in (1, 2, 5):
            v = m * 10.0**power
            if low <= v <= high:
                values.append(math.log10(v))
                labels.append(f"{v:g}")
    return values, labels


def error_span(
    points: Sequence[HistoryPoint], kept: Sequence[tuple[str, Sequence[HistoryPoint]]] = ()
) -> tuple[float, float] | None:
    """The smallest and largest positive error the training chart shows (its log axis
    can show no others), or None if there are none."""
    errors = [p.error for p in points] + [p.error for _, k in kept for p in k]
    positive = [v for v in errors if v > 0 and math.isfinite(v)]
    return (min(positive), max(positive)) if positive else None


def log_ticks(span: tuple[float, float] | None) -> dict:
    """Tick settings for a log axis over `span`. Over a few decades, ticks at 1, 2
    and 5 read as plain decimals; a linear neuron's error falls through 30 decades to
    1e-31, where that would print hundreds of labels, so there only every n-th power
    of ten is labelled, as 1e-12."""
    decades = math.log10(span[1] / span[0]) if span else 0.0
    if decades <= 4:
        return {"dtick": "D2", "tickformat": "~g"}
    return {"dtick": max(1, math.ceil(decades / 6)), "tickformat": "~e" if decades > 8 else "~g"}


def _legend_rows(names: Sequence[str], width: float) -> int:
    """How many rows a horizontal legend of `names` takes in `width` pixels: Plotly
    puts them on one row if they fit, or else in equal columns, as wide as the
    longest entry (14 px text is about 6 px a character; the line sample is 45)."""
    widths = [6 * len(name) + 45 for name in names]
    if sum(widths) <= width:
        return 1
    return math.ceil(len(names) / max(1, int(width // max(widths))))


def landscape_figure(
    surface: Surface, path: Sequence[tuple[float, float]], best: Best
) -> go.Figure:
    """Contours of the training error over (w1, w2) at the surface's bias, on a log
    colour scale, with the path the weights took, its start and end, and the best."""
    floor = 1e-12  # the exact-addition valley of the linear neuron reaches 0
    logs = [[math.log10(max(e, floor)) for e in row] for row in surface.error]
    low = max(floor, min(min(row) for row in surface.error))
    high = max(max(row) for row in surface.error)
    tickvals, ticktext = _log_ticks(low, high)
    data = [
        dict(type="contour",
            x=surface.w1s, y=surface.w2s, z=logs, colorscale="Viridis", ncontours=24,
            colorbar={"title": {"text": "error (MSE)"}, "tickvals": tickvals,
                      "ticktext": ticktext},
            hovertemplate="w1 = %{x:.3f}<br>w2 = %{y:.3f}<br>log10 error = %{z:.2f}"
                          "<extra></extra>",
            name="error",
        )
    ]  # fmt: skip
    w1s, w2s = [p[0] for p in path], [p[1] for p in path]
    data.append(dict(
        type="scatter", x=w1s, y=w2s, mode="lines", name="path of (w1, w2)",
        line={"color": "white", "width": 3},
        hovertemplate="w1 = %{x:.3f}<br>w2 = %{y:.3f}<extra>path</extra>",
    ))  # fmt: skip
    marks = (  # "now" last and smaller, so it shows on top of "best" once it gets there
        ("start", w1s[0], w2s[0], "circle", "white", 16),
        ("best", best.w1, best.w2, "star", "#facc15", 24),
        ("now", w1s[-1], w2s[-1], "diamond", "#f97316", 13),
    )
    for name, x, y, symbol, color, size in marks:
        data.append(dict(
            type="scatter", x=[x], y=[y], mode="markers", name=name,
            marker={"symbol": symbol, "size": size, "color": color,
                    "line": {"width": 1.5, "color": "black"}},
            hovertemplate=f"{name}: w1 = %{{x:.3f}}, w2 = %{{y:.3f}}<extra></extra>",
        ))  # fmt: skip
    return _figure(data, dict(
        width=560, height=540, font=FONT, margin={"l": 60, "r": 10, "t": 20, "b": 110},
        xaxis={"title": {"text": "w1"}, "tickfont": TICKS},
        yaxis={"title": {"text": "w2"}, "tickfont": TICKS},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    ))  # fmt: skip


def error_map_figure(
    emap: ErrorMap, pairs: Sequence[tuple[float, float]], right: Sequence[bool]
) -> go.Figure:
    """|prediction - (a + b)| over the unit square, with the test pairs on top."""
    data = [
        dict(type="heatmap",
            x=emap.values, y=emap.values, z=emap.error, colorscale="Viridis",
            colorbar={"title": {"text": "|error|"}}, name="error",
            hovertemplate="a = %{x:.2f}<br>b = %{y:.2f}<br>|error| = %{z:.3f}<extra></extra>",
        )
    ]  # fmt: skip
    for label, want, symbol, color in (
        ("right", True, "circle", RIGHT),
        ("wrong", False, "x", WRONG),
    ):
        chosen = [p for p, r in zip(pairs, right, strict=True) if r is want]
        data.append(dict(
            type="scatter", x=[p[0] for p in chosen], y=[p[1] for p in chosen],
            mode="markers", name=f"test pair, {label}",
            marker={"symbol": symbol, "size": 13, "color": color,
                    "line": {"width": 1.5, "color": "white"}},
            hovertemplate="%{x} + %{y}<extra>" + label + "</extra>",
        ))  # fmt: skip
    data.append(dict(
        type="scatter", x=[0, 1], y=[1, 0], mode="lines", name="a + b = 1",
        line={"dash": "dash", "color": "white", "width": 2}, hoverinfo="skip",
    ))  # fmt: skip
    return _figure(data, dict(
        width=560, height=540, font=FONT, margin={"l": 60, "r": 10, "t": 20, "b": 110},
        xaxis={"title": {"text": "first number a"}, "range": [-0.03, 1.03], "tickfont": TICKS},
        yaxis={"title": {"text": "second number b"}, "range": [-0.03, 1.03],
               "tickfont": TICKS},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
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
            hovertemplate="epoch %{x:,}<br>error = %{y:.4e}<extra>" + label + "</extra>",
        ))  # fmt: skip
    return _figure(data, dict(
        width=700, height=420, font=FONT, margin={"l": 70, "r": 20, "t": 40, "b": 60},
        xaxis={"title": {"text": "epoch"}, "tickformat": ",d", "tickfont": TICKS},
        yaxis={"title": {"text": "error (MSE)"}, "type": "log", "tickfont": TICKS,
               **log_ticks(error_span([p for _, pts in runs for p in pts]))},
        legend={"orientation": "h", "y": 1.12, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    ))  # fmt: skip
