"""One update, worked out: the article's rule with the trainer's own numbers filled in."""

from __future__ import annotations

from typing import NamedTuple

from nnadd.glossary import key
from nnadd.i18n import _, latex_number, number
from nnadd.perceptron import Update


def num(x: float) -> str:
    """Six significant digits, the way a calculator shows them, in the language's
    marks ("0{,}5" for a decimal comma: LaTeX's own way)."""
    text = f"{x:.6g}"
    if "e" in text:  # 1.2e-07 -> 1.2 \times 10^{-7}
        mantissa, exponent = text.split("e")
        return rf"{latex_number(float(mantissa), 'g')} \times 10^{{{int(exponent)}}}"
    return latex_number(x, ".6g")


def factor(x: float) -> str:
    """A number inside a product, in brackets when it is negative."""
    return f"({num(x)})" if x < 0 else num(x)


class Step(NamedTuple):
    """One line of the working: what it is, the rule, the rule with numbers, the result."""

    name: str
    rule: str
    working: str
    value: float


def word(words: str) -> str:
    """A word inside the maths (output, error, target, step, new), already in the
    current language, as LaTeX text; the symbols (z, delta, lr, w_1) stay as they are."""
    return rf"\text{{{words}}}"


def update_steps(u: Update, activation: str) -> list[Step]:
    # Translators: "output", "error", "target", "step" and "new" are single words written
    # inside the worked arithmetic's formulas (keep them short, no braces or symbols)
    output, error, target = word(_("output")), word(_("error")), word(_("target"))
    # Translators: words inside the formulas, as above ("new" as in "w1 new")
    step, new = word(_("step")), word(_("new"))
    if activation == "sigmoid":
        output_rule = r"\sigma(z) = \frac{1}{1 + e^{-z}}"
        output_working = rf"\frac{{1}}{{1 + e^{{{latex_number(-u.z, '.6g')}}}}}"
        delta_rule = rf"{output}\,(1 - {output})"
        delta_working = rf"{factor(u.output)} \cdot (1 - {factor(u.output)})"
    else:  # linear: the output is z itself, and its slope is 1 everywhere
        output_rule = "z"
        output_working = num(u.z)
        delta_rule = rf"\frac{{d\,{output}}}{{dz}} = 1"
        delta_working = "1"
    return [
        Step(
            "z",
            r"w_1 x_1 + w_2 x_2 + b",
            rf"{factor(u.w1)} \cdot {factor(u.x1)} + {factor(u.w2)} \cdot {factor(u.x2)}"
            rf" + {factor(u.b)}",
            u.z,
        ),
        Step(output, output_rule, output_working, u.output),
        Step(
            error,
            rf"{target} - {output}",
            rf"{num(u.target)} - {factor(u.output)}",
            u.error,
        ),
        Step(r"\text{delta}", delta_rule, delta_working, u.delta),
        Step(
            step,
            rf"\text{{lr}} \cdot {error} \cdot \text{{delta}}",
            rf"{num(u.learning_rate)} \cdot {factor(u.error)} \cdot {factor(u.delta)}",
            u.step,
        ),
        Step(r"\Delta w_1", rf"{step} \cdot x_1", rf"{factor(u.step)} \cdot {factor(u.x1)}",
             u.dw1),
        Step(r"\Delta w_2", rf"{step} \cdot x_2", rf"{factor(u.step)} \cdot {factor(u.x2)}",
             u.dw2),
        Step(r"\Delta b", step, num(u.step), u.db),
        Step(rf"w_1^{{{new}}}", r"w_1 + \Delta w_1", rf"{num(u.w1)} + {factor(u.dw1)}", u.new_w1),
        Step(rf"w_2^{{{new}}}", r"w_2 + \Delta w_2", rf"{num(u.w2)} + {factor(u.dw2)}", u.new_w2),
        Step(rf"b^{{{new}}}", r"b + \Delta b", rf"{num(u.b)} + {factor(u.db)}", u.new_b),
    ]  # fmt: skip


def update_latex(u: Update, activation: str) -> str:
    """The steps as one aligned block, for st.latex."""
    lines = [
        rf"{s.name} &= {s.rule} = {s.working} = \mathbf{{{num(s.value)}}}"
        for s in update_steps(u, activation)
    ]
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def answer_name() -> str:
    """The line of the working that a class is asked to guess: the new w1."""
    return rf"w_1^{{{word(_('new'))}}}"


class Line(NamedTuple):
    """One line of the working as inline maths, and whether it is the answer."""

    latex: str
    answer: bool


def working_lines(u: Update, activation: str) -> list[Line]:
    """The steps one line each, as inline maths, which wraps after = and + where a
    column is narrow (a phone). Each result is bold, but the answer's (answer_name()), which
    is boxed instead."""
    lines, answer = [], answer_name()
    for s in update_steps(u, activation):
        result = rf"\boxed{{{num(s.value)}}}" if s.name == answer else rf"\mathbf{{{num(s.value)}}}"
        # inline maths sets a fraction small: \dfrac keeps it at the text's size
        line = rf"{s.name} = {s.rule} = {s.working} = {result}".replace(r"\frac", r"\dfrac")
        lines.append(Line(line, s.name == answer))
    return lines


def update_caption(u: Update, epoch: int, pair: int, pairs: int) -> str:
    """e.g. "Epoch 3, training pair 5 of 28: x1 = 0.2, x2 = 0.3, target = 0.5." """
    return _(
        "Epoch {epoch}, training pair {pair} of {pairs}: x1 = {x1}, x2 = {x2}, target = {target}."
    ).format(
        epoch=number(epoch, ","), pair=number(pair, ","), pairs=number(pairs, ","),
        x1=number(u.x1, "g"), x2=number(u.x2, "g"), target=number(u.target, "g"),
    )  # fmt: skip


def update_key(activation: str) -> str:
    """The one-line key under the working: its symbols in plain words."""
    if activation == "sigmoid":
        return key("z", "sigma", "delta", "lr")
    return key("z", "delta", "lr")
