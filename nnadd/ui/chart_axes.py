"""The charts' axes: the ticks of a log axis, written as a class writes them (0.003,
10⁻⁵), and the range of the weights' axis, from a tick below its lowest line to one
above its highest. Pure functions of what the chart shows; the training chart
(nnadd/ui/figures.py) and the live chart's updates (nnadd/ui/live_chart.py) share them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from nnadd.i18n import number
from nnadd.training import HistoryPoint
from nnadd.wording import power_of_ten


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
        return number(value, "g")
    mantissa, exponent = f"{value:.0e}".split("e")
    power = power_of_ten(int(exponent))
    return power if mantissa == "1" else f"{number(int(mantissa))} × {power}"


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
