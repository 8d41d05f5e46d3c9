"""The article's data set, shipped inside the package as article_data.json.

28 training pairs with their sums (the targets) and 25 test pairs, all in [0, 1],
copied from the article's data file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class Example(NamedTuple):
    """One training pair and the sum the network should learn to give for it."""

    x1: float
    x2: float
    target: float


class DataSet(NamedTuple):
    training: tuple[Example, ...]
    test: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def article_data() -> DataSet:
    text = resources.files("nnadd").joinpath("article_data.json").read_text("utf-8")
    raw = json.loads(text)
    training = tuple(Example(float(a), float(b), float(t)) for a, b, t in raw["training"])
    test = tuple((float(a), float(b)) for a, b in raw["test"])
    return DataSet(training, test)
