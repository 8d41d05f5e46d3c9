"""The page through Streamlit's AppTest: widgets looked up by key, no browser."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from nnadd.perceptron import Perceptron
from nnadd.training import Trainer

TIMEOUT = 60
APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def weights(at):
    net = at.session_state["trainer"].network
    return (net.w1, net.w2, net.b)


def train_fast(at):
    at.radio(key="speed").set_value("Fast").run()
    at.button(key="train").click().run()
    assert not at.exception
    return at


def test_page_opens_untrained_with_the_articles_first_picture(app):
    assert metric(app, "Epoch") == "0"
    table = app.dataframe[0].value
    assert len(table) == 25
    assert table["Prediction"].between(0.55, 0.71).all()  # about 0.6 to 0.7 everywhere
    assert metric(app, "Right answers") == "5/25 correct (20.0%)"
    assert app.number_input(key="epochs").value == 10_000
    assert app.number_input(key="learning_rate").value == 0.1
    assert app.number_input(key="seed").value == 42
    assert app.selectbox(key="activation").value == "sigmoid"
    assert app.radio(key="speed").value == "Watch"


def test_train_matches_the_cli(app):
    train_fast(app)
    cli = json.loads(
        subprocess.run(
            [sys.executable, "-m", "nnadd", "--json"], capture_output=True, text=True
        ).stdout
    )
    assert metric(app, "Epoch") == "10,000"
    assert metric(app, "Test pairs") == "21/25 correct"
    assert metric(app, "Right answers") == "21/25 correct (84.0%)"
    assert weights(app) == (*cli["weights"], cli["bias"])
    table = app.dataframe[0].value
    assert (table["Right?"] == "✔ right").sum() == 21
    assert table["Prediction"].tolist() == [p["prediction"] for p in cli["predictions"]]
    assert app.session_state["running"] is False


def test_step_advances_exactly_one_epoch(app):
    app.button(key="step").click().run()
    assert metric(app, "Epoch") == "1"
    app.button(key="step").click().run()
    assert app.session_state["trainer"].epoch == 2
    ref = Trainer.from_seed(42)
    ref.train(2)
    assert weights(app) == (ref.network.w1, ref.network.w2, ref.network.b)


def test_reset_restores_the_seeds_weights(app):
    start = weights(app)
    app.button(key="step").click().run()
    assert weights(app) != start
    app.button(key="reset").click().run()
    assert weights(app) == start
    assert metric(app, "Epoch") == "0"


def test_changing_the_seed_resets_and_says_so(app):
    app.button(key="step").click().run()
    app.number_input(key="seed").set_value(7).run()
    net = Perceptron.from_seed(7)
    assert weights(app) == (net.w1, net.w2, net.b)
    assert metric(app, "Epoch") == "0"
    assert any("seed changed" in i.value for i in app.info)


def test_changing_the_activation_resets_and_says_so(app):
    app.button(key="step").click().run()
    app.selectbox(key="activation").set_value("linear").run()
    assert app.session_state["trainer"].network.activation == "linear"
    assert metric(app, "Epoch") == "0"
    assert any("activation changed" in i.value for i in app.info)


def test_learning_rate_change_applies_without_reset(app):
    app.button(key="step").click().run()
    app.number_input(key="learning_rate").set_value(0.5).run()
    trainer = app.session_state["trainer"]
    assert trainer.epoch == 1 and trainer.learning_rate == 0.5


def test_train_beyond_epochs_explains(app):
    app.number_input(key="epochs").set_value(0).run()
    app.button(key="train").click().run()
    assert any("already trained 0 epochs" in i.value for i in app.info)


def test_add_two_numbers_gives_the_models_prediction(app):
    app.number_input(key="first_number").set_value(0.25).run()
    app.number_input(key="second_number").set_value(0.5).run()
    guess = Perceptron.from_seed(42).predict(0.25, 0.5)
    assert metric(app, "The network's sum") == f"{guess:.4f}"
    assert metric(app, "True sum") == "0.7500"
    assert metric(app, "Difference") == f"{guess - 0.75:+.4f}"
    assert not app.warning


@pytest.mark.parametrize("a,b", [(0.8, 0.7), (-0.2, 0.1), (2.0, 0.0)])
def test_out_of_range_sum_still_answers_and_explains(app, a, b):
    app.number_input(key="first_number").set_value(a).run()
    app.number_input(key="second_number").set_value(b).run()
    assert metric(app, "True sum") == f"{a + b:.4f}"
    assert len(app.warning) == 1
    assert "trained only on numbers and sums between 0 and 1" in app.warning[0].value
    assert "sigmoid can never output more than 1" in app.warning[0].value


def test_divergence_shows_the_message_and_keeps_history(app):
    app.selectbox(key="activation").set_value("linear").run()
    app.number_input(key="learning_rate").set_value(100.0).run()
    train_fast(app)
    trainer = app.session_state["trainer"]
    assert trainer.status == "diverged"
    assert len(app.error) == 1
    assert f"diverged at epoch {trainer.diverged_at}" in app.error[0].value
    assert trainer.history.latest.epoch == trainer.diverged_at - 1
    # pressing Train again says so instead of crashing
    app.button(key="train").click().run()
    assert not app.exception and app.error


def test_two_sessions_do_not_share_state():
    one = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    two = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    one.button(key="step").click().run()
    one.button(key="step").click().run()
    assert one.session_state["trainer"].epoch == 2
    assert two.session_state["trainer"].epoch == 0
    assert one.session_state["trainer"] is not two.session_state["trainer"]


def test_the_chart_has_weights_and_a_log_error_panel(app):
    train_fast(app)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [t["name"] for t in spec["data"]]
    assert names == ["w1 (first weight)", "w2 (second weight)", "bias", "error (mean squared)"]
    assert spec["layout"]["yaxis2"]["type"] == "log"
    assert len(spec["data"][0]["x"]) <= 600


def test_how_it_works_ties_controls_to_the_articles_words(app):
    text = app.expander[0].markdown[0].value
    for word in ("weight", "bias", "activation", "backpropagation", "epoch", "Learning rate"):
        assert word in text
