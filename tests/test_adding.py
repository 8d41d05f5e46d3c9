import pytest

from nnadd.adding import answer, trained
from nnadd.data import Example, article_data
from nnadd.training import SettingsError
from tests.helpers import plain_trained

DATA = article_data()


@pytest.mark.parametrize(
    "seed,learning_rate,activation,epochs",
    [(42, 0.1, "sigmoid", 300), (7, 0.5, "linear", 40), (-3, 0.2, "sigmoid", 0)],
)
def test_trained_network_matches_the_plain_loop(seed, learning_rate, activation, epochs):
    trainer = trained(seed, activation, learning_rate, epochs)
    plain = plain_trained(seed, activation, learning_rate, epochs)
    net = trainer.network
    assert trainer.epoch == epochs and not trainer.diverged
    assert [net.w1, net.w2, net.b] == pytest.approx([*plain.weights, plain.bias], abs=1e-13)
    got = answer(net, -0.25, 0.5)
    assert got.a == -0.25 and got.b == 0.5 and got.true_sum == 0.25
    assert got.prediction == pytest.approx(plain.predict((-0.25, 0.5)), abs=1e-13)


def test_trained_on_given_data():
    doubles = [Example(x, x, 2 * x) for x in (0.1, 0.2, 0.3)]
    trainer = trained(1, "linear", 0.3, 25, doubles)
    plain = plain_trained(1, "linear", 0.3, 25, doubles)
    assert trainer.data == tuple(doubles)
    assert trainer.network.w1 == pytest.approx(plain.weights[0], abs=1e-13)


def test_a_diverged_run_keeps_its_last_good_network():
    trainer = trained(42, "linear", 100.0, 10)
    assert trainer.diverged and trainer.diverged_at == 3 and trainer.epoch == 2
    assert trainer.network.is_finite()


@pytest.mark.parametrize(
    "settings",
    [
        {"epochs": -1},
        {"learning_rate": 0.0},
        {"activation": "relu"},
        {"seed": 1.5},
    ],
)
def test_bad_settings_raise_the_cores_error(settings):
    with pytest.raises(SettingsError):
        trained(**settings)
