"""A class of twenty on one server: everyone presses Train at the same moment."""

import pytest

import harness as h
from nnadd.perceptron import Perceptron

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEEDS = range(1, 21)


@pytest.fixture
def class_server(start_server):
    """A server for the class alone, stopped after it: twenty sessions' leftovers must
    not slow the tests that come after."""
    server = start_server("streamlit-class-server.log")
    yield server
    server.stop()


def test_twenty_students_train_at_once_and_each_matches_the_cli(browser, class_server, measured):
    server = class_server
    references = h.cli_references(SEEDS)
    run = h.classroom(browser, server.url, references)
    measured(
        "20 pages on one server, Fast, 10,000 epochs each",
        f"all done {run.wall:.1f} s after the clicks (clicks within "
        f"{run.click_spread * 1000:.0f} ms; first done at {run.first_done:.1f} s; "
        f"pages opened and set in {run.setup:.0f} s; "
        f"chart redraws a page: {sorted(run.redraws.values())})",
    )
    # After 10,000 epochs every seed ends at the same weights to 4 decimals, so those
    # alone cannot tell a page that trained its own seed from one that did not; the
    # starting weights and the table's full-precision predictions can.
    assert len({tuple(h.predictions(r)) for r in references.values()}) == len(SEEDS)
    for seed in SEEDS:
        start = Perceptron.from_seed(seed)
        assert run.start_weights[seed] == (
            f"{start.w1:.4f}",
            f"{start.w2:.4f}",
            f"{start.b:.4f}",
        ), f"seed {seed}"
        assert run.weights[seed] == h.rounded_weights(references[seed]), f"seed {seed}"
        assert run.predictions[seed] == h.predictions(references[seed]), f"seed {seed}"
        assert run.errors[seed] == [], f"seed {seed}"
        assert run.away[seed] == [], f"seed {seed}"
