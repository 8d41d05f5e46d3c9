"""The network's answers for the article's 25 test pairs, scored by its rule."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nnadd import i18n
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
# Its numbers: see comma_language.
COLUMN_WORDS = {
    "First number": N_("First number"),
    "Second number": N_("Second number"),
    "True sum": N_("True sum"),
    "Prediction": N_("Prediction"),
    "Rounded": N_("Rounded"),
    "Right?": N_("Right?"),
    "Absolute error": N_("Absolute error"),
}


# Each number column's decimals (printf style, as the table's NumberColumn takes them)
DECIMALS = {
    "First number": 1, "Second number": 1, "True sum": 1, "Prediction": 3, "Rounded": 1,
    "Absolute error": 3,
}  # fmt: skip


def comma_language() -> bool:
    """Whether the reader's language writes a decimal comma. The table writes its own
    numbers with a point whatever the language (printf formats), so in such a language
    the page writes them itself, as text."""
    return i18n.current().numbers.decimal != "."


def column_config() -> dict[str, object]:
    """Each column's format and help, keyed by its words in the reader's language."""
    helps = {
        "Rounded": _("to one decimal"),
        "Absolute error": None,
    }
    if comma_language():  # the numbers come as text, already in the language's form
        numbers = {name: st.column_config.TextColumn(help=helps.get(name)) for name in DECIMALS}
    else:
        numbers = {
            name: st.column_config.NumberColumn(format=f"%.{d}f", help=helps.get(name))
            for name, d in DECIMALS.items()
        }
    configs = {
        **numbers,
        # coloured labels, drawn by the table itself: a pandas Styler doing the same was a
        # large share of the server's time for every page
        "Right?": st.column_config.MultiselectColumn(
            help=_("right when Rounded equals the true sum"),
            options=[_(RIGHT), _(WRONG)],
            color=[RIGHT_COLOUR, WRONG_COLOUR],
        ),
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
    if comma_language():
        for name, d in DECIMALS.items():
            table[name] = table[name].map(lambda v, d=d: number(v, f".{d}f"))
    table = table.rename(columns=lambda name: _(COLUMN_WORDS.get(name, name)))
    box.dataframe(
        table,
        hide_index=True, row_height=TABLE_ROW_HEIGHT, height=table_height(len(table)),
        column_config=column_config(),
    )  # fmt: skip
    return result
