import pytest

from nnadd.data import article_data
from nnadd.evaluate import evaluate, is_right
from nnadd.perceptron import Perceptron


def test_article_data_set_shape_and_known_rows():
    data = article_data()
    assert len(data.training) == 28 and len(data.test) == 25
    assert data.training[0] == (0.5, 0.5, 1.0)
    assert data.training[-1] == (0.3, 0.3, 0.6)
    assert data.test[0] == (0.9, 0.1) and data.test[-1] == (0.4, 0.5)
    for x1, x2, t in data.training:
        assert t == pytest.approx(x1 + x2, abs=1e-9)  # the targets are the sums
        assert 0.0 <= x1 <= 1.0 and 0.0 <= x2 <= 1.0


def test_is_right_uses_one_decimal():
    assert is_right(0.3049, 0.1 + 0.2)
    assert not is_right(0.36, 0.3)
    assert is_right(0.86, 0.6 + 0.3)  # 0.8999999999999999 rounds to 0.9


def test_evaluate_against_plain_count():
    net = Perceptron(4.9, 5.2, -2.5)
    result = evaluate(net, article_data().test)
    assert result.total == 25 and len(result.records) == 25
    plain_right = 0
    plain_abs = 0.0
    for a, b in article_data().test:
        p = net.predict(a, b)
        plain_right += f"{p:.1f}" == f"{a + b:.1f}"
        plain_abs += abs(p - (a + b))
    assert result.correct == plain_right
    assert result.mean_abs_error == pytest.approx(plain_abs / 25, rel=1e-12)
    r = result.records[0]
    assert (r.a, r.b, r.sum) == (0.9, 0.1, 1.0)
    assert r.rounded == round(r.prediction, 1)
    assert r.abs_error == pytest.approx(abs(r.prediction - 1.0))


def test_untrained_network_is_the_articles_first_picture():
    # seed 42's untrained network answers about 0.6 to 0.7 everywhere, as in the article
    result = evaluate(Perceptron.from_seed(42), article_data().test)
    assert all(0.55 <= r.prediction <= 0.71 for r in result.records)
    assert result.summary == f"{result.correct}/25 correct ({result.correct * 4:.1f}%)"
