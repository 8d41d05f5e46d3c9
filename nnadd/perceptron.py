"""The article's network: one neuron with two inputs, two weights and a bias.

    z      = w1*x1 + w2*x2 + b          (weighted sum: the "tubes" and the "knob")
    output = activation(z)
    error  = target - output
    delta  = activation'(output)        (the article writes the derivative in terms
                                         of the output: sigmoid' = output*(1-output))
    step   = lr * error * delta
    w1 += step*x1;  w2 += step*x2;  b += step

The update is online: one training pair at a time. Pure Python, no numpy.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from nnadd.i18n import N_, _


def sigmoid(z: float) -> float:
    """1 / (1 + e^-z), for every float z without an exception.

    e^-z overflows only when z < -709.78; there the equal form e^z / (1 + e^z) is
    used instead, whose e^z cannot overflow. So +-1e308 give 1.0 and 0.0, the
    result always lies in [0, 1], and NaN in gives NaN out.
    """
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:
        e = math.exp(z)
        return e / (1.0 + e)


def sigmoid_derivative(output: float) -> float:
    """d sigmoid / dz, written in terms of the output: s(z) * (1 - s(z))."""
    return output * (1.0 - output)


def linear(z: float) -> float:
    """The identity: the neuron's output is its weighted sum."""
    return z


def linear_derivative(output: float) -> float:
    """d z / dz = 1, whatever the output."""
    return 1.0


class Activation(NamedTuple):
    function: Callable[[float], float]
    derivative: Callable[[float], float]  # of the output, as in the article
    description: str  # marked N_: shown as _(description)
    word: str  # its name as a sentence says it, marked N_: shown as activation_word(id)


# The select box on the page is built from this table.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        sigmoid,
        sigmoid_derivative,
        N_("1 / (1 + e^-z): squashes any sum into (0, 1)"),
        N_("sigmoid"),
    ),
    "linear": Activation(
        linear, linear_derivative, N_("z itself: can learn exact addition"), N_("linear")
    ),
}
DEFAULT_ACTIVATION = "sigmoid"


def activation_word(name: str) -> str:
    """An activation's name as the page's sentences say it ("sigmoid", "sigmoide"); the
    id itself ("sigmoid") stays in links, files and settings."""
    activation = ACTIVATIONS.get(name)
    return _(activation.word) if activation else name


class Update(NamedTuple):
    """Every number of one online update, exactly as the trainer used them."""

    x1: float
    x2: float
    target: float
    w1: float  # before the update
    w2: float
    b: float
    z: float
    output: float
    error: float
    delta: float
    learning_rate: float
    step: float  # lr * error * delta
    dw1: float  # step * x1
    dw2: float  # step * x2
    db: float  # step
    new_w1: float
    new_w2: float
    new_b: float


@dataclass
class Perceptron:
    w1: float
    w2: float
    b: float
    activation: str = DEFAULT_ACTIVATION

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            names = ", ".join(ACTIVATIONS)
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {names}")

    def __repr__(self) -> str:
        return (
            f"Perceptron(w1={self.w1:.6g}, w2={self.w2:.6g}, b={self.b:.6g}, "
            f"activation={self.activation!r})"
        )

    @classmethod
    def from_seed(cls, seed: int, activation: str = DEFAULT_ACTIVATION) -> Perceptron:
        """Random start, the same on every machine: w1, w2, b drawn in that order
        from a private random.Random(seed). The global random state is untouched."""
        rng = random.Random(seed)
        w1 = rng.random()
        w2 = rng.random()
        b = rng.random()
        return cls(w1, w2, b, activation)

    def weighted_sum(self, x1: float, x2: float) -> float:
        return self.w1 * x1 + self.w2 * x2 + self.b

    def predict(self, x1: float, x2: float) -> float:
        return ACTIVATIONS[self.activation].function(self.weighted_sum(x1, x2))

    def update(self, x1: float, x2: float, target: float, learning_rate: float) -> Update:
        """One step of the article's rule on one pair. Returns all its numbers.

        The trainer's fast loop (training.py) computes the same expressions in the
        same order, so both give bit-identical weights.
        """
        act = ACTIVATIONS[self.activation]
        w1, w2, b = self.w1, self.w2, self.b
        z = w1 * x1 + w2 * x2 + b
        output = act.function(z)
        error = target - output
        delta = act.derivative(output)
        step = learning_rate * error * delta
        dw1 = step * x1
        dw2 = step * x2
        self.w1 = w1 + dw1
        self.w2 = w2 + dw2
        self.b = b + step
        return Update(
            x1, x2, target, w1, w2, b, z, output, error, delta, learning_rate,
            step, dw1, dw2, step, self.w1, self.w2, self.b,
        )  # fmt: skip

    def copy(self) -> Perceptron:
        return Perceptron(self.w1, self.w2, self.b, self.activation)

    def is_finite(self) -> bool:
        return math.isfinite(self.w1) and math.isfinite(self.w2) and math.isfinite(self.b)
