"""Shared by every test: the class poll's databases.

- Every test run gets a SQLite poll file of its own (NNADD_DATABASE_PATH, set before
  any page or server starts, so the browser tests' servers inherit it), and never
  the developer's NNADD_DATABASE_URL.
- `postgres_url` starts a throwaway PostgreSQL cluster (Debian's binaries, from
  `apt-get install postgresql`) in a temporary folder, as the postgres user when run
  as root (initdb refuses root), on a free port of 127.0.0.1. Without the binaries
  the PostgreSQL tests skip with one line; in CI (env CI set) they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """Run as the postgres user when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def postgres_url():
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
    port = _free_port()
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
