"""Train a network, then ask it to add two numbers.

The command line's `add` is these two steps; the page can use them too. Nothing here
prints or draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from nnadd.data import Example
from nnadd.ondemand import Runner, on_demand
from nnadd.perceptron import DEFAULT_ACTIVATION, Perceptron
from nnadd.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_SEED,
    Trainer,
)


class Answer(NamedTuple):
    """What the network says a + b is, beside what it really is."""

    a: float
    b: float
    prediction: float
    true_sum: float


def trained(
    seed: int = DEFAULT_SEED,
    activation: str = DEFAULT_ACTIVATION,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    epochs: int = DEFAULT_EPOCHS,
    data: Sequence[Example] | None = None,
) -> Trainer:
    """A trainer that started from `seed`'s random weights and has trained `epochs`
    epochs on `data` (the article's 28 pairs when None). If the weights blew up on
    the way, `trainer.diverged` says so and the network is the last good one.
    Bad settings raise training.SettingsError."""
    trainer = Trainer.from_seed(seed, activation, learning_rate, data)
    trainer.train(epochs)
    return trainer


def answer(network: Perceptron, a: float, b: float) -> Answer:
    return Answer(a, b, network.predict(a, b), a + b)


# The page trains the "after training" answer on demand, when it opens: at most this
# many updates (epochs x pairs), in one of the server's worker processes
# (nnadd/ui/offload.py), so that a link never stalls a page for long.
MAX_ON_DEMAND_UPDATES = 2_800_000


def affordable(epochs: int, pairs: int) -> bool:
    """Whether training `epochs` epochs of `pairs` pairs fits MAX_ON_DEMAND_UPDATES."""
    return epochs * pairs <= MAX_ON_DEMAND_UPDATES


def trained_network(
    start: Perceptron,
    learning_rate: float,
    epochs: int,
    data: Sequence[Example],
    run: Runner | None = None,
) -> Perceptron:
    """The network `start` becomes after `epochs` epochs on `data` (the last good one,
    should it diverge). Remembered: the page asks again on every rerun. Computed by
    `run` (here by default; see nnadd.ondemand)."""
    weights = (start.w1, start.w2, start.b)
    rows = tuple(Example(*row) for row in data)
    return _trained_network(weights, start.activation, learning_rate, epochs, rows, run=run).copy()


@on_demand(cost=lambda weights, activation, rate, epochs, data: epochs * len(data), maxsize=64)
def _trained_network(
    weights: tuple[float, float, float],
    activation: str,
    learning_rate: float,
    epochs: int,
    data: tuple[Example, ...],
) -> Perceptron:
    trainer = Trainer(Perceptron(*weights, activation), data, learning_rate)
    trainer.train(epochs)
    return trainer.network
