"""deploy/serve-class as a teacher calls it, without starting a class: what it refuses,
what it says without HAProxy, and the HAProxy configuration it writes."""

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
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
