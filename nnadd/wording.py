"""What the page says: its sentences and its numbers as text, kept apart from
streamlit so that they can be tested on their own. Nothing here draws."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple
from urllib.parse import urlencode

from nnadd.evaluate import Evaluation
from nnadd.glossary import PLAIN, diagram_key, key
from nnadd.i18n import N_, _, language_in_link, ngettext, number
from nnadd.perceptron import activation_word
from nnadd.settings import Settings
from nnadd.training import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, HistoryPoint, Trainer

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
        return number(value, "g")
    text = f"{value:#.3g}"
    if "e" not in text:
        return number(value, "#.3g")
    mantissa, exponent = text.split("e")
    return f"{number(float(mantissa), '#.3g')} × {power_of_ten(int(exponent))}"


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
        number(point.epoch, ","),
        number(point.w1, ".4f"),
        number(point.w2, ".4f"),
        number(point.b, ".4f"),
        format_error(point.error),
        score_words(result.correct, result.total),
    )


def score_words(correct: int, total: int) -> str:
    """e.g. "21/25 correct"."""
    return _("{correct}/{total} correct").format(correct=number(correct), total=number(total))


def progress(epoch: int, target: int) -> tuple[float, str]:
    """The progress bar's fill (0 to 1) and its words, e.g. "Epoch 4,200 / 10,000"."""
    fill = 1.0 if target <= 0 else min(1.0, epoch / target)
    words = _("Epoch {epoch} / {target}").format(
        epoch=number(epoch, ","), target=number(target, ",")
    )
    return fill, words


def pair_words(pair: int, pairs: int) -> str:
    """How far into its epoch the network is, e.g. "pair 3 of 28"."""
    return _("pair {pair} of {pairs}").format(pair=number(pair, ","), pairs=number(pairs, ","))


def within_epoch(point: HistoryPoint, pair: int, pairs: int) -> str:
    """The training chart's words for a network part-way through an epoch (the chart
    draws whole epochs), e.g. "After pair 3 of 28: w1 0.6463, w2 0.0453, bias 0.3022"."""
    return _("After pair {pair} of {pairs}: w1 {w1}, w2 {w2}, bias {bias}").format(
        pair=number(pair, ","),
        pairs=number(pairs, ","),
        w1=number(point.w1, ".4f"),
        w2=number(point.w2, ".4f"),
        bias=number(point.b, ".4f"),
    )


# The tables' columns: English names that key the rows (as a widget's options stay
# English ids), marked for translation; the *_columns() functions give the words shown.
PREDICTION_COLUMNS = (
    N_("First number"),
    N_("Second number"),
    N_("True sum"),
    N_("Prediction"),
    N_("Rounded"),
    N_("Right?"),
    N_("Absolute error"),
)


def _shown(names: Sequence[str]) -> tuple[str, ...]:
    """Column names in the current language; the maths' symbols (w1, w2) stay."""
    return tuple(name if name in ("w1", "w2") else _(name) for name in names)


def prediction_columns() -> tuple[str, ...]:
    """PREDICTION_COLUMNS in the current language, in the same order."""
    return _shown(PREDICTION_COLUMNS)


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
                    _(RIGHT) if r.correct else _(WRONG),
                    r.abs_error,
                ),
                strict=True,
            )
        )
        for r in result.records
    ]


HISTORY_COLUMNS = (N_("Epoch"), "w1", "w2", N_("Bias"), N_("Error (MSE)"))


def history_columns() -> tuple[str, ...]:
    """HISTORY_COLUMNS in the current language."""
    return _shown(HISTORY_COLUMNS)


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
        (
            number(p.epoch, ","),
            number(p.w1, ".4f"),
            number(p.w2, ".4f"),
            number(p.b, ".4f"),
            format_error(p.error),
        )
        for p in picked
    ]


def answer_rows(result: Evaluation) -> list[tuple]:
    """The 25 answers as rows of text, as the plain table shows them."""
    return [
        (f"{number(r.a, 'g')} + {number(r.b, 'g')}", number(round(r.sum, 10), "g"),
         number(r.prediction, ".3f"), _("right") if r.correct else _("wrong"))
        for r in result.records
    ]  # fmt: skip


ANSWER_COLUMNS = (N_("Pair"), N_("True sum"), N_("Prediction"), N_("Right?"))


def answer_columns() -> tuple[str, ...]:
    """ANSWER_COLUMNS in the current language."""
    return _shown(ANSWER_COLUMNS)


# the table's words: a mark, so not colour alone (shown as _(RIGHT), _(WRONG))
RIGHT, WRONG = N_("✔ right"), N_("✘ wrong")
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
    if activation == "sigmoid" and sum_outside and inputs_outside:
        return _(
            "This network was trained only on numbers between 0 and 1, and it ends in a "
            "sigmoid, which only outputs numbers between 0 and 1, so it can never give {sum}."
        ).format(sum=number(total, "g"))
    if activation == "sigmoid" and sum_outside:
        return _(
            "This network ends in a sigmoid, which only outputs numbers between 0 and 1, "
            "so it can never give {sum}."
        ).format(sum=number(total, "g"))
    if activation == "sigmoid":
        return _(
            "This network was trained only on numbers between 0 and 1, so for {a} + {b} it "
            "is guessing, even though its sigmoid can output {sum}."
        ).format(a=number(a, "g"), b=number(b, "g"), sum=number(total, "g"))
    return _(
        "This network was trained only on numbers and sums between 0 and 1, so "
        "outside that range it is guessing: a linear neuron can output any number, "
        "but only one that has learned w1 = w2 = 1 and bias = 0 adds everywhere."
    )


MAX_KEPT = 5  # kept runs on the chart at once


def share_link(page_url: str | None, query: Mapping[str, str]) -> str:
    """The page's address with these settings as its query (just the query when the
    address is unknown, as in tests), and the page's language when it is not English:
    a shared link, the lesson's links and the worksheet's open in the language they
    were made in; an English page's link leaves each reader's browser to choose."""
    base = (page_url or "").split("?")[0].split("#")[0]
    return f"{base}?{urlencode({**query, **language_in_link()})}"


def run_label(settings: Settings, trainer: Trainer) -> str:
    """e.g. "seed 42, lr 0.1, sigmoid, 10,000 epochs" for a kept run."""
    # a list of the run's facts, each its own message, joined by commas
    parts = [
        _("seed {seed}").format(seed=number(settings.seed)),
        _("lr {lr}").format(lr=number(settings.learning_rate, "g")),
        activation_word(settings.activation),
    ]
    if settings.start == "weights":
        parts.append(_("typed start"))
    if settings.data is not None:
        parts.append(_("your data"))
    epochs = ngettext("{n} epoch", "{n} epochs", trainer.epoch)
    parts.append(epochs.format(n=number(trainer.epoch, ",")))
    return ", ".join(parts)


def reset_reason(before: tuple, after: tuple) -> str:
    """Which start setting changed, in a sentence (keys as settings.start_key makes them)."""
    changed = [n for n, x, y in zip(RESET_SENTENCES, before, after, strict=True) if x != y]
    if not changed:
        return _("The start changed, so the network was reset to its new untrained start.")
    if len(changed) == 1:
        return _(changed[0])
    if len(changed) == 2:
        first, second = (_(RESET_NAMES[RESET_SENTENCES.index(n)]) for n in changed)
        return _(
            "The {first} and the {second} changed, so the network was reset to its new "
            "untrained start."
        ).format(first=first, second=second)
    names = ", ".join(_(RESET_NAMES[RESET_SENTENCES.index(n)]) for n in changed)
    return _(
        "These start settings changed: {names}. So the network was reset to its new "
        "untrained start."
    ).format(names=names)


# one sentence per start setting (settings.start_key's order), as most resets change one
RESET_SENTENCES = (
    N_("The seed changed, so the network was reset to its new untrained start."),
    N_("The activation changed, so the network was reset to its new untrained start."),
    N_("The starting choice changed, so the network was reset to its new untrained start."),
    N_("The typed starting weights changed, so the network was reset to its new untrained start."),
    N_("The training data changed, so the network was reset to its new untrained start."),
)
# ...and their names, for a reset that changed two of them
RESET_NAMES = (
    N_("seed"),
    N_("activation"),
    N_("starting choice"),
    N_("typed starting weights"),
    N_("training data"),
)


def comparison_lesson() -> str:
    """What the side-by-side comparison teaches, in the current language."""
    return _(
        "The linear neuron can learn exact addition (w1 = w2 = 1, and a bias, {bias}, of 0) "
        "and gets all 25 right. The sigmoid neuron stops near 21/25 however long it trains: "
        "its output can approach 1 but never reach it, so sums near 1 come out a little short."
    ).format(bias=PLAIN["bias"])


def keys_sentence() -> str:
    """The page's keys, listed in "How it works" and in the lesson's teacher's notes."""
    return _(KEYS_SENTENCE)


KEYS_SENTENCE = N_(
    "T is Train and P is Pause, on the Playground and on the lesson's step 4. On the "
    "lesson, PageDown goes to the next step and PageUp to the previous one: what a "
    "presentation clicker sends. A key pressed while typing in a box types into the box."
)


# "How it works", a paragraph a message (Markdown: keep its ** and ` marks)
HOW_IT_WORKS_PARAGRAPHS = (
    N_("""**The network** is one neuron with two inputs, as in the article. Each input has a
**weight** (w1, w2): the article's *tube* whose thickness says how strongly that
number counts. The **bias** is the *knob* that shifts the neuron's activity whatever
comes in. The neuron adds them up, `z = w1·x1 + w2·x2 + bias`, and passes `z`
through its **activation**: the *sigmoid* squashes any `z` into (0, 1); the *linear*
activation passes it through untouched."""),
    # Translators: {delta} is the glossary's plain words for delta
    N_("""**Training** is **backpropagation** in its smallest form. For each training pair the
neuron guesses, compares its guess with the true sum (`error = target − output`),
and nudges each weight in the direction that shrinks the error:
`w += learning rate · error · delta · input`, where `delta`, {delta}, is the
activation's slope (`output · (1 − output)` for the sigmoid). One pass over all 28 training
pairs is an **epoch**."""),
    N_("""The controls:
- **Epochs**: how many passes "Train" runs in all. The article uses {epochs}.
- **Learning rate**: how big each nudge is. The article uses {lr}. Too big and the
  weights *diverge*; too small and learning crawls. A change applies from the next
  epoch.
- **Seed**: picks the random starting weights, so a run can be repeated exactly.
- **Activation**: sigmoid (the article's) or linear.
- **Speed**: how fast to go, so a class can watch the weights move."""),
    N_("""A prediction counts as **right** when, rounded to one decimal, it equals the true
sum: the article's rule. The sigmoid neuron stops near 21/25 because it cannot quite
reach 1 for sums near 1; the linear neuron can learn exact addition."""),
    # Translators: {keys} is the sentence on the page's keys (T, P, PageDown, PageUp)
    N_("**Keys:** {keys}"),
)


def how_it_works() -> str:
    """The Playground's "How it works", in the current language (Markdown)."""
    said = [
        _(p).format(
            delta=PLAIN["delta"],
            keys=keys_sentence(),
            epochs=number(DEFAULT_EPOCHS, ","),
            lr=number(DEFAULT_LEARNING_RATE),
        )
        for p in HOW_IT_WORKS_PARAGRAPHS
    ]
    return "\n" + "\n\n".join(said[:-1]) + "\n\n" + said[-1] + "\n"


# ---------------------------------------------------------------- text alternatives
# Each chart gets a sentence with its current numbers, for screen readers (alt=).


def _short(value: float) -> str:
    """A number as a sentence says it: 4.98, 0.00137, -2.56 (a minus sign, not a dash)."""
    return number(value, ".3g").replace("-", "−")


def training_alt(points: list[HistoryPoint]) -> str:
    """e.g. "After 10,000 epochs: w1 4.98, w2 5.19, bias −2.56; error 0.00137, down
    from 0.0561 at the start." """
    first, last = points[0], points[-1]
    if last.epoch == first.epoch:
        return _("Untrained, epoch {epoch}: w1 {w1}, w2 {w2}, bias {bias}; error {error}.").format(
            epoch=number(last.epoch, ","), w1=_short(last.w1), w2=_short(last.w2),
            bias=_short(last.b), error=_short(last.error),
        )  # fmt: skip
    if last.error < first.error:
        said = _(
            "After {epochs} epochs: w1 {w1}, w2 {w2}, bias {bias}; error {error}, down from "
            "{start} at epoch {first}."
        )
    else:
        said = _(
            "After {epochs} epochs: w1 {w1}, w2 {w2}, bias {bias}; error {error}, up from "
            "{start} at epoch {first}."
        )
    return said.format(
        epochs=number(last.epoch, ","), w1=_short(last.w1), w2=_short(last.w2),
        bias=_short(last.b), error=_short(last.error), start=_short(first.error),
        first=number(first.epoch, ","),
    )  # fmt: skip


def diagram_alt(w1: float, w2: float, b: float, a: float, x: float, out: float) -> str:
    return _(
        "The neuron: {a} comes in with weight w1 = {w1}, {x} with weight w2 = {w2}, "
        "bias {bias}; it answers {out}."
    ).format(
        a=number(a, "g"), w1=_short(w1), x=number(x, "g"), w2=_short(w2), bias=_short(b),
        out=number(out, ".4f"),
    )  # fmt: skip


def _pair(a: float, b: float) -> str:
    return f"{number(a, 'g')} + {number(b, 'g')}"


def error_map_alt(result: Evaluation) -> str:
    wrong = [r for r in result.records if not r.correct]
    worst = max(result.records, key=lambda r: r.abs_error)
    # Translators: the list of the wrong pairs' sums, or this word when none is wrong
    named = ", ".join(_pair(r.a, r.b) for r in wrong[:6]) or _("none")
    return _(
        "Error map over a and b from 0 to 1. {wrong} of {total} test pairs are wrong "
        "({named}); the largest test error is {worst}, for {pair}."
    ).format(
        wrong=number(len(wrong)), total=number(result.total), named=named,
        worst=number(worst.abs_error, ".3f"), pair=_pair(worst.a, worst.b),
    )  # fmt: skip


def landscape_alt(path: list[tuple[float, float]], best_w1: float, best_w2: float) -> str:
    (s1, s2), (e1, e2) = path[0], path[-1]
    return _(
        "Loss landscape over w1 and w2. The weights went from w1 {s1}, w2 {s2} to w1 {e1}, "
        "w2 {e2}; the best are w1 {b1}, w2 {b2}."
    ).format(
        s1=_short(s1), s2=_short(s2), e1=_short(e1), e2=_short(e2), b1=_short(best_w1),
        b2=_short(best_w2),
    )  # fmt: skip


def comparison_alt(runs: list[tuple[str, list[HistoryPoint]]]) -> str:
    said = [
        _("{label}, final error {error}").format(label=label, error=_short(points[-1].error))
        for label, points in runs
    ]
    return _("Error over the epochs, side by side: {runs}.").format(runs="; ".join(said))


def finished_words(trainer: Trainer, result: Evaluation) -> str:
    """What the page announces when a run ends, e.g. "Training finished: 21/25 correct
    after 10,000 epochs." """
    if trainer.diverged:
        return _("Training diverged at epoch {epoch}.").format(
            epoch=number(trainer.diverged_at, ",")
        )
    return ngettext(
        "Training finished: {correct}/{total} correct after {epochs} epoch.",
        "Training finished: {correct}/{total} correct after {epochs} epochs.",
        trainer.epoch,
    ).format(
        correct=number(result.correct), total=number(result.total),
        epochs=number(trainer.epoch, ","),
    )  # fmt: skip


# ---------------------------------------------------------------- plain words for terms
# (nnadd/glossary.py): the keys the page writes under what shows a term first


def live_key() -> str:
    """The key under the six numbers above the training chart, in the current language."""
    return key("bias", "mse")


def curves_key() -> str:
    """The key under the error curves, in the current language."""
    return key("mse")


DIAGRAM_KEY = diagram_key  # under the neuron's diagram, for its activation
