"""Reading the page as a student sees it: metrics, the table's accessibility grid,
the live chart's redraws, the heap; and waits for what they show."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page

from harness.page import APP, LIVE, PREDICTIONS
from harness.reference import right_answers
from harness.server import ARTIFACTS

READ_METRICS = """
scope => {
  const out = {};
  const root = document.querySelector(scope);
  if (!root) return out;
  for (const m of root.querySelectorAll("[data-testid='stMetric']")) {
    const label = m.querySelector("[data-testid='stMetricLabel']");
    const value = m.querySelector("[data-testid='stMetricValue']");
    if (label && value) out[label.innerText.trim()] = value.innerText.trim();
  }
  return out;
}
"""


def metrics(page: Page, scope: str = LIVE) -> dict[str, str]:
    """All metrics inside `scope`, label to shown value, read in one go."""
    return page.evaluate(READ_METRICS, scope)


def metric(page: Page, label: str, scope: str = LIVE) -> str:
    return metrics(page, scope)[label]


def epoch(page: Page) -> int:
    return int(metric(page, "Epoch").replace(",", ""))


def wait_metric(
    page: Page,
    label: str,
    expected: str,
    scope: str = LIVE,
    timeout: float = 60_000,
    polling: str | float = "raf",
) -> None:
    """Wait until the metric shows `expected` and no script is running."""
    page.wait_for_function(
        f"""([scope, label, expected]) => {{
          const read = {READ_METRICS};
          const app = document.querySelector("{APP}");
          return read(scope)[label] === expected
            && app.getAttribute('data-test-script-state') === 'notRunning';
        }}""",
        arg=[scope, label, expected],
        polling=polling,
        timeout=timeout,
    )


def wait_epoch_beyond(page: Page, epochs: int, timeout: float = 30_000) -> None:
    """Wait until the "Epoch" metric shows more than `epochs`, running or not."""
    page.wait_for_function(
        f"""n => {{
          const e = ({READ_METRICS})("{LIVE}")["Epoch"];
          return e !== undefined && Number(e.replace(/,/g, "")) > n;
        }}""",
        arg=epochs,
        polling="raf",
        timeout=timeout,
    )


def wait_trained(
    page: Page, reference: dict, timeout: float = 120_000, polling: str | float = "raf"
) -> None:
    """Wait for the end of a run to the CLI's `reference`: its epoch count shown, no
    script running, and the 25-pair score (drawn only by the run's final rerun) equal
    to the CLI's."""
    wait_metric(page, "Epoch", f"{reference['epochs']:,}", LIVE, timeout, polling)
    wait_metric(page, "Right answers", right_answers(reference), PREDICTIONS, timeout, polling)
    assert metric(page, "Epoch") == f"{reference['epochs']:,}"


def heap_after_gc(cdp) -> int:
    """Bytes of JS heap in use after forcing garbage collection (Chrome DevTools
    Protocol, so no --enable-precise-memory-info is needed)."""
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    return int(cdp.send("Runtime.getHeapUsage")["usedSize"])


def charts_kept_alive(page: Page) -> tuple[int, int]:
    """(live-chart graph divs ever drawn, those now detached from the page yet still
    alive). Call after heap_after_gc: a detached chart that survives GC is a leak."""
    return tuple(
        page.evaluate(
            """() => {
              const all = window.__nnadd.charts;
              return [all.length,
                      all.filter(r => { const gd = r.deref(); return gd && !gd.isConnected; })
                         .length];
            }"""
        )
    )


def progress_text(page: Page) -> str:
    return page.locator(f"{LIVE} [data-testid='stProgress']").inner_text().strip()


def shown_weights(page: Page) -> tuple[str, str, str]:
    shown = metrics(page)
    return shown["w1"], shown["w2"], shown["Bias"]


def table_rows(page: Page, scope: str = PREDICTIONS) -> tuple[int, list[str], list[list[str]]]:
    """The dataframe's aria row count (header included), its header and its body rows,
    read from the accessibility grid that glide-data-grid renders inside its canvas.
    The grid appears once the table has focus, as when a student tabs into it."""
    canvas = page.locator(f"{scope} [data-testid='stDataFrame'] [data-testid='data-grid-canvas']")
    canvas.focus()
    grid = canvas.locator("table[role='grid']")
    grid.wait_for(state="attached")
    return grid.evaluate(
        """g => [
          Number(g.getAttribute('aria-rowcount')),
          [...g.querySelectorAll("thead [role='columnheader']")].map(c => c.innerText),
          [...g.querySelectorAll("tbody [role='row']")].map(
            r => [...r.querySelectorAll("[role='gridcell']")].map(c => c.innerText)),
        ]"""
    )


def table_rows_when(
    page: Page, ready, timeout: float = 10.0, scope: str = PREDICTIONS
) -> tuple[int, list[str], list[list[str]]]:
    """table_rows, read again until `ready(rowcount, header, rows)` holds or `timeout`
    seconds pass (then the last reading, for the caller's assertion to show). The grid
    takes new data a moment after the metrics above it: up to about half a second
    after a run's end was seen here."""
    deadline = time.perf_counter() + timeout
    while True:
        reading = table_rows(page, scope)
        if ready(*reading) or time.perf_counter() > deadline:
            return reading
        time.sleep(0.1)


def shown_predictions(
    page: Page, expect: list[float] | None = None, timeout: float = 10.0
) -> list[float]:
    """The table's Prediction column, as numbers. The accessibility grid holds each
    value in full (0.9197094618782846 where the canvas draws 0.920), so these can be
    compared with the CLI's exactly: after 10,000 epochs every seed shows the same
    weights to 4 decimals, and only the full values tell seeds apart. With `expect`,
    read again until they match or `timeout` passes (the grid lags the metrics)."""

    def column(header: list[str], rows: list[list[str]]) -> list[float]:
        at = header.index("Prediction")
        return [float(row[at]) for row in rows]

    _, header, rows = table_rows_when(
        page,
        lambda _, header, rows: expect is None or column(header, rows) == expect,
        timeout=timeout,
    )
    return column(header, rows)


def redraws(page: Page) -> list[tuple[float, int | None]]:
    return [tuple(r) for r in page.evaluate("() => window.__nnadd.redraws")]


def redraws_per_second(times: list[float]) -> float:
    """Redraws a second between the first and the last of `times` (ms)."""
    if len(times) < 2:
        return 0.0
    return (len(times) - 1) / ((times[-1] - times[0]) / 1000)


def screenshot(page: Page, name: str, whole_page: bool = True) -> Path:
    """Save tests/artifacts/<name>.png. Streamlit scrolls inside its main container,
    not the document, so for the whole page the viewport is made as tall as that
    container's content for the shot, then put back."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    if whole_page and size:
        tall = page.evaluate(
            "() => { const m = document.querySelector(\"[data-testid='stMain']\");"
            " return m ? m.scrollHeight : document.documentElement.scrollHeight; }"
        )
        if tall > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": tall})
            try:
                page.wait_for_timeout(300)  # let the charts and the grid lay out again
                page.screenshot(path=path)
            finally:
                page.set_viewport_size(size)
            return path
    page.screenshot(path=path)
    return path
