"""How it works: where the neuron comes from, and each control tied to the article's
words."""

from __future__ import annotations

import streamlit as st

from nnadd.wording import HOW_IT_WORKS

ARTICLE = "*Building a Neural Network in Rust (From Scratch)*"


def show(pairs: int | None) -> None:
    """`pairs`: None for the article's training pairs, else how many the user edited."""
    st.caption(
        "One neuron, two weights and a bias, trained in pure Python on "
        + (
            f"the 28 training pairs of the article {ARTICLE}."
            if pairs is None
            else f"your {pairs} training pairs (edited in the sidebar)."
        )
    )
    with st.expander("How it works"):
        st.markdown(HOW_IT_WORKS)
