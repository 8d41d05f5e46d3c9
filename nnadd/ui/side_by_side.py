"""Sigmoid and linear, side by side: one click trains both from the same seed."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from nnadd.compare import ComparedRun, comparison, train_both, train_here
from nnadd.data import Example
from nnadd.glossary import PLAIN
from nnadd.i18n import _, ngettext, number
from nnadd.settings import Settings
from nnadd.training import Trainer
from nnadd.ui.figures import CHART_CONFIG
from nnadd.ui.neuron_figures import error_curves_figure
from nnadd.ui.offload import POOL_UPDATES, server_pool, train_elsewhere, waiting_words
from nnadd.wording import comparison_alt, comparison_lesson
from nnadd.workers import adopt


def show(
    settings: Settings,
    data: Sequence[Example],
    test: Sequence[tuple[float, float]],
    earlier: list[ComparedRun] | None,
    owner: str,
) -> list[ComparedRun] | None:
    """The "Train both" button and the last comparison. Returns a new comparison when
    the button was pressed (the caller keeps it), else None. Long runs train in the
    server's worker pool under `owner`'s name, in turn with everyone's."""
    st.header(_("Sigmoid and linear, side by side"))
    box = st.container(key="compare")
    box.caption(
        # Translators: {plain} says what a seed is, in plain words.
        ngettext(
            "Trains a sigmoid and a linear neuron from seed {seed} ({plain}) for {epochs} "
            "epoch at learning rate {lr}, and shows their errors together.",
            "Trains a sigmoid and a linear neuron from seed {seed} ({plain}) for {epochs} "
            "epochs at learning rate {lr}, and shows their errors together.",
            settings.epochs,
        ).format(
            seed=number(settings.seed),
            plain=PLAIN["seed"],
            epochs=number(settings.epochs, ","),
            lr=number(settings.learning_rate, "g"),
        )
    )
    clicked = box.button(_("Train both"), key="compare_button")
    slot = box.empty()
    fresh = None
    if clicked:
        bar = slot.progress(0.0, text=_("Training both"))
        done = [0.0]

        def tell(name: str, share: float, epoch: int) -> None:
            # a drawing call: a click elsewhere stops the training here
            done[0] = share
            # Translators: {name} is sigmoid or linear
            words = _("Training {name}: epoch {epoch} / {target}").format(
                name=name, epoch=number(epoch, ","), target=number(settings.epochs, ",")
            )
            bar.progress(share, text=words)

        def waiting(ahead: int | None) -> None:
            bar.progress(done[0], text=waiting_words(ahead) or _("Training both"))

        pool = server_pool()
        step = train_here
        if pool and settings.epochs * len(data) > POOL_UPDATES:

            def step(run: Trainer, epochs: int) -> None:  # long work: the same rules as Train
                adopt(run, train_elsewhere(pool, owner, run, epochs, waiting))

        runs = train_both(settings.seed, settings.learning_rate, settings.epochs, data, tell, step)
        fresh = comparison(runs, test)
    shown = fresh or earlier
    if shown:
        with slot.container():
            st.plotly_chart(
                error_curves_figure([(c.label, c.points) for c in shown]),
                key="compare-chart", config=CHART_CONFIG,
                alt=comparison_alt([(c.label, c.points) for c in shown]),
            )  # fmt: skip
            for col, c in zip(st.columns(len(shown)), shown, strict=True):
                col.metric(c.label, c.score)
            st.caption(comparison_lesson())
    return fresh
