"""deploy/serve-class as a teacher calls it, without starting a class: what it refuses,
what it says without HAProxy, and the HAProxy configuration it writes."""

import http.server
import importlib.machinery
import importlib.util
import os
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

ROOT = Path(__file__).resolve().parents[1]
SERVE_CLASS = ROOT / "deploy" / "serve-class"


def serve_class(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SERVE_CLASS), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def load_module():
    loader = importlib.machinery.SourceFileLoader("serve_class", str(SERVE_CLASS))
    spec = importlib.util.spec_from_loader("serve_class", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


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


def test_haproxy_config_sticks_by_cookie_checks_health_and_keeps_websockets(tmp_path):
    config = load_module().haproxy_config("0.0.0.0", 8501, [8502, 8503])
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
    ):
        assert expected in lines, expected
    assert not any("source" in line.split()[:2] for line in lines if line), "no ip hash"

    haproxy = shutil.which("haproxy")
    if haproxy is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs haproxy (apt-get install haproxy)", pytrace=False)
        pytest.skip("haproxy is not installed: apt-get install haproxy")
    path = tmp_path / "haproxy.cfg"
    path.write_text(config)
    checked = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[WARNING]" not in checked.stdout + checked.stderr


def needs_haproxy() -> None:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs haproxy (apt-get install haproxy)", pytrace=False)
        pytest.skip("haproxy is not installed: apt-get install haproxy")


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_replica_that_cannot_start_stops_everything(tmp_path):
    needs_haproxy()
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


def test_ctrl_c_stops_haproxy_and_every_replica(tmp_path):
    needs_haproxy()
    port = free_ports(2)
    process = subprocess.Popen(
        [sys.executable, str(SERVE_CLASS), "1", str(port), "--address", "127.0.0.1",
         "--logs", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        lines = []
        for line in process.stdout:  # bounded: serve-class gives up on a replica in 90 s
            lines.append(line)
            if line.startswith(("Ctrl+C stops the class.", "serve-class: replica")):
                break
        printed = "".join(lines)
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


def free_ports(count: int) -> int:
    """A port P with P .. P+count-1 free on 127.0.0.1 now."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + count > 65535:
            continue
        free = True
        for p in range(base, base + count):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    free = False
        if free:
            return base
    raise RuntimeError("no free ports in a row")


class Replica(http.server.BaseHTTPRequestHandler):
    """A stand-in replica for HAProxy's health check: /_stcore/health answers "ok"
    after `self.server.delay` seconds (a busy Streamlit process answers late); any
    other path answers at once."""

    def do_GET(self) -> None:
        if self.path == "/_stcore/health":
            time.sleep(self.server.delay)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_replica_slow_to_answer_its_health_check_still_gets_new_students(tmp_path):
    """With checks every 1 s and a 1 s limit, HAProxy took a replica that answered in
    1.5 s out of the class, and every new student went to the other one (CI saw six of
    six on r1). Both replicas here answer "ok"; one of them after 1.5 s."""
    needs_haproxy()
    port = free_ports(3)
    servers = []
    for number, delay in ((1, 0.0), (2, 1.5)):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port + number), Replica)
        server.delay = delay
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    path = tmp_path / "haproxy.cfg"
    path.write_text(load_module().haproxy_config("127.0.0.1", port, [port + 1, port + 2]))
    haproxy = subprocess.Popen(
        [shutil.which("haproxy"), "-db", "-f", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        time.sleep(8)  # several rounds of checks, each answered late by r2
        chosen = []
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
                cookie = answer.headers.get("Set-Cookie", "")
                chosen.append(cookie.partition("=")[2].split(";")[0])
    finally:
        haproxy.terminate()
        log, _ = haproxy.communicate(timeout=30)
        for server in servers:
            server.shutdown()
    assert sorted(chosen) == ["r1", "r1", "r1", "r2", "r2", "r2"], log
    assert "DOWN" not in log, log
