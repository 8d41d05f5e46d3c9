"""Replay: after a run, any recorded epoch can be looked at again."""

from __future__ import annotations

from typing import NamedTuple

from streamlit.delta_generator import DeltaGenerator

from nnadd.i18n import _, number
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint, Trainer
from nnadd.ui.formats import shown


class Shown(NamedTuple):
    """What the page shows: the latest network, or the one of a replayed epoch."""

    epoch: int
    point: HistoryPoint  # the history point of that epoch
    network: Perceptron
    replayed: bool


def show(slot: DeltaGenerator, note: DeltaGenerator, trainer: Trainer, running: bool) -> Shown:
    """The replay slider (at rest, once there is a history) in `slot`, and a note in
    `note` while an earlier epoch is shown."""
    points = trainer.history.points()
    epoch = trainer.epoch
    if not running and len(points) > 1:
        # a new key whenever the network has trained on, so the slider starts at the end
        epoch = slot.select_slider(
            _("Replay an epoch"), options=[p.epoch for p in points], value=trainer.epoch,
            key=f"replay_{trainer.epoch}", format_func=shown(lambda e: number(e, ",")),
            help=_("Show the network as it was after that epoch: numbers, diagram and table."),
        )  # fmt: skip
    if epoch == trainer.epoch:
        return Shown(epoch, trainer.now(), trainer.network, False)  # within an epoch too
    point = next(p for p in points if p.epoch == epoch)
    note.info(
        _("Replaying epoch {epoch}. Press Train, or slide to the end.").format(
            epoch=number(epoch, ",")
        )
    )
    network = Perceptron(point.w1, point.w2, point.b, trainer.network.activation)
    return Shown(epoch, point, network, True)
