"""The browser's memory over a lesson: Train and Reset, again and again, in one page."""

import pytest

import harness as h

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
# The live chart keeps one graph div for the page (nnadd/ui/live_chart.py); React may
# hold an unmounted one for a moment, and a leak would keep every one it replaced.
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
    divs, kept = h.charts_kept_alive(page)
    drawn = len(h.redraws(page))
    growth = heaps[-1] - heaps[0]
    measured(
        f"JS heap after GC, {CYCLES} Fast Train/Reset cycles",
        f"{heaps[0] / 1e6:.1f} MB after cycle 1, {heaps[-1] / 1e6:.1f} MB after cycle "
        f"{CYCLES} ({growth / 1e6:+.2f} MB); {drawn} figures drawn in {divs} graph divs, "
        f"{kept} detached alive",
    )
    assert drawn >= CYCLES, "the chart counter saw fewer figures than runs"
    assert kept <= MAX_DETACHED_CHARTS, f"{kept} replaced charts outlived garbage collection"
    assert growth < MAX_GROWTH_BYTES, [f"{b / 1e6:.2f} MB" for b in heaps]
