"""What the page says: its sentences and its numbers as text, kept apart from
streamlit so that they can be tested on their own. Nothing here draws."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple
from urllib.parse import urlencode

from nnadd.evaluate import Evaluation
from nnadd.glossary import PLAIN, diagram_key, key
from nnadd.settings import Settings
from nnadd.training import HistoryPoint, Trainer

DEFAULT_FIRST, DEFAULT_SECOND = 0.3, 0.4  # "Add two numbers" opens with 0.3 + 0.4


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """10 to a power, as a class writes it: 10⁻⁵."""
    return "10" + str(exponent).translate(SUPERSCRIPTS)


def format_error(value: float) -> str:
    """An error (the average squared miss) as every part of the page shows it: three
    significant figures, in decimals while they fit (0.0580, 0.00137, 0.000123), and
    as a power of ten beyond that (1.20 × 10⁻⁶), never as 1.20e-06."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    text = f"{value:#.3g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} × {power_of_ten(int(exponent))}"


class Metrics(NamedTuple):
    """The numbers above the chart, as the page shows them."""

    epoch: str
    w1: str
    w2: str
    bias: str
    error: str
    right: str


def metrics(point: HistoryPoint, result: Evaluation) -> Metrics:
    return Metrics(
        f"{point.epoch:,}",
        f"{point.w1:.4f}",
        f"{point.w2:.4f}",
        f"{point.b:.4f}",
        format_error(point.error),
        f"{result.correct}/{result.total} correct",
    )


def progress(epoch: int, target: int) -> tuple[float, str]:
    """The progress bar's fill (0 to 1) and its words, e.g. "Epoch 4,200 / 10,000"."""
    fill = 1.0 if target <= 0 else min(1.0, epoch / target)
    return fill, f"Epoch {epoch:,} / {target:,}"


def pair_words(pair: int, pairs: int) -> str:
    """How far into its epoch the network is, e.g. "pair 3 of 28"."""
    return f"pair {pair} of {pairs}"


def within_epoch(point: HistoryPoint, pair: int, pairs: int) -> str:
    """The training chart's words for a network part-way through an epoch (the chart
    draws whole epochs), e.g. "After pair 3 of 28: w1 0.6463, w2 0.0453, bias 0.3022"."""
    return (
        f"After {pair_words(pair, pairs)}: w1 {point.w1:.4f}, w2 {point.w2:.4f}, bias {point.b:.4f}"
    )


PREDICTION_COLUMNS = (
    "First number",
    "Second number",
    "True sum",
    "Prediction",
    "Rounded",
    "Right?",
    "Absolute error",
)


def prediction_rows(result: Evaluation) -> list[dict[str, object]]:
    return [
        dict(
            zip(
                PREDICTION_COLUMNS,
                (
                    r.a,
                    r.b,
                    round(r.sum, 10),  # 0.1 + 0.2 shows as 0.3, as a person writes it
                    r.prediction,
                    r.rounded,
                    RIGHT if r.correct else WRONG,
                    r.abs_error,
                ),
                strict=True,
            )
        )
        for r in result.records
    ]


HISTORY_COLUMNS = ("Epoch", "w1", "w2", "Bias", "Error (MSE)")
HISTORY_ROWS = 51  # the run as a plain table: its first epoch, its last, and 49 between


def history_rows(points: Sequence[HistoryPoint], most: int = HISTORY_ROWS) -> list[tuple]:
    """The run as rows of text, at most `most` of them, evenly spread over the recorded
    epochs with the first and the last kept: for a table read aloud, not a chart."""
    n = len(points)
    picked = (
        list(points)
        if n <= most
        else [points[round(i * (n - 1) / (most - 1))] for i in range(most)]
    )
    return [
        (f"{p.epoch:,}", f"{p.w1:.4f}", f"{p.w2:.4f}", f"{p.b:.4f}", format_error(p.error))
        for p in picked
    ]


def answer_rows(result: Evaluation) -> list[tuple]:
    """The 25 answers as rows of text, as the plain table shows them."""
    return [
        (f"{r.a:g} + {r.b:g}", f"{round(r.sum, 10):g}", f"{r.prediction:.3f}",
         "right" if r.correct else "wrong")
        for r in result.records
    ]  # fmt: skip


ANSWER_COLUMNS = ("Pair", "True sum", "Prediction", "Right?")


RIGHT, WRONG = "✔ right", "✘ wrong"  # the table's words: a mark, so not colour alone
# ...and their labels' colours: green and red dark enough for white text (5.0:1 and
# 6.5:1) on light and dark pages alike
RIGHT_COLOUR, WRONG_COLOUR = "#15803d", "#b91c1c"


TABLE_ROW_HEIGHT = 36


def table_height(rows: int) -> int:
    """Pixels for st.dataframe to show every row and its header, no inner scroll bar."""
    return TABLE_ROW_HEIGHT * (rows + 1) + 4


def sum_explanation(a: float, b: float, activation: str) -> str | None:
    """One sentence on why the answer can't be trusted, or None when it can.

    Two facts, said only when true: an input or the sum lies outside the range the
    network was trained on ([0, 1]), and a sum a sigmoid cannot reach at all (its
    output lies strictly between 0 and 1, so any sum outside (0, 1) is out of reach).
    """
    total = a + b
    inputs_outside = not all(0.0 <= v <= 1.0 for v in (a, b))
    sum_outside = not 0.0 <= total <= 1.0
    if not (inputs_outside or sum_outside):
        return None
    if activation == "sigmoid" and sum_outside:
        trained = "was trained only on numbers between 0 and 1, and it " if inputs_outside else ""
        return (
            f"This network {trained}ends in a sigmoid, which only outputs numbers between "
            f"0 and 1, so it can never give {total:g}."
        )
    if activation == "sigmoid":
        return (
            "This network was trained only on numbers between 0 and 1, so for "
            f"{a:g} + {b:g} it is guessing, even though its sigmoid can output {total:g}."
        )
    return (
        "This network was trained only on numbers and sums between 0 and 1, so "
        "outside that range it is guessing: a linear neuron can output any number, "
        "but only one that has learned w1 = w2 = 1 and bias = 0 adds everywhere."
    )


MAX_KEPT = 5  # kept runs on the chart at once


def share_link(page_url: str | None, query: Mapping[str, str]) -> str:
    """The page's address with these settings as its query (just the query when the
    address is unknown, as in tests)."""
    base = (page_url or "").split("?")[0].split("#")[0]
    return f"{base}?{urlencode(query)}"


def run_label(settings: Settings, trainer: Trainer) -> str:
    """e.g. "seed 42, lr 0.1, sigmoid, 10,000 epochs" for a kept run."""
    label = f"seed {settings.seed}, lr {settings.learning_rate:g}, {settings.activation}"
    if settings.start == "weights":
        label += ", typed start"
    if settings.data is not None:
        label += ", your data"
    return f"{label}, {trainer.epoch:,} epochs"


def reset_reason(before: tuple, after: tuple) -> str:
    """Which start setting changed, in a sentence (keys as settings.start_key makes them)."""
    names = ("seed", "activation", "starting choice", "typed starting weights", "training data")
    changed = [n for n, x, y in zip(names, before, after, strict=True) if x != y]
    what = " and the ".join(changed) if changed else "start"
    return f"The {what} changed, so the network was reset to its new untrained start."


COMPARISON_LESSON = (
    "The linear neuron can learn exact addition (w1 = w2 = 1, and a bias, "
    f"{PLAIN['bias']}, of 0) and gets all 25 right. The sigmoid neuron stops near 21/25 "
    "however long it trains: its output can approach 1 but never reach it, so sums near 1 "
    "come out a little short."
)


# The page's keys, listed in "How it works" and in the lesson's teacher's notes.
KEYS_SENTENCE = (
    "T is Train and P is Pause, on the Playground and on the lesson's step 4. On the "
    "lesson, PageDown goes to the next step and PageUp to the previous one: what a "
    "presentation clicker sends. A key pressed while typing in a box types into the box."
)


HOW_IT_WORKS = f"""
**The network** is one neuron with two inputs, as in the article. Each input has a
**weight** (w1, w2): the article's *tube* whose thickness says how strongly that
number counts. The **bias** is the *knob* that shifts the neuron's activity whatever
comes in. The neuron adds them up, `z = w1·x1 + w2·x2 + bias`, and passes `z`
through its **activation**: the *sigmoid* squashes any `z` into (0, 1); the *linear*
activation passes it through untouched.

**Training** is **backpropagation** in its smallest form. For each training pair the
neuron guesses, compares its guess with the true sum (`error = target − output`),
and nudges each weight in the direction that shrinks the error:
`w += learning rate · error · delta · input`, where `delta`, {PLAIN["delta"]}, is the
activation's slope (`output · (1 − output)` for the sigmoid). One pass over all 28 training
pairs is an **epoch**.

The controls:
- **Epochs**: how many passes "Train" runs in all. The article uses 10,000.
- **Learning rate**: how big each nudge is. The article uses 0.1. Too big and the
  weights *diverge*; too small and learning crawls. A change applies from the next
  epoch.
- **Seed**: picks the random starting weights, so a run can be repeated exactly.
- **Activation**: sigmoid (the article's) or linear.
- **Speed**: how fast to go, so a class can watch the weights move.

A prediction counts as **right** when, rounded to one decimal, it equals the true
sum: the article's rule. The sigmoid neuron stops near 21/25 because it cannot quite
reach 1 for sums near 1; the linear neuron can learn exact addition.
"""
HOW_IT_WORKS += f"\n**Keys:** {KEYS_SENTENCE}\n"


# ---------------------------------------------------------------- text alternatives
# Each chart gets a sentence with its current numbers, for screen readers (alt=).


def _short(value: float) -> str:
    """A number as a sentence says it: 4.98, 0.00137, -2.56 (a minus sign, not a dash)."""
    return f"{value:.3g}".replace("-", "−")


def training_alt(points: list[HistoryPoint]) -> str:
    """e.g. "After 10,000 epochs: w1 4.98, w2 5.19, bias −2.56; error 0.00137, down
    from 0.0561 at the start." """
    first, last = points[0], points[-1]
    if last.epoch == first.epoch:
        return (
            f"Untrained, epoch {last.epoch:,}: w1 {_short(last.w1)}, w2 {_short(last.w2)}, "
            f"bias {_short(last.b)}; error {_short(last.error)}."
        )
    trend = "down" if last.error < first.error else "up"
    return (
        f"After {last.epoch:,} epochs: w1 {_short(last.w1)}, w2 {_short(last.w2)}, bias "
        f"{_short(last.b)}; error {_short(last.error)}, {trend} from "
        f"{_short(first.error)} at epoch {first.epoch:,}."
    )


def diagram_alt(w1: float, w2: float, b: float, a: float, x: float, out: float) -> str:
    return (
        f"The neuron: {a:g} comes in with weight w1 = {_short(w1)}, {x:g} with weight "
        f"w2 = {_short(w2)}, bias {_short(b)}; it answers {out:.4f}."
    )


def error_map_alt(result: Evaluation) -> str:
    wrong = [r for r in result.records if not r.correct]
    worst = max(result.records, key=lambda r: r.abs_error)
    named = ", ".join(f"{r.a:g} + {r.b:g}" for r in wrong[:6]) or "none"
    return (
        f"Error map over a and b from 0 to 1. {len(wrong)} of {result.total} test pairs are "
        f"wrong ({named}); the largest test error is {worst.abs_error:.3f}, for "
        f"{worst.a:g} + {worst.b:g}."
    )


def landscape_alt(path: list[tuple[float, float]], best_w1: float, best_w2: float) -> str:
    (s1, s2), (e1, e2) = path[0], path[-1]
    return (
        f"Loss landscape over w1 and w2. The weights went from w1 {_short(s1)}, w2 "
        f"{_short(s2)} to w1 {_short(e1)}, w2 {_short(e2)}; the best are w1 "
        f"{_short(best_w1)}, w2 {_short(best_w2)}."
    )


def comparison_alt(runs: list[tuple[str, list[HistoryPoint]]]) -> str:
    said = [f"{label}, final error {_short(points[-1].error)}" for label, points in runs]
    return "Error over the epochs, side by side: " + "; ".join(said) + "."


def finished_words(trainer: Trainer, result: Evaluation) -> str:
    """What the page announces when a run ends, e.g. "Training finished: 21/25 correct
    after 10,000 epochs." """
    if trainer.diverged:
        return f"Training diverged at epoch {trainer.diverged_at:,}."
    return (
        f"Training finished: {result.correct}/{result.total} correct after "
        f"{trainer.epoch:,} epochs."
    )


# ---------------------------------------------------------------- plain words for terms
# (nnadd/glossary.py): the keys the page writes under what shows a term first

LIVE_KEY = key("bias", "mse")  # under the six numbers above the training chart
CURVES_KEY = key("mse")  # under the error curves
DIAGRAM_KEY = diagram_key  # under the neuron's diagram, for its activation
