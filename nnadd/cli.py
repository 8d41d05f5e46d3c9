"""`python -m nnadd`: train the article's network and print its table.

Imports neither pandas nor plotly, so it starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from nnadd.answer import trained
from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.perceptron import ACTIVATIONS, DEFAULT_ACTIVATION
from nnadd.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_SEED,
    MAX_EPOCHS,
    SettingsError,
    Trainer,
    check_epochs,
    check_learning_rate,
    check_seed,
    mean_squared_error,
)


def _argument(
    parse: Callable[[str], object], check: Callable[[object], object], kind: str
) -> Callable[[str], object]:
    """An argparse type: parse the text, then apply the core's own check, so that a
    bad value gets argparse's usage message (exit 2) with the core's words."""

    def convert(text: str) -> object:
        try:
            value = parse(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not {kind}") from None
        try:
            return check(value)
        except SettingsError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nnadd",
        description="Train one neuron to add two numbers, as in the article "
        "'Building a Neural Network in Rust (From Scratch)', and print its answers "
        "for the article's 25 test pairs.",
    )
    parser.add_argument(
        "--epochs",
        type=_argument(int, check_epochs, "a whole number"),
        default=DEFAULT_EPOCHS,
        help=f"passes over the 28 training pairs, 0 to {MAX_EPOCHS:,} "
        f"(default {DEFAULT_EPOCHS}; 0 shows the untrained network)",
    )
    parser.add_argument(
        "--learning-rate",
        type=_argument(float, check_learning_rate, "a number"),
        default=DEFAULT_LEARNING_RATE,
        help=f"size of each nudge to the weights, > 0 (default {DEFAULT_LEARNING_RATE})",
    )
    parser.add_argument(
        "--seed",
        type=_argument(int, check_seed, "a whole number"),
        default=DEFAULT_SEED,
        help=f"whole number that picks the random starting weights (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        default=DEFAULT_ACTIVATION,
        help=f"the neuron's activation function (default {DEFAULT_ACTIVATION})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    return parser


def run(args: argparse.Namespace) -> tuple[dict, Trainer]:
    data = article_data()
    trainer = trained(args.seed, args.activation, args.learning_rate, args.epochs, data.training)
    net = trainer.network
    result = evaluate(net, data.test)
    report = {
        "epochs": args.epochs,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "activation": args.activation,
        "weights": [net.w1, net.w2],
        "bias": net.b,
        "mse": mean_squared_error(net, trainer.data),
        "correct": result.correct,
        "total": result.total,
        "status": trainer.status,
        "predictions": [
            {"a": r.a, "b": r.b, "sum": r.sum, "prediction": r.prediction, "correct": r.correct}
            for r in result.records
        ],
    }
    return report, trainer


def format_table(report: dict) -> str:
    lines = [
        f"Input: [{p['a']!r}, {p['b']!r}], Prediction: {p['prediction']:.1f}"
        for p in report["predictions"]
    ]
    share = 100.0 * report["correct"] / report["total"]
    lines.append(f"{report['correct']}/{report['total']} correct ({share:.1f}%)")
    w1, w2 = report["weights"]
    lines.append(f"Weights: [{w1!r}, {w2!r}], Bias: {report['bias']!r}")
    return "\n".join(lines)


def diverged_message(trainer: Trainer) -> str:
    return (
        f"Training diverged at epoch {trainer.diverged_at}: the weights grew "
        "too large to be numbers, so this network cannot add. Try a smaller "
        "--learning-rate (the article uses 0.1)."
    )


def show_table(args: argparse.Namespace) -> int:
    report, trainer = run(args)
    if args.json:
        print(json.dumps(report))
    elif not trainer.diverged:
        print(format_table(report))
    if trainer.diverged:
        print(diverged_message(trainer), file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return show_table(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing to say
        return 0
