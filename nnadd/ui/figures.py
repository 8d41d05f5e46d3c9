"""The training chart, and the style every figure shares: its colours, dashes, font and
ticks, its text on a projector, and thinning a history to the points a chart can show
(the axes' ticks and ranges are nnadd/ui/chart_axes.py's).

Figures are pure functions from data to plotly Figures; the neuron's diagram and the
figures of what it learnt are in nnadd/ui/neuron_figures.py. Nothing here knows about
the page's layout or its session."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from nnadd import i18n
from nnadd.i18n import N_, _, number
from nnadd.landscape import Best
from nnadd.training import HistoryPoint
from nnadd.ui.chart_axes import LOG_AXIS, error_span, log_ticks, weight_axis, weight_span
from nnadd.ui.streamlit_internals import unchecked_figure

# The training chart's lines: colours of Okabe and Ito's palette, which stay apart for
# viewers with protanopia or deuteranopia, each with a contrast of at least 3:1 on the
# light and on the dark background (WCAG 1.4.11); and each weight has its own dash,
# so that no line is told from another by colour alone. tests/test_colours.py checks
# both, with its own colour-blindness simulation.
COLORS = {"w1": "#0072b2", "w2": "#d55e00", "b": "#009e73", "error": "#cc79a7"}
DASHES = {"w1": "solid", "w2": "dash", "b": "dot", "error": "solid"}
BEST_DASH = "longdashdot"  # the best reachable weights: thin, and unlike any line's dash
# their legend entry says what they are: where training takes the weights in the end
BEST_NAME = N_("best fit: where w1, w2, bias end up")
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


def separators() -> str:
    """Plotly's `separators` in the reader's language: its decimal mark, then its
    thousands mark (".," in English, ",." in German), for ticks and hover numbers."""
    marks = i18n.current().numbers
    return marks.decimal + marks.group


def figure_from(data: list[dict], layout: dict) -> go.Figure:
    """A Figure from plain dicts, without plotly's validation, which would slow every
    live redraw. The tests validate every builder's output. Every figure writes its
    numbers (ticks, hover) with the reader's language's marks."""
    layout.setdefault("template", NO_TEMPLATE)
    layout.setdefault("separators", separators())
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
    state: str | None = None,
) -> go.Figure:
    """Two panels over the epochs: w1, w2 and the bias on top; the mean squared
    error of each epoch below, on a log axis (it falls by orders of magnitude).

    `target_epochs` fixes the x range to the whole run, so the lines grow across the
    chart as it trains instead of the axis rescaling on every redraw. `marked_epoch`
    draws a dotted line at that epoch (the replay); `best` draws the weights the
    activation can reach as thin dash-dot lines; `kept` overlays the error of kept runs;
    `most` caps the points a trace has (LIVE_POINTS during a run). `state` is what the
    chart says before its first whole epoch ("Untrained: press Train" if None).
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
    names = {"w1": "w1", "w2": "w2", "b": _("bias")}
    # Translators: a chart's hover text; keep %{y:.3g} (Plotly writes the number there).
    error_hover = _("error = %{y:.3g}")
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
            name=_("error (MSE)"),
            showlegend=False,  # its panel's axis names it; a phone's legend stays short
            mode=mode,
            line={"color": COLORS["error"], "width": 2.5},
            hovertemplate=error_hover + "<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        )
    )
    for i, (label, kept_points) in enumerate(kept):
        pts = thin(kept_points, most)
        data.append(
            dict(type="scatter",
                x=_epochs([p.epoch for p in pts]), y=_numbers([p.error for p in pts]),
                # Translators: a kept run's legend entry; {run} is its settings
                name=_("kept: {run}").format(run=label),
                mode="lines", line={"color": KEPT_COLORS[i % len(KEPT_COLORS)], "width": 1.8,
                                    "dash": "dot"},
                hovertemplate=error_hover + "<extra>" + label + "</extra>",
                xaxis="x2", yaxis="y2",
            )
        )  # fmt: skip
    last = max(epochs[-1], *(k[-1].epoch for _label, k in kept), 1)
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
        yaxis={"domain": [0.44, 1], "title": {"text": _("weight / bias")}, "zeroline": True,
               "tickfont": TICKS},
        xaxis2={"domain": [0, 1], "anchor": "y2", "title": {"text": _("epoch")},
                "tickformat": ",d", "range": x_range, "tickfont": TICKS},
        # decimals such as 0.002 read better on a projector than 2x10^-3
        yaxis2={"domain": [0, 0.38], **LOG_AXIS, "title": {"text": _("error (MSE)")},
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
            text=state or _("Untrained: press Train"),
            xref="paper", yref="paper", x=0.5, y=0.78, showarrow=False, font={"size": 16},
        ))  # fmt: skip
    if best is not None:
        for key, value in (("w1", best.w1), ("w2", best.w2), ("b", best.b)):
            shapes.append(dict(
                type="line", xref="x domain", yref="y", x0=0, x1=1, y0=value, y1=value,
                line={"dash": BEST_DASH, "width": 1.5, "color": COLORS[key]}, opacity=0.7,
            ))  # fmt: skip
        data.append(dict(
            type="scatter", x=[None], y=[None], mode="lines", name=_(BEST_NAME),
            line={"dash": BEST_DASH, "color": MUTED},
        ))  # fmt: skip
    if marked_epoch is not None:
        shapes.append(dict(
            type="line", xref="x2", yref="paper", x0=marked_epoch, x1=marked_epoch,
            y0=0, y1=1, line={"dash": "dot", "width": 2.5, "color": MUTED},
        ))  # fmt: skip
        annotations.append(dict(
            x=marked_epoch, xref="x2", y=1.0, yref="paper",
            text=_("epoch {epoch}").format(epoch=number(marked_epoch, ",")),
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


def _legend_rows(names: Sequence[str], width: float) -> int:
    """How many rows a horizontal legend of `names` takes in `width` pixels: Plotly
    puts them on one row if they fit, or else in equal columns, as wide as the
    longest entry (14 px text is about 6 px a character; the line sample is 45)."""
    widths = [6 * len(name) + 45 for name in names]
    if sum(widths) <= width:
        return 1
    return math.ceil(len(names) / max(1, int(width // max(widths))))
