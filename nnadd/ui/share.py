"""Share, save and compare: a link to this run, the files, and kept runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from nnadd.i18n import _, number
from nnadd.modelfile import dump_model
from nnadd.settings import Settings
from nnadd.training import HistoryPoint, Trainer
from nnadd.wording import MAX_KEPT, share_link


def show(
    settings: Settings,
    query: Mapping[str, str],
    page_url: str | None,
    trainer: Trainer,
    kept: Sequence[tuple[str, Sequence[HistoryPoint]]],
    on_upload: Callable[[], None],
) -> str | None:
    """The link, the downloads, the model upload and the kept-runs buttons. Returns
    "keep" or "forget" when one of those was pressed."""
    st.header(_("Share, save and compare"))
    box = st.container(key="share")
    link_col, files_col = box.columns(2)
    link_col.markdown(_("**A link to this run**"))
    link_col.code(share_link(page_url, query), language=None, wrap_lines=True)
    link_col.checkbox(
        _("Start training as soon as the link is opened"), key="autostart",
        # Translators: autostart=1 is written in the link as it is
        help=_("Adds autostart=1 to the link."),
    )  # fmt: skip
    link_col.caption(_("The same link and seed give the same numbers, on any machine."))
    files_col.markdown(_("**Files**"))
    points = trainer.history.points()
    # written when clicked, not on every run of the page (a callable is Streamlit's way)
    files_col.download_button(
        _("Download the history (CSV)"), key="download_history",
        data=lambda: pd.DataFrame(points).to_csv(index=False), file_name="nnadd-history.csv",
        mime="text/csv", help=_("Epoch, w1, w2, bias and error for every recorded epoch."),
    )  # fmt: skip
    files_col.download_button(
        _("Download the model (JSON)"), key="download_model",
        data=lambda: dump_model(trainer.network, trainer.epoch, settings),
        file_name="nnadd-model.json", mime="application/json",
        help=_("The weights, the bias, the epoch and the settings, to load again later."),
    )  # fmt: skip
    files_col.file_uploader(
        _("Load a model file (JSON, at most {size} KiB)").format(size=number(64)),
        type=["json"], key="model_upload",
        on_change=on_upload, max_upload_size=1,  # MB; modelfile refuses past 64 KiB
        help=_("Continue training a saved network, or look at its answers."),
    )  # fmt: skip
    keep_col, forget_col, _space = box.columns([1.2, 1.2, 2])
    pressed = None
    if keep_col.button(_("Keep this run"), key="keep_run", disabled=len(points) < 2):
        pressed = "keep"
    if forget_col.button(_("Forget kept runs"), key="forget_runs", disabled=not kept):
        pressed = "forget"
    box.caption(
        _(
            "Keep up to {most} runs: their error curves stay on the chart above, "
            "labelled with their settings. Different seeds end at the same weights; a larger "
            "learning rate gets there sooner."
        ).format(most=number(MAX_KEPT))
    )
    return pressed
