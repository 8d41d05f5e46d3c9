"""How well the network adds: its answers on the test pairs, by the article's rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from nnadd.i18n import _, number
from nnadd.perceptron import Perceptron


def is_right(prediction: float, true_sum: float) -> bool:
    """The article's rule: right when the prediction, rounded to one decimal, equals
    the true sum rounded to one decimal (0.1 + 0.2 counts as 0.3)."""
    return round(prediction, 1) == round(true_sum, 1)


class Prediction(NamedTuple):
    a: float
    b: float
    sum: float
    prediction: float
    rounded: float
    correct: bool
    abs_error: float


class Evaluation(NamedTuple):
    records: list[Prediction]
    correct: int
    total: int
    mean_abs_error: float

    @property
    def summary(self) -> str:
        """e.g. "21/25 correct (84.0%)"."""
        share = 100.0 * self.correct / self.total if self.total else 0.0
        return _("{correct}/{total} correct ({share}%)").format(
            correct=number(self.correct), total=number(self.total), share=number(share, ".1f")
        )


def evaluate(network: Perceptron, pairs: Sequence[tuple[float, float]]) -> Evaluation:
    records = []
    for a, b in pairs:
        true_sum = a + b
        p = network.predict(a, b)
        records.append(
            Prediction(a, b, true_sum, p, round(p, 1), is_right(p, true_sum), abs(p - true_sum))
        )
    correct = sum(r.correct for r in records)
    mae = sum(r.abs_error for r in records) / len(records) if records else 0.0
    return Evaluation(records, correct, len(records), mae)
