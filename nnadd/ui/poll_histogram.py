"""The class poll's histogram: the class's guesses as bars against the true value, and
its words for a screen reader (histogram_alt), in the page's language and its numbers.
nnadd/ui/poll_parts.py shows it on the teacher's reveal."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from nnadd import i18n
from nnadd import poll_rules as rules
from nnadd.i18n import _, ngettext
from nnadd.ui.figures import FONT, MUTED, NO_TEMPLATE, TICKS
from nnadd.ui.streamlit_internals import unchecked_figure

HISTOGRAM_HEIGHT = 420
BARS, TRUTH = "#2563eb", "#dc2626"  # read on light and dark backgrounds alike


def number(value: float, decimals: int) -> str:
    """A poll's number in the page's language, never "-0.0000" (rules.shown)."""
    return rules.shown(value, decimals)


def how_many(n: int) -> str:
    """A count of students or answers in the page's language (10,000; 10.000)."""
    return i18n.number(n, ",")


# ---------------------------------------------------------------- the figure


def histogram_figure(bins: Sequence[rules.Bin], truth: float, decimals: int) -> go.Figure:
    """The class's guesses as bars, one per bin, and the true value as a red line."""
    top = max((b.count for b in bins), default=0)
    data = [
        {
            "type": "bar", "name": _("guesses"),
            "x": [(b.low + b.high) / 2 for b in bins], "y": [b.count for b in bins],
            "width": [(b.high - b.low) * 0.92 for b in bins],
            "marker": {"color": BARS},
            # each bar's hover, counted in words: "1 guess", "2 guesses"
            "customdata": [
                ngettext("{n} guess", "{n} guesses", b.count).format(n=how_many(b.count))
                for b in bins
            ],
            "hovertemplate": "%{customdata}<extra></extra>",
        },
        {
            "type": "scatter", "mode": "lines",
            "name": _("true value {value}").format(value=number(truth, decimals)),
            "x": [truth, truth], "y": [0, max(1, top) * 1.08],
            "line": {"color": TRUTH, "width": 4, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]  # fmt: skip
    layout = {
        "template": NO_TEMPLATE,
        # the ticks' decimal mark, then thousands mark (as language.plotly_separators)
        "separators": i18n.current().numbers.decimal + i18n.current().numbers.group,
        "height": HISTOGRAM_HEIGHT,
        "font": {**FONT, "size": 18},
        "margin": {"l": 70, "r": 20, "t": 50, "b": 70},
        "bargap": 0.05,
        "showlegend": True,
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "font": {"size": 18}},
        "xaxis": {"title": {"text": _("guess")}, "tickfont": {**TICKS, "size": 17}},
        "yaxis": {
            "title": {"text": _("students")},
            "rangemode": "tozero",
            "tickformat": "d",
            "dtick": max(1, math.ceil(top / 6)),  # whole students only
            "tickfont": {**TICKS, "size": 17},
            "gridcolor": MUTED,
        },
    }
    return unchecked_figure(data, layout)


def histogram_alt(summary: rules.Summary, bins: Sequence[rules.Bin], decimals: int) -> str:
    truth = number(summary.truth, decimals)
    if not summary.count:
        return _("Nobody answered. The true value is {truth}.").format(truth=truth)
    counted = _("; ").join(
        # Translators: one bar of the histogram: its range of guesses, and how many
        _("{low} to {high}: {count}").format(
            low=number(b.low, decimals), high=number(b.high, decimals), count=how_many(b.count)
        )
        for b in bins
        if b.count
    )
    # Translators: {ranges} lists the histogram's bars, e.g. "0.6 to 0.7: 4; 0.7 to 0.8: 1"
    return ngettext(
        "The class's {count} guess against the true value, {truth}: {within} within "
        "{close}. Guesses per range: {ranges}.",
        "The class's {count} guesses against the true value, {truth}: {within} within "
        "{close}. Guesses per range: {ranges}.",
        summary.count,
    ).format(
        count=how_many(summary.count), truth=truth, within=how_many(summary.within),
        close=i18n.number(rules.CLOSE, "g"), ranges=counted,
    )  # fmt: skip
