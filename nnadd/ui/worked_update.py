"""One update, worked out: the article's rule with the trainer's own numbers, shown
where the person who pressed One pair is looking (under the numbers it changed)."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from nnadd import explain
from nnadd.i18n import N_, _
from nnadd.perceptron import Update
from nnadd.training import Trainer

TITLE = N_("**One update, worked out**")


def show(where: DeltaGenerator, trainer: Trainer) -> Update | None:
    """The last single update (after One pair) in `where`, keyed for browser tests;
    nothing when there is none (whole epochs trained since, or none yet). Returns it."""
    update = trainer.last_update
    if update is None:
        return None
    box = where.container(key="worked-update", border=True)
    epoch_of, pair = trainer.last_update_at
    box.markdown(_(TITLE))
    box.caption(explain.update_caption(update, epoch_of, pair, len(trainer.data)))
    box.latex(explain.update_latex(update, trainer.network.activation))
    box.caption(explain.update_key(trainer.network.activation))
    return update
