"""Uploads through the real server (issue 22): the server refuses a file larger than
the page's one upload can be, and one session cannot park uploads in its memory.

A browser is not needed: the test speaks to `streamlit run app.py` as the page's
JavaScript does. It opens the websocket for a session id, takes the XSRF cookie from
/_stcore/health, and PUTs files to /_stcore/upload_file/<session>/<file id>, a new
file id each time, as anyone on the class's network could."""

from __future__ import annotations

import asyncio
import http.cookiejar
import urllib.error
import urllib.request
import uuid
from types import SimpleNamespace

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import harness
from harness.processes import rss_mib
from harness.students import run_apart, stream
from nnadd.modelfile import MAX_BYTES
from nnadd.ui.playground_state import PlaygroundState

MIB = 1024 * 1024


class Uploader:
    """One visitor of the page: its session, and PUTs of raw files into it."""

    def __init__(self, url: str) -> None:
        self.url = url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(f"{url}_stcore/health", timeout=10).read()
        self.xsrf = next(c.value for c in jar if c.name == "_streamlit_xsrf")

    def put(self, session: str, size: int) -> int | str:
        """PUT a file of `size` bytes under a new file id; the HTTP status, or "closed"
        when the server refused the body by closing the connection while it was sent."""
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="m.json"\r\nContent-Type: application/json\r\n\r\n'
        ).encode()
        body = head + b" " * size + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.url}_stcore/upload_file/{session}/{uuid.uuid4().hex}", data=body,
            method="PUT", headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.xsrf,
            },
        )  # fmt: skip
        try:
            with self.opener.open(request, timeout=30) as reply:
                return reply.status
        except urllib.error.HTTPError as refused:
            return refused.code
        except urllib.error.URLError as failed:
            if isinstance(failed.reason, (ConnectionResetError, BrokenPipeError)):
                return "closed"
            raise
        except (ConnectionResetError, BrokenPipeError):
            return "closed"


async def _hold_session(url: str, ready: asyncio.Future, done: asyncio.Event) -> None:
    async with stream(url.replace("http", "ws") + "_stcore/stream") as ws:
        ask = BackMsg()
        ask.rerun_script.query_string = ""
        ask.rerun_script.page_script_hash = ""
        await ws.send(ask.SerializeToString())
        msg, session = ForwardMsg(), None
        while not ready.done():  # the session's id, once its first page run has ended
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
            if msg.WhichOneof("type") == "new_session":
                session = msg.new_session.initialize.session_id
            elif msg.WhichOneof("type") == "script_finished" and session:
                ready.set_result(session)
        await done.wait()


def with_a_session(url: str, body) -> object:
    """Run body(session_id) while a websocket holds that session open."""

    async def main():
        loop = asyncio.get_running_loop()
        ready, done = loop.create_future(), asyncio.Event()
        holder = asyncio.create_task(_hold_session(url, ready, done))
        try:
            session = await asyncio.wait_for(ready, 60)
            return await asyncio.to_thread(body, session)
        finally:
            done.set()
            await holder

    return run_apart(main())  # after the browser tests, Playwright's loop runs here


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with harness.running_server(tmp_path_factory.mktemp("uploads") / "server.log") as s:
        yield s


def test_the_server_refuses_an_upload_larger_than_a_megabyte(server):
    uploader = Uploader(server.url)

    def body(session):
        return uploader.put(session, 60 * 1024), uploader.put(session, int(1.5 * MIB))

    small, large = with_a_session(server.url, body)
    assert small == 204  # a model file's size passes
    assert large in (413, "closed")  # Streamlit's default would take 200 MB


def uploads_held(url: str) -> int:
    """The bytes of uploads the server holds in memory, from Streamlit's own metrics.
    Streamlit computes the figure at most every 5 s and serves it from a cache in
    between, so a test reads it once, at its end."""
    with urllib.request.urlopen(f"{url}_stcore/metrics", timeout=10) as reply:
        for line in reply.read().decode().splitlines():
            if line.startswith("cache_memory_bytes") and "UploadedFileManager" in line:
                return int(float(line.split()[-1]))
    return 0  # no upload held


def test_uploads_do_not_pile_up_in_the_servers_memory(server):
    """Twenty refused uploads of 1.5 MB, then twenty accepted ones of 0.9 MB under new
    file ids, all in one session. The server holds none of the refused ones and the
    newest two of the accepted ones (the page's model file is the newest): at most
    1.9 MB, where the forty held would be 48 MB.

    Its memory (RSS) grows too, but not by the uploads' bytes: any twenty requests
    with 1.5 MB bodies, even ones refused before their body is looked at, grew it by 7
    to 12 MB here, and it stopped growing at about 180 MB after 150 of them (the
    allocator keeping the buffers the bodies were read into, not the uploads)."""
    uploader = Uploader(server.url)
    pid = server.process.pid

    def body(session):
        uploader.put(session, int(1.5 * MIB))  # the first large body's own buffers
        before = rss_mib(pid)
        refused = [uploader.put(session, int(1.5 * MIB)) for _ in range(20)]
        accepted = [uploader.put(session, int(0.9 * MIB)) for _ in range(20)]
        return before, refused, accepted, uploads_held(server.url)

    before, refused, accepted, held = with_a_session(server.url, body)
    after = rss_mib(pid)
    assert set(refused) <= {413, "closed"}
    assert accepted == [204] * 20
    # the newest two, and the other test's small file (its session may still be kept)
    assert held <= 2 * int(0.9 * MIB) + 64 * 1024, f"{held / MIB:.1f} MiB held"
    assert after - before < 25, f"{before:.1f} -> {after:.1f} MiB"


class _Upload:
    """A stand-in for Streamlit's UploadedFile that records how much was read."""

    name = "big.json"

    def __init__(self, size: int) -> None:
        self.data, self.reads = b"{" + b" " * (size - 1), []

    def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        return self.data if size < 0 else self.data[:size]

    def getvalue(self) -> bytes:
        self.reads.append(-1)
        return self.data


def test_a_model_file_is_read_no_further_than_its_limit():
    """The page reads one byte past the model file's limit, never the whole upload."""
    widgets = {"model_upload": _Upload(900 * 1024)}
    own = {"run": {"trainer": SimpleNamespace(data=())}}
    PlaygroundState(own, widgets).load_model_file()
    upload = widgets["model_upload"]
    assert upload.reads and all(0 <= n <= MAX_BYTES + 1 for n in upload.reads)
    kind, words = own["run"]["notice"]
    assert kind == "error" and "big.json was not loaded" in words and "64 KiB" in words
