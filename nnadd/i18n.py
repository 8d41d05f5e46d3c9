"""Words and numbers in the reader's language, with the standard library only.

Every sentence a person sees goes through `_` (or `ngettext` when it counts something),
and every number through `number`. Both read the language of the current script run,
which the page sets at its top with `using(...)`. One server teaches a class in German
and a visitor in English at the same moment, so the language is never process-wide
(no `gettext.install`): it lives in a context variable of the thread that runs the
page. With nothing set, as in the command line, everything stays English and every
number keeps Python's own form, so `python -m nnadd` prints the article's table byte
for byte.

The page builds the other languages (their catalogs and their numbers' symbols) with
Babel, in nnadd/ui/language.py; nothing here imports it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Numbers:
    """How a language writes a number: its decimal mark, the mark between groups of
    thousands, its minus sign and its percent sign (with the space before it, if any).
    English writes 10,000.5, -0.4 and 5.9%; German 10.000,5 and 5,9 %."""

    decimal: str = "."
    group: str = ","
    minus: str = "-"
    percent: str = "%"

    def write(self, python_text: str) -> str:
        """Python's own form of a number ("-10,000.5", "5.9%") in this language's marks."""
        if (self.decimal, self.group, self.minus, self.percent) == (".", ",", "-", "%"):
            return python_text
        table = {
            ord("."): self.decimal, ord(","): self.group, ord("-"): self.minus,
            ord("%"): self.percent,
        }  # fmt: skip
        return python_text.translate(table)


@dataclass(frozen=True)
class Language:
    """One language a page can speak: its code in links and in `<html lang>`, its own
    name ("Deutsch"), its catalog of translations and its numbers."""

    code: str
    name: str
    html_lang: str
    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    numbers: Numbers = field(default_factory=Numbers)

    def __repr__(self) -> str:
        return f"Language({self.code!r}, {self.name!r})"


ENGLISH = Language("en", "English", "en")

_current: ContextVar[Language] = ContextVar("nnadd_language", default=ENGLISH)


def current() -> Language:
    """The language of this script run (English unless the page chose another)."""
    return _current.get()


def use(language: Language) -> None:
    """Speak `language` for the rest of this script run (the page calls it first)."""
    _current.set(language)


@contextmanager
def using(language: Language) -> Iterator[Language]:
    """Speak `language` inside a `with` block only (tests, and work done for a page on
    another thread), then go back to the language before."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` (written in English) in the current language."""
    return _current.get().catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that fits `count` in the current language: "1
    answer" and "2 answers" in English, one form for both in Chinese. The caller still
    puts the number in, e.g. ngettext("{n} answer", "{n} answers", n).format(n=...)."""
    return _current.get().catalog.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for translation where it is written (a table built at import)
    without translating it there: the code that shows it calls `_` on it then."""
    return message


class Translated(Mapping[str, str]):
    """A table of words written at import (each value marked with N_), that gives each
    value in the current language when it is looked up: PLAIN["bias"] is "the neuron's
    own nudge" in English and its German words in German."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = dict(table)

    def __getitem__(self, name: str) -> str:
        return _(self._table[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"Translated({self._table!r})"


def language_in_link() -> dict[str, str]:
    """The `lang` that a link the page makes carries (the shared link, the lesson's
    links and QR code, the poll's student link, the worksheet's): the page's language,
    or none for English, the source, which leaves each reader's browser to choose."""
    code = _current.get().code
    return {} if code == "en" else {"lang": code}


def number(value: float, spec: str = "") -> str:
    """`value` written as `format(value, spec)` would write it, in the current
    language's marks: number(0.8625, ".4f") is "0.8625" in English and "0,8625" in
    German; number(10000, ",") is "10,000", "10.000" or "10 000" (French)."""
    return _current.get().numbers.write(format(value, spec))


def latex_number(value: float, spec: str = "") -> str:
    """A number for LaTeX (the worked arithmetic): a decimal comma must be written
    "{,}" there, or LaTeX puts a space after it as after a list's comma."""
    text = number(value, spec)
    return text.replace(",", "{,}")


def number_box_help(help_text: str | None = None) -> str | None:
    """A number box's help, plus how to type a decimal where the language writes a
    decimal comma: Streamlit's number boxes read a point only, and drop a comma (so
    "0,25" would become 25)."""
    if _current.get().numbers.decimal == ".":
        return help_text
    # Translators: keep the point in 0.25: it is what the box reads
    hint = _("Type a decimal with a point, as in 0.25: a number box drops a comma.")
    return f"{help_text}\n\n{hint}" if help_text else hint
