"""One update, worked out: the article's rule with the trainer's own numbers."""

from __future__ import annotations

import streamlit as st

from nnadd import explain
from nnadd.perceptron import Update
from nnadd.training import Trainer


def show(trainer: Trainer) -> Update | None:
    """The last single update (after Step one pair), or how to get one; returns it."""
    st.header("One update, worked out")
    box = st.container(key="worked-update")
    update = trainer.last_update
    if update is None:  # two elements either way, so nothing below moves
        box.caption("No single update yet.")
        box.info(
            "Press **Step one pair** to train on the next training pair, and its arithmetic "
            "appears here with the real numbers."
        )
        return None
    epoch_of, pair = trainer.last_update_at
    box.caption(explain.update_caption(update, epoch_of, pair, len(trainer.data)))
    box.latex(explain.update_latex(update, trainer.network.activation))
    box.caption(explain.update_key(trainer.network.activation))
    return update
