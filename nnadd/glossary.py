"""The plain words beside the page's terms: one glossary, used everywhere.

A 14-year-old meets "bias", "seed" or "MSE" on a projected lesson with no one to ask.
Where a term first appears on a step or page, the page writes these few plain words
beside it ("bias (the neuron's own nudge)"); the worked arithmetic keeps its symbols
and gets a one-line key. Translators find each term's words here, once.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """A term as the page writes it, and its plain words."""

    symbol: str
    plain: str


# Keyed by a plain name, so that a sentence can hold "{plain[bias]}" (str.format).
TERMS: dict[str, Term] = {
    "mse": Term("MSE", "the average squared miss"),
    "seed": Term("seed", "which random start"),
    "z": Term("z", "the sum before the squash"),
    "sigmoid": Term("sigmoid(z)", "the squash, which turns any z into a number between 0 and 1"),
    "linear": Term("linear(z)", "z itself, not squashed"),
    "sigma": Term("σ", "the sigmoid, the squashing curve"),
    "bias": Term("bias", "the neuron's own nudge"),
    "delta": Term("delta", "how steep the curve is here"),
    "lr": Term("lr", "learning rate, the step size"),
    "abs_error": Term("|error|", "how far off, up or down"),
}

# The plain words alone, by name: for sentences written as "a bias ({plain[bias]})".
PLAIN: dict[str, str] = {name: term.plain for name, term in TERMS.items()}


def explained(name: str) -> str:
    """The term with its plain words beside it, e.g. "bias (the neuron's own nudge)"."""
    term = TERMS[name]
    return f"{term.symbol} ({term.plain})"


def key(*names: str) -> str:
    """A one-line key, e.g. "z: the sum before the squash · lr: learning rate, ..."."""
    return " · ".join(f"{TERMS[n].symbol}: {TERMS[n].plain}" for n in names)


def note(name: str) -> str:
    """One term's words as a sentence under a box, e.g. "Seed: which random start."."""
    term = TERMS[name]
    return f"{term.symbol[:1].upper()}{term.symbol[1:]}: {term.plain}."


def diagram_key(activation: str) -> str:
    """The key under the neuron's diagram, which writes z, bias and sigmoid(z)."""
    return key("z", "bias", activation if activation in TERMS else "sigmoid")
