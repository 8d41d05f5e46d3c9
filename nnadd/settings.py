"""A run's settings: what reproduces it, their defaults and bounds, and the network
they start from."""

from __future__ import annotations

from dataclasses import dataclass

from nnadd.data import Example, article_data
from nnadd.pacing import DEFAULT_SPEED
from nnadd.perceptron import DEFAULT_ACTIVATION, Perceptron
from nnadd.training import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_SEED, MAX_RUN_EPOCHS

# The page's own widget bounds, so that a link can't ask for what a widget can't show.
MIN_LEARNING_RATE, MAX_LEARNING_RATE = 0.0001, 1000.0
MAX_SEED = 2**53 - 1  # the largest whole number a browser holds exactly
MAX_WEIGHT = 1000.0
STARTS = ("seed", "weights")
__all__ = ["MAX_RUN_EPOCHS"]  # one epoch limit for the whole program: the trainer's


@dataclass(frozen=True)
class Settings:
    """Everything needed to reproduce a run. The defaults are the article's."""

    epochs: int = DEFAULT_EPOCHS
    learning_rate: float = DEFAULT_LEARNING_RATE
    seed: int = DEFAULT_SEED
    activation: str = DEFAULT_ACTIVATION
    speed: str = DEFAULT_SPEED
    start: str = "seed"  # "seed": random weights from the seed; "weights": w1, w2, b below
    w1: float = 0.0
    w2: float = 0.0
    b: float = 0.0
    data: tuple[Example, ...] | None = None  # None: the article's 28 pairs
    autostart: bool = False  # train as soon as the link is opened


DEFAULTS = Settings()


def training_data(settings: Settings) -> tuple[Example, ...]:
    return article_data().training if settings.data is None else settings.data


def start_network(settings: Settings) -> Perceptron:
    """The untrained network these settings start from: drawn from the seed, or typed."""
    if settings.start == "weights":
        return Perceptron(settings.w1, settings.w2, settings.b, settings.activation)
    return Perceptron.from_seed(settings.seed, settings.activation)


def start_key(settings: Settings) -> tuple:
    """What the starting network depends on: when it changes, the page resets."""
    typed = (settings.w1, settings.w2, settings.b) if settings.start == "weights" else ()
    return (settings.seed, settings.activation, settings.start, typed, training_data(settings))
