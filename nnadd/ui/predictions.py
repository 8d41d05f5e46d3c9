"""The network's answers for the article's 25 test pairs, scored by its rule."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nnadd.evaluate import Evaluation, evaluate
from nnadd.i18n import N_, _, ngettext, number
from nnadd.perceptron import Perceptron
from nnadd.wording import (
    PREDICTION_COLUMNS,
    RIGHT,
    RIGHT_COLOUR,
    TABLE_ROW_HEIGHT,
    WRONG,
    WRONG_COLOUR,
    prediction_rows,
    table_height,
)

# The table's columns (nnadd/wording.py names them), shown in the reader's language.
# Its numbers are written by the table itself, in the browser's own marks.
COLUMN_WORDS = {
    "First number": N_("First number"),
    "Second number": N_("Second number"),
    "True sum": N_("True sum"),
    "Prediction": N_("Prediction"),
    "Rounded": N_("Rounded"),
    "Right?": N_("Right?"),
    "Absolute error": N_("Absolute error"),
}


def column_config() -> dict[str, object]:
    """Each column's format and help, keyed by its words in the reader's language."""
    configs = {
        "First number": st.column_config.NumberColumn(format="%.1f"),
        "Second number": st.column_config.NumberColumn(format="%.1f"),
        "True sum": st.column_config.NumberColumn(format="%.1f"),
        "Prediction": st.column_config.NumberColumn(format="%.3f"),
        "Rounded": st.column_config.NumberColumn(format="%.1f", help=_("to one decimal")),
        # coloured labels, drawn by the table itself: a pandas Styler doing the same was a
        # large share of the server's time for every page
        "Right?": st.column_config.MultiselectColumn(
            help=_("right when Rounded equals the true sum"),
            options=[_(RIGHT), _(WRONG)],
            color=[RIGHT_COLOUR, WRONG_COLOUR],
        ),
        "Absolute error": st.column_config.NumberColumn(format="%.3f"),
    }
    return {_(COLUMN_WORDS[name]): config for name, config in configs.items()}


def show(network: Perceptron, test: Sequence[tuple[float, float]]) -> Evaluation:
    """The score, the mean absolute error and the table; returns the evaluation."""
    st.header(
        ngettext(
            "Its answers for the article's {n} test pair",
            "Its answers for the article's {n} test pairs",
            len(test),
        ).format(n=number(len(test), ","))
    )
    result = evaluate(network, test)
    box = st.container(key="predictions")
    right_col, mae_col, rule_col = box.columns([1.4, 1, 1.6])
    right_col.metric(_("Right answers"), result.summary)
    mae_col.metric(_("Mean absolute error"), number(result.mean_abs_error, ".3f"))
    rule_col.caption(
        _(
            "A prediction is right when, rounded to one decimal, it equals the true sum: "
            "the article's rule."
        )
    )
    box.caption(
        _("The table changes when a run ends or pauses; the score above the chart is live.")
    )
    table = pd.DataFrame(prediction_rows(result), columns=PREDICTION_COLUMNS)
    # the marks ✔ right and ✘ wrong (nnadd/wording.py marks them for translation)
    table["Right?"] = table["Right?"].map(_)
    table = table.rename(columns=lambda name: _(COLUMN_WORDS.get(name, name)))
    box.dataframe(
        table,
        hide_index=True, row_height=TABLE_ROW_HEIGHT, height=table_height(len(table)),
        column_config=column_config(),
    )  # fmt: skip
    return result
