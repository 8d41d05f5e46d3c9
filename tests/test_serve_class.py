"""deploy/serve-class as a teacher calls it, without starting a class: what it refuses,
what it says without HAProxy, and the HAProxy configuration it writes."""

import ast
import base64
import contextlib
import gzip
import hashlib
import http.client
import http.server
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from harness.processes import alive
from harness.serve_class import SERVE_CLASS, serve_class_module
from harness.server import ROOT, free_ports, wait_listening
from tests.helpers import make_certificate, one_pem, wait_until


def serve_class(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SERVE_CLASS), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["0"], "REPLICAS must be a whole number"),
        (["abc"], "REPLICAS must be a whole number"),
        (["-1"], "REPLICAS must be a whole number"),
        (["2.5"], "REPLICAS must be a whole number"),
        (["57035"], "at most 57034 replicas after port 8501"),  # 8502 .. 65535 is 57034
        (["3", "65533"], "at most 2 replicas after port 65533"),
        (["2", "http"], "PORT must be a whole number"),
        (["2", "0"], "PORT must be a whole number"),
        (["2", "70000"], "PORT must be a whole number"),
        ([], "usage: serve-class REPLICAS [PORT]"),
        (["2", "8501", "--colour", "red"], "unknown option --colour"),
    ],
)
def test_refuses_bad_arguments_with_one_line_and_exit_2(args, words):
    done = serve_class(*args)
    assert done.returncode == 2, done
    assert done.stdout == "", "nothing is started, so nothing is announced"
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert words in lines[0]


def test_without_haproxy_it_says_how_to_install_it(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no haproxy on PATH
    done = serve_class("2", env=env)
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "serve-class: HAProxy is not installed; on Debian or Ubuntu: apt-get install haproxy"
    ]


def test_haproxy_config_sticks_by_cookie_checks_health_and_keeps_websockets():
    config = serve_class_module().haproxy_config("0.0.0.0", 8501, [8502, 8503], static_port=8600)
    lines = [line.strip() for line in config.splitlines()]
    for expected in (
        "bind 0.0.0.0:8501",
        "balance leastconn",
        "cookie NNADD_REPLICA insert indirect nocache httponly",
        "option httpchk GET /_stcore/health",
        "timeout tunnel 1h",
        "option redispatch",
        "server r1 127.0.0.1:8502 cookie r1",
        "server r2 127.0.0.1:8503 cookie r2",
        # issue 22: compressed text, Streamlit's own files from serve-class, the client's
        # address as HAProxy saw it, idle connections closed soon
        "compression algo gzip",
        "compression type text/html text/css text/javascript application/javascript",
        "compression type application/json image/svg+xml",
        "use_backend static if { path_beg /static/ }",
        "server static 127.0.0.1:8600",
        "http-request set-header X-Forwarded-For %[src]",
        "timeout http-keep-alive 2s",
    ):
        assert expected in lines, expected
    assert not any("source" in line.split()[:2] for line in lines if line), "no ip hash"


def test_a_replica_that_cannot_start_stops_everything(haproxy, tmp_path):
    port = free_ports(3)
    done = serve_class(
        "2", str(port), "--address", "127.0.0.1", "--logs", str(tmp_path),
        "--launcher", "no_such_module_for_serve_class",
    )  # fmt: skip
    assert done.returncode == 1, done
    assert "replica 1" in done.stderr and "exited with code 1 before it was healthy" in done.stderr
    assert "No module named no_such_module_for_serve_class" in done.stderr, "the log's tail"
    assert "Students open" not in done.stdout
    assert not (tmp_path / "haproxy.cfg").exists(), "HAProxy was never started"


def one_replica(port: int, logs: Path, **popen) -> tuple[subprocess.Popen, str]:
    """`serve-class 1 PORT` (not warmed), and what it printed until the class was on
    (or a replica failed: bounded, serve-class gives up on a replica in 90 s)."""
    process = subprocess.Popen(
        [sys.executable, str(SERVE_CLASS), "1", str(port), "--address", "127.0.0.1",
         "--logs", str(logs), "--warm", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen,
    )  # fmt: skip
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(("Ctrl+C stops the class.", "serve-class: replica")):
            break
    return process, "".join(lines)


def test_ctrl_c_stops_haproxy_and_every_replica(haproxy, tmp_path):
    port = free_ports(2)
    process, printed = one_replica(port, tmp_path)
    try:
        assert f"Students open http://127.0.0.1:{port}/" in printed, printed
        pids = [int(x.split(")")[0]) for x in printed.split("(pid ")[1:]]
        assert len(pids) == 2 and all(alive(p) for p in pids), printed  # replica, haproxy
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        assert process.returncode == 0, rest
        assert "serve-class: stopped" in rest
        assert not any(alive(p) for p in pids), "a process outlived serve-class"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


class Replica(http.server.BaseHTTPRequestHandler):
    """A stand-in replica for HAProxy's health check: /_stcore/health answers "ok"
    after `self.server.delay` seconds (a busy Streamlit process answers late), each
    answer counted in `self.server.answered`; any other path answers at once."""

    def do_GET(self) -> None:
        if self.path == "/_stcore/health":
            time.sleep(self.server.delay)  # the stand-in's own slowness, not a wait
            self.server.answered.append(time.monotonic())
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_replica_slow_to_answer_its_health_check_still_gets_new_students(haproxy, tmp_path):
    """With checks every 1 s and a 1 s limit, HAProxy took a replica that answered in
    1.5 s out of the class, and every new student went to the other one (CI saw six of
    six on r1). Both replicas here answer "ok"; one of them after 1.5 s."""
    port = free_ports(3)
    servers = []
    for number, delay in ((1, 0.0), (2, 1.5)):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port + number), Replica)
        server.delay, server.answered = delay, []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    path = tmp_path / "haproxy.cfg"
    path.write_text(serve_class_module().haproxy_config("127.0.0.1", port, [port + 1, port + 2]))
    balancer = subprocess.Popen(
        [haproxy, "-db", "-f", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        # three checks answered late by r2: with `fall 3`, enough to have taken r2 out
        # of the class, were a late answer a failure
        wait_until(lambda: len(servers[1].answered) >= 3, timeout=120, what="r2's checks")
        chosen = []
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
                cookie = answer.headers.get("Set-Cookie", "")
                chosen.append(cookie.partition("=")[2].split(";")[0])
    finally:
        balancer.terminate()
        log, _ = balancer.communicate(timeout=30)
        for server in servers:
            server.shutdown()
    assert sorted(chosen) == ["r1", "r1", "r1", "r2", "r2", "r2"], log
    assert "DOWN" not in log, log


# ---------------------------------------------------------------- issue 22: a real classroom


def test_https_config_is_valid_and_marks_the_cookie_secure(tmp_path):
    pem = one_pem(tmp_path / "class.pem", *make_certificate(tmp_path, "class"))
    config = serve_class_module().haproxy_config("0.0.0.0", 8501, [8502], pem, static_port=8600)
    lines = [line.strip() for line in config.splitlines()]
    assert f"bind 0.0.0.0:8501 ssl crt '{pem}' alpn h2,http/1.1" in lines
    assert "cookie NNADD_REPLICA insert indirect nocache httponly secure" in lines


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_haproxy_finds_no_error_and_no_warning_in_the_config(haproxy, tmp_path, https):
    """`haproxy -c`, on the configuration serve-class writes, plain and with --cert."""
    pem = one_pem(tmp_path / "class.pem", *make_certificate(tmp_path, "class")) if https else None
    config = serve_class_module().haproxy_config("0.0.0.0", 8501, [8502, 8503], pem, 8600)
    path = tmp_path / "haproxy.cfg"
    path.write_text(config)
    checked = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[WARNING]" not in checked.stdout + checked.stderr


def unreadable_as_this_user(path: Path) -> list[str]:
    """Make `path` unreadable; returns a prefix for the command line that runs serve-class
    without the right to read it anyway (root reads everything: setpriv drops that)."""
    path.chmod(0)
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads any file, and setpriv (util-linux) is not here to stop it")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def bad_certificate(case: str, folder: Path) -> tuple[str, list[str]]:
    """(the --cert argument, a prefix for the command line) for one kind of bad file."""
    if case == "missing":
        return str(folder / "no-such.pem"), []
    if case == "folder":
        return str(folder), []
    if case == "not a PEM":
        (folder / "notes.pem").write_text("my certificate, I think\n")
        return str(folder / "notes.pem"), []
    cert, key = make_certificate(folder, "a")
    if case == "no key":
        return str(cert), []
    if case == "key of another":
        _, other = make_certificate(folder, "b")
        return str(one_pem(folder / "mixed.pem", cert, other)), []
    if case == "passphrase":
        cert, key = make_certificate(folder, "locked", passphrase="secret")
        return str(one_pem(folder / "locked.pem", cert, key)), []
    assert case == "unreadable"
    pem = one_pem(folder / "hidden.pem", cert, key)
    return str(pem), unreadable_as_this_user(pem)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing", "there is no such file"),
        ("folder", "is not a file"),
        ("not a PEM", "holds no PEM certificate"),
        ("no key", "holds no private key"),
        ("key of another", "do not make a pair"),
        ("passphrase", "locked by a passphrase"),
        ("unreadable", "cannot be read (Permission denied)"),
    ],
)
def test_a_certificate_it_cannot_use_is_refused_with_one_line_and_exit_2(tmp_path, case, words):
    given, prefix = bad_certificate(case, tmp_path)
    done = subprocess.run(
        [*prefix, sys.executable, str(SERVE_CLASS), "1", str(free_ports(2)), "--cert", given,
         "--logs", str(tmp_path / "logs")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done
    assert done.stdout == "", "nothing is started"
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"serve-class: --cert {given}") and words in lines[0], lines[0]
    assert not (tmp_path / "logs").exists(), "nothing was written"


def test_the_logs_folder_and_files_are_readable_by_their_owner_only(haproxy, tmp_path):
    """Even when serve-class starts with umask 000 (everything readable by everyone)."""
    logs = tmp_path / "new" / "logs"
    process, printed = one_replica(free_ports(2), logs, preexec_fn=lambda: os.umask(0))
    try:
        assert "Ctrl+C stops the class." in printed.splitlines(), printed
        modes = {p.name: p.stat().st_mode & 0o777 for p in logs.iterdir()}
        assert logs.stat().st_mode & 0o777 == 0o700
        assert modes == {"replica-1.log": 0o600, "haproxy.cfg": 0o600, "haproxy.log": 0o600}
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)


def test_an_existing_logs_folder_keeps_its_mode_and_old_files_become_private(tmp_path, capsys):
    module = serve_class_module()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert module.logs_folder(str(shared)) == shared
    assert shared.stat().st_mode & 0o777 == 0o755, "a folder others may need is left alone"
    assert "other users can list" in capsys.readouterr().out
    old = shared / "haproxy.log"
    old.write_text("from an earlier class")
    old.chmod(0o644)
    with module.private_file(old) as out:
        out.write(b"new")
    assert old.stat().st_mode & 0o777 == 0o600
    assert old.read_bytes() == b"new"


def test_serve_class_needs_only_what_requirements_txt_pins():
    """It runs where the page runs: every package it imports is pinned in
    requirements.txt (not only in requirements-dev.txt)."""
    tree = ast.parse(SERVE_CLASS.read_text())
    roots = {
        a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    roots |= {
        n.module.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module and n.level == 0
    }
    outside = {r for r in roots if r not in sys.stdlib_module_names and r != "__future__"}
    pinned = {
        line.split("==")[0].split("[")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    distributions = importlib.metadata.packages_distributions()
    needed = {d.lower() for r in outside for d in distributions.get(r, [r])}
    assert outside and needed <= pinned, needed - pinned


def test_streamlit_secrets_are_ignored_by_git():
    """The README suggests keeping a PostgreSQL password in .streamlit/secrets.toml."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(
        ["git", "check-ignore", "--verbose", ".streamlit/secrets.toml"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, f"git does not ignore .streamlit/secrets.toml: {done}"


# ------------------------------------------ HAProxy's limits, in front of stand-in replicas


class Echo(http.server.BaseHTTPRequestHandler):
    """A stand-in replica: /_stcore/health says "ok"; any other path answers with the
    X-Forwarded-For headers it got, joined by " | "; a websocket upgrade is accepted
    (101) and held open until the client goes."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.headers.get("Upgrade", "").lower() == "websocket":
            key = self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            accept = base64.b64encode(hashlib.sha1(key.encode()).digest()).decode()
            self.send_header("Sec-WebSocket-Accept", accept)  # RFC 6455, as HAProxy checks
            self.end_headers()
            while self.rfile.read(1):
                pass
            return
        health = self.path == "/_stcore/health"
        body = (
            b"ok" if health else " | ".join(self.headers.get_all("X-Forwarded-For") or []).encode()
        )
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def haproxy_before_echo(haproxy: str, tmp_path: Path, **limits):
    """HAProxy with serve-class's configuration (with `limits` for smaller ones) in
    front of one Echo replica; yields HAProxy's port."""
    port = free_ports(2)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port + 1), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = tmp_path / "haproxy.cfg"
    path.write_text(serve_class_module().haproxy_config("127.0.0.1", port, [port + 1], **limits))
    balancer = subprocess.Popen(
        [haproxy, "-db", "-f", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        wait_listening(port)
        yield port
    finally:
        balancer.terminate()
        balancer.communicate(timeout=30)
        server.shutdown()
        server.server_close()


def get(port: int, path: str = "/", source: str = "127.0.0.1", headers=None) -> tuple[int, str]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def test_the_page_is_told_the_address_haproxy_saw_never_the_one_a_client_wrote(haproxy, tmp_path):
    with haproxy_before_echo(haproxy, tmp_path) as port:
        assert get(port) == (200, "127.0.0.1")
        assert get(port, headers={"X-Forwarded-For": "6.6.6.6, 7.7.7.7"}) == (200, "127.0.0.1")
        assert get(port, source="127.0.0.2", headers={"X-Forwarded-For": "6.6.6.6"}) == (
            200,
            "127.0.0.2",
        )


def closed_by_the_server(sock: socket.socket) -> bool:
    """Whether the other end has closed `sock` (without waiting)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except ConnectionError:
        return True


def test_one_address_opens_at_most_its_share_of_connections_the_rest_are_closed(haproxy, tmp_path):
    """The real limit (CONNECTIONS), from 127.0.0.3; another address is not affected."""
    limit = serve_class_module().CONNECTIONS
    extra = 50
    raise_open_files_limit(limit + extra + 100)
    with haproxy_before_echo(haproxy, tmp_path) as port:
        opened = []
        try:
            for _ in range(limit + extra):
                sock = socket.socket()
                sock.bind(("127.0.0.3", 0))
                sock.connect(("127.0.0.1", port))
                opened.append(sock)
            # HAProxy closes the refused ones at once (its threads accept them in
            # about, not exactly, the order they came)
            wait_until(
                lambda: sum(map(closed_by_the_server, opened)) >= extra, timeout=30,
                what=f"HAProxy to close {extra} connections", every=0.05,
            )  # fmt: skip
            closed = [closed_by_the_server(s) for s in opened]
            assert closed.count(False) == limit, f"{closed.count(True)} closed"
            assert closed.count(True) == extra
            # "the others stay open" is the claim: a second of nothing happening
            time.sleep(1.0)
            assert [closed_by_the_server(s) for s in opened] == closed, "the others stay open"
            still = opened[closed.index(False)]
            still.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert still.recv(100).startswith(b"HTTP/1.1 200"), "and still work"
            assert get(port, source="127.0.0.4") == (200, "127.0.0.4"), "another address"
        finally:
            for sock in opened:
                sock.close()


def raise_open_files_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"this test opens {wanted} sockets; the limit here is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def websocket_upgrade(port: int, source: str) -> tuple[socket.socket, bytes]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    sock.sendall(
        b"GET /_stcore/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 13\r\n\r\n"
    )
    return sock, sock.recv(200).split(b"\r\n", 1)[0]


def test_one_address_holds_at_most_its_share_of_websockets(haproxy, tmp_path):
    """With a limit of 3 open websockets: the 4th gets 429 while the 3 stay open; the
    real limit, with real replicas, is in tests/e2e/test_serve_class_hardening.py."""
    with haproxy_before_echo(haproxy, tmp_path, pages=3) as port:
        held = []
        try:
            for _ in range(3):
                held.append(websocket_upgrade(port, "127.0.0.5"))
            refused, status = websocket_upgrade(port, "127.0.0.5")
            refused.close()
            assert [line for _, line in held] == [b"HTTP/1.1 101 Switching Protocols"] * 3
            assert status == b"HTTP/1.1 429 Too Many Requests"
            assert not any(closed_by_the_server(sock) for sock, _ in held)
            other, line = websocket_upgrade(port, "127.0.0.6")
            other.close()
            assert line == b"HTTP/1.1 101 Switching Protocols", "another address"
        finally:
            for sock, _ in held:
                sock.close()


def test_one_address_asking_too_often_gets_429(haproxy, tmp_path):
    """With a limit of 20 requests in 10 s: the 21st and later get 429; another address
    does not. (The real limit is 2 x 40 phones x a first visit's requests.)"""
    with haproxy_before_echo(haproxy, tmp_path, requests=20) as port:
        statuses = [get(port, source="127.0.0.7")[0] for _ in range(30)]
        assert statuses == [200] * 20 + [429] * 10
        assert get(port, source="127.0.0.8")[0] == 200
    module = serve_class_module()
    assert module.REQUESTS_PER_10S == 2 * module.CLASS * module.FIRST_LOAD_REQUESTS


def test_the_configs_comments_give_the_limits_it_sets():
    m = serve_class_module()
    lines = m.haproxy_config("0.0.0.0", 8501, [8502]).splitlines()
    text = " ".join(" ".join(line.strip().lstrip("#").split()) for line in lines) + " "
    for said in (
        f"{m.CLASS} x {m.FIRST_LOAD_REQUESTS} = {m.CLASS * m.FIRST_LOAD_REQUESTS:,} requests",
        f"{m.REQUESTS_PER_10S:,} in any 10 s",
        f"{m.PAGES} at once: a class of {m.CLASS}",
        f"So {m.CONNECTIONS} at once",
        f"sc0_conn_cur gt {m.CONNECTIONS} ",
        f"sc1_conn_cur gt {m.PAGES} ",
        f"sc0_http_req_rate gt {m.REQUESTS_PER_10S} ",
    ):
        assert said in text, said


# ---------------------------------------------------------------- Streamlit's own files


@pytest.fixture
def static_files(tmp_path):
    """serve-class's StaticFiles on a folder of its own, with a file beside it."""
    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    (folder / "js" / "page.js").write_text("export const add = (a, b) => a + b;\n" * 500)
    (folder / "font.woff2").write_bytes(bytes(range(256)) * 10)
    (folder / "tool.py").write_text("print('not served')\n")
    (tmp_path / "secret.js").write_text("the teacher's\n")
    server = serve_class_module().StaticFiles(folder.resolve())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, folder
    server.shutdown()
    server.server_close()


def fetch(port: int, path: str, method: str = "GET", encoding: str | None = "gzip"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Accept-Encoding": encoding} if encoding else {})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def test_streamlits_scripts_go_compressed_and_unchanged(static_files):
    server, folder = static_files
    script = (folder / "js" / "page.js").read_bytes()
    status, headers, body = fetch(server.port, "/static/js/page.js")
    assert status == 200
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == script
    assert len(body) < len(script) / 10
    assert headers["content-type"] == "application/javascript"
    assert headers["cache-control"] == "public, immutable, max-age=31536000"
    assert headers["vary"] == "Accept-Encoding"
    for refusing in (None, "identity", "gzip;q=0", "br"):
        status, headers, body = fetch(server.port, "/static/js/page.js", encoding=refusing)
        assert (status, body, "content-encoding" in headers) == (200, script, False), refusing
    status, headers, body = fetch(server.port, "/static/js/page.js", method="HEAD")
    assert (status, body, headers["content-encoding"]) == (200, b"", "gzip")


def test_fonts_go_as_they_are_and_nothing_outside_is_served(static_files):
    server, folder = static_files
    status, headers, body = fetch(server.port, "/static/font.woff2")
    assert (status, headers["content-type"]) == (200, "font/woff2")
    assert "content-encoding" not in headers and body == (folder / "font.woff2").read_bytes()
    for path in ("/static/../secret.js", "/static/%2e%2e/secret.js", "/static/js/../../secret.js",
                 "/static/tool.py", "/static/missing.js", "/static/js"):  # fmt: skip
        assert fetch(server.port, path)[0] == 404, path


def test_accept_encoding_is_read_as_browsers_write_it():
    accepts = serve_class_module().accepts_gzip
    assert accepts("gzip, deflate, br, zstd") and accepts("br;q=1.0, gzip;q=0.8") and accepts("*")
    assert accepts("*;q=0, gzip") and accepts("gzip;q=0.5, *;q=0")
    assert not accepts("") and not accepts("br") and not accepts("gzip;q=0")
    assert not accepts("gzip;q=0, *") and not accepts("br, *;q=0")
