import math

import pytest

from nnadd import landscape
from nnadd.data import article_data
from nnadd.landscape import best_weights, error_map, error_surface, landscape_ranges, linspace
from nnadd.perceptron import Perceptron
from nnadd.training import mean_squared_error

DATA = article_data()


def test_surface_matches_a_plain_error_computation():
    surface = error_surface("sigmoid", -2.5, DATA.training, (0.0, 6.0), (-1.0, 5.0), n=5)
    assert surface.w1s == [0.0, 1.5, 3.0, 4.5, 6.0]
    assert surface.w2s == [-1.0, 0.5, 2.0, 3.5, 5.0]
    for i, w2 in enumerate(surface.w2s):
        for j, w1 in enumerate(surface.w1s):
            plain = mean_squared_error(Perceptron(w1, w2, -2.5), DATA.training)
            assert surface.error[i][j] == pytest.approx(plain, rel=1e-12)


def test_linear_surface_is_zero_at_exact_addition():
    surface = error_surface("linear", 0.0, DATA.training, (0.0, 2.0), (0.0, 2.0), n=3)
    assert surface.error[1][1] == pytest.approx(0.0, abs=1e-30)
    assert min(min(row) for row in surface.error) == surface.error[1][1]


def test_a_60_by_60_landscape_has_3600_values():
    surface = error_surface("sigmoid", -2.5, DATA.training, (-1, 6), (-1, 6))
    assert len(surface.error) == 60 and all(len(row) == 60 for row in surface.error)


def test_error_map_is_the_absolute_error_of_the_sum():
    net = Perceptron(4.9, 5.1, -2.5)
    emap = error_map(net, n=11)
    assert emap.values == linspace(0.0, 1.0, 11)
    a, b = emap.values[3], emap.values[8]
    assert emap.error[8][3] == abs(net.predict(a, b) - (a + b))


def test_best_weights():
    linear = best_weights("linear", DATA.training)
    assert (linear.w1, linear.w2, linear.b) == (1.0, 1.0, 0.0)
    sigmoid = best_weights("sigmoid", DATA.training)
    assert (sigmoid.w1, sigmoid.w2, sigmoid.b) == pytest.approx((4.978, 5.189, -2.561), abs=1e-3)
    # computed once: the remembered run (numbers only) is the same object; its words are
    # written anew for each page, in that page's language
    rows = tuple(DATA.training)
    assert landscape._reference_run("sigmoid", rows) is landscape._reference_run("sigmoid", rows)
    assert best_weights("sigmoid", DATA.training) == sigmoid


def test_ranges_cover_the_path_and_the_best():
    (lo1, hi1), (lo2, hi2) = landscape_ranges([(0.6, 0.0), (4.9, 5.1)], (5.0, 5.2))
    assert lo1 < 0.6 and hi1 > 5.0 and lo2 < 0.0 and hi2 > 5.2
    assert math.isclose(hi1 - 5.0, 0.6 - lo1)


def test_the_reference_run_is_bounded_in_updates_not_epochs():
    from nnadd.editing import MAX_ROWS
    from nnadd.landscape import REFERENCE_UPDATES, reference_epochs

    assert reference_epochs(28) == 100_000  # the article's data: as before
    assert reference_epochs(100) == 28_000
    # the largest data set a user can give costs no more updates than the article's
    assert reference_epochs(MAX_ROWS) * MAX_ROWS <= REFERENCE_UPDATES == 100_000 * 28
    best = best_weights("sigmoid", DATA.training[:5] * 20)
    assert "the end of a 28,000-epoch run" in best.how


def test_the_error_surface_is_remembered_between_reruns():
    args = ("sigmoid", -2.5, DATA.training, (0.0, 6.0), (-1.0, 5.0))
    assert error_surface(*args) is error_surface(*args)
    assert error_surface(*args) is not error_surface("sigmoid", -2.4, *args[2:])
