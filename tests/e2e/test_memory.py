"""The browser's memory over a lesson: Train and Reset, again and again, in one page."""

import pytest

from tests.e2e import harness as h

pytestmark = pytest.mark.e2e

CYCLES = 10
# Measured here (Chromium 156, headless, `python -m pytest tests/e2e/test_memory.py`):
# 39.0 MB of JS heap after the first Fast Train/Reset cycle, 41.6 to 41.7 MB after the
# tenth (+2.5 to 2.7 MB, growing ever more slowly: warm caches, not kept charts). A
# leak that kept what a run draws would keep its replaced Plotly graph divs, each
# with its figure and up to 600 points a trace; the WeakRef check below catches even
# one of those. 5 MB is about twice the growth seen, so noise does not fail it, and it
# still stops a leak of a few hundred KB a cycle.
MAX_GROWTH_BYTES = 5_000_000
# React may hold the last unmounted chart for a moment; a leak keeps them all (about
# three a Fast run, so some thirty here).
MAX_DETACHED_CHARTS = 2


def test_ten_train_reset_cycles_keep_the_heap_bounded(visit, measured):
    page = visit.page
    reference = h.cli_reference(42)
    cdp = visit.context.new_cdp_session(page)
    h.choose_speed(page, "Fast")
    heaps = []
    for _ in range(CYCLES):
        h.button(page, "Train").click()
        h.wait_trained(page, reference)
        h.click_and_settle(page, "Reset")
        assert h.metric(page, "Epoch") == "0"
        heaps.append(h.heap_after_gc(cdp))
    drawn, kept = h.charts_kept_alive(page)
    growth = heaps[-1] - heaps[0]
    measured(
        f"JS heap after GC, {CYCLES} Fast Train/Reset cycles",
        f"{heaps[0] / 1e6:.1f} MB after cycle 1, {heaps[-1] / 1e6:.1f} MB after cycle "
        f"{CYCLES} ({growth / 1e6:+.2f} MB); {drawn} charts drawn, {kept} detached alive",
    )
    assert drawn >= CYCLES, "the chart counter saw fewer charts than runs"
    assert kept <= MAX_DETACHED_CHARTS, f"{kept} replaced charts outlived garbage collection"
    assert growth < MAX_GROWTH_BYTES, [f"{b / 1e6:.2f} MB" for b in heaps]
