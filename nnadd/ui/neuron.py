"""Inside the neuron: its diagram, and "Add two numbers" with the network shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.adding import affordable, trained_network
from nnadd.i18n import N_, _, ngettext, number, number_box_help
from nnadd.ondemand import NotNow, Runner
from nnadd.perceptron import Perceptron
from nnadd.settings import Settings, start_network
from nnadd.training import Trainer
from nnadd.ui.offload import busy
from nnadd.wording import DEFAULT_FIRST, DEFAULT_SECOND, DIAGRAM_KEY, sum_explanation


class Trained(NamedTuple):
    """What the same settings answer after training: the network, or None when it is
    not trained on demand (too long, the run on screen is training it, or the server is
    busy), and the epochs it means; `instead` is shown in the network's place, and
    `busy` says why the server could not train it now."""

    network: Perceptron | None
    epochs: int
    instead: str = N_("Train to see")  # marked here, translated where shown
    busy: str | None = None


BUSY = N_("Server busy")  # the metric's value while the server can't train it


class Neuron(NamedTuple):
    diagram: DeltaGenerator  # the diagram's slot: the live draw fills it
    a: float  # the two numbers typed, which flow through the diagram
    b: float
    # redraws the sum for (network, epoch): a run calls it with the diagram
    follow: Callable[[Perceptron, int], None] | None = None


class Answer(NamedTuple):
    """The places of "The network's sum", "Difference" and the untrained note: a run
    redraws them with the diagram, so that the sum beside it is the diagram's output."""

    guess: DeltaGenerator
    difference: DeltaGenerator
    note: DeltaGenerator


SUM_HELP = N_("What the network on screen answers now.")


def show_answer(answer: Answer, network: Perceptron, a: float, b: float) -> None:
    """The network's sum of a and b, and how far it is from the true sum."""
    guess = network.predict(a, b)
    answer.guess.metric(_("The network's sum"), number(guess, ".4f"), help=_(SUM_HELP))
    answer.difference.metric(_("Difference"), number(guess - (a + b), "+.4f"))


def follower(answer: Answer, a: float, b: float, noted: bool) -> Callable[[Perceptron, int], None]:
    """What a run calls to redraw the answer for the network it has trained so far;
    `noted`: the page says the network is untrained, until its first epoch."""

    def follow(network: Perceptron, epoch: int) -> None:
        nonlocal noted
        show_answer(answer, network, a, b)
        if noted and epoch > 0:
            answer.note.empty()  # no longer "untrained": cleared once, not every redraw
            noted = False

    return follow


def trained_beside(
    settings: Settings,
    trainer: Trainer,
    shown_epoch: int,
    loaded: bool,
    running: bool,
    run: Runner | None = None,
) -> Trained | None:
    """The answer after training to show beside the current one, or None when the
    network shown has trained that far already, or was loaded from a model file.
    While a run is under way it is not trained on demand: the run on screen is
    training that very network, and training it twice would double a class's
    training work on the server (every student opening a link with a seed of their
    own and autostart). It is trained by `run` (here by default; the page's runner
    sends it to a worker), and a busy server leaves it out for now."""
    if loaded or shown_epoch >= settings.epochs:
        return None
    if running:
        return Trained(None, settings.epochs, N_("Training now"))
    if not affordable(settings.epochs, len(trainer.data)):
        return Trained(None, settings.epochs)
    start = start_network(settings)
    try:
        network = trained_network(start, settings.learning_rate, settings.epochs, trainer.data, run)
    except NotNow as why:
        return Trained(None, settings.epochs, BUSY, str(why))
    return Trained(network, settings.epochs)


def show(
    network: Perceptron,
    untrained: bool,
    trained: Trained | None = None,
    where: DeltaGenerator | None = None,
) -> Neuron:
    """The section's heading, the diagram's slot and its caption, and "Add two numbers"
    answered by `network`, in `where` (the page, if None). `untrained` says the network
    has not trained on a pair yet. `trained` is the same settings' network after
    training, shown beside it; None when the network on screen is already the trained
    one (or a loaded model)."""
    where = st.container() if where is None else where
    where.header(_("Inside the neuron"))
    diagram_col, adder_col = where.columns(2)
    diagram = diagram_col.empty()
    diagram_col.caption(
        _(
            "Each line's thickness is its weight's size (blue positive, red negative). The two "
            "numbers on the right flow through it."
        )
    )
    diagram_col.caption(DIAGRAM_KEY(network.activation))
    adder = adder_col.container(key="add-two-numbers")
    adder.markdown(_("**Add two numbers**"))
    first_col, second_col = adder.columns(2)
    a = first_col.number_input(
        _("First number"), min_value=-1000.0, max_value=1000.0, value=DEFAULT_FIRST,
        step=0.1, format="%.3f", key="first_number", help=number_box_help(),
    )  # fmt: skip
    b = second_col.number_input(
        _("Second number"), min_value=-1000.0, max_value=1000.0, value=DEFAULT_SECOND,
        step=0.1, format="%.3f", key="second_number", help=number_box_help(),
    )  # fmt: skip
    now_col, after_col = adder.columns(2)
    guess_slot = now_col.empty()
    if trained is not None:
        after = (
            number(trained.network.predict(a, b), ".4f") if trained.network else _(trained.instead)
        )
        after_col.metric(
            ngettext("After {n} epoch", "After {n} epochs", trained.epochs).format(
                n=number(trained.epochs, ",")
            ),
            after,
            # Translators: "Epochs" is the sidebar's box of that name.
            help=_(
                "What the same settings (seed, learning rate, activation, data) answer "
                "once trained for Epochs epochs."
            ),
        )
        if trained.busy:
            busy(after_col, trained.busy, key="after_try_again")
    true_col, diff_col = adder.columns(2)
    true_col.metric(_("True sum"), number(a + b, ".4f"))
    answer = Answer(guess_slot, diff_col.empty(), adder.empty())
    show_answer(answer, network, a, b)
    explanation_slot = adder.empty()
    if untrained:
        answer.note.caption(_("The network is untrained: this is its random first guess."))
    explanation = sum_explanation(a, b, network.activation)
    if explanation:
        explanation_slot.warning(explanation)
    return Neuron(diagram, a, b, follower(answer, a, b, noted=untrained))
