"""A class of twenty on one server: everyone presses Train at the same moment."""

import time

import pytest

from tests.e2e import harness as h

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEEDS = range(1, 21)


def test_twenty_students_train_at_once_and_each_matches_the_cli(browser, server, measured):
    references = h.cli_references(SEEDS)
    visits: list[h.Visit] = []
    try:
        opened = time.perf_counter()
        for _ in SEEDS:  # each in its own context: twenty Streamlit sessions
            visits.append(h.open_visit(browser, server.url))
            visits[-1].page.goto(server.url, wait_until="commit")
        for seed, visit in zip(SEEDS, visits, strict=True):
            h.wait_loaded(visit.page, timeout=120_000)
            h.choose_speed(visit.page, "Fast", timeout=120_000)
            h.set_number(visit.page, "Seed", str(seed), timeout=120_000)
        opened = time.perf_counter() - opened

        clicks = h.click_together([v.page for v in visits], "Train")
        first_click = min(clicks) / 1000
        done = {}
        for seed, visit in zip(SEEDS, visits, strict=True):
            h.wait_trained(visit.page, references[seed], timeout=300_000, polling=100)
            done[seed] = time.time() - first_click
        wall = max(done.values())

        measured(
            "20 pages on one server, Fast, 10,000 epochs each",
            f"all done {wall:.1f} s after the clicks (clicks within "
            f"{max(clicks) - min(clicks):.0f} ms; first done at {min(done.values()):.1f} s; "
            f"20 pages opened and set in {opened:.0f} s)",
        )
        for seed, visit in zip(SEEDS, visits, strict=True):
            page = visit.page
            assert h.shown_weights(page) == h.rounded_weights(references[seed]), seed
            assert h.exceptions(page) == [], seed
            h.assert_only_local_requests(visit)
    finally:
        for visit in visits:
            visit.close()
