"""Issue 14 at the protocol level: a student watching a run while three others ask for
10,000,000 epochs on Fast, on one server. Simulated students (Streamlit's own
websocket protocol, harness/students.py), so the server alone is measured.

The watcher must finish with the right weights and get live updates; when the long
runs' tabs close, their work stops: no worker process keeps training for them."""

import pytest

import harness as h
from harness.processes import assert_cpu_settles, children, command_line
from harness.students import run_apart, run_class

pytestmark = pytest.mark.e2e

LONG_RUNS = 3


def pool_workers(server_pid: int) -> list[int]:
    """The server's worker processes (children running nnadd.workers's serve)."""
    return [pid for pid in children(server_pid) if "nnadd.workers" in command_line(pid)]


def test_a_watcher_beside_three_long_runs_and_no_orphan_work(chromium_path, measured):
    del chromium_path  # the e2e tests' way of failing in CI without a browser setup
    with h.running_server(h.ARTIFACTS / "fair-share-server.log") as server:
        ws_url = server.url.replace("http://", "ws://") + "_stcore/stream"
        students, _ = run_apart(run_class(ws_url, [1], timeout=120, long_runs=LONG_RUNS))
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
        assert_cpu_settles(workers, window=1.5, most=0.05, within=20)
