"""The plain words beside the page's terms: one glossary, used everywhere.

A 14-year-old meets "bias", "seed" or "MSE" on a projected lesson with no one to ask.
Where a term first appears on a step or page, the page writes these few plain words
beside it ("bias (the neuron's own nudge)"); the worked arithmetic keeps its symbols
and gets a one-line key. Translators find each term's words here, once.
"""

from __future__ import annotations

from typing import NamedTuple

from nnadd.i18n import N_, Translated, _


class Term(NamedTuple):
    """A term as the page writes it, and its plain words. Both are marked (N_) where
    written here and translated where shown (`symbol_of`, PLAIN, and the functions
    below); a symbol of the maths (z, σ, lr) is the same in every language and is not
    marked."""

    symbol: str
    plain: str


# Keyed by a plain name, so that a sentence can hold "{plain[bias]}" (str.format).
TERMS: dict[str, Term] = {
    # Translators: the mean squared error's abbreviation, as your textbooks write it.
    "mse": Term(N_("MSE"), N_("the average squared miss")),
    "seed": Term(N_("seed"), N_("which random start")),
    "z": Term("z", N_("the sum before the squash")),
    "sigmoid": Term(
        "sigmoid(z)", N_("the squash, which turns any z into a number between 0 and 1")
    ),
    "linear": Term("linear(z)", N_("z itself, not squashed")),
    "sigma": Term("σ", N_("the sigmoid, the squashing curve")),
    "bias": Term(N_("bias"), N_("the neuron's own nudge")),
    "delta": Term("delta", N_("how steep the curve is here")),
    "lr": Term("lr", N_("learning rate, the step size")),
    "abs_error": Term(N_("|error|"), N_("how far off, up or down")),
}
# the symbols that are the maths' own, the same in every language (never translated)
_SYMBOLS = {"z", "sigmoid(z)", "linear(z)", "σ", "delta", "lr"}

# The plain words alone, by name, in the current language when looked up: for
# sentences written as "a bias ({plain[bias]})".
PLAIN = Translated({name: term.plain for name, term in TERMS.items()})


def symbol_of(name: str) -> str:
    """The term as the page writes it, in the current language ("bias"; "z" in all)."""
    symbol = TERMS[name].symbol
    return symbol if symbol in _SYMBOLS else _(symbol)


def explained(name: str) -> str:
    """The term with its plain words beside it, e.g. "bias (the neuron's own nudge)"."""
    # Translators: a term and its plain words, e.g. "bias (the neuron's own nudge)".
    return _("{term} ({plain})").format(term=symbol_of(name), plain=PLAIN[name])


def key(*names: str) -> str:
    """A one-line key, e.g. "z: the sum before the squash · lr: learning rate, ..."."""
    # Translators: one entry of a key under a chart, e.g. "z: the sum before the squash".
    entry = _("{term}: {plain}")
    return " · ".join(entry.format(term=symbol_of(n), plain=PLAIN[n]) for n in names)


def note(name: str) -> str:
    """One term's words as a sentence under a box, e.g. "Seed: which random start."."""
    symbol = symbol_of(name)
    # Translators: a term's words as a sentence, e.g. "Seed: which random start.".
    return _("{term}: {plain}.").format(term=f"{symbol[:1].upper()}{symbol[1:]}", plain=PLAIN[name])


def diagram_key(activation: str) -> str:
    """The key under the neuron's diagram, which writes z, bias and sigmoid(z)."""
    return key("z", "bias", activation if activation in TERMS else "sigmoid")
