import pytest

from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.pacing import REDRAW_SECONDS, SPEEDS, epochs_due, tick_seconds
from nnadd.perceptron import Perceptron
from nnadd.training import HistoryPoint
from nnadd.wording import (
    PREDICTION_COLUMNS,
    format_error,
    metrics,
    prediction_rows,
    progress,
    sum_explanation,
    table_height,
)


def test_watch_spreads_ten_thousand_epochs_over_about_ten_seconds():
    rate = SPEEDS["Watch"]
    assert 10_000 / rate == 10.0
    assert epochs_due(rate, elapsed=0.5, done=0, remaining=10_000) == 500
    assert epochs_due(rate, elapsed=0.5, done=450, remaining=10_000) == 50
    assert epochs_due(rate, elapsed=0.5, done=600, remaining=10_000) == 0
    assert epochs_due(rate, elapsed=100.0, done=0, remaining=30) == 30


def test_fast_trains_everything_that_remains():
    assert SPEEDS["Fast"] is None
    assert epochs_due(None, elapsed=0.0, done=0, remaining=12345) == 12345


def test_progress_words_and_fill():
    assert progress(4200, 10_000) == (0.42, "Epoch 4,200 / 10,000")
    assert progress(12, 10) == (1.0, "Epoch 12 / 10")
    assert progress(0, 0) == (1.0, "Epoch 0 / 0")


def test_metrics_format():
    result = evaluate(Perceptron(4.978, 5.189, -2.561), article_data().test)
    shown = metrics(HistoryPoint(10_000, 4.97781, 5.18897, -2.56052, 0.0013718), result)
    assert shown.epoch == "10,000"
    assert (shown.w1, shown.w2, shown.bias) == ("4.9778", "5.1890", "-2.5605")
    assert shown.error == "0.00137"
    assert shown.right == "21/25 correct"


def test_prediction_rows_have_every_column():
    result = evaluate(Perceptron.from_seed(42), article_data().test)
    rows = prediction_rows(result)
    assert len(rows) == 25
    assert tuple(rows[0]) == PREDICTION_COLUMNS
    first = rows[0]
    assert (first["First number"], first["Second number"], first["True sum"]) == (0.9, 0.1, 1.0)
    assert first["Right?"] in ("✔ right", "✘ wrong")
    assert first["Absolute error"] == abs(first["Prediction"] - 1.0)
    # 0.1 + 0.2 is shown as 0.3, not 0.30000000000000004
    assert rows[10]["True sum"] == 0.3


def test_sum_explanation_only_outside_the_unit_interval():
    assert sum_explanation(0.3, 0.4, "sigmoid") is None
    assert sum_explanation(0.0, 1.0, "sigmoid") is None
    assert sum_explanation(0.5, 0.5, "linear") is None


@pytest.mark.parametrize(
    "a,b,trained,reach",
    [
        (0.8, 0.7, False, "1.5"),  # inputs in range, the sum out of the sigmoid's reach
        (2.0, 3.0, True, "5"),  # both
        (-1.0, 0.5, True, "-0.5"),  # a negative sum is out of reach too
    ],
)
def test_sum_explanation_says_when_a_sigmoid_cannot_reach_the_sum(a, b, trained, reach):
    words = sum_explanation(a, b, "sigmoid")
    assert words.endswith(f"so it can never give {reach}.")
    assert ("trained only on numbers between 0 and 1" in words) is trained
    assert words.count(". ") == 0  # one sentence


def test_sum_explanation_does_not_call_a_reachable_sum_unreachable():
    # -0.1 + 0.2 = 0.1 lies inside the sigmoid's range: only the input is out of range
    words = sum_explanation(-0.1, 0.2, "sigmoid")
    assert "never" not in words and "cannot" not in words
    assert words == (
        "This network was trained only on numbers between 0 and 1, so for -0.1 + 0.2 it "
        "is guessing, even though its sigmoid can output 0.1."
    )


def test_sum_explanation_for_a_linear_neuron():
    words = sum_explanation(0.8, 0.7, "linear")
    assert "linear neuron can output any number" in words and "never" not in words
    assert words.count(". ") == 0


def test_table_height_fits_every_row():
    assert table_height(25) >= 26 * 35


def test_redraws_slow_down_only_when_drawing_is_slow():
    assert tick_seconds(0.005) == REDRAW_SECONDS
    assert tick_seconds(0.1) == 0.5  # a 100 ms draw: 2 redraws a second, a fifth of the time


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.05797485645883353, "0.0580"),  # step 3's error before its epoch
        (0.0566, "0.0566"),  # step 4's, where it was 5.66e-02
        (0.0013718, "0.00137"),  # the Playground's after 10,000 epochs, was 1.37e-03
        (0.000123456, "0.000123"),
        (1.2e-06, "1.20 × 10⁻⁶"),  # too many zeros to count: a power of ten
        (3.4e-31, "3.40 × 10⁻³¹"),  # a linear neuron's error at the end
        (45678.0, "4.57 × 10⁴"),
        (0.0, "0"),
    ],
)
def test_an_error_reads_as_decimals_where_they_fit_and_as_a_power_of_ten_beyond(value, shown):
    assert format_error(value) == shown
    # the same number: read back (× 10ⁿ as e n), it is the value to three figures
    mantissa, _, power = shown.partition(" × 10")
    digits = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    back = float(mantissa) * 10 ** int(digits or 0)
    assert back == pytest.approx(value, rel=5e-3, abs=1e-300)
    assert "e" not in shown


def test_the_lessons_run_starts_slowly_enough_to_watch_the_score_climb():
    from nnadd import lesson_plan
    from nnadd.pacing import LESSON_PACE
    from nnadd.settings import Settings

    # the epochs where the score changes, on the lesson's own network, epoch by epoch
    trainer, test = lesson_plan.watch_start(Settings()), article_data().test
    changes, last = [], evaluate(trainer.network, test).correct
    while last < 21:
        trainer.train(1)
        score = evaluate(trainer.network, test).correct
        if score != last:
            changes.append(trainer.epoch)
            last = score
    first, top = changes[0], changes[-1]
    assert top < 1_500  # 21/25 early on, which "Watch" shows within a second and a half
    assert top / SPEEDS["Watch"] < 1.5
    # the lesson's pace spreads the climb over more than four seconds...
    assert LESSON_PACE.seconds_to(top) - LESSON_PACE.seconds_to(first) > 4.0
    # while the article's 10,000 epochs still take about ten seconds
    assert 9.0 <= LESSON_PACE.seconds_to(10_000) <= 11.0
    for t in (0.0, 3.0, 6.0, 8.0):
        assert LESSON_PACE.seconds_to(round(LESSON_PACE.epoch_at(t))) == pytest.approx(t)


def test_a_paced_run_resumed_goes_on_at_the_pace_of_its_epoch():
    from nnadd.pacing import LESSON_PACE as pace

    assert epochs_due(pace, elapsed=1.0, done=0, remaining=10_000) == 250
    assert epochs_due(pace, elapsed=1.0, done=0, remaining=10_000, start=5_000) == 2_000
    # resumed at epoch 1,400: 100 slow epochs (0.4 s), then 0.6 s fast
    assert epochs_due(pace, elapsed=1.0, done=0, remaining=10_000, start=1_400) == 100 + 1_200
    assert epochs_due(pace, elapsed=1.0, done=100, remaining=50) == 50
