"""Sigmoid and linear, side by side: one click trains both from the same seed."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from nnadd.compare import ComparedRun, comparison, train_both
from nnadd.data import Example
from nnadd.settings import Settings
from nnadd.ui.figures import CHART_CONFIG, error_curves_figure
from nnadd.wording import COMPARISON_LESSON, comparison_alt


def show(
    settings: Settings,
    data: Sequence[Example],
    test: Sequence[tuple[float, float]],
    earlier: list[ComparedRun] | None,
) -> list[ComparedRun] | None:
    """The "Train both" button and the last comparison. Returns a new comparison when
    the button was pressed (the caller keeps it), else None."""
    st.subheader("Sigmoid and linear, side by side")
    box = st.container(key="compare")
    box.caption(
        f"Trains a sigmoid and a linear neuron from seed {settings.seed} for "
        f"{settings.epochs:,} epochs at learning rate {settings.learning_rate:g}, and shows "
        "their errors together."
    )
    clicked = box.button("Train both", key="compare_button")
    slot = box.empty()
    fresh = None
    if clicked:
        bar = slot.progress(0.0, text="Training both")

        def tell(name: str, done: float, epoch: int) -> None:
            # a drawing call: a click elsewhere stops the training here
            bar.progress(done, text=f"Training {name}: epoch {epoch:,} / {settings.epochs:,}")

        runs = train_both(settings.seed, settings.learning_rate, settings.epochs, data, tell)
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
            st.caption(COMPARISON_LESSON)
    return fresh
