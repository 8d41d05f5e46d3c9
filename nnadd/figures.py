"""Figures: pure functions from data to plotly Figures. The only module that
imports plotly; nothing here knows about the page."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from nnadd.training import HistoryPoint

# Colours that read on both a light and a dark background (and for most colour-blind
# viewers): blue and orange for the two weights, purple for the bias, red for error.
COLORS = {"w1": "#2563eb", "w2": "#ea580c", "b": "#9333ea", "error": "#dc2626"}
FONT = {"size": 15}
TICKS = {"size": 14}


CHART_POINTS = 600  # about one per pixel column of a projected chart


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
) -> go.Figure:
    """Two panels over the epochs: w1, w2 and the bias on top; the mean squared
    error of each epoch below, on a log axis (it falls by orders of magnitude).

    `target_epochs` fixes the x range to the whole run, so the lines grow across the
    chart as it trains instead of the axis rescaling on every redraw.
    """
    points = thin(points, CHART_POINTS)
    epochs = [p.epoch for p in points]
    # a few points (untrained, or after some Steps) would be invisible as lines alone
    mode = "lines+markers" if len(points) < 60 else "lines"
    series = {
        "w1": [p.w1 for p in points],
        "w2": [p.w2 for p in points],
        "b": [p.b for p in points],
    }
    names = {"w1": "w1 (first weight)", "w2": "w2 (second weight)", "b": "bias"}
    data = [
        go.Scatter(
            x=epochs,
            y=values,
            name=names[key],
            mode=mode,
            line={"color": COLORS[key], "width": 2.5},
            hovertemplate=f"{key} = %{{y:.6f}}<extra></extra>",
            xaxis="x",
            yaxis="y",
        )
        for key, values in series.items()
    ]
    data.append(
        go.Scatter(
            x=epochs,
            y=[p.error for p in points],
            name="error (mean squared)",
            mode=mode,
            line={"color": COLORS["error"], "width": 2.5},
            hovertemplate="error = %{y:.6e}<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        )
    )
    last = max(epochs[-1], 1)
    x_range = [-0.01 * last, max(target_epochs or 0, last)]
    layout = go.Layout(
        # Streamlit keeps a chart with no width hidden until it has measured its
        # column: a blank frame on every live redraw. Any width here is replaced by
        # the column's own at once, and the chart never flashes.
        width=800,
        height=520,
        margin={"l": 70, "r": 20, "t": 40, "b": 60},
        font=FONT,
        hovermode="x unified",
        legend={"orientation": "h", "y": 1.1, "x": 0, "font": {"size": 14}},
        # the epoch axis of the upper panel is shared with the lower one
        xaxis={"domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False,
               "range": x_range},
        yaxis={"domain": [0.5, 1], "title": {"text": "weight / bias"}, "zeroline": True,
               "tickfont": TICKS},
        xaxis2={"domain": [0, 1], "anchor": "y2", "title": {"text": "epoch"},
                "tickformat": ",d", "range": x_range, "tickfont": TICKS},
        # decimals such as 0.002 read better on a projector than 2x10^-3
        yaxis2={"domain": [0, 0.4], "type": "log", "title": {"text": "error (MSE)"},
                "dtick": "D2", "tickformat": "~g", "tickfont": TICKS},
        uirevision="training",  # keep the user's zoom across live redraws
        # transparent, so that the page's own background (light or dark) shows
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )  # fmt: skip
    fig = go.Figure(data=data, layout=layout)
    if len(points) == 1:
        fig.add_annotation(
            text="Untrained: press Train, or Step for one epoch",
            xref="paper", yref="paper", x=0.5, y=0.78, showarrow=False, font={"size": 17},
        )  # fmt: skip
    if marked_epoch is not None:
        fig.add_vline(x=marked_epoch, line={"dash": "dot", "width": 2, "color": "#6b7280"})
    return fig
