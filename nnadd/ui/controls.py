"""The top of the page: its title, the link's warnings and the five buttons (the notice
under them is the run's: nnadd/ui/run.py)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from nnadd.data import Example
from nnadd.i18n import _, ngettext, number
from nnadd.safe_markdown import as_text


def opening(data: Sequence[Example]) -> str:
    """The page's first line: what the neuron does, with one of its own pairs (the one
    whose target is nearest 0.5, an everyday sum), e.g. "It sees 0.2 + 0.3 → 0.5 and
    27 other sums, again and again, nudging its weights each time to miss by less."
    One line at 1280 px wide; the numbers' key below says what a bias is."""
    a, b, target = min(data, key=lambda e: abs(e.target - 0.5))
    sums = all(abs(x1 + x2 - t) < 1e-9 for x1, x2, t in data)
    others = len(data) - 1
    words = {"a": number(a, "g"), "b": number(b, "g"), "target": number(target, "g")}
    if not others:
        return _(
            "It sees {a} + {b} → {target}, again and again, nudging its weights each time "
            "to miss by less."
        ).format(**words)
    if sums:
        sentence = ngettext(
            "It sees {a} + {b} → {target} and {others} other sum, again and again, nudging "
            "its weights each time to miss by less.",
            "It sees {a} + {b} → {target} and {others} other sums, again and again, nudging "
            "its weights each time to miss by less.",
            others,
        )
    else:
        sentence = ngettext(
            "It sees {a} + {b} → {target} and {others} other pair, again and again, nudging "
            "its weights each time to miss by less.",
            "It sees {a} + {b} → {target} and {others} other pairs, again and again, nudging "
            "its weights each time to miss by less.",
            others,
        )
    return sentence.format(others=number(others, ","), **words)


def header(data: Sequence[Example]) -> None:
    """The title, and one line saying what happens, with the pairs it trains on."""
    box = st.container(key="title")  # a phone held sideways keeps it for screen readers
    box.title(_("A neuron learns to add"))
    box.markdown(as_text(opening(data)))


def link_warnings(warnings: list[str]) -> None:
    """What was wrong with the link, in a fixed slot (shown once, on opening it). The
    link's values are quoted in them, so they are shown as text."""
    # Messages go into fixed slots: an element drawn only sometimes would shift the
    # ones after it, and during a run Streamlit would leave the old ones on screen.
    slot = st.empty()
    if warnings:
        slot.warning("\n\n".join(as_text(w) for w in warnings))


def buttons(pairs: int) -> str | None:
    """Train, Pause, one pair, one epoch and Reset; returns the one pressed, if any.
    The two step buttons say what they step: an epoch is every one of the `pairs`.
    On a phone they wrap in two rows: the three short ones first."""
    # keyed, so that a phone's style can wrap the row (nnadd/ui/screens.py)
    row = st.container(key="buttons").columns([1, 1, 1.1, 1.75, 1, 0.5])
    pressed = None
    if row[0].button(_("Train"), key="train", type="primary", width="stretch", shortcut="T"):
        pressed = "train"
    if row[1].button(_("Pause"), key="pause", width="stretch", shortcut="P"):
        pressed = "pause"
    if row[2].button(
        _("One pair"), key="step_pair", width="stretch",
        help=_("Train on the next training pair only, and see its arithmetic under the numbers."),
    ):  # fmt: skip
        pressed = "step_pair"
    if row[3].button(
        # Translators: the button's small text counts the pairs one epoch trains on.
        ngettext("One epoch :small[({n} pair)]", "One epoch :small[({n} pairs)]", pairs).format(
            n=number(pairs, ",")
        ),
        key="step", help=_("Train one epoch: every training pair once."), width="stretch",
    ):  # fmt: skip
        pressed = "step"
    if row[4].button(_("Reset"), key="reset", width="stretch"):
        pressed = "reset"
    return pressed
