"""A class of twenty on one server: everyone presses Train at the same moment."""

import pytest

from tests.e2e import harness as h

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEEDS = range(1, 21)


def test_twenty_students_train_at_once_and_each_matches_the_cli(browser, server, measured):
    references = h.cli_references(SEEDS)
    run = h.classroom(browser, server.url, references)
    measured(
        "20 pages on one server, Fast, 10,000 epochs each",
        f"all done {run.wall:.1f} s after the clicks (clicks within "
        f"{run.click_spread * 1000:.0f} ms; first done at {run.first_done:.1f} s; "
        f"pages opened and set in {run.setup:.0f} s)",
    )
    for seed in SEEDS:
        assert run.weights[seed] == h.rounded_weights(references[seed]), f"seed {seed}"
        assert run.errors[seed] == [], f"seed {seed}"
        assert run.away[seed] == [], f"seed {seed}"
