"""Helpers shared by the tests: one copy of each. (What the benchmarks use as well, the
browser harness, the simulated students, /proc readings and the article's plain loop,
lives in the harness package.)"""

from __future__ import annotations

import array
import base64
import contextlib
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

import harness as h
from harness.plain import ArticleNetwork
from nnadd.cli import main
from nnadd.data import article_data
from nnadd.landscape import Best
from nnadd.training import Trainer
from nnadd.ui import live_chart
from nnadd.ui.chart_axes import error_span, weight_span
from nnadd.ui.figures import CHART_CONFIG, LIVE_POINTS, training_figure

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DATA = article_data()


def wait_until(
    condition: Callable[[], object], timeout: float = 30.0, what: str = "", every: float = 0.005
) -> None:
    """Wait until `condition()` holds, looking every `every` seconds; AssertionError
    after `timeout` seconds, naming what was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what or condition}"
        time.sleep(every)


# ---------------------------------------------------------------- the command line


class Ran(NamedTuple):
    """What a command-line run printed and returned, as subprocess.run reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Ran:
    """`python -m nnadd ARGS`, run in this process: main() with its output captured and
    argparse's exit turned into a return code, as the shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli_process(*args: str) -> subprocess.CompletedProcess:
    """`python -m nnadd ARGS` as its own process: for the few tests of the real command."""
    return subprocess.run(
        [sys.executable, "-m", "nnadd", *args], capture_output=True, text=True, timeout=120
    )


# ---------------------------------------------------------------- the page through AppTest


def open_app(query: dict[str, str] | None = None, page: str = "", timeout: float = 60) -> AppTest:
    """app.py through AppTest, opened at a link (`query`) on `page` (an app_pages/
    file; the Playground if none), run once, with no error shown."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def alone(script, **kwargs) -> AppTest:
    """One page section alone: `script` (a function) through AppTest, run once, with
    no error shown."""
    at = AppTest.from_function(script, kwargs=kwargs, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


# An AppTest's session state, read the way the pages keep it (nnadd/ui/session.py):
# the Playground's run in its own mapping, the lesson's in its own.


def playground_run(at) -> dict:
    """The Playground's run (nnadd.ui.run.KEYS), as an AppTest's session holds it."""
    return at.session_state["playground"]["run"]


def trainer_of(at):
    """The Playground's network on screen: its Trainer."""
    return playground_run(at)["trainer"]


def running_of(at) -> bool:
    """Whether the Playground's Train loop is to go on."""
    return bool(playground_run(at).get("running", False))


def playground_started(at) -> bool:
    """Whether the session has built the Playground's network yet."""
    return "playground" in at.session_state and "trainer" in playground_run(at)


def lesson_run(at) -> dict:
    """The lesson's watched run (nnadd.ui.run.KEYS)."""
    return at.session_state["lesson"]["run"]


def poll_tickets(at) -> dict:
    """The class polls the lesson's page opened, by step id."""
    return at.session_state["lesson"]["polls"].get("tickets", {})


def metric(at: AppTest, label: str) -> str:
    """The value the metric labelled `label` shows."""
    return next(m.value for m in at.metric if m.label == label)


def weights(of: Trainer | AppTest) -> tuple[float, float, float]:
    """(w1, w2, b) of a trainer's network, or of the network a page (AppTest) holds."""
    net = (trainer_of(of) if isinstance(of, AppTest) else of).network
    return (net.w1, net.w2, net.b)


def text(element) -> str:
    """What a message shows: its Markdown with the backslash escapes read, less
    as_text's invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", element.value).replace("\u2060", "")


# ---------------------------------------------------------------- the live chart, read


def chart_messages(at: AppTest) -> list[dict]:
    """Every message the training chart (nnadd/ui/live_chart.py's browser element) got
    in the last script run, in order."""
    return [
        json.loads(e.proto.json)
        for e in at.get("bidi_component")
        if e.proto.component_name == "nnadd_live_chart"
    ]


def training_chart(at: AppTest) -> tuple[dict, str]:
    """The last whole figure the training chart was sent (Plotly's JSON), and its
    text alternative."""
    whole = [m for m in chart_messages(at) if m["kind"] == "full"]
    assert whole, "the training chart was never drawn"
    return json.loads(whole[-1]["figure"]), whole[-1]["alt"]


# ---------------------------------------------------------------- second implementations


def plain_trained(
    seed: int = 42,
    activation: str = "sigmoid",
    lr: float = 0.1,
    epochs: int = 10_000,
    data: tuple = DATA.training,
) -> ArticleNetwork:
    """The article's plain loop (harness/plain.py) after `epochs` epochs on `data`."""
    net = ArticleNetwork(seed, lr, activation)
    net.train([(x1, x2) for x1, x2, _ in data], [t for *_, t in data], epochs)
    return net


WATCH_EPOCHS = 10_000  # watched_run's length
SPACING = WATCH_EPOCHS / (2 * LIVE_POINTS)  # the extends' least distance between points


class PlainBrowser:
    """What the browser's script does with the messages, written out plainly: a whole
    figure replaces the lines; an extend of the same figure appends its points that
    come after each line's last point; an extend of another figure is ignored."""

    def __init__(self):
        self.basis = None
        self.lines: list[list[tuple[float, float]]] = []

    def take(self, message: dict) -> None:
        if message["kind"] == "full":
            figure = json.loads(message["figure"])
            self.basis = message["basis"]
            self.lines = [
                list(zip(decode(t["x"]), decode(t["y"]), strict=True)) for t in figure["data"][:4]
            ]
        elif message["basis"] == self.basis:
            for line, ys in zip(self.lines, message["y"], strict=True):
                after = line[-1][0] if line else -math.inf
                line.extend((x, y) for x, y in zip(message["x"], ys, strict=True) if x > after)


def decode(values) -> list[float]:
    """Plotly's base64 arrays ("bdata"), decoded with the standard library."""
    if isinstance(values, list):
        return values
    codes = {"f4": "f", "f8": "d", "i4": "i", "i2": "h", "i1": "b", "u1": "B"}
    out = array.array(codes[values["dtype"]])
    out.frombytes(base64.b64decode(values["bdata"]))
    return out.tolist()


def _whole(trainer: Trainer, feed: live_chart.Feed) -> dict:
    points = trainer.history.points()
    figure = training_figure(points, target_epochs=WATCH_EPOCHS, best=Best(5, 5, -2.5, "t"),
                             most=LIVE_POINTS)  # fmt: skip
    return live_chart.full_message(
        figure, alt="", config=CHART_CONFIG, feed=feed, last_epoch=points[-1].epoch,
        errors=error_span(points), weights=weight_span(points),
    )  # fmt: skip


def watched_run(seed=42, chunk=150, activation="sigmoid", drop=0.0):
    """A Watch run as nnadd/ui/live.py draws it: a whole figure first, then an extend
    per chunk while allowed, a whole figure when not. `drop` is the share of messages
    lost on the way (Streamlit replaces a queued message with the next one).
    Returns (the trainer, every message, the messages not dropped)."""
    rng = random.Random(seed)
    trainer = Trainer.from_seed(seed, activation)
    feed = live_chart.Feed()
    messages = [_whole(trainer, feed)]
    while trainer.epoch < WATCH_EPOCHS:
        trainer.train(min(chunk, WATCH_EPOCHS - trainer.epoch))
        history = trainer.history
        if live_chart.can_extend(feed, len(history)):
            messages.append(live_chart.extend_message(
                history.points_after(feed.last_epoch), alt="", feed=feed, spacing=SPACING,
            ))  # fmt: skip
        else:
            messages.append(_whole(trainer, feed))
    messages.append(_whole(trainer, live_chart.Feed()))  # the page drawn after the run
    kept = [
        m for i, m in enumerate(messages) if i in (0, len(messages) - 1) or rng.random() >= drop
    ]
    return trainer, messages, kept


# ---------------------------------------------------------------- certificates


def needs_program(name: str) -> str:
    """The path of the program `name` (Debian's package of that name): without it the
    test skips with one line saying how to get it, and in CI (env CI set) it fails."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {name} (apt-get install {name})", pytrace=False)
        pytest.skip(f"{name} is not installed: apt-get install {name}")
    return found


def needs_openssl() -> str:
    return needs_program("openssl")


def needs_chinese_font() -> None:
    """A font with Chinese characters (Debian's fonts-noto-cjk): without one, Chinese is
    drawn as empty boxes; the test skips with one line, and in CI it fails."""
    fc_list = shutil.which("fc-list")
    listed = (
        subprocess.run(
            [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=60
        ).stdout
        if fc_list
        else ""
    )
    if not listed.strip():
        if os.environ.get("CI"):
            pytest.fail("CI needs a Chinese font (apt-get install fonts-noto-cjk)", pytrace=False)
        pytest.skip("no font with Chinese characters: apt-get install fonts-noto-cjk")


def make_certificate(folder: Path, name: str, passphrase: str | None = None) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and its key, made by the openssl
    command line: (certificate, key), each a PEM file of its own."""
    cert, key = folder / f"{name}-cert.pem", folder / f"{name}-key.pem"
    lock = ["-passout", f"pass:{passphrase}"] if passphrase else ["-noenc"]
    subprocess.run(
        [needs_openssl(), "req", "-x509", "-newkey", "rsa:2048", *lock, "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def one_pem(path: Path, *parts: Path) -> Path:
    """`parts` (PEM files) written one after another into `path`, as HAProxy reads them."""
    path.write_bytes(b"".join(part.read_bytes() for part in parts))
    return path


# ---------------------------------------------------------------- a class behind HAProxy


def started(served: h.ServeClass) -> h.ServeClass:
    """deploy/serve-class started; the test fails with what it printed if it does not."""
    try:
        served.start()
    except h.ServerDidNotStart as failed:
        pytest.fail(str(failed), pytrace=False)
    return served


def stopped(served: h.ServeClass) -> None:
    """deploy/serve-class stopped, and what it, its replicas and HAProxy wrote printed
    (pytest shows it under a failure)."""
    served.stop()
    print(f"deploy/serve-class printed:\n{served.output()}")
    for replica in served.replicas:
        print(f"replica {replica.number}, last lines:\n{served.replica_log_tail(replica.number)}")
    print(f"HAProxy, last lines:\n{served.log_tail('haproxy.log')}")


# ---------------------------------------------------------------- the page in Chromium

PROJECTOR = {"width": 1280, "height": 720}
LESSON = ".st-key-lesson"

# How far the main area can scroll, and its height, measured where Streamlit scrolls:
# inside [data-testid='stMain'], not the document.
SCROLL = """() => {
  const m = document.querySelector("[data-testid='stMain']");
  const d = document.scrollingElement;
  return [m.scrollHeight - m.clientHeight, m.clientHeight, d.scrollHeight - d.clientHeight];
}"""

# Text on screen in the lesson smaller than 20 px: every visible text node outside the
# charts (SVG), the typeset maths (its own scale), the keys shown in the buttons and
# icons (Material Symbols ligatures, whose text is the icon's name).
SMALL_TEXT = """root => {
  const small = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode.textContent.trim();
    const el = walk.currentNode.parentElement;
    if (!text || el.closest("svg, .katex, kbd, [data-testid='stIconMaterial']")) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 20) small.push(text.slice(0, 40) + " (" + size + " px)");
  }
  return small;
}"""


def wait_step(page, number: int, timeout: float = 30_000, heading: str | None = None) -> None:
    """Wait until the lesson shows step `number` (its heading starts with `heading`,
    in the page's language; "Step 2 of 7" in English), idle, and laid out."""
    start = re.escape(heading) if heading else rf"Step {number} of 7"
    page.get_by_role("heading", name=re.compile(rf"^{start}")).wait_for(timeout=timeout)
    h.wait_idle(page, timeout)
    h.wait_laid_out(page, timeout)  # charts and maths lay out after the run has ended


def fits(page, what: str) -> None:
    """The lesson fits a projector's screen: nothing scrolls, no text under 20 px."""
    overflow, height, document = page.evaluate(SCROLL)
    assert height <= PROJECTOR["height"]
    assert overflow <= 0 and document <= 0, f"{what}: the lesson scrolls by {overflow} px"
    small = page.locator(LESSON).evaluate(SMALL_TEXT)
    assert not small, f"{what}: text under 20 px: {small}"


# One exception, as small as its element: Streamlit's own file-upload drop zone is a
# <section role="presentation" tabindex="-1" aria-label=...>, which axe reports as
# `presentation-role-conflict` (minor). The app cannot change that element's markup;
# every other element, and every other rule on that element, must pass.
STREAMLIT_DROPZONE = 'data-testid="stFileUploaderDropzone"'


def violations(page) -> list[str]:
    """axe-core's violations on the page (through axe-playwright-python), as
    "rule (impact): element" lines, less the one exception."""
    from axe_playwright_python.sync_playwright import Axe  # the browser tests' alone

    found = []
    for violation in Axe().run(page).response["violations"]:
        for node in violation["nodes"]:
            if (
                violation["id"] == "presentation-role-conflict"
                and STREAMLIT_DROPZONE in node["html"]
            ):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]}")
    return found


# How the page draws each metric's number: {label: [px, weight]}, read where the text
# is (the <p> inside the value, whose own size wins over the value's box).
KEY_NUMBERS = """scope => {
  const out = {};
  for (const m of document.querySelector(scope).querySelectorAll("[data-testid='stMetric']")) {
    const label = m.querySelector("[data-testid='stMetricLabel']").innerText.trim();
    const value = m.querySelector("[data-testid='stMetricValue']");
    const style = getComputedStyle(value.querySelector("p") || value);
    out[label] = [parseFloat(style.fontSize), parseInt(style.fontWeight)];
  }
  return out;
}"""

# Every text drawn in the charts and diagrams (SVG) inside a root: [text, px, fill].
CHART_TEXT = """root => [...root.querySelectorAll("svg text")]
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize),
             getComputedStyle(t).fill])"""


def key_numbers(page, scope: str = LESSON) -> dict[str, tuple[float, int]]:
    return {k: tuple(v) for k, v in page.evaluate(KEY_NUMBERS, scope).items()}


def chart_text(page, scope: str = LESSON) -> list[tuple[str, float, str]]:
    return [tuple(t) for t in page.locator(scope).evaluate(CHART_TEXT)]


def text_colour(page, scope: str = LESSON) -> str:
    """The theme's text colour, as the lesson's step title is drawn in it."""
    return page.locator(f"{scope} h2").first.evaluate("h => getComputedStyle(h).color")
