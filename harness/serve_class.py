"""`deploy/serve-class`, started as a teacher starts it, and what a browser behind
its HAProxy sees: which replica it is on, its websockets, its connection states."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from harness.page import APP, Visit
from harness.server import ROOT, ServerDidNotStart, free_ports, process_status, stop_process

SERVE_CLASS = ROOT / "deploy" / "serve-class"
REPLICA_COOKIE = "NNADD_REPLICA"  # the cookie HAProxy inserts (deploy/serve-class)
SERVE_CLASS_REPLICA = re.compile(r"replica (\d+): 127\.0\.0\.1:(\d+) \(pid (\d+)\)")


def serve_class_module():
    """deploy/serve-class, loaded as a module (its file has no .py ending)."""
    loader = importlib.machinery.SourceFileLoader("serve_class", str(SERVE_CLASS))
    spec = importlib.util.spec_from_loader("serve_class", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


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
        """SIGTERM, as Ctrl+C would: serve-class stops HAProxy and every replica. (If it
        must be killed, its children get SIGTERM when it dies: PDEATHSIG.)"""
        stop_process(self.process, timeout)

    def status(self) -> str:
        return process_status(self.process)

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
