"""How fast a run goes and how often the page redraws it. Nothing here draws."""

from __future__ import annotations

from typing import NamedTuple

from nnadd.i18n import N_, Translated


class SlowStart(NamedTuple):
    """A pace that starts slowly and then hurries: the first `epochs` epochs at `rate`
    a second, the rest at `then` a second. It counts from epoch 0, so a run paused and
    resumed goes on at the pace of the epoch it is at."""

    epochs: int
    rate: float
    then: float

    def seconds_to(self, epoch: int) -> float:
        """How long the pace takes from epoch 0 to `epoch`."""
        slow = min(epoch, self.epochs) / self.rate
        return slow + max(0, epoch - self.epochs) / self.then

    def epoch_at(self, seconds: float) -> float:
        """The epoch the pace has reached after `seconds` from epoch 0."""
        slow = self.epochs / self.rate
        if seconds <= slow:
            return self.rate * seconds
        return self.epochs + self.then * (seconds - slow)


# How fast "Train" goes: epochs per second, or None for as fast as the machine allows.
# "Watch" spreads the article's 10,000 epochs over about 10 seconds.
# The names are ids (a link writes speed=Watch); SPEED_NAMES gives the words shown.
SPEEDS: dict[str, float | None] = {"Slow": 100.0, "Watch": 1000.0, "Fast": None}
# Translated on lookup: SPEED_NAMES["Watch"] is the current language's word for it.
SPEED_NAMES = Translated({"Slow": N_("Slow"), "Watch": N_("Watch"), "Fast": N_("Fast")})
SPEED_CAPTIONS = Translated(
    {
        "Slow": N_("100 epochs a second: the first moves"),
        "Watch": N_("1,000 epochs a second: a class can follow"),
        "Fast": N_("as fast as the machine allows"),
    }
)
DEFAULT_SPEED = "Watch"
# The lesson's watched run (step 4): with the article's settings the score climbs from
# 2/25 to 21/25 within its first 1,200 epochs, which at "Watch" is over in about a
# second. So its first 1,500 epochs take 6 seconds (the numbers, redrawn twice a
# second, climb 125 epochs at a time), and the rest go at 2,000 a second: the
# article's 10,000 epochs still take about 10 seconds.
LESSON_PACE = SlowStart(epochs=1_500, rate=250.0, then=2_000.0)
REDRAW_SECONDS = 0.15  # the live chart redraws about 6 times a second
DRAW_SHARE = 0.2  # ...unless drawing would take more than a fifth of the time


def epochs_due(
    rate: float | SlowStart | None, elapsed: float, done: int, remaining: int, start: int = 0
) -> int:
    """How many epochs to train now so that `rate` epochs a second have been trained
    since the run (re)started at epoch `start`, never more than `remaining`; a
    SlowStart's pace goes on from the epoch the run restarted at."""
    if rate is None:
        return remaining
    if isinstance(rate, SlowStart):
        wanted = rate.epoch_at(rate.seconds_to(start) + elapsed) - start
    else:
        wanted = rate * elapsed
    return max(0, min(remaining, int(wanted + 1e-9) - done))  # 1e-9: float noise


def tick_seconds(draw_seconds: float) -> float:
    """Time between redraws: REDRAW_SECONDS, or longer when the last draw was slow (a
    busy server with a class on it), so that drawing never takes more than DRAW_SHARE
    of a session's time and the training keeps its pace."""
    return max(REDRAW_SECONDS, draw_seconds / DRAW_SHARE)
