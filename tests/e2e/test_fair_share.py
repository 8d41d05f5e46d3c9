"""Issue 14 at the protocol level: a student watching a run while three others ask for
10,000,000 epochs on Fast, on one server. Simulated students (Streamlit's own
websocket protocol, from benchmarks.class_load), so the server alone is measured.

The watcher must finish with the right weights and get live updates; when the long
runs' tabs close, their work stops: no worker process keeps training for them."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.class_load import run_class
from tests.e2e import harness as h

pytestmark = pytest.mark.e2e

LONG_RUNS = 3


def pool_workers(server_pid: int) -> list[int]:
    """The server's worker processes (children running nnadd.workers's serve)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"nnadd.workers" in cmdline:
            found.append(int(stat.parent.name))
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone: it trains nothing
    return (int(fields[11]) + int(fields[12])) / 100


def test_a_watcher_beside_three_long_runs_and_no_orphan_work(chromium_path, measured):
    del chromium_path  # the e2e tests' way of failing in CI without a browser setup
    with h.running_server(h.ARTIFACTS / "fair-share-server.log") as server:
        ws_url = server.url.replace("http://", "ws://") + "_stcore/stream"
        # in a thread of its own: Playwright's event loop runs in this one
        with ThreadPoolExecutor(1) as thread:
            students, _ = thread.submit(
                asyncio.run, run_class(ws_url, [1], timeout=120, long_runs=LONG_RUNS)
            ).result()
        (watcher,) = students
        assert watcher.error is None, watcher.error
        reference = h.cli_reference(1)
        assert watcher.metrics.get("Epoch") == "10,000"
        assert watcher.metrics.get("w1") == f"{reference['weights'][0]:.4f}"
        redraws = len(watcher.redraw_times)
        measured(
            f"a Watch run beside {LONG_RUNS} runs of 10,000,000 epochs on Fast",
            f"{watcher.run_seconds:.1f} s, {redraws} live updates "
            f"({watcher.redraws_per_second:.1f} a second)",
        )
        assert redraws >= 5  # it saw the run move, not only its end

        # The long runs trained in worker processes while they were open...
        workers = pool_workers(server.process.pid)
        assert workers, "the long runs did not train in worker processes"
        # ...and once their tabs closed, the workers stop within a chunk or two.
        deadline = time.monotonic() + 20
        while True:
            before = {pid: cpu_seconds(pid) for pid in workers}
            time.sleep(1.5)
            after = {pid: cpu_seconds(pid) for pid in workers}
            if all(after[pid] - before[pid] < 0.05 for pid in workers):
                break
            assert time.monotonic() < deadline, f"workers still training: {before} -> {after}"
