"""The top of the page: its title, the link's warnings and the five buttons (the notice
under them is the run's: nnadd/ui/run.py)."""

from __future__ import annotations

import streamlit as st

from nnadd.safe_markdown import as_text

ARTICLE = "*Building a Neural Network in Rust (From Scratch)*"


def header(pairs: int | None) -> None:
    """The title, and what the neuron trains on: the article's pairs (None) or the
    user's `pairs`."""
    box = st.container(key="title")  # a phone held sideways keeps it for screen readers
    box.title("A neuron learns to add")
    box.caption(
        "One neuron, trained in pure Python on "
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
