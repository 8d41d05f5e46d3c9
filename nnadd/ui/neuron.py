"""Inside the neuron: its diagram, and "Add two numbers" with the network shown."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.perceptron import Perceptron
from nnadd.wording import DEFAULT_FIRST, DEFAULT_SECOND, sum_explanation


class Neuron(NamedTuple):
    diagram: DeltaGenerator  # the diagram's slot: the live draw fills it
    a: float  # the two numbers typed, which flow through the diagram
    b: float


def show(network: Perceptron, untrained: bool) -> Neuron:
    """The section's heading, the diagram's slot and its caption, and "Add two numbers"
    answered by `network`. `untrained` says the network has not trained an epoch yet."""
    st.subheader("Inside the neuron")
    diagram_col, adder_col = st.columns(2)
    diagram = diagram_col.empty()
    diagram_col.caption(
        "Each line's thickness is its weight's size (blue positive, red negative). The two "
        "numbers on the right flow through it."
    )
    adder = adder_col.container(key="add-two-numbers")
    adder.markdown("**Add two numbers**")
    first_col, second_col = adder.columns(2)
    a = first_col.number_input(
        "First number", min_value=-1000.0, max_value=1000.0, value=DEFAULT_FIRST,
        step=0.1, format="%.3f", key="first_number",
    )  # fmt: skip
    b = second_col.number_input(
        "Second number", min_value=-1000.0, max_value=1000.0, value=DEFAULT_SECOND,
        step=0.1, format="%.3f", key="second_number",
    )  # fmt: skip
    guess = network.predict(a, b)
    adder.metric("The network's sum", f"{guess:.4f}")
    true_col, diff_col = adder.columns(2)
    true_col.metric("True sum", f"{a + b:.4f}")
    diff_col.metric("Difference", f"{guess - (a + b):+.4f}")
    untrained_note, explanation_slot = adder.empty(), adder.empty()
    if untrained:
        untrained_note.caption("The network is untrained: this is its random first guess.")
    explanation = sum_explanation(a, b, network.activation)
    if explanation:
        explanation_slot.warning(explanation)
    return Neuron(diagram, a, b)
