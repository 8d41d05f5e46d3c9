"""Simulated phones: a phone's first visit over plain HTTP and a websocket, as
Chromium makes it (the page's address, then its files over up to six connections,
then the websocket and the page's script run), many of them at one moment from one
address, as a class behind a school's router. What Chromium itself asks for on a
first visit (harness.first_load) is the list of files a phone asks for.
"""

from __future__ import annotations

import http.client
import queue
import socket
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from harness.first_load import FirstLoad

CHROMIUM_CONNECTIONS = 6  # Chromium's connections to one host over HTTP/1.1


def open_poll() -> str:
    """A poll open in the replicas' database, for the phones' page."""
    from nnadd.ui import poll_store as ps  # reads the database's place when called

    store = ps.store_for_url(ps.database_url() or ps.sqlite_url(ps.sqlite_path()))
    try:
        return store.open("w1", "What is w1 after training?").code
    finally:
        store.engine.dispose()


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


def statuses_seen(load: FirstLoad) -> dict[str, int]:
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
