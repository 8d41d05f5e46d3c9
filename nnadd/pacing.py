"""How fast a run goes and how often the page redraws it. Nothing here draws."""

from __future__ import annotations

# How fast "Train" goes: epochs per second, or None for as fast as the machine allows.
# "Watch" spreads the article's 10,000 epochs over about 10 seconds.
SPEEDS: dict[str, float | None] = {"Slow": 100.0, "Watch": 1000.0, "Fast": None}
SPEED_CAPTIONS = {
    "Slow": "100 epochs a second: the first moves",
    "Watch": "1,000 epochs a second: a class can follow",
    "Fast": "as fast as the machine allows",
}
DEFAULT_SPEED = "Watch"
REDRAW_SECONDS = 0.15  # the live chart redraws about 6 times a second
DRAW_SHARE = 0.2  # ...unless drawing would take more than a fifth of the time


def epochs_due(rate: float | None, elapsed: float, done: int, remaining: int) -> int:
    """How many epochs to train now so that `rate` epochs a second have been trained
    since the run (re)started, never more than `remaining`."""
    if rate is None:
        return remaining
    return max(0, min(remaining, int(rate * elapsed) - done))


def tick_seconds(draw_seconds: float) -> float:
    """Time between redraws: REDRAW_SECONDS, or longer when the last draw was slow (a
    busy server with a class on it), so that drawing never takes more than DRAW_SHARE
    of a session's time and the training keeps its pace."""
    return max(REDRAW_SECONDS, draw_seconds / DRAW_SHARE)
