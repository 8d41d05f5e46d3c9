"""Whole scenarios that the browser tests assert and the benchmarks time: one Fast
run from click to table, and a class of pages pressing Train at one moment."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

from playwright.sync_api import Browser, Page

from harness.actions import choose_speed, click_together, set_number
from harness.page import (
    DEFAULT_SPEED,
    PREDICTIONS,
    Visit,
    button,
    exceptions,
    non_local,
    open_visit,
    wait_loaded,
)
from harness.readings import READ_METRICS, redraws, shown_predictions, shown_weights, wait_trained
from harness.reference import predictions, right_answers

TABLE_SHOWN = """([scope, expected]) => {
  // the moment the final score enters the DOM, measured in the page itself: polling
  // from Playwright would wait for the charts drawn after the table to finish first
  const n = window.__nnadd;
  n.clickAt = null; n.tableShownAt = null;
  const clicked = () => { n.clickAt = performance.now(); };
  document.addEventListener("click", clicked, {capture: true, once: true});
  const read = __READ__;
  const seen = new MutationObserver(() => {
    if (read(scope)["Right answers"] === expected) {
      n.tableShownAt = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(document.body, {subtree: true, childList: true, characterData: true});
}""".replace("__READ__", READ_METRICS)


class FastRun(NamedTuple):
    shown: float  # click to the final table's score in the page
    settled: float  # click to the run's last script ended and everything drawn


def fast_run_seconds(page: Page, reference: dict) -> FastRun:
    """On a loaded, untrained page: choose Fast, click Train, and time from the click
    until the final table's score ("Right answers") shows the CLI's, and until the page
    has settled (no script running, the score read back)."""
    choose_speed(page, "Fast")
    page.evaluate(TABLE_SHOWN, [PREDICTIONS, right_answers(reference)])
    started = time.perf_counter()
    button(page, "Train").click()
    wait_trained(page, reference)
    settled = time.perf_counter() - started
    shown = page.evaluate("() => window.__nnadd.tableShownAt - window.__nnadd.clickAt")
    return FastRun(shown / 1000, settled)


@dataclass
class Classroom:
    """What a class of pages saw, per seed: the weights shown once the seed was set
    and at the end, the table's predictions, the errors and the non-local URLs; and
    the times, in seconds."""

    start_weights: dict[int, tuple[str, str, str]]
    weights: dict[int, tuple[str, str, str]]
    predictions: dict[int, list[float]]
    redraws: dict[int, int]  # new live-chart graph divs each page drew during its run
    errors: dict[int, list[str]]
    away: dict[int, list[str]]
    setup: float  # opening every page and choosing Fast and its seed
    click_spread: float  # between the first and the last page's click
    first_done: float  # from the first click to the first page done
    wall: float  # from the first click to the last page done


def classroom(
    browser: Browser, url: str, references: dict[int, dict], speed: str = "Fast"
) -> Classroom:
    """One page a seed, each in its own browser context (its own Streamlit session),
    all at `speed`; all press Train at one moment; wait for every one to finish."""
    seeds = list(references)
    visits: list[Visit] = []
    try:
        began = time.perf_counter()
        for _ in seeds:  # start every page loading, then finish each in turn
            visits.append(open_visit(browser, url))
            visits[-1].page.goto(url, wait_until="commit")
        start_weights = {}
        for seed, visit in zip(seeds, visits, strict=True):
            wait_loaded(visit.page, timeout=180_000)
            if speed != DEFAULT_SPEED:  # choosing the chosen one starts no run
                choose_speed(visit.page, speed, timeout=180_000)
            set_number(visit.page, "Seed", str(seed), timeout=180_000)
            start_weights[seed] = shown_weights(visit.page)
        setup = time.perf_counter() - began

        since = {id(v): v.page.evaluate("performance.now()") for v in visits}
        clicks = click_together([v.page for v in visits], "Train")
        first_click = min(clicks) / 1000
        done = []
        for seed, visit in zip(seeds, visits, strict=True):
            wait_trained(visit.page, references[seed], timeout=300_000, polling=100)
            done.append(time.time() - first_click)
        pairs = list(zip(seeds, visits, strict=True))
        return Classroom(
            start_weights=start_weights,
            weights={s: shown_weights(v.page) for s, v in pairs},
            predictions={
                s: shown_predictions(v.page, predictions(references[s])) for s, v in pairs
            },
            redraws={s: sum(t > since[id(v)] for t, _ in redraws(v.page)) for s, v in pairs},
            errors={s: exceptions(v.page) for s, v in pairs},
            away={s: non_local(v.requests) for s, v in pairs},
            setup=setup,
            click_spread=(max(clicks) - min(clicks)) / 1000,
            first_done=min(done),
            wall=max(done),
        )
    finally:
        for visit in visits:
            visit.close()
