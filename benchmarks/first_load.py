"""Benchmark: what a phone's first visit moves over the network, and a class joining.

A phone's first visit (Chromium at 390x844, nothing cached) to the class poll's page
(`/answer?poll=CODE`, what students' phones open), the Playground (`/`) and the
lesson (`/lesson`), through `deploy/serve-class` and through two more HAProxys in
front of the same replicas, taken in turn:

- **as served**: serve-class's own HAProxy (Streamlit's files compressed once by
  serve-class with zlib, the rest by HAProxy);
- **HAProxy gzip only**: its configuration without serve-class's StaticFiles
  (everything compressed by HAProxy, whose gzip in Debian's build is libslz);
- **uncompressed**: without the compression lines either (as before issue 22).

Bytes are Chromium's own count (tests/e2e/harness.py, `first_load`): each HTTP
response's `encodedDataLength` (headers and body as received) plus the websocket's
messages. It prints the bytes, the HTTP requests and the connections of each visit.

With --phones N it then lets N simulated phones, all from 127.0.0.1 (one address, as a
class behind a school's router), open the poll's page at one moment: each asks for
the same files as Chromium did (up to six connections at once, as Chromium does over
HTTP/1.1), then opens the page's websocket and waits for its script run. It prints
how many got everything, the most connections open at once, and the time taken.
tests/e2e/test_serve_class_hardening.py runs the same phones and asserts them.

    python -m benchmarks.first_load [--replicas 1] [--rounds 3] [--phones 40]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.machinery
import importlib.util
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from benchmarks.class_load import cpu_seconds
from nnadd.ui import poll_store as ps
from tests.e2e import harness as h

ROOT = Path(__file__).resolve().parents[1]
SERVE_CLASS = ROOT / "deploy" / "serve-class"
CHROMIUM_CONNECTIONS = 6  # Chromium's connections to one host over HTTP/1.1


def serve_class_module():
    """deploy/serve-class, loaded as a module (its file has no .py ending)."""
    loader = importlib.machinery.SourceFileLoader("serve_class", str(SERVE_CLASS))
    spec = importlib.util.spec_from_loader("serve_class", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def without_compression(config: str) -> str:
    kept = [line for line in config.splitlines() if not line.strip().startswith("compression ")]
    return "\n".join(kept) + "\n"


@contextlib.contextmanager
def another_haproxy(config: str, folder: Path):
    """HAProxy with `config`, until the block ends."""
    path = folder / f"haproxy-{time.monotonic_ns()}.cfg"
    path.write_text(config)
    process = subprocess.Popen(
        [shutil.which("haproxy"), "-db", "-f", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_listening(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def open_poll() -> str:
    """A poll open in the replicas' database, for the phones' page."""
    store = ps.store_for_url(ps.database_url() or ps.sqlite_url(ps.sqlite_path()))
    try:
        return store.open("w1", "What is w1 after training?").code
    finally:
        store.engine.dispose()


# ---------------------------------------------------------------- simulated phones


class Gauge:
    """Connections open now, and the most ever open at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.now += n
            self.most = max(self.most, self.now)


@dataclass
class Phone:
    """What one simulated phone got."""

    number: int
    statuses: dict[str, int] = field(default_factory=dict)  # path: HTTP status (0: failed)
    bytes: int = 0
    cookies: SimpleCookie = field(default_factory=SimpleCookie)
    ran: bool = False  # its websocket opened and the page's script run finished
    stayed: bool = False  # its websocket still answered a ping when the class was in
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)  # ran, or failed


def _get(host: str, port: int, source: str, paths: queue.Queue, me: Phone, gauge: Gauge):
    """One of a phone's connections: GET paths from the queue until it is empty, keeping
    the connection open between them, opening it again if the server closed it (as
    a browser does). Cookies set by the answers join the phone's cookies."""
    connection = None
    try:
        while True:
            try:
                path = paths.get_nowait()
            except queue.Empty:
                return
            me.statuses[path] = 0  # until answered
            for _ in range(2):
                if connection is None:
                    connection = http.client.HTTPConnection(
                        host, port, timeout=60, source_address=(source, 0)
                    )
                    connection.connect()
                    gauge.add(1)
                try:
                    cookie = "; ".join(f"{k}={v.value}" for k, v in me.cookies.items())
                    connection.request(
                        "GET", path, headers={"Accept-Encoding": "gzip", "Cookie": cookie}
                    )
                    answer = connection.getresponse()
                    me.bytes += len(answer.read())
                    me.statuses[path] = answer.status
                    for header in answer.headers.get_all("Set-Cookie") or []:
                        me.cookies.load(header)
                    break
                except (http.client.RemoteDisconnected, ConnectionError):
                    connection.close()
                    connection = None
                    gauge.add(-1)
    finally:
        if connection is not None:
            connection.close()
            gauge.add(-1)


def phone_visit(
    origin: str, page: str, query: str, paths: list[str], me: Phone, gauge: Gauge,
    stay: threading.Event, source: str = "127.0.0.1", timeout: float = 120,
) -> Phone:  # fmt: skip
    """A phone's first visit: the page's address, then `paths` over up to six
    connections at once, then the page's websocket and its script run. The websocket
    stays open until `stay` is set, and must then still answer a ping."""
    parts = urlsplit(origin)
    host, port = parts.hostname, parts.port
    try:
        todo: queue.Queue = queue.Queue()
        todo.put(f"/{page}" + (f"?{query}" if query else ""))
        _get(host, port, source, todo, me, gauge)
        for path in paths:
            todo.put(path)
        workers = [
            threading.Thread(target=_get, args=(host, port, source, todo, me, gauge))
            for _ in range(CHROMIUM_CONNECTIONS)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        cookie = "; ".join(f"{k}={v.value}" for k, v in me.cookies.items())
        sock = socket.create_connection((host, port), timeout=30, source_address=(source, 0))
        with connect(
            f"ws://{host}:{port}/_stcore/stream", sock=sock, subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie} if cookie else None, max_size=None,
            open_timeout=30,
        ) as websocket:  # fmt: skip
            gauge.add(1)
            try:
                request = BackMsg()
                request.rerun_script.page_name = page
                request.rerun_script.query_string = query
                websocket.send(request.SerializeToString())
                reply = ForwardMsg()
                deadline = time.monotonic() + timeout
                while not me.ran:
                    left = max(0.01, deadline - time.monotonic())
                    reply.ParseFromString(websocket.recv(timeout=left))
                    if reply.WhichOneof("type") == "script_finished":
                        me.ran = reply.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                me.done.set()
                stay.wait(timeout)
                me.stayed = websocket.ping().wait(10)
            finally:
                gauge.add(-1)
    except Exception as error:  # a phone's failure is a result
        me.error = f"{type(error).__name__}: {error}"
    finally:
        me.done.set()
    return me


def statuses_seen(load: h.FirstLoad) -> dict[str, int]:
    """What Chromium asked for after the page's own address (path and query) and the
    status it got for each: what a simulated phone asks for, and must get."""
    seen = {}
    for response in load.responses[1:]:
        parts = urlsplit(response.url)
        seen[parts.path + (f"?{parts.query}" if parts.query else "")] = response.status
    return seen


@dataclass
class Join:
    phones: list[Phone]
    seconds: float  # from the start to the last phone's script run
    most_connections: int  # open at once, all phones together

    def failures(self, expected: dict[str, int]) -> list[str]:
        """One line for each phone that did not get every file Chromium got (with its
        status) or whose page's script run did not finish."""
        out = []
        for phone in self.phones:
            wrong = {
                path: got for path, got in phone.statuses.items()
                if got != expected.get(path, 200)
            }  # fmt: skip
            if phone.error or not phone.ran or not phone.stayed or wrong:
                out.append(f"phone {phone.number}: {phone.error or ''} statuses {wrong}"[:400])
        return out


def class_joins(
    origin: str, page: str, query: str, paths: list[str], n: int, source: str = "127.0.0.1"
) -> Join:
    """n phones from `source` open the page at one moment; once every one has run its
    page (or failed), each checks that its websocket is still open, and leaves."""
    gauge, stay = Gauge(), threading.Event()
    phones = [Phone(i) for i in range(1, n + 1)]
    began = time.monotonic()
    threads = [
        threading.Thread(
            target=phone_visit, args=(origin, page, query, paths, p, gauge, stay, source)
        )
        for p in phones
    ]
    for thread in threads:
        thread.start()
    for phone in phones:
        phone.done.wait()
    seconds = time.monotonic() - began
    stay.set()
    for thread in threads:
        thread.join()
    return Join(phones, seconds, gauge.most)


# ---------------------------------------------------------------- the benchmark


def first_visits(browser, fronts: dict[str, str], pages: dict[str, str], rounds: int):
    """{(page, front): [FirstLoad, one a round]}, the fronts taken in turn."""
    seen: dict[tuple[str, str], list[h.FirstLoad]] = {}
    for _ in range(rounds):
        for page, path in pages.items():
            for front, url in fronts.items():
                seen.setdefault((page, front), []).append(h.first_load(browser, url + path))
    return seen


def joins(served, fronts, haproxys, code: str, expected: dict[str, int], n: int, rounds: int):
    """For each front, in turn, `rounds` times: n phones join the poll's page at once.
    Yields (front, Join, failures, CPU seconds of the replicas, of that front's HAProxy
    and of serve-class, which serves Streamlit's files for "as served")."""
    for _ in range(rounds):
        for front, url in fronts.items():
            pids = [r.pid for r in served.replicas], haproxys[front], served.process.pid
            before = sum(map(cpu_seconds, pids[0])), cpu_seconds(pids[1]), cpu_seconds(pids[2])
            join = class_joins(url, "answer", f"poll={code}", list(expected), n)
            after = sum(map(cpu_seconds, pids[0])), cpu_seconds(pids[1]), cpu_seconds(pids[2])
            used = [b - a for a, b in zip(before, after, strict=True)]
            yield front, join, join.failures(expected), used
            time.sleep(3)  # the phones' sessions close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phones", type=int, default=0, help="then a class of N phones")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    serve_class = serve_class_module()
    logs = Path(tempfile.mkdtemp(prefix="nnadd-first-load-"))
    print(f"{args}; logs in {logs}", flush=True)
    with h.serving_class(args.replicas, logs / "serve-class") as served, sync_playwright() as pw:
        browser = h.launch_browser(pw, h.find_browser(pw))
        ports = [r.port for r in served.replicas]
        slz_port, plain_port = h.free_port(), h.free_port()
        slz = serve_class.haproxy_config("127.0.0.1", slz_port, ports)
        plain = without_compression(serve_class.haproxy_config("127.0.0.1", plain_port, ports))
        code = open_poll()
        pages = {"poll": f"answer?poll={code}", "Playground": "", "lesson": "lesson"}
        with (
            another_haproxy(slz, logs) as slz_haproxy,
            another_haproxy(plain, logs) as plain_haproxy,
        ):
            wait_listening(slz_port)
            wait_listening(plain_port)
            fronts = {
                "as served": served.url,
                "HAProxy gzip only": f"http://127.0.0.1:{slz_port}/",
                "uncompressed": f"http://127.0.0.1:{plain_port}/",
            }
            haproxys = {
                "as served": served.haproxy_pid,
                "HAProxy gzip only": slz_haproxy.pid,
                "uncompressed": plain_haproxy.pid,
            }
            seen = first_visits(browser, fronts, pages, args.rounds)
            print(f"{'page':<11} {'through':<18} {'MB':>6} {'of which ws':>11} {'requests':>8} "
                  f"{'connections':>11}")  # fmt: skip
            for (page, front), loads in seen.items():
                mb = statistics.median(load.total for load in loads) / 1e6
                ws = statistics.median(load.websocket_bytes for load in loads) / 1e6
                requests = statistics.median(load.requests for load in loads)
                conns = statistics.median(load.connections for load in loads)
                print(f"{page:<11} {front:<18} {mb:>6.2f} {ws:>11.3f} {requests:>8.0f} "
                      f"{conns:>11.0f}")  # fmt: skip
            print(f"(median of {args.rounds} rounds, taken in turn; MB = 10^6 bytes)", flush=True)
            if args.phones:
                expected = statuses_seen(seen[("poll", "as served")][0])
                print(f"{args.phones} phones from one address join the poll's page at once:")
                for front, join, failed, used in joins(
                    served, fronts, haproxys, code, expected, args.phones, args.rounds
                ):
                    print(
                        f"  {front:<18} {args.phones - len(failed)} got every file and ran "
                        f"the page, in {join.seconds:.1f} s; at most {join.most_connections} "
                        f"connections at once; CPU s: replicas {used[0]:.2f}, HAProxy "
                        f"{used[1]:.2f}, serve-class {used[2]:.2f}",
                        flush=True,
                    )
                    for line in failed:
                        print(f"    {line}")
        browser.close()


if __name__ == "__main__":
    main()
