"""The training chart, and the style every figure shares: its colours, dashes, font and
ticks, thinning a history to the points a chart can show, and log-axis ticks.

Figures are pure functions from data to plotly Figures; the neuron's diagram and the
figures of what it learnt are in nnadd/ui/neuron_figures.py. Nothing here knows about
the page's layout or its session."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from nnadd.landscape import Best
from nnadd.training import HistoryPoint
from nnadd.ui.streamlit_internals import unchecked_figure
from nnadd.wording import power_of_ten

# The training chart's lines: colours of Okabe and Ito's palette, which stay apart for
# viewers with protanopia or deuteranopia, each with a contrast of at least 3:1 on the
# light and on the dark background (WCAG 1.4.11); and each weight has its own dash,
# so that no line is told from another by colour alone. tests/test_colours.py checks
# both, with its own colour-blindness simulation.
COLORS = {"w1": "#0072b2", "w2": "#d55e00", "b": "#009e73", "error": "#cc79a7"}
DASHES = {"w1": "solid", "w2": "dash", "b": "dot", "error": "solid"}
BEST_DASH = "longdashdot"  # the best reachable weights: thin, and unlike any line's dash
# their legend entry says what they are: where training takes the weights in the end
BEST_NAME = "best fit: where w1, w2, bias end up"
POSITIVE, NEGATIVE = "#2563eb", "#dc2626"  # a weight's sign
RIGHT, WRONG = "#22c55e", "#ef4444"
MUTED = "#6b7280"  # grey that reads on both themes
KEPT_COLORS = ["#0891b2", "#16a34a", "#ca8a04", "#db2777", "#64748b"]
FONT = {"size": 15}
CHART_CONFIG = {"displaylogo": False}  # Plotly's mode bar, without its logo
STATIC_CONFIG = {"displayModeBar": False, "staticPlot": False}  # the neuron's diagram
TICKS = {"size": 14}


# A projected figure's text (the lesson's): at least this many pixels, for the back row
PROJECTED_TEXT = 20
# the themes' text colours (.streamlit/config.toml's light textColor; Streamlit 1.67's
# dark one, as the page draws it): a projected figure's text takes its theme's, not
# Streamlit's mid-grey for charts (tests/e2e/test_back_row.py compares them)
INK = {"light": "#111827", "dark": "#edebe8"}


def projected(figure: go.Figure, height: int | None = None, ink: str | None = None) -> go.Figure:
    """`figure` for the projector: `height` pixels tall (or as it was), every text at
    least PROJECTED_TEXT pixels, and its text in `ink` (the theme's text colour: one of
    INK) except text that has a colour of its own, such as a label inside a node."""
    size = PROJECTED_TEXT
    font = {"size": size} | ({"color": ink} if ink else {})
    figure.update_layout(font=font, legend_font=font)
    if height is not None:
        figure.update_layout(height=height)
    figure.update_xaxes(tickfont=font, title_font=font)
    figure.update_yaxes(tickfont=font, title_font=font)
    for trace in figure.data:
        if trace.type in ("heatmap", "contour"):  # its colour bar
            trace.update(colorbar={"tickfont": font, "title": {"font": font}})
    for note in figure.layout.annotations:
        note.font.size = max(size, note.font.size or 0)
        if ink and note.font.color is None:
            note.font.color = ink
    return figure


def figure_from(data: list[dict], layout: dict) -> go.Figure:
    """A Figure from plain dicts, without plotly's validation, which would slow every
    live redraw. The tests validate every builder's output."""
    layout.setdefault("template", NO_TEMPLATE)
    return unchecked_figure(data, layout)


CHART_POINTS = 600  # about one per pixel column of a projected chart
LIVE_POINTS = 500  # a run's chart: its whole figures stay small, its appended points as far apart
# Plotly's default template would travel inside every figure; Streamlit's own theme
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
            hovertemplate="error = %{y:.3g}<extra></extra>",
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
                hovertemplate="error = %{y:.3g}<extra>" + label + "</extra>",
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
        yaxis={"domain": [0.46, 1], "title": {"text": "weight / bias"}, "zeroline": True,
               "tickfont": TICKS},
        xaxis2={"domain": [0, 1], "anchor": "y2", "title": {"text": "epoch"},
                "tickformat": ",d", "range": x_range, "tickfont": TICKS},
        # decimals such as 0.002 read better on a projector than 2x10^-3
        yaxis2={"domain": [0, 0.36], **LOG_AXIS, "title": {"text": "error (MSE)"},
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
            type="scatter", x=[None], y=[None], mode="lines", name=BEST_NAME,
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
    layout["yaxis"].update(weight_axis(weight_span(points)))
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
    return figure_from(data, dict(layout, shapes=shapes, annotations=annotations))


def weight_span(points: Sequence[HistoryPoint]) -> tuple[float, float] | None:
    """The smallest and largest of w1, w2 and the bias the chart shows, or None."""
    values = [v for p in points for v in (p.w1, p.w2, p.b) if math.isfinite(v)]
    return (min(values), max(values)) if values else None


WEIGHT_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def weight_axis(span: tuple[float, float] | None) -> dict:
    """The weights' axis over `span`, zero included: from a tick at or below the lowest
    line to a tick at or above the highest (Plotly's own range left w1 and w2 near 5
    above its top tick, 4), at most six steps of 1, 2 or 5 times a power of ten."""
    if span is None:
        return {}
    low, high = min(span[0], 0.0), max(span[1], 0.0)
    if high - low > WEIGHT_STEPS[-1] * 6:
        return {}  # weights as large as these: Plotly's own range
    for step in WEIGHT_STEPS:
        bottom, top = step * math.floor(low / step), step * math.ceil(high / step)
        if round((top - bottom) / step) <= 6:
            break
    pad = 0.03 * (top - bottom)  # a line on a tick is not cut by the panel's edge
    return {"range": [bottom - pad, top + pad], "dtick": step, "tick0": 0}


def error_span(
    points: Sequence[HistoryPoint], kept: Sequence[tuple[str, Sequence[HistoryPoint]]] = ()
) -> tuple[float, float] | None:
    """The smallest and largest positive error the training chart shows (its log axis
    can show no others), or None if there are none."""
    errors = [p.error for p in points] + [p.error for _, k in kept for p in k]
    positive = [v for v in errors if v > 0 and math.isfinite(v)]
    return (min(positive), max(positive)) if positive else None


LOG_AXIS = {"type": "log"}
# A log axis labels at most this many ticks in the span of its lines: on a projected
# chart's short error panel, 20 px labels need about 25 px each
MOST_LOG_LABELS = 4
# the ticks of a decade, from dense to sparse: the densest that keeps to the most
LOG_MARKS = ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 5), (1, 3), (1,))


def tick_text(value: float, powers: bool = False) -> str:
    """A log axis's tick as a class writes it: 0.002 while the decimals fit, and a
    power of ten beyond them or on an axis of `powers`, 10⁻⁵ or 2 × 10⁻⁶ (never
    1e-5)."""
    if not powers and 1e-4 <= value < 1e4:
        return f"{value:g}"
    mantissa, exponent = f"{value:.0e}".split("e")
    power = power_of_ten(int(exponent))
    return power if mantissa == "1" else f"{mantissa} × {power}"


def log_ticks(span: tuple[float, float] | None) -> dict:
    """Tick settings for a log axis over `span`: ticks at 1 to 9, or 1, 2 and 5, or
    1 and 3 times each power of ten, or at the powers alone, whichever is the densest
    that labels at most MOST_LOG_LABELS ticks between the lines' lowest and highest
    (a linear neuron's error falls through 30 decades, to 1e-31: there only every n-th
    power is labelled). A span too narrow for any of these (a run's first epochs)
    leaves the ticks to Plotly."""
    if span is None:
        return {}
    low, high = span
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    for marks in LOG_MARKS:
        values = [m * 10.0**p for p in range(first, last + 1) for m in marks]
        inside = sum(low <= v <= high for v in values)
        if inside <= MOST_LOG_LABELS:
            break
    else:
        stride = math.ceil((last - first) / MOST_LOG_LABELS)
        values = [10.0**p for p in range(first, last + 1) if p % stride == 0]
        inside = MOST_LOG_LABELS
    if inside < 2 and marks != LOG_MARKS[-1]:
        return {"tickmode": "auto", "tickformat": "~g"}
    # one form on one axis: powers of ten for all once one label needs them
    shown = [v for v in values if low <= v <= high]
    powers = bool(shown) and (min(shown) < 1e-4 or max(shown) >= 1e4)
    text = [tick_text(v, powers) for v in values]
    return {"tickmode": "array", "tickvals": values, "ticktext": text}


def _legend_rows(names: Sequence[str], width: float) -> int:
    """How many rows a horizontal legend of `names` takes in `width` pixels: Plotly
    puts them on one row if they fit, or else in equal columns, as wide as the
    longest entry (14 px text is about 6 px a character; the line sample is 45)."""
    widths = [6 * len(name) + 45 for name in names]
    if sum(widths) <= width:
        return 1
    return math.ceil(len(names) / max(1, int(width // max(widths))))
