import math

import pytest

from nnadd.explain import num, update_latex, update_steps
from nnadd.training import Trainer


def test_panel_numbers_are_the_trainers_and_match_a_hand_computation():
    trainer = Trainer.from_seed(42)
    before = trainer.network.copy()
    u = trainer.step_pair()
    steps = {s.name: s.value for s in update_steps(u, "sigmoid")}
    # by hand, from the weights before the step and the first training pair (0.5, 0.5 -> 1)
    x1, x2, t, lr = 0.5, 0.5, 1.0, 0.1
    z = before.w1 * x1 + before.w2 * x2 + before.b
    out = 1 / (1 + math.exp(-z))
    err = t - out
    delta = out * (1 - out)
    step = lr * err * delta
    expected = {
        "z": z, r"\text{output}": out, r"\text{error}": err, r"\text{delta}": delta,
        r"\text{step}": step, r"\Delta w_1": step * x1, r"\Delta w_2": step * x2,
        r"\Delta b": step, r"w_1^{\text{new}}": before.w1 + step * x1,
        r"w_2^{\text{new}}": before.w2 + step * x2, r"b^{\text{new}}": before.b + step,
    }  # fmt: skip
    assert steps.keys() == expected.keys()
    for name, value in expected.items():
        assert steps[name] == pytest.approx(value, rel=1e-14, abs=1e-16), name
    # and they are exactly what the trainer applied
    net = trainer.network
    assert (steps[r"w_1^{\text{new}}"], steps[r"w_2^{\text{new}}"]) == (net.w1, net.w2)
    assert steps[r"b^{\text{new}}"] == net.b


def test_latex_shows_each_number_with_six_digits():
    trainer = Trainer.from_seed(42)
    u = trainer.step_pair()
    latex = update_latex(u, "sigmoid")
    for value in (u.z, u.output, u.delta, u.new_w1, u.new_w2):
        assert num(value) in latex
    assert r"\sigma(z)" in latex and r"\text{output}\,(1 - \text{output})" in latex


def test_linear_panel_shows_its_own_derivative():
    trainer = Trainer.from_seed(42, "linear")
    u = trainer.step_pair()
    steps = update_steps(u, "linear")
    delta = next(s for s in steps if s.name == r"\text{delta}")
    assert delta.value == 1.0 and "= 1" in delta.rule
    assert r"\sigma" not in update_latex(u, "linear")
    output = next(s for s in steps if s.name == r"\text{output}")
    assert output.value == u.z


def test_num_formats_small_numbers_as_powers_of_ten():
    assert num(0.000000123456789) == r"1.23457 \times 10^{-7}"
    assert num(4.977809471798554) == "4.97781"
    assert num(-2.5) == "-2.5"
