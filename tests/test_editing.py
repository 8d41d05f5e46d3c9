import math

from nnadd.data import article_data
from nnadd.editing import MAX_ROWS, check_rows, true_sum


def test_article_rows_with_sums_as_targets_are_the_articles_data():
    rows = [(x1, x2, None) for x1, x2, _ in article_data().training]
    checked = check_rows(rows, targets_are_sums=True)
    assert checked.errors == [] and checked.warnings == []
    assert checked.rows == article_data().training  # 0.2 + 0.1 counts as 0.3


def test_true_sum_is_the_sum_a_person_writes():
    assert true_sum(0.2, 0.1) == 0.3 and 0.2 + 0.1 != 0.3
    assert true_sum(0.6, 0.3) == 0.9


def test_wrong_labels_are_kept_when_targets_are_typed():
    checked = check_rows([(0.1, 0.2, 0.9)], targets_are_sums=False)
    assert checked.rows[0].target == 0.9 and checked.errors == []


def test_non_numbers_and_empty_cells_are_refused_naming_the_row():
    checked = check_rows(
        [(0.1, 0.2, 0.3), ("abc", 0.2, 0.3), (0.1, None, 0.3), (0.1, math.nan, 0.3),
         (0.1, 0.2, "")],
        targets_are_sums=False,
    )  # fmt: skip
    assert checked.rows == ()
    assert checked.errors == [
        "Row 2: x1 is 'abc', not a number.",
        "Row 3: x2 is empty, not a number.",
        "Row 4: x2 is empty, not a number.",
        "Row 5: target is empty, not a number.",
    ]


def test_empty_target_is_fine_when_targets_are_sums():
    checked = check_rows([(0.1, 0.2, None)], targets_are_sums=True)
    assert checked.errors == [] and checked.rows[0].target == 0.3


def test_values_outside_the_unit_interval_warn_about_the_sigmoid():
    checked = check_rows([(0.1, 0.2, None), (0.8, 0.7, None), (-0.5, 0.2, None)])
    assert len(checked.rows) == 3 and checked.errors == []
    assert len(checked.warnings) == 1
    assert "Rows 2, 3" in checked.warnings[0] and "sigmoid" in checked.warnings[0]


def test_fewer_than_one_row_is_refused():
    checked = check_rows([])
    assert checked.rows == () and "at least one" in checked.errors[0]


def test_too_many_rows_are_refused():
    checked = check_rows([(0.1, 0.1, None)] * (MAX_ROWS + 1))
    assert checked.rows == () and checked.errors


def test_numeric_strings_and_infinities():
    checked = check_rows([(" 0.5 ", "0.25", None)])
    assert checked.rows[0] == (0.5, 0.25, 0.75)
    assert check_rows([("inf", 0.1, None)]).errors == ["Row 1: x1 is 'inf', not a number."]


def test_at_most_a_hundred_pairs():
    # The worst link before this limit: 500 pairs in `data=` (8,827 characters), whose
    # first page run took 11.0 s, nearly all of it the reference run (100,000 epochs of
    # 500 pairs) with the interpreter lock held. With 100 pairs and the reference
    # bounded to 2.8 million updates, the worst link's first run takes 1.3 s, once per
    # data set, and a rerun 0.05 s. (AppTest, first run of the link, 2-core machine.)
    assert check_rows([(0.1, 0.2)] * 100).rows
    refused = check_rows([(0.1, 0.2)] * 101)
    assert refused.rows == () and refused.errors == [
        "At most 100 training pairs, please (this has 101)."
    ]
