"""How it works: where the neuron comes from, and each control tied to the article's
words."""

from __future__ import annotations

import streamlit as st

from nnadd.i18n import _, number
from nnadd.wording import how_it_works

ARTICLE = "*Building a Neural Network in Rust (From Scratch)*"


def show(pairs: int | None) -> None:
    """`pairs`: None for the article's training pairs, else how many the user edited."""
    if pairs is None:
        # Translators: {article} is the article's title, kept in English.
        words = _(
            "One neuron, two weights and a bias, trained in pure Python on the {n} training "
            "pairs of the article {article}."
        ).format(n=number(28, ","), article=ARTICLE)
    else:
        words = _(
            "One neuron, two weights and a bias, trained in pure Python on your {n} training "
            "pairs (edited in the sidebar)."
        ).format(n=number(pairs, ","))
    st.caption(words)
    with st.expander(_("How it works")):
        st.markdown(how_it_works())
