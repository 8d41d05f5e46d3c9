"""Sigmoid against linear: the same seed, data and learning rate, two activations.

Trains both in slices of time and reports progress through a callback, so a page can
draw a progress bar (and stop between slices) without this module knowing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from nnadd.data import Example
from nnadd.evaluate import evaluate
from nnadd.i18n import _, number
from nnadd.perceptron import ACTIVATIONS, activation_word
from nnadd.training import HistoryPoint, Trainer

SLICE_SECONDS = 0.15  # how often the callback hears of progress

Progress = Callable[[str, float, int], None]  # (activation, share done 0..1, epoch)
Step = Callable[[Trainer, int], None]  # train a slice of at most that many epochs


def train_here(run: Trainer, epochs: int) -> None:
    """A slice of training in this process."""
    run.train(epochs, seconds=SLICE_SECONDS)


class ComparedRun(NamedTuple):
    """One run of the comparison, as numbers: remembered for every page (and made in a
    worker), so its words are written when a page reads them, in that page's language."""

    activation: str  # its name, an id: sigmoid or linear
    correct: int
    total: int
    diverged_at: int | None  # the epoch it diverged at; None when it did not
    points: list[HistoryPoint]

    @property
    def score(self) -> str:
        """e.g. "21/25 correct" or "diverged at epoch 3"."""
        if self.diverged_at is not None:
            return _("diverged at epoch {epoch}").format(epoch=number(self.diverged_at, ","))
        return _("{correct}/{total} correct").format(
            correct=number(self.correct), total=number(self.total)
        )

    @property
    def label(self) -> str:
        """e.g. "sigmoid: 21/25 correct"."""
        # Translators: {activation} is sigmoid or linear, {score} e.g. "21/25 correct"
        return _("{activation}: {score}").format(
            activation=activation_word(self.activation), score=self.score
        )


def train_both(
    seed: int,
    learning_rate: float,
    epochs: int,
    data: Sequence[Example] | None = None,
    progress: Progress | None = None,
    step: Step = train_here,
) -> dict[str, Trainer]:
    """One trainer per activation, each trained `epochs` epochs from `seed`, a slice at
    a time by `step` (in this process, or elsewhere: the page uses its worker pool)."""
    runs = {}
    for i, name in enumerate(ACTIVATIONS):
        run = Trainer.from_seed(seed, name, learning_rate, data)
        while run.epoch < epochs and not run.diverged:
            step(run, epochs - run.epoch)
            if progress:
                progress(name, (i + run.epoch / max(epochs, 1)) / len(ACTIVATIONS), run.epoch)
        runs[name] = run
    return runs


def comparison(
    runs: Mapping[str, Trainer], test: Sequence[tuple[float, float]]
) -> list[ComparedRun]:
    """The error curves and scores of runs that differ only in their activation."""
    out = []
    for name, run in runs.items():
        result = evaluate(run.network, test)
        out.append(
            ComparedRun(name, result.correct, result.total, run.diverged_at, run.history.points())
        )
    return out
