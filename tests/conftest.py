"""Shared by every test: the test tiers, the class poll's databases, HAProxy.

- Two tiers. `python -m pytest` runs everything. `python -m pytest -m "not full"` is
  the quick tier: no browser, no HAProxy, no PostgreSQL. This file marks a test
  `full` itself, so that a new test cannot forget: one under tests/e2e (marked `e2e`
  too), one marked `slow`, one that uses the `postgres_url` or `haproxy` fixture
  (even through another fixture), one parametrised with "postgresql". A test that
  reaches PostgreSQL some other way (request.getfixturevalue) without the mark fails
  and says so.
- Every test run gets a SQLite poll file of its own (NNADD_DATABASE_PATH, set before
  any page or server starts, so the browser tests' servers inherit it), and never
  the developer's NNADD_DATABASE_URL.
- `postgres_url` starts a throwaway PostgreSQL cluster (Debian's binaries, from
  `apt-get install postgresql`) in a temporary folder, as the postgres user when run
  as root (initdb refuses root), on a free port of 127.0.0.1. Without the binaries
  the PostgreSQL tests skip with one line; in CI (env CI set) they fail.
- `haproxy` is the path of Debian's HAProxy; without it the test skips with one line,
  and in CI it fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from harness.server import free_port
from tests.helpers import needs_program

_POLL_DIR = tempfile.mkdtemp(prefix="nnadd-test-polls-")
os.environ["NNADD_DATABASE_PATH"] = str(Path(_POLL_DIR) / "polls.sqlite3")
os.environ.pop("NNADD_DATABASE_URL", None)

HOW_TO_GET_POSTGRES = (
    "no PostgreSQL for the poll store tests: `apt-get install postgresql` (Debian), "
    "or set NNADD_TEST_POSTGRES_URL=postgresql+psycopg://..."
)


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(command: list[str]) -> list[str]:
    """Run as the postgres user when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


E2E = Path(__file__).parent / "e2e"
FULL_FIXTURES = {"postgres_url", "haproxy"}  # the real servers the quick tier leaves out


def needs_full_suite(item: pytest.Item) -> bool:
    """Whether the test needs a browser, HAProxy or PostgreSQL (or takes a minute)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return (
        E2E in item.path.parents
        or item.get_closest_marker("slow") is not None
        or bool(FULL_FIXTURES & set(getattr(item, "fixturenames", ())))
        or "postgresql" in params.values()
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
        if needs_full_suite(item):
            item.add_marker(pytest.mark.full)


def needs_the_full_mark(item: pytest.Item, what: str) -> None:
    """Fail a test that reaches `what` without being marked `full` (it would run in the
    quick tier, which promises to need no such server)."""
    if item.get_closest_marker("full") is None:
        pytest.fail(
            f"{item.nodeid} uses {what} but is not marked `full`: ask for its fixture by "
            "name (tests/conftest.py then marks it), or mark it @pytest.mark.full",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def haproxy() -> str:
    """Debian's HAProxy, for the tests that start it."""
    return needs_program("haproxy")


@pytest.fixture
def postgres_url(request) -> str:
    """The throwaway cluster's URL (postgresql+psycopg://...), for one test; started
    for the first test that asks, and only for a test in the full tier."""
    needs_the_full_mark(request.node, "PostgreSQL")
    return request.getfixturevalue("_postgres_server")


@pytest.fixture(scope="session")
def _postgres_server():
    named = os.environ.get("NNADD_TEST_POSTGRES_URL")
    if named:
        yield named
        return
    bindir = _postgres_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL for the poll tests: {HOW_TO_GET_POSTGRES}")
        pytest.skip(HOW_TO_GET_POSTGRES)
    folder = Path(tempfile.mkdtemp(prefix="nnadd-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    log = folder / "postgres.log"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                          "postgres", "--no-sync", "-E", "UTF8"]), **run,
        )  # fmt: skip
        subprocess.run(
            _as_postgres([
                str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                "-o", f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off",
                "start",
            ]), **run,
        )  # fmt: skip
    except subprocess.CalledProcessError as failed:
        tail = log.read_text()[-2000:] if log.exists() else ""
        pytest.fail(f"PostgreSQL did not start: {failed.stderr}\n{tail}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True
        )
        if ready.returncode == 0:
            break
        time.sleep(0.2)
    try:
        yield url
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
