"""The top of the page: its title, the link's warnings, the five buttons and the
notice under them."""

from __future__ import annotations

import html

import streamlit as st

from nnadd.safe_markdown import as_text
from nnadd.training import Trainer

ARTICLE = "*Building a Neural Network in Rust (From Scratch)*"


def header(pairs: int | None) -> None:
    """The title, and what the neuron trains on: the article's pairs (None) or the
    user's `pairs`."""
    box = st.container(key="title")  # a phone held sideways keeps it for screen readers
    box.title("A neuron learns to add")
    box.caption(
        "One neuron, two weights and a bias, trained in pure Python on "
        + (
            f"the 28 training pairs of the article {ARTICLE}."
            if pairs is None
            else f"your {pairs} training pairs (edited in the sidebar)."
        )
    )


def link_warnings(warnings: list[str]) -> None:
    """What was wrong with the link, in a fixed slot (shown once, on opening it). The
    link's values are quoted in them, so they are shown as text."""
    # Messages go into fixed slots: an element drawn only sometimes would shift the
    # ones after it, and during a run Streamlit would leave the old ones on screen.
    slot = st.empty()
    if warnings:
        slot.warning("\n\n".join(as_text(w) for w in warnings))


def buttons() -> str | None:
    """Train, Pause, Step, Step one pair and Reset; returns the one pressed, if any."""
    # keyed, so that a phone's style can wrap the row (nnadd/ui/screens.py)
    row = st.container(key="buttons").columns([1, 1, 1, 1.5, 1, 1.5])
    pressed = None
    if row[0].button("Train", key="train", type="primary", width="stretch", shortcut="T"):
        pressed = "train"
    if row[1].button("Pause", key="pause", width="stretch", shortcut="P"):
        pressed = "pause"
    if row[2].button("Step", key="step", help="Train exactly one epoch.", width="stretch"):
        pressed = "step"
    if row[3].button(
        "Step one pair", key="step_pair", width="stretch",
        help="Train on the next training pair only, and see its arithmetic below.",
    ):  # fmt: skip
        pressed = "step_pair"
    if row[4].button("Reset", key="reset", width="stretch"):
        pressed = "reset"
    return pressed


# Visually hidden, still read: the usual "screen-reader only" box.
SCREEN_READER_ONLY = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)


def notice(trainer: Trainer, words: tuple[str, str] | None, finished: str | None = None) -> None:
    """The divergence, or the last notice ("info" or "error", words), in a fixed slot;
    else, just after a run, how it ended in a polite live region for screen readers.
    (Not st.toast: Streamlit's toast is a role="alertdialog" whose label axe-core
    cannot find, aria-dialog-name, and it is in no live region.)"""
    slot = st.empty()
    if trainer.diverged:
        slot.error(
            f"Training diverged at epoch {trainer.diverged_at:,}: the weights grew too "
            "large to be numbers. The chart keeps everything up to the last good epoch. "
            "Lower the learning rate and press Reset."
        )
    elif words:
        kind, text = words
        (slot.error if kind == "error" else slot.info)(as_text(text))
    elif finished:
        slot.html(
            f'<div role="status" aria-live="polite" style="{SCREEN_READER_ONLY}">'
            f"{html.escape(finished)}</div>"
        )
