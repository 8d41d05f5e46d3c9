"""Where the error lives: over the two input numbers, and over the two weights."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from nnadd.data import Example
from nnadd.evaluate import Evaluation
from nnadd.i18n import N_, _, number
from nnadd.landscape import Best, error_map, error_surface, landscape_ranges
from nnadd.ondemand import Runner
from nnadd.perceptron import Perceptron, activation_word
from nnadd.training import HistoryPoint
from nnadd.ui.figures import CHART_CONFIG
from nnadd.ui.neuron_figures import error_map_figure, landscape_figure
from nnadd.ui.offload import busy, worked_out
from nnadd.wording import error_map_alt, landscape_alt

# said in the landscape's place when there are no best weights (a busy server)
LANDSCAPE_LATER = N_(
    "The loss landscape is not drawn for now: it needs the best weights, which the server "
    "is too busy to work out. Try again in a few seconds."
)


def show(
    network: Perceptron,
    result: Evaluation,
    path_points: Sequence[HistoryPoint],
    data: Sequence[Example],
    test: Sequence[tuple[float, float]],
    best: Best | None,
    run: Runner | None = None,
    expanded: bool = False,
) -> None:
    """The error map of `network` with the test pairs (right or wrong as `result`
    says), and the loss landscape around the weights' path up to the shown epoch and
    the best weights, worked out by `run`. Without the best weights (None: the server
    could not work them out just now), the landscape waits for them.

    Both are drawn only while their expander is open (`expanded`: open at first):
    drawn on every run, they were the slowest part of a finished run's page, for a
    section most visits never scroll to."""
    st.header(_("Where the error lives"))
    box = st.expander(
        _("Show the error map and the loss landscape"), expanded=expanded, key="maps",
        on_change="rerun",
    )  # fmt: skip
    if not box.open:
        return
    with box:
        map_col, land_col = st.columns(2)
        map_col.markdown(_("**Over the two numbers**"))
        map_col.plotly_chart(
            error_map_figure(
                error_map(network), test, [r.correct for r in result.records],
                top=max(r.abs_error for r in result.records),
            ),
            key="error-map", config=CHART_CONFIG, alt=error_map_alt(result),
        )  # fmt: skip
        map_col.caption(
            _(
                "Where the network is wrong: |prediction − (a + b)| for every a and b in "
                "[{low}, {high}], with the test pairs on top. A sigmoid flattens out as its "
                "output nears {high}, so the error grows towards the dashed line a + b = {high} "
                "and beyond."
            ).format(low=number(0), high=number(1))
        )

        land_col.markdown(_("**Over the two weights: the loss landscape**"))
        if best is None:
            busy(land_col, _(LANDSCAPE_LATER), key="landscape_try_again")
            return
        path = [(p.w1, p.w2) for p in path_points]
        w1_range, w2_range = landscape_ranges(path, (best.w1, best.w2))
        surface = worked_out(
            lambda: error_surface(network.activation, network.b, data, w1_range, w2_range, run=run),
            _("The loss landscape is not drawn for now."), key="landscape_try_again",
            where=land_col,
        )  # fmt: skip
        if surface is None:
            return
        land_col.plotly_chart(
            landscape_figure(surface, path, best), key="landscape-chart", config=CHART_CONFIG,
            alt=landscape_alt(path, best.w1, best.w2),
        )  # fmt: skip
        land_col.caption(
            # Translators: {activation} is sigmoid or linear; {how} says how the best
            # weights were found.
            _(
                "The training error for every w1 and w2 with the bias held at {bias}; "
                "darker is lower. The white line is the path the weights took (the bias moved "
                "too, so the path is not exactly on this surface). The best {activation} "
                "weights, w1 = {w1}, w2 = {w2}, bias = {best_bias}, are the star and the "
                "chart's dashed lines: {how}."
            ).format(
                bias=number(network.b, ".3f"), activation=activation_word(network.activation),
                w1=number(best.w1, ".3f"), w2=number(best.w2, ".3f"),
                best_bias=number(best.b, ".3f"), how=best.how,
            )
        )  # fmt: skip
