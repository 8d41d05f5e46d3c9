"""The sidebar: the run's settings, how it starts, and its training data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nnadd.data import Example, article_data
from nnadd.editing import COLUMNS, MAX_ROWS, check_rows
from nnadd.glossary import note
from nnadd.i18n import N_, _, ngettext, number, number_box_help
from nnadd.links import FIELDS
from nnadd.pacing import SPEED_CAPTIONS, SPEEDS
from nnadd.perceptron import ACTIVATIONS, activation_word
from nnadd.safe_markdown import as_text
from nnadd.settings import STARTS, Settings
from nnadd.ui.formats import shown

MAX_SHOWN_ERRORS = 8
# The speeds' and the starts' words; the radios keep the English names as their values
# (they are the link's values too).
SPEED_LABELS = {"Slow": N_("Slow"), "Watch": N_("Watch"), "Fast": N_("Fast")}
# Translators: the activations' names in the select box (and in the page's sentences)
# the data editor's columns: x1 and x2 are the maths' symbols, the same in every language
COLUMN_WORDS = {"x1": "x1", "x2": "x2", "target": N_("target")}
START_LABELS = {"seed": N_("the seed"), "weights": N_("typed weights")}
STARTING = (
    (N_("Starting w1"), "w1"), (N_("Starting w2"), "w2"), (N_("Starting bias"), "b"),
)  # fmt: skip


def show(
    editor_rows: list[Example],
    editor_version: int,
    current_data: tuple[Example, ...] | None,
    on_restore,
    typed_start: tuple[float, float, float],
    autostart: bool,
) -> Settings:
    """Draw the sidebar and return the settings it holds. `current_data` is the
    network's data, kept when the edited data is refused."""
    with st.sidebar:
        st.header(_("Settings"))
        epochs = st.number_input(
            _("Epochs"), min_value=FIELDS["epochs"].low, max_value=FIELDS["epochs"].high,
            step=1000, key="epochs",
            help=_("How many passes over the training pairs Train runs in all."),
        )  # fmt: skip
        learning_rate = st.number_input(
            _("Learning rate"), min_value=FIELDS["learning_rate"].low,
            max_value=FIELDS["learning_rate"].high,
            step=0.01, format="%.4f", key="learning_rate",
            help=number_box_help(
                _("How big each nudge to the weights is. Applies from the next epoch.")
            ),
        )  # fmt: skip
        seed = st.number_input(
            _("Seed"), min_value=FIELDS["seed"].low, max_value=FIELDS["seed"].high, step=1,
            key="seed",
            help=_("Picks the random starting weights. Changing it resets the network."),
        )  # fmt: skip
        st.caption(note("seed"))
        activation = st.selectbox(
            _("Activation"), list(ACTIVATIONS), key="activation",
            format_func=shown(activation_word),
            # Translators: sigmoid and linear are the activations' names, kept as they are.
            help=_("sigmoid: {sigmoid}. linear: {linear}. Changing it resets the network.").format(
                sigmoid=_(ACTIVATIONS["sigmoid"].description),
                linear=_(ACTIVATIONS["linear"].description),
            ),
        )  # fmt: skip
        speed = st.radio(
            _("Speed"),
            list(SPEEDS),
            key="speed",
            captions=[_(SPEED_CAPTIONS[s]) for s in SPEEDS],
            format_func=shown(lambda s: _(SPEED_LABELS[s])),
        )
        start = st.radio(
            _("Start from"), STARTS, key="start", horizontal=True,
            format_func=shown(lambda s: _(START_LABELS[s])),
            help=_("Random starting weights drawn from the seed, or weights you type."),
        )  # fmt: skip
        if start == "weights":
            for label, name in STARTING:
                field = FIELDS[name]
                st.number_input(
                    _(label), min_value=field.low, max_value=field.high, step=0.1,
                    format="%.4f", key=field.widget, persist_state="session",
                    help=number_box_help(),
                )  # fmt: skip
            st.caption(note("bias"))
        data = _training_data(editor_rows, editor_version, current_data, on_restore)
    w1, w2, b = typed_start
    return Settings(
        epochs=epochs, learning_rate=learning_rate, seed=seed, activation=activation,
        speed=speed, start=start, w1=w1, w2=w2, b=b,
        data=None if data == article_data().training else data, autostart=autostart,
    )  # fmt: skip


def _training_data(
    rows: list[Example], version: int, current: tuple[Example, ...] | None, on_restore
) -> tuple[Example, ...] | None:
    """The data editor; returns the checked rows, or `current` when they are refused."""
    with st.expander(
        ngettext("Training data ({n} pair)", "Training data ({n} pairs)", len(rows)).format(
            n=number(len(rows), ",")
        )
    ):
        targets_are_sums = st.toggle(
            _("Targets = true sums"), key="targets_are_sums",
            help=_(
                "On: you type only the two numbers, and each target is their sum. "
                "Off: type any target, even a wrong one, to see what bad data does."
            ),
        )  # fmt: skip
        edited = st.data_editor(
            pd.DataFrame(rows, columns=list(COLUMNS)),
            key=f"data_editor_{version}", num_rows="dynamic", hide_index=True,
            column_order=COLUMNS[:2] if targets_are_sums else COLUMNS,
            column_config={
                name: st.column_config.NumberColumn(_(COLUMN_WORDS[name]), format="%.3f")
                for name in COLUMNS
            },
        )  # fmt: skip
        st.caption(
            _("At most {most} pairs. The {tests} test pairs stay the article's.").format(
                most=number(MAX_ROWS, ","), tests=number(25, ",")
            )
        )
        checked = check_rows(edited.values.tolist(), targets_are_sums)
        for words in checked.errors[:MAX_SHOWN_ERRORS]:
            st.error(as_text(words))  # row messages quote what was typed
        if len(checked.errors) > MAX_SHOWN_ERRORS:
            more = len(checked.errors) - MAX_SHOWN_ERRORS
            st.error(
                ngettext(
                    "... and {n} more. The network keeps its data.",
                    "... and {n} more. The network keeps its data.",
                    more,
                ).format(n=number(more, ","))
            )
        for words in checked.warnings:
            st.warning(as_text(words))
        st.button(_("Restore the article's data"), on_click=on_restore, key="restore")
    if checked.errors:
        return current
    return checked.rows or None
