"""The error as a function of the weights, and of the inputs: the numbers behind the
loss landscape and the error map. Pure Python, no plotting."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from nnadd.data import Example
from nnadd.i18n import _, number
from nnadd.ondemand import Runner, on_demand
from nnadd.perceptron import ACTIVATIONS, Perceptron
from nnadd.training import Trainer

REFERENCE_EPOCHS = 100_000
# The reference run's work is bounded in updates, not epochs: 100,000 epochs of the
# article's 28 pairs, fewer epochs for a larger data set.
REFERENCE_UPDATES = REFERENCE_EPOCHS * 28
REFERENCE_SEED = 42
REFERENCE_LEARNING_RATE = 0.1


def linspace(low: float, high: float, n: int) -> list[float]:
    if n == 1:
        return [low]
    step = (high - low) / (n - 1)
    return [low + i * step for i in range(n)]


class Surface(NamedTuple):
    """error[i][j] is the training error at w1 = w1s[j], w2 = w2s[i] (rows go up w2)."""

    w1s: list[float]
    w2s: list[float]
    b: float
    error: list[list[float]]


def error_surface(
    activation: str,
    b: float,
    data: Sequence[Example],
    w1_range: tuple[float, float],
    w2_range: tuple[float, float],
    n: int = 60,
    run: Runner | None = None,
) -> Surface:
    """Mean squared error over the training pairs for each (w1, w2) of an n x n grid,
    with the bias held at b: (1/N) * sum (target - f(w1*x1 + w2*x2 + b))^2.

    Remembered for the last few calls: a page redraws the same surface on every rerun
    that does not move the network. Computed by `run` (here by default)."""
    rows = tuple((float(x1), float(x2), float(t)) for x1, x2, t in data)
    return _error_surface(activation, b, rows, tuple(w1_range), tuple(w2_range), n, run=run)


def _surface_cost(
    activation: str,
    b: float,
    data: tuple[tuple[float, float, float], ...],
    w1_range: tuple[float, float],
    w2_range: tuple[float, float],
    n: int,
) -> int:
    """n x n x pairs errors, each a little cheaper than a training update."""
    return n * n * len(data)


@on_demand(cost=_surface_cost, maxsize=32)
def _error_surface(
    activation: str,
    b: float,
    data: tuple[tuple[float, float, float], ...],
    w1_range: tuple[float, float],
    w2_range: tuple[float, float],
    n: int,
) -> Surface:
    f = ACTIVATIONS[activation].function
    w1s = linspace(*w1_range, n)
    w2s = linspace(*w2_range, n)
    rows = [(x1, x2, t) for x1, x2, t in data]
    count = len(rows)
    error = []
    for w2 in w2s:
        # the part of each pair's sum that does not change along the row
        partial = [(x1, w2 * x2 + b, t) for x1, x2, t in rows]
        line = []
        for w1 in w1s:
            total = 0.0
            for x1, rest, t in partial:
                e = t - f(w1 * x1 + rest)
                total += e * e
            line.append(total / count)
        error.append(line)
    return Surface(w1s, w2s, b, error)


def landscape_ranges(
    path: Sequence[tuple[float, float]], best: tuple[float, float], margin: float = 0.15
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square-ish window around the weights' path and the best weights."""
    w1s = [p[0] for p in path] + [best[0]]
    w2s = [p[1] for p in path] + [best[1]]
    lo1, hi1, lo2, hi2 = min(w1s), max(w1s), min(w2s), max(w2s)
    pad = margin * max(hi1 - lo1, hi2 - lo2, 1.0)
    return (lo1 - pad, hi1 + pad), (lo2 - pad, hi2 + pad)


class ErrorMap(NamedTuple):
    """error[i][j] = |prediction - (a + b)| at a = values[j], b = values[i]."""

    values: list[float]
    error: list[list[float]]


def error_map(network: Perceptron, n: int = 51) -> ErrorMap:
    values = linspace(0.0, 1.0, n)
    error = [[abs(network.predict(a, b) - (a + b)) for a in values] for b in values]
    return ErrorMap(values, error)


class Best(NamedTuple):
    w1: float
    w2: float
    b: float
    how: str  # where these weights come from, in words (made by best_weights, in the
    # language of the page that asks: a remembered reference run holds numbers only)


class _Reference(NamedTuple):
    """A reference run's end, as numbers: shared by every page whatever its language."""

    w1: float
    w2: float
    b: float
    epochs: int
    diverged_at: int | None


def best_weights(activation: str, data: Sequence[Example], run: Runner | None = None) -> Best:
    """The weights this activation can reach on this data.

    Linear: exact addition, w1 = w2 = 1 and b = 0, when the targets are the sums.
    Otherwise, and for the sigmoid, the end of a long reference run, computed once
    (by `run`, here by default) however many ask for it at once.
    """
    rows = tuple(Example(*row) for row in data)
    if activation == "linear" and all(math.isclose(t, x1 + x2) for x1, x2, t in rows):
        return Best(1.0, 1.0, 0.0, _("exact addition: w1 = w2 = 1, b = 0"))
    ref = _reference_run(activation, rows, run=run)
    if ref.diverged_at is None:
        how = _("the end of a {epochs}-epoch run (seed {seed}, learning rate {lr})")
    else:
        how = _(
            "the end of a {epochs}-epoch run (seed {seed}, learning rate {lr}), which "
            "diverged at epoch {diverged}"
        )
    how = how.format(
        epochs=number(ref.epochs, ","),
        seed=number(REFERENCE_SEED),
        lr=number(REFERENCE_LEARNING_RATE),
        diverged=number(ref.diverged_at or 0, ","),
    )
    return Best(ref.w1, ref.w2, ref.b, how)


def reference_epochs(pairs: int) -> int:
    """How long the reference run trains on `pairs` training pairs: 100,000 epochs of
    the article's 28, and no more than REFERENCE_UPDATES updates for more pairs."""
    return max(1, min(REFERENCE_EPOCHS, REFERENCE_UPDATES // max(1, pairs)))


@on_demand(cost=lambda activation, data: reference_epochs(len(data)) * len(data), maxsize=16)
def _reference_run(activation: str, data: tuple[Example, ...]) -> _Reference:
    epochs = reference_epochs(len(data))
    trainer = Trainer.from_seed(REFERENCE_SEED, activation, REFERENCE_LEARNING_RATE, data)
    trainer.train(epochs)
    net = trainer.network
    return _Reference(net.w1, net.w2, net.b, epochs, trainer.diverged_at)
