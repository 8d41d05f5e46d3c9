"""Benchmark: nnadd's trainer (history on) against a plain transcription of the
article's loop (harness/plain.py), in the same process, alternating, so that a noisy
machine slows both alike. Prints sample updates per second and their ratio.

A third column times the tightest loop we know how to write in pure Python (the
update alone: no history, no error, no divergence check). It is the ceiling: how
close the trainer comes to it says what its bookkeeping costs.

    python -m benchmarks.training_speed [--repeats 3] [--epochs 10000 100000]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

from harness.plain import ArticleNetwork
from nnadd.data import article_data
from nnadd.training import Trainer


def time_trainer(epochs: int, seed: int) -> float:
    trainer = Trainer.from_seed(seed)
    start = time.perf_counter()
    trainer.train(epochs)
    return time.perf_counter() - start


def time_plain(epochs: int, seed: int) -> float:
    data = article_data().training
    inputs = [(a, b) for a, b, _ in data]
    outputs = [t for _, _, t in data]
    net = ArticleNetwork(seed)
    start = time.perf_counter()
    net.train(inputs, outputs, epochs)
    return time.perf_counter() - start


def tight_loop(rows: tuple, epochs: int, w1: float, w2: float, b: float, lr: float) -> None:
    exp = math.exp
    for _ in range(epochs):
        for x1, x2, t in rows:
            o = 1.0 / (1.0 + exp(-(w1 * x1 + w2 * x2 + b)))
            step = lr * (t - o) * (o * (1.0 - o))
            w1 += step * x1
            w2 += step * x2
            b += step


def time_tight(epochs: int, seed: int) -> float:
    rows = tuple(tuple(row) for row in article_data().training)
    start = time.perf_counter()
    tight_loop(rows, epochs, 0.5, 0.5, 0.5, 0.1)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    pairs = len(article_data().training)
    print(
        f"{'epochs':>9} {'trainer upd/s':>14} {'plain upd/s':>12} {'ratio':>6}"
        f" {'tight upd/s':>12} {'ratio':>6}"
    )
    for epochs in args.epochs:
        ours, plain, tight = [], [], []
        for r in range(args.repeats):  # alternate, so drift hits all three
            ours.append(time_trainer(epochs, seed=r))
            plain.append(time_plain(epochs, seed=r))
            tight.append(time_tight(epochs, seed=r))
        updates = epochs * pairs
        t_ours, t_plain, t_tight = (statistics.median(x) for x in (ours, plain, tight))
        print(
            f"{epochs:>9,} {updates / t_ours:>14,.0f} {updates / t_plain:>12,.0f} "
            f"{t_plain / t_ours:>5.2f}x {updates / t_tight:>12,.0f} {t_plain / t_tight:>5.2f}x"
        )
    print(f"(median of {args.repeats} runs each; updates = epochs x {pairs} pairs)")


if __name__ == "__main__":
    main()
