"""The answers and the run as plain tables: HTML tables that a screen reader walks cell
by cell (the interactive table and the chart above are drawn on a canvas)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nnadd.evaluate import Evaluation
from nnadd.i18n import _, ngettext, number
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
    with st.expander(_("Read the answers and the run as plain tables"), key="plain_tables"):
        pairs = len(result.records)
        st.markdown(
            ngettext(
                "**The {n} test pair: {summary}**", "**The {n} test pairs: {summary}**", pairs
            ).format(n=number(pairs, ","), summary=result.summary)
        )
        # the columns' names and the cells' right / wrong are nnadd/wording.py's, marked there
        answers = [(*row[:3], _(row[3])) for row in answer_rows(result)]
        st.table(pd.DataFrame(answers, columns=[_(c) for c in ANSWER_COLUMNS]), hide_index=True)
        shown = history_rows(points)
        recorded = number(len(points), ",")
        st.markdown(
            ngettext(
                "**The run: {shown} of its {recorded} recorded epoch**",
                "**The run: {shown} of its {recorded} recorded epochs**",
                len(points),
            ).format(shown=number(len(shown), ","), recorded=recorded)
            if len(points) > HISTORY_ROWS
            else ngettext(
                "**The run: all {recorded} recorded epoch**",
                "**The run: all {recorded} recorded epochs**",
                len(points),
            ).format(recorded=recorded)
        )
        st.table(pd.DataFrame(shown, columns=[_(c) for c in HISTORY_COLUMNS]), hide_index=True)
