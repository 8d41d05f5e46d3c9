"""One student's visit to the page in Chromium: a fresh browser context that records
what the page showed and asked for, and the waits for the page to load and settle.

Everything here reads the page as a student sees it: labels, buttons, metrics, the
table's accessibility grid. The only hooks are the container keys app.py gives the
page's parts (`.st-key-live`, `.st-key-predictions`, `.st-key-add-two-numbers`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

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
# - sent: how many messages the page has sent over its WebSocket (every rerun it asks
#   for is one), to tell that a key or a click asked the server for nothing;
# - lastMutation: when the DOM last changed, to tell when a finished run is drawn.
_INIT_JS = r"""
(() => {
  if (window.__nnadd) return;
  const rec = window.__nnadd = {
    exceptions: [], redraws: [], charts: [], runsFinished: 0, sent: 0, lastMutation: 0};
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
    send(data) {
      rec.sent++;
      super.send(data);
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
    page.locator(".st-key-train button").wait_for(timeout=timeout)  # in every language
    if page.evaluate("() => window.__nnadd !== undefined"):
        wait_runs_finished(page, 0, timeout=timeout)


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", timeout=timeout)


# Streamlit draws a lazily loaded element (a Plotly chart, for one) as a placeholder,
# [data-testid='stSkeleton'], until its code has loaded, seconds later on a loaded
# machine; then a Plotly chart is drawn at 800 px before it measures its column (its
# graph div scrolls sideways for that moment). Laid out: neither, and the DOM still.
LAID_OUT = f"""() => !document.querySelector("[data-testid='stSkeleton']")
  && [...document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot")]
       .every(gd => gd.scrollWidth <= gd.clientWidth + 1)
  && performance.now() - window.__nnadd.lastMutation >= {QUIET_MS}"""


def wait_laid_out(page: Page, timeout: float = 30_000) -> None:
    """Wait until every element the page was sent is drawn at its column's width and
    the page has stopped changing (for a screenshot, a measurement or axe)."""
    page.wait_for_function(LAID_OUT, polling=50, timeout=timeout)


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


def messages_sent(page: Page) -> int:
    """How many messages the page has sent to the server (a rerun asked is one)."""
    return page.evaluate("() => window.__nnadd.sent")


def messages_sent_once_handled(page: Page) -> int:
    """messages_sent, read once the page has handled every input event so far and
    whatever those handlers scheduled: two animation frames (React renders and runs
    its effects in between) and a task after them."""
    return page.evaluate(
        """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
              () => setTimeout(() => done(window.__nnadd.sent), 0))))"""
    )


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


def button(page: Page, name: str):
    """The button labelled `name`. A button with a keyboard shortcut has its key in its
    accessible name too ("Train Shortcut T"), so the label matches with or without it."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}( Shortcut \S+)?$"))
