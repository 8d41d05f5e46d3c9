"""The network's answers for the article's 25 test pairs, scored by its rule."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nnadd.evaluate import Evaluation, evaluate
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

COLUMN_CONFIG = {
    "First number": st.column_config.NumberColumn(format="%.1f"),
    "Second number": st.column_config.NumberColumn(format="%.1f"),
    "True sum": st.column_config.NumberColumn(format="%.1f"),
    "Prediction": st.column_config.NumberColumn(format="%.3f"),
    "Rounded": st.column_config.NumberColumn(format="%.1f", help="to one decimal"),
    # coloured labels, drawn by the table itself: a pandas Styler doing the same was a
    # large share of the server's time for every page
    "Right?": st.column_config.MultiselectColumn(
        help="right when Rounded equals the true sum",
        options=[RIGHT, WRONG],
        color=[RIGHT_COLOUR, WRONG_COLOUR],
    ),
    "Absolute error": st.column_config.NumberColumn(format="%.3f"),
}


def show(network: Perceptron, test: Sequence[tuple[float, float]]) -> Evaluation:
    """The score, the mean absolute error and the table; returns the evaluation."""
    st.header("Its answers for the article's 25 test pairs")
    result = evaluate(network, test)
    box = st.container(key="predictions")
    right_col, mae_col, rule_col = box.columns([1.4, 1, 1.6])
    right_col.metric("Right answers", result.summary)
    mae_col.metric("Mean absolute error", f"{result.mean_abs_error:.3f}")
    rule_col.caption(
        "A prediction is right when, rounded to one decimal, it equals the true sum: "
        "the article's rule."
    )
    box.caption("The table changes when a run ends or pauses; the score above the chart is live.")
    table = pd.DataFrame(prediction_rows(result), columns=PREDICTION_COLUMNS)
    box.dataframe(
        table,
        hide_index=True, row_height=TABLE_ROW_HEIGHT, height=table_height(len(table)),
        column_config=COLUMN_CONFIG,
    )  # fmt: skip
    return result
