"""Benchmark: the page in headless Chromium, timed the way the e2e tests drive it
(harness/). Prints the median (and range) of several runs of:

  (a) click Train to the final table, 10,000 epochs on Fast (seed 42);
  (b) live-chart redraws a second during a Watch run of 10,000 epochs;
  (c) cold start: `streamlit run app.py` process start to an interactive page
      (script not running, the Train button visible);
  (d) a class: 20 pages on one server press Train on Fast at one moment; seconds
      from the clicks until the last page shows its final table;
  (e) the same class on Watch (alone, a Watch run takes 10 s), and how many times
      each page's live chart was redrawn during its run (alone: about 65).

Every run checks its result against `python -m nnadd --json`, so a fast wrong page
does not count. Needs a Chromium, found as the tests find one.

    python -m benchmarks.browser [--repeats 5] [--watch-repeats 3] [--class-repeats 2]
                                 [--watch-class-repeats 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

import harness as h

SEED = 42
CLASS_SEEDS = range(1, 21)


def row(what: str, values: list[float], unit: str, digits: int = 2) -> str:
    if not values:
        return f"{what:<52} (not run)"
    med = statistics.median(values)
    return (
        f"{what:<52} {med:>8.{digits}f} {unit:<4} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f}, n={len(values)})"
    )


def fresh_page(browser: Browser, url: str, body: Callable[[h.Visit], float]) -> float:
    visit = h.open_visit(browser, url)
    try:
        h.load(visit.page, url)
        value = body(visit)
        errors = h.exceptions(visit.page)
        assert not errors, errors
        h.assert_only_local_requests(visit)
        return value
    finally:
        visit.close()


def fast_click_to_table(browser: Browser, url: str, reference: dict) -> h.FastRun:
    def body(visit: h.Visit) -> h.FastRun:
        run = h.fast_run_seconds(visit.page, reference)
        assert h.shown_weights(visit.page) == h.rounded_weights(reference)
        return run

    return fresh_page(browser, url, body)


def watch_redraws_per_second(browser: Browser, url: str, reference: dict) -> float:
    def body(visit: h.Visit) -> float:
        page = visit.page
        clicked_at = page.evaluate("performance.now()")
        h.button(page, "Train").click()
        h.wait_trained(page, reference)
        times = [t for t, _ in h.redraws(page) if t > clicked_at]
        assert len(times) >= 3, times
        return h.redraws_per_second(times)

    return fresh_page(browser, url, body)


def cold_start(browser: Browser, log: Path) -> tuple[float, float]:
    """(seconds to /_stcore/health ok, seconds to an interactive page), both from the
    moment the `streamlit run` process is started."""
    server = h.Server(log)
    try:
        began = time.perf_counter()
        healthy = server.start()
        visit = h.open_visit(browser, server.url)
        try:
            h.load(visit.page, server.url)
            ready = time.perf_counter() - began
        finally:
            visit.close()
        return healthy, ready
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of (a) and (c)")
    parser.add_argument("--watch-repeats", type=int, default=3, help="runs of (b), ~10 s each")
    parser.add_argument("--class-repeats", type=int, default=2, help="runs of (d)")
    parser.add_argument("--watch-class-repeats", type=int, default=1, help="runs of (e)")
    args = parser.parse_args()

    reference = h.cli_reference(SEED)
    class_refs = h.cli_references(CLASS_SEEDS)
    logs = Path(tempfile.mkdtemp(prefix="nnadd-bench-"))
    with sync_playwright() as playwright:
        chromium = h.find_browser(playwright)
        browser = h.launch_browser(playwright, chromium)
        print(f"browser: {chromium} {browser.version}; {args}")
        try:
            with h.running_server(logs / "server.log") as server:
                fresh_page(browser, server.url, lambda v: 0.0)  # warm the server once
                fast = [
                    fast_click_to_table(browser, server.url, reference) for _ in range(args.repeats)
                ]
                print(row("(a) Fast, 10,000 epochs: click to final table shown",
                          [f.shown for f in fast], "s"))  # fmt: skip
                print(row("(a) ... to the page settled, every chart drawn",
                          [f.settled for f in fast], "s"))  # fmt: skip
                watch = [
                    watch_redraws_per_second(browser, server.url, reference)
                    for _ in range(args.watch_repeats)
                ]
                print(row("(b) Watch, 10,000 epochs: chart redraws a second", watch, "/s", 1))
            starts = [cold_start(browser, logs / f"cold-{i}.log") for i in range(args.repeats)]
            print(row("(c) cold start: process to /_stcore/health ok", [s[0] for s in starts], "s"))
            print(row("(c) cold start: process to interactive page", [s[1] for s in starts], "s"))
            for speed, repeats, tag in (
                ("Fast", args.class_repeats, "(d)"),
                ("Watch", args.watch_class_repeats, "(e)"),
            ):
                walls, firsts, draws = [], [], []
                for i in range(repeats):
                    with h.running_server(logs / f"class-{speed}-{i}.log") as server:
                        run = h.classroom(browser, server.url, class_refs, speed)
                    for seed, ref in class_refs.items():
                        assert run.weights[seed] == h.rounded_weights(ref), seed
                        assert run.predictions[seed] == h.predictions(ref), seed
                        assert not run.errors[seed] and not run.away[seed], seed
                    walls.append(run.wall)
                    firsts.append(run.first_done)
                    draws.append(statistics.median(run.redraws.values()))
                what = f"{tag} 20 pages, {speed}, one server:"
                if repeats:
                    print(row(f"{what} clicks to last done", walls, "s", 1))
                    print(row(f"{what} clicks to first done", firsts, "s", 1))
                    print(row(f"{what} chart redraws a page", draws, "", 0))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
