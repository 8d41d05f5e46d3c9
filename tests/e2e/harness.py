"""Drive nnadd's page in a real Chromium: find a browser, start `streamlit run app.py`,
open the page, read it through the DOM. Shared by the e2e tests (conftest.py) and by
`python -m benchmarks.browser`, so both measure the same thing the same way.

Everything here reads the page as a student sees it: labels, buttons, metrics, the
table's accessibility grid. The only hooks are the container keys app.py gives the
page's parts (`.st-key-live`, `.st-key-predictions`, `.st-key-add-two-numbers`).
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
HOW_TO_GET_A_BROWSER = (
    "no Chromium for the browser tests: `apt-get install chromium` (Debian), "
    "or set NNADD_CHROMIUM=/path/to/chromium"
)

VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_SPEED = "Watch"  # what the Speed radio starts at

# The page's parts. The live chart is always looked up inside `.st-key-live`: other
# charts may join the page later.
LIVE = ".st-key-live"
PREDICTIONS = ".st-key-predictions"
ADDER = ".st-key-add-two-numbers"
LIVE_CHART = f"{LIVE} .nnadd-live-chart"  # its graph div (nnadd/ui/live_chart.py)
APP = "[data-testid='stApp']"
EXCEPTION = "[data-testid='stException']"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


class BrowserNotFound(RuntimeError):
    """No Chromium to drive; the message says how to get one."""


class BrowserMisnamed(RuntimeError):
    """NNADD_CHROMIUM names no file: a mistake to fix, never a reason to skip."""


def find_browser(playwright: Playwright) -> str:
    """The Chromium to drive: NNADD_CHROMIUM, else Debian's, else Playwright's own
    download if a developer has one. Raises BrowserNotFound, or BrowserMisnamed."""
    named = os.environ.get("NNADD_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise BrowserMisnamed(f"NNADD_CHROMIUM={named} is not a file")
        return named
    if Path(DEBIAN_CHROMIUM).is_file():
        return DEBIAN_CHROMIUM
    bundled = playwright.chromium.executable_path
    if bundled and Path(bundled).is_file():
        return bundled
    raise BrowserNotFound(HOW_TO_GET_A_BROWSER)


def launch_browser(playwright: Playwright, executable: str) -> Browser:
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerDidNotStart(RuntimeError):
    pass


class Server:
    """`streamlit run app.py` on a free localhost port, its output in `log_path`."""

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.log_path = Path(log_path)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip

    def start(self, timeout: float = 60.0) -> float:
        """Start the server and wait until /_stcore/health says ok; returns the seconds
        that took. Raises ServerDidNotStart, with the server's output, if it does not."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()  # the child holds its own copy
        health = f"{self.url}_stcore/health"
        deadline = began + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise ServerDidNotStart(
                    f"`streamlit run app.py` exited with {self.process.returncode} "
                    f"before it was healthy. Its output:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=1) as reply:
                    if reply.read().decode().strip() == "ok":
                        return time.perf_counter() - began
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerDidNotStart(
            f"`streamlit run app.py` was not healthy at {health} after {timeout:.0f} s. "
            f"Its output:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def status(self) -> str:
        if self.process is None:
            return "not started"
        code = self.process.poll()
        return "running" if code is None else f"exited with code {code}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no output captured)"
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"


@contextmanager
def running_server(log_path: Path) -> Iterator[Server]:
    server = Server(log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- what the page records

# Streamlit's own message numbers, so that a renumbering in a later Streamlit shows.
SCRIPT_FINISHED_FIELD = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
RUN_ENDED = [  # a run that ended, not one cut short by a rerun
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
]
QUIET_MS = 150

# Installed in every page before Streamlit's own scripts. It keeps, in window.__nnadd:
# - exceptions: the text of every [data-testid='stException'] that ever appeared,
#   even if a later run removed it;
# - redraws: [time, points] for every message the live chart has drawn (it keeps one
#   graph div and counts the messages it has drawn in data-drawn);
# - charts: a WeakRef to each live-chart graph div, to see which outlive the page's
#   use of them (a leak) once garbage is collected;
# - runsFinished: how many "script finished" messages the page has received over its
#   WebSocket. data-test-script-state alone cannot count runs: on a loaded machine
#   the page takes "running" and "finished" in one render and the attribute never
#   changes, which was seen here with twenty pages open;
# - lastMutation: when the DOM last changed, to tell when a finished run is drawn.
_INIT_JS = r"""
(() => {
  if (window.__nnadd) return;
  const rec = window.__nnadd = {
    exceptions: [], redraws: [], charts: [], runsFinished: 0, lastMutation: 0};
  const seen = new WeakSet(), drawn = new WeakMap();
  const chart = "__CHART__";

  // The top-level fields of one ForwardMsg (protobuf): is it "script finished"?
  function runEnded(buffer) {
    const b = new Uint8Array(buffer);
    let i = 0;
    const varint = () => {
      let v = 0, shift = 0, byte;
      do { byte = b[i++]; v += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
      return v;
    };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) {
        const v = varint();
        if (field === __FIELD__) return __ENDED__.includes(v);
      } else if (wire === 2) {
        const length = varint();  // not `i += varint()`: that adds to the old i
        i += length;
      }
      else if (wire === 1) { i += 8; }
      else if (wire === 5) { i += 4; }
      else return false;
    }
    return false;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer && runEnded(event.data)) rec.runsFinished++;
      });
    }
  };

  function scan() {
    rec.lastMutation = performance.now();
    for (const e of document.querySelectorAll("__EXCEPTION__")) {
      if (!seen.has(e)) { seen.add(e); rec.exceptions.push(e.innerText.slice(0, 2000)); }
    }
    for (const gd of document.querySelectorAll(chart)) {
      if (!seen.has(gd)) {
        seen.add(gd);
        rec.charts.push(new WeakRef(gd));
      }
      const count = gd.dataset.drawn;
      if (count !== undefined && drawn.get(gd) !== count) {
        drawn.set(gd, count);
        const data = gd._fullData;
        rec.redraws.push([performance.now(), data && data[0] ? data[0]._length : null]);
      }
    }
  }
  new MutationObserver(scan).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
INIT_SCRIPT = (
    _INIT_JS.replace("__CHART__", LIVE_CHART)
    .replace("__EXCEPTION__", EXCEPTION)
    .replace("__FIELD__", str(SCRIPT_FINISHED_FIELD))
    .replace("__ENDED__", json.dumps(RUN_ENDED))
)


@dataclass
class Visit:
    """One student: a fresh browser context (its own Streamlit session) and its page,
    with every URL the page asked for."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()


def open_visit(
    browser: Browser, url: str, viewport: dict | None = None, ignore_https_errors: bool = False
) -> Visit:
    """A new context and page, recording requests, not yet navigated
    (`ignore_https_errors` for a test's own self-signed certificate)."""
    context = browser.new_context(
        viewport=viewport or VIEWPORT, ignore_https_errors=ignore_https_errors
    )
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    visit = Visit(context, page)
    context.on("request", lambda r: visit.requests.append(r.url))
    page.on("websocket", lambda ws: visit.requests.append(ws.url))
    return visit


def load(page: Page, url: str, timeout: float = 60_000) -> None:
    """Open the app and wait until it is connected and its first run has ended."""
    page.goto(url, timeout=timeout)
    wait_loaded(page, timeout)


def wait_loaded(page: Page, timeout: float = 60_000) -> None:
    """Until the page's first script run has ended and been drawn. "notRunning" alone
    is also the state before the first run starts, and a page that waits for a worker
    (the "after training" answer) has drawn Train long before its last section."""
    wait_idle(page, timeout=timeout)
    button(page, "Train").wait_for(timeout=timeout)
    if page.evaluate("() => window.__nnadd !== undefined"):
        wait_runs_finished(page, 0, timeout=timeout)


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", timeout=timeout)


def non_local(urls: Iterable[str]) -> list[str]:
    """The URLs that would leave this machine."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname not in LOCAL_HOSTS:
            out.append(url)
    return out


def assert_only_local_requests(visit: Visit) -> None:
    away = non_local(visit.requests)
    assert not away, f"the page asked for {len(away)} non-local URL(s): {away[:10]}"
    assert visit.requests, "no request recorded at all: the recorder is broken"


def exceptions(page: Page) -> list[str]:
    """Every error element the page ever showed, checked again now."""
    seen = page.evaluate("() => window.__nnadd ? window.__nnadd.exceptions : []")
    now = page.locator(EXCEPTION).all_inner_texts()
    return [*seen, *(t for t in now if t not in seen)]


def runs_finished(page: Page) -> int:
    return page.evaluate("() => window.__nnadd.runsFinished")


def wait_runs_finished(page: Page, more_than: int, timeout: float = 30_000) -> None:
    """Wait for a script run that ended after `runs_finished` was `more_than`, and for
    the page to have drawn it: no script running and the DOM still for QUIET_MS."""
    page.wait_for_function(
        f"""n => window.__nnadd.runsFinished > n
          && document.querySelector("{APP}").getAttribute("data-test-script-state")
             === "notRunning"
          && performance.now() - window.__nnadd.lastMutation >= {QUIET_MS}""",
        arg=more_than,
        polling=50,
        timeout=timeout,
    )


# ---------------------------------------------------------------- doing what a student does


def button(page: Page, name: str):
    """The button labelled `name`. A button with a keyboard shortcut has its key in its
    accessible name too ("Train Shortcut T"), so the label matches with or without it."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}( Shortcut \S+)?$"))


def click_and_settle(page: Page, name: str, timeout: float = 30_000) -> None:
    """Click a button and wait for the script run it starts to end."""
    before = runs_finished(page)
    button(page, name).click()
    wait_runs_finished(page, before, timeout)


def set_number(page: Page, label: str, value: str, timeout: float = 30_000) -> None:
    """Type into a number input and press Enter, as a student does, then wait for the
    run that commits it. `value` must differ from what the input holds, or Streamlit
    has nothing to rerun for."""
    field_ = page.get_by_role("spinbutton", name=label, exact=True)
    before = runs_finished(page)
    field_.fill(value, timeout=timeout)
    field_.press("Enter", timeout=timeout)
    wait_runs_finished(page, before, timeout)


def choose_speed(page: Page, speed: str, timeout: float = 30_000) -> None:
    before = runs_finished(page)
    page.locator("[data-testid='stSidebar'] [role='radiogroup'] label").filter(
        has_text=speed
    ).first.click(timeout=timeout)  # twenty pages loading at once can keep it moving
    wait_runs_finished(page, before, timeout)


def click_together(pages: list[Page], name: str, lead_ms: int = 1500) -> list[float]:
    """Have every page click the button `name` at one moment, `lead_ms` from now,
    each by a timer in the page itself: one sync Playwright clicks pages one after
    another, and under load that spread many seconds. Returns each page's click time
    (ms since the epoch) so that the spread can be reported."""
    at = time.time() * 1000 + lead_ms
    for page in pages:
        button(page, name).wait_for()
        page.evaluate(
            """([name, at]) => {
              // the label, without the shortcut's key that a button may show beside it
              const label = b => (b.querySelector("p") || b).innerText.trim();
              const target = [...document.querySelectorAll("button")]
                .find(b => label(b) === name);
              window.__nnadd.clickedAt = null;
              setTimeout(() => { window.__nnadd.clickedAt = Date.now(); target.click(); },
                         Math.max(0, at - Date.now()));
            }""",
            [name, at],
        )
    for page in pages:
        page.wait_for_function("() => window.__nnadd.clickedAt !== null", polling=50)
    return [page.evaluate("() => window.__nnadd.clickedAt") for page in pages]


# ---------------------------------------------------------------- reading the page

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


MAPS = "Show the error map and the loss landscape"


def open_maps(page: Page, timeout: float = 60_000) -> None:
    """Open the Playground's maps (drawn only while open) and wait for both charts."""
    page.locator("summary", has_text=MAPS).click()
    for key in ("error-map", "landscape-chart"):
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=timeout)
    wait_idle(page, timeout)


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


def predictions(reference: dict) -> list[float]:
    return [p["prediction"] for p in reference["predictions"]]


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


# ---------------------------------------------------------------- the reference


_CLI: dict[int, dict] = {}


def cli_reference(seed: int) -> dict:
    """`python -m nnadd --json --seed S`: the weights the page must end with."""
    return cli_references([seed])[seed]


def cli_references(seeds: Iterable[int]) -> dict[int, dict]:
    """The CLI's JSON for several seeds, the missing ones computed side by side and
    kept for the rest of the session."""
    seeds = list(seeds)
    procs = {
        s: subprocess.Popen(
            [sys.executable, "-m", "nnadd", "--json", "--seed", str(s)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in dict.fromkeys(seeds)
        if s not in _CLI
    }
    for s, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"python -m nnadd --json --seed {s} failed: {stderr}"
        _CLI[s] = json.loads(stdout)
    return {s: _CLI[s] for s in seeds}


def rounded_weights(reference: dict) -> tuple[str, str, str]:
    """The CLI's w1, w2 and bias as the page shows them: 4 decimals."""
    w1, w2 = reference["weights"]
    return f"{w1:.4f}", f"{w2:.4f}", f"{reference['bias']:.4f}"


def right_answers(reference: dict) -> str:
    """The CLI's score as the page's "Right answers" metric words it."""
    correct, total = reference["correct"], reference["total"]
    return f"{correct}/{total} correct ({100 * correct / total:.1f}%)"


# ---------------------------------------------------------------- scenarios (tests and benchmarks)


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


# ---------------------------------------------------------------- a phone's first visit

PHONE = {"width": 390, "height": 844}


@dataclass
class Response:
    url: str
    status: int
    mime: str
    encoding: str  # Content-Encoding ("" for none)
    size: int  # bytes received: headers and body, as sent (Chromium's encodedDataLength)


@dataclass
class FirstLoad:
    """What one browser's first visit to a page moved, counted by Chromium itself
    through the DevTools protocol: each HTTP response's `encodedDataLength` at
    `Network.loadingFinished` (the bytes received for it: headers, and the body as it
    was sent, compressed or not), and the websocket's messages (their payloads, as
    Chromium hands them to the page)."""

    url: str
    responses: list[Response]
    websocket_bytes: int
    connections: int  # distinct HTTP connections Chromium used

    @property
    def http_bytes(self) -> int:
        return sum(r.size for r in self.responses)

    @property
    def total(self) -> int:
        return self.http_bytes + self.websocket_bytes

    @property
    def requests(self) -> int:
        return len(self.responses)


def first_load(
    browser: Browser, url: str, viewport: dict | None = None, quiet_ms: int = 1500
) -> FirstLoad:
    """A fresh browser context (nothing cached) opens `url` at a phone's size; counted
    until the page is connected, its script has run and no request has started or
    ended for `quiet_ms`."""
    context = browser.new_context(viewport=viewport or PHONE, ignore_https_errors=True)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        asked: dict[str, dict] = {}  # requestId: what is known of it
        websocket = [0]
        last = [time.monotonic()]

        def sent(event) -> None:
            if event["request"]["url"].startswith("http"):
                asked[event["requestId"]] = {"url": event["request"]["url"]}
                last[0] = time.monotonic()

        def answered(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                r = event["response"]
                headers = {k.lower(): v for k, v in r["headers"].items()}
                known.update(
                    status=r["status"], mime=r["mimeType"], connection=r.get("connectionId"),
                    encoding=headers.get("content-encoding", ""),
                )  # fmt: skip

        def finished(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                known["size"] = int(event["encodedDataLength"])
                last[0] = time.monotonic()

        def failed(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                known.setdefault("status", 0)
                known["size"] = 0
                last[0] = time.monotonic()

        def frame(event) -> None:
            data = event["response"]
            payload = data["payloadData"]
            # binary frames come base64-encoded: count the bytes they stand for
            binary = data["opcode"] == 2
            websocket[0] += len(base64.b64decode(payload)) if binary else len(payload.encode())

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.responseReceived", answered)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)
        cdp.on("Network.webSocketFrameReceived", frame)
        page.goto(url, timeout=120_000)
        wait_idle(page, timeout=120_000)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            time.monotonic() - last[0] < quiet_ms / 1000
            or any("size" not in known for known in asked.values())
        ):
            page.wait_for_timeout(100)
        responses = [
            Response(k["url"], k.get("status", 0), k.get("mime", ""), k.get("encoding", ""),
                     k.get("size", 0))
            for k in asked.values()
        ]  # fmt: skip
        connections = {k.get("connection") for k in asked.values()} - {None, 0}
        return FirstLoad(url, responses, websocket[0], len(connections))
    finally:
        context.close()


# ---------------------------------------------------------------- a class behind the balancer

SERVE_CLASS = ROOT / "deploy" / "serve-class"
REPLICA_COOKIE = "NNADD_REPLICA"  # the cookie HAProxy inserts (deploy/serve-class)
SERVE_CLASS_REPLICA = re.compile(r"replica (\d+): 127\.0\.0\.1:(\d+) \(pid (\d+)\)")


def free_ports(count: int, address: str = "127.0.0.1", tries: int = 50) -> int:
    """A port P such that P, P+1, ..., P+count-1 are all free now."""
    for _ in range(tries):
        base = free_port()
        if base + count > 65535:
            continue
        if all(_bindable(address, p) for p in range(base, base + count)):
            return base
    raise RuntimeError(f"found no {count} free ports in a row")


def _bindable(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


@dataclass
class Replica:
    number: int
    port: int
    pid: int


class ServeClass:
    """`deploy/serve-class REPLICAS PORT` on 127.0.0.1, its logs in `logs`. Reads
    what it prints: the replicas' ports and pids, HAProxy's pid, the students' URL."""

    def __init__(
        self,
        replicas: int,
        logs: Path,
        port: int | None = None,
        launcher: str | None = None,
        env: dict[str, str] | None = None,
        args: Iterable[str] = (),
        scheme: str = "http",
    ) -> None:
        """`args`: more of serve-class's options (for example --cert FILE, with
        scheme "https")."""
        self.replicas_asked = replicas
        self.logs = Path(logs)
        self.port = port or free_ports(replicas + 1)
        self.url = f"{scheme}://127.0.0.1:{self.port}/"
        self.launcher = launcher
        self.env = env
        self.args = list(args)
        self.process: subprocess.Popen | None = None
        self.lines: list[str] = []  # everything it printed, stdout and stderr
        self.replicas: list[Replica] = []
        self.haproxy_pid: int | None = None

    def command(self) -> list[str]:
        command = [
            sys.executable, str(SERVE_CLASS), str(self.replicas_asked), str(self.port),
            "--address", "127.0.0.1", "--logs", str(self.logs), *self.args,
        ]  # fmt: skip
        if self.launcher:
            command += ["--launcher", self.launcher]
        return command

    def noticed(self, line: str) -> None:
        """Called with each line serve-class prints, as it prints it (a test may
        override it to look at the processes at that moment)."""

    def start(self, timeout: float = 180.0) -> None:
        """Start it and wait for "Ctrl+C stops the class."; ServerDidNotStart, with
        what it printed, if it exits or takes longer than `timeout` seconds. The logs
        folder is left for serve-class to make (readable by its owner only)."""
        self.logs.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, env={**os.environ, **(self.env or {})},
        )  # fmt: skip
        ready = threading.Event()

        def read(stream) -> None:
            for line in stream:
                self.lines.append(line.rstrip("\n"))
                self.noticed(self.lines[-1])
                if line.startswith("Ctrl+C stops the class."):
                    ready.set()
            ready.set()  # it ended: let start() see that

        threading.Thread(target=read, args=(self.process.stdout,), daemon=True).start()
        if not ready.wait(timeout) or self.process.poll() is not None:
            self.stop()
            raise ServerDidNotStart(
                f"deploy/serve-class did not start ({self.status()}). It printed:\n"
                + "\n".join(self.lines[-60:])
            )
        for line in self.lines:
            replica = SERVE_CLASS_REPLICA.fullmatch(line)
            if replica:
                number, port, pid = (int(x) for x in replica.groups())
                self.replicas.append(Replica(number, port, pid))
            elif line.startswith("haproxy: "):
                self.haproxy_pid = int(line.rsplit("(pid ", 1)[1].rstrip(")"))

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM, as Ctrl+C would: serve-class stops HAProxy and every replica."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()  # its children get SIGTERM when it dies (PDEATHSIG)
            self.process.wait(timeout=10)

    def status(self) -> str:
        if self.process is None:
            return "not started"
        code = self.process.poll()
        return "running" if code is None else f"exited with code {code}"

    def output(self) -> str:
        return "\n".join(self.lines)

    def new_browsers_go_to(self, timeout: float = 60.0) -> set[str]:
        """Ask for the page without a cookie, as a new browser does, until HAProxy
        has sent such requests to every replica (or `timeout` seconds pass); returns
        the replicas it chose. A replica HAProxy holds to be down gets no new students,
        so a class opened before every replica is up would not spread."""
        wanted = {f"r{r.number}" for r in self.replicas}
        chosen: set[str] = set()
        deadline = time.monotonic() + timeout
        unchecked = ssl.create_default_context()  # a test's own self-signed certificate
        unchecked.check_hostname, unchecked.verify_mode = False, ssl.CERT_NONE
        while chosen != wanted and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=10, context=unchecked) as answer:
                    for header in answer.headers.get_all("Set-Cookie") or []:
                        name, _, rest = header.partition("=")
                        if name == REPLICA_COOKIE:
                            chosen.add(rest.split(";", 1)[0])
            except (urllib.error.URLError, OSError):
                pass
            if chosen != wanted:
                time.sleep(0.5)
        return chosen

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / name
        try:
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def replica_log_tail(self, number: int, lines: int = 40) -> str:
        return self.log_tail(f"replica-{number}.log", lines)


@contextmanager
def serving_class(replicas: int, logs: Path, **kwargs) -> Iterator[ServeClass]:
    served = ServeClass(replicas, logs, **kwargs)
    try:
        served.start()
        yield served
    finally:
        served.stop()


def replica_cookie(visit: Visit) -> str | None:
    """Which replica HAProxy has put this browser on: its cookie's value (r1, r2...)."""
    for cookie in visit.context.cookies():
        if cookie["name"] == REPLICA_COOKIE:
            return cookie["value"]
    return None


def websockets_opened(visit: Visit) -> list[str]:
    """The page's websocket URLs, one per connection it opened (a reconnect adds one)."""
    return [url for url in visit.requests if url.startswith("ws") and "/_stcore/stream" in url]


_WATCH_CONNECTION = """() => {
  // window.__nnadd.connection: [Date.now(), state] each time stApp's connection state
  // changes; window.__nnadd.dialogs: the text of every modal dialog that appeared
  // (Streamlit shows "Connection error" in one when it gives up reconnecting).
  const n = window.__nnadd;
  if (n.connection) return;
  n.connection = []; n.dialogs = [];
  const note = () => {
    const app = document.querySelector("__APP__");
    const state = app ? app.getAttribute("data-test-connection-state") : null;
    const last = n.connection[n.connection.length - 1];
    if (!last || last[1] !== state) n.connection.push([Date.now(), state]);
    for (const d of document.querySelectorAll("[role='dialog']")) {
      const text = d.innerText.slice(0, 500);
      if (!n.dialogs.includes(text)) n.dialogs.push(text);
    }
  };
  note();
  new MutationObserver(note).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-test-connection-state"]});
}""".replace("__APP__", APP)


def watch_connection(page: Page) -> None:
    """Start recording the page's connection states and dialogs (see connection_log)."""
    page.evaluate(_WATCH_CONNECTION)


def connection_log(page: Page) -> tuple[list[tuple[float, str]], list[str]]:
    """([(ms since the epoch, connection state)...], [dialog texts]) since
    watch_connection."""
    states, dialogs = page.evaluate("() => [window.__nnadd.connection, window.__nnadd.dialogs]")
    return [tuple(s) for s in states], dialogs


def cli_references_with(seeds: Iterable[int], *flags: str) -> dict[int, dict]:
    """`python -m nnadd --json --seed S FLAGS...` for each seed, side by side: the
    reference for links that set more than the seed (for example --epochs 20000)."""
    procs = {
        s: subprocess.Popen(
            [sys.executable, "-m", "nnadd", "--json", "--seed", str(s), *flags],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in dict.fromkeys(seeds)
    }
    out = {}
    for s, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"python -m nnadd --json --seed {s} {flags} failed: {stderr}"
        out[s] = json.loads(stdout)
    return out
