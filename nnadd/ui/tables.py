"""The answers and the run as plain tables: HTML tables that a screen reader walks cell
by cell (the interactive table and the chart above are drawn on a canvas)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nnadd.evaluate import Evaluation
from nnadd.training import HistoryPoint
from nnadd.wording import (
    ANSWER_COLUMNS,
    HISTORY_COLUMNS,
    HISTORY_ROWS,
    answer_rows,
    history_rows,
)


def show(result: Evaluation, points: Sequence[HistoryPoint]) -> None:
    """In a closed expander: the 25 answers, and the run at up to HISTORY_ROWS epochs."""
    with st.expander("Read the answers and the run as plain tables", key="plain_tables"):
        st.markdown(f"**The 25 test pairs: {result.summary}**")
        st.table(pd.DataFrame(answer_rows(result), columns=ANSWER_COLUMNS), hide_index=True)
        shown = history_rows(points)
        st.markdown(
            f"**The run: {len(shown)} of its {len(points):,} recorded epochs**"
            if len(points) > HISTORY_ROWS
            else f"**The run: all {len(points):,} recorded epochs**"
        )
        st.table(pd.DataFrame(shown, columns=HISTORY_COLUMNS), hide_index=True)
