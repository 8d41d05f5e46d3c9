"""One update, worked out: the article's rule with the trainer's own numbers filled in."""

from __future__ import annotations

from typing import NamedTuple

from nnadd.glossary import key
from nnadd.perceptron import Update


def num(x: float) -> str:
    """Six significant digits, the way a calculator shows them."""
    text = f"{x:.6g}"
    if "e" in text:  # 1.2e-07 -> 1.2 \times 10^{-7}
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def factor(x: float) -> str:
    """A number inside a product, in brackets when it is negative."""
    return f"({num(x)})" if x < 0 else num(x)


class Step(NamedTuple):
    """One line of the working: what it is, the rule, the rule with numbers, the result."""

    name: str
    rule: str
    working: str
    value: float


def update_steps(u: Update, activation: str) -> list[Step]:
    if activation == "sigmoid":
        output_rule = r"\sigma(z) = \frac{1}{1 + e^{-z}}"
        output_working = rf"\frac{{1}}{{1 + e^{{{-u.z:.6g}}}}}"
        delta_rule = r"\text{output}\,(1 - \text{output})"
        delta_working = rf"{factor(u.output)} \cdot (1 - {factor(u.output)})"
    else:  # linear: the output is z itself, and its slope is 1 everywhere
        output_rule = "z"
        output_working = num(u.z)
        delta_rule = r"\frac{d\,\text{output}}{dz} = 1"
        delta_working = "1"
    return [
        Step(
            "z",
            r"w_1 x_1 + w_2 x_2 + b",
            rf"{factor(u.w1)} \cdot {factor(u.x1)} + {factor(u.w2)} \cdot {factor(u.x2)}"
            rf" + {factor(u.b)}",
            u.z,
        ),
        Step(r"\text{output}", output_rule, output_working, u.output),
        Step(
            r"\text{error}",
            r"\text{target} - \text{output}",
            rf"{num(u.target)} - {factor(u.output)}",
            u.error,
        ),
        Step(r"\text{delta}", delta_rule, delta_working, u.delta),
        Step(
            r"\text{step}",
            r"\text{lr} \cdot \text{error} \cdot \text{delta}",
            rf"{num(u.learning_rate)} \cdot {factor(u.error)} \cdot {factor(u.delta)}",
            u.step,
        ),
        Step(r"\Delta w_1", r"\text{step} \cdot x_1", rf"{factor(u.step)} \cdot {factor(u.x1)}",
             u.dw1),
        Step(r"\Delta w_2", r"\text{step} \cdot x_2", rf"{factor(u.step)} \cdot {factor(u.x2)}",
             u.dw2),
        Step(r"\Delta b", r"\text{step}", num(u.step), u.db),
        Step(r"w_1^{\text{new}}", r"w_1 + \Delta w_1", rf"{num(u.w1)} + {factor(u.dw1)}", u.new_w1),
        Step(r"w_2^{\text{new}}", r"w_2 + \Delta w_2", rf"{num(u.w2)} + {factor(u.dw2)}", u.new_w2),
        Step(r"b^{\text{new}}", r"b + \Delta b", rf"{num(u.b)} + {factor(u.db)}", u.new_b),
    ]  # fmt: skip


def update_latex(u: Update, activation: str) -> str:
    """The steps as one aligned block, for st.latex."""
    lines = [
        rf"{s.name} &= {s.rule} = {s.working} = \mathbf{{{num(s.value)}}}"
        for s in update_steps(u, activation)
    ]
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


# the line of the working that a class is asked to guess: the new w1
ANSWER = r"w_1^{\text{new}}"


class Line(NamedTuple):
    """One line of the working as inline maths, and whether it is the answer."""

    latex: str
    answer: bool


def working_lines(u: Update, activation: str) -> list[Line]:
    """The steps one line each, as inline maths, which wraps after = and + where a
    column is narrow (a phone). Each result is bold, but the answer's (ANSWER), which
    is boxed instead."""
    lines = []
    for s in update_steps(u, activation):
        result = rf"\boxed{{{num(s.value)}}}" if s.name == ANSWER else rf"\mathbf{{{num(s.value)}}}"
        # inline maths sets a fraction small: \dfrac keeps it at the text's size
        line = rf"{s.name} = {s.rule} = {s.working} = {result}".replace(r"\frac", r"\dfrac")
        lines.append(Line(line, s.name == ANSWER))
    return lines


def update_caption(u: Update, epoch: int, pair: int, pairs: int) -> str:
    """e.g. "Epoch 3, training pair 5 of 28: x1 = 0.2, x2 = 0.3, target = 0.5." """
    return (
        f"Epoch {epoch:,}, training pair {pair} of {pairs}: "
        f"x1 = {u.x1:g}, x2 = {u.x2:g}, target = {u.target:g}."
    )


def update_key(activation: str) -> str:
    """The one-line key under the working: its symbols in plain words."""
    if activation == "sigmoid":
        return key("z", "sigma", "delta", "lr")
    return key("z", "delta", "lr")
