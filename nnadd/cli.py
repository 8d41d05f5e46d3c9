"""`python -m nnadd`: train the article's network and print its table, or, with
`add A B`, its answer for A + B.

Imports neither pandas nor plotly, so it starts fast.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence

from nnadd.adding import Answer, answer, trained
from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.perceptron import ACTIVATIONS, DEFAULT_ACTIVATION
from nnadd.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_SEED,
    MAX_RUN_EPOCHS,
    SettingsError,
    Trainer,
    check_epochs,
    check_learning_rate,
    check_seed,
    mean_squared_error,
)
from nnadd.wording import sum_explanation


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


# Numbers as a person types them: digits 0-9, an optional sign, point and exponent.
# float() also takes "nan", "inf", "1_000" and other scripts' digits such as "٣";
# those are refused, so the number printed is the number typed.
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_number(text: str) -> float:
    """A finite float from `text`, or ValueError with words for the usage message."""
    shown = repr(text[:40])
    if NUMBER.fullmatch(text) is None:
        try:
            special = not math.isfinite(float(text))
        except ValueError:
            special = False
        if special:
            raise ValueError(f"{shown} is not a finite number")
        raise ValueError(f"{shown} is not a number (write it like 0.3, -1.5 or 2e-3)")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{shown} is too large for a float (they stop near 1.8e308)")
    return value


def build_parser() -> argparse.ArgumentParser:
    # argparse cannot write the optional `add A B [A B ...]` into its own usage line:
    # the pairs are not an argparse argument (see read_pairs).
    activations = ",".join(ACTIVATIONS)
    parser = argparse.ArgumentParser(
        prog="python -m nnadd",
        usage="%(prog)s [add A B [A B ...]] [-h] [--epochs EPOCHS]\n"
        "                       [--learning-rate LEARNING_RATE] [--seed SEED]\n"
        f"                       [--activation {{{activations}}}] [--json]",
        description="Train one neuron to add two numbers, as in the article "
        "'Building a Neural Network in Rust (From Scratch)', and print its answers "
        "for the article's 25 test pairs; with add A B, its answer for A + B instead.",
        epilog="add A B [A B ...] trains once, then prints the network's sum of each "
        "pair, one line each (with --json, one JSON object per line). Write numbers with "
        "the digits 0-9, as in 0.3, -1.5 or 2e-3. Outside [0, 1] the network still "
        "answers, and standard error says why that answer cannot be trusted. The flags "
        "may come before or after add.",
    )
    parser.add_argument(
        "--epochs",
        type=_argument(int, check_epochs, "a whole number"),
        default=DEFAULT_EPOCHS,
        help=f"passes over the 28 training pairs, 0 to {MAX_RUN_EPOCHS:,} "
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
    parser.add_argument(
        "--json", action="store_true", help="print JSON, with full float precision, instead"
    )
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


def read_pairs(parser: argparse.ArgumentParser, words: Sequence[str]) -> list[tuple[float, float]]:
    """The numbers after `add`, in pairs; anything else ends in parser.error (exit 2).

    They reach here as the arguments argparse did not recognise, in order. Left to
    argparse, "-0.5" would be read as a number but "-1e-3" or "-inf" as an unknown
    flag, and a flag after the numbers would be taken for one of them.
    """
    numbers = []
    dashes = False  # after "--", every word is a number, even one that starts with "--"
    for word in words:
        if word == "--" and not dashes:
            dashes = True
        elif word.startswith("--") and not dashes:
            parser.error(f"unrecognized arguments: {word}")
        else:
            try:
                numbers.append(parse_number(word))
            except ValueError as exc:
                parser.error(str(exc))
    if not numbers:
        parser.error("add needs two numbers, as in: add 0.3 0.4")
    if len(numbers) % 2:
        parser.error(f"add takes numbers in pairs (A B, or A B A B ...), not {len(numbers)}")
    pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
    for a, b in pairs:
        if not math.isfinite(a + b):
            parser.error(f"{a!r} + {b!r} is too large: the sum is beyond a float")
    return pairs


def format_sum(got: Answer, epochs: int, activation: str) -> str:
    """e.g. "0.3 + 0.4 = 0.7327 (true sum 0.7000, after 10,000 epochs, sigmoid)"."""
    noun = "epoch" if epochs == 1 else "epochs"
    return (
        f"{got.a!r} + {got.b!r} = {got.prediction:.4f} "
        f"(true sum {got.true_sum:.4f}, after {epochs:,} {noun}, {activation})"
    )


def sum_record(
    got: Answer, warning: str | None, trainer: Trainer, args: argparse.Namespace
) -> dict:
    """One pair's JSON object. A prediction that is not a finite number is null."""
    net = trainer.network
    return {
        "a": got.a,
        "b": got.b,
        "prediction": got.prediction if math.isfinite(got.prediction) else None,
        "true_sum": got.true_sum,
        "epochs": trainer.epoch,
        "activation": net.activation,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "w1": net.w1,
        "w2": net.w2,
        "bias": net.b,
        "status": trainer.status,
        "warning": warning,
    }


def show_sums(args: argparse.Namespace, pairs: Sequence[tuple[float, float]]) -> int:
    """Train once, then one line (or JSON object) a pair. Under each answer, on
    standard error: the page's sentence when the pair lies outside what the network
    learned, and a note when its output overflows (exit 1). A diverged run prints no
    answers as text and exits 1, as the table does."""
    trainer = trained(args.seed, args.activation, args.learning_rate, args.epochs)
    net = trainer.network
    status = 0
    for a, b in pairs:
        got = answer(net, a, b)
        warning = sum_explanation(a, b, net.activation)
        if args.json:
            print(json.dumps(sum_record(got, warning, trainer, args)))
        elif not trainer.diverged:
            print(format_sum(got, trainer.epoch, net.activation))
        if trainer.diverged:
            continue
        notes = [warning]
        if not math.isfinite(got.prediction):
            status = 1
            notes.append(
                f"For {a!r} + {b!r} the weighted sum w1*a + w2*b + bias is beyond a "
                f"float, so the network has no answer ({got.prediction})."
            )
        sys.stdout.flush()  # so each note shows under its own answer
        for note in filter(None, notes):
            print(note, file=sys.stderr)
    if trainer.diverged:
        print(diverged_message(trainer), file=sys.stderr)
        return 1
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # Unrecognised words come back in order, wherever the flags were among them.
    args, rest = parser.parse_known_args(argv)
    pairs = None
    if rest[:1] == ["add"]:
        pairs = read_pairs(parser, rest[1:])
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")  # as parse_args says it
    try:
        return show_table(args) if pairs is None else show_sums(args, pairs)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing to say
        return 0
