"""Benchmark and check: a class answers the poll at once, and nothing is lost.

Simulated students (harness/students.py) speak Streamlit's websocket protocol, as
benchmarks/class_load.py's do: each opens `/answer?poll=CODE` (a `rerun_script`
BackMsg with page_name "answer"), finds the "Your guess" box and the Send button in
what the page sends back, then sends its guess and Send in one rerun, and waits for
"Sent: ...". All go through `deploy/serve-class REPLICAS` (HAProxy in front of the
replicas, one SQLite file in WAL mode shared by all of them, or PostgreSQL with
NNADD_DATABASE_URL).

Two rounds:
- **at once**: N students (default 60) are let go at one moment; each student's time
  from Send to "Sent" is measured, and the poll must then hold exactly N answers,
  each student's own guess (every guess differs).
- **a replica killed**: half the class answers, replica 1 is killed (SIGKILL), then
  the other half answers (their new pages land on the live replica). Every answer
  sent before the kill must still be there, and the poll must hold exactly N.

    python -m benchmarks.poll_load [--students 60] [--replicas 2] [--no-kill] [--idle S]

With --idle S it also measures what waiting costs: STUDENTS pages that have not sent
yet stay open for S seconds, each asking every few seconds whether the teacher has
revealed (the page's st.fragment timer, sent as a browser sends it).

The counts are read from the database with the teacher's token, as the teacher's
page reads them. tests/e2e/test_poll_load.py runs the same rounds and asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import harness as h
from harness.processes import cpu_seconds
from harness.students import (
    AnswerPage,
    poll_at_once,
    poll_report,
    poll_with_a_kill,
    run_apart,
    stream,
    warm_up_poll,
)
from nnadd.ui import poll_store as ps


async def waiting_page(ws_url: str, code: str, seconds: float, ticks: list[int]) -> str | None:
    """A student who has sent nothing and waits for the reveal `seconds`, its page's
    fragment asking every STUDENT_CHECK_SECONDS as a browser's timer would."""
    try:
        async with stream(ws_url) as ws:
            page = AnswerPage(ws)
            await page.run(f"poll={code}")
            if not page.timers:
                return "the page set no timer to wait for the reveal"
            (fragment, interval), *_ = page.timers.items()
            end = time.perf_counter() + seconds
            await asyncio.sleep(interval * (len(ticks) % 10) / 10)  # spread, as phones are
            while time.perf_counter() + interval < end:
                await asyncio.sleep(interval)
                await page.run(f"poll={code}", fragment=fragment)
                ticks.append(1)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def idle_cost(served: h.ServeClass, store: ps.PollStore, n: int, seconds: float) -> str:
    """The replicas' CPU while n student pages wait for a reveal for `seconds`."""
    opened = store.open("w1", "waiting")
    url = served.url.replace("http://", "ws://") + "_stcore/stream"
    ticks: list[int] = []

    async def everyone():
        return await asyncio.gather(
            *(waiting_page(url, opened.code, seconds, ticks) for _ in range(n))
        )

    pids = [r.pid for r in served.replicas]
    before = sum(cpu_seconds(p) for p in pids)
    began = time.perf_counter()
    errors = [e for e in run_apart(everyone()) if e]
    wall = time.perf_counter() - began
    used = sum(cpu_seconds(p) for p in pids) - before
    each = 1000 * used / max(1, len(ticks))
    return (
        f"{n} pages waiting {wall:.0f} s: {len(ticks)} checks for the reveal, replicas' CPU "
        f"{used:.1f} s ({100 * used / wall:.0f}% of one core; {each:.0f} ms a check, page "
        f"loads included); failed: {errors[:3]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--no-kill", action="store_true", help="skip the round with a kill")
    parser.add_argument(
        "--idle", type=float, default=0, help="also: the CPU of STUDENTS pages waiting this long"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logs = Path(tempfile.mkdtemp(prefix="nnadd-poll-load-"))
    env = {}
    if not ps.database_url():
        env["NNADD_DATABASE_PATH"] = str(logs / "polls.sqlite3")
    os.environ.update(env)
    url = ps.database_url() or ps.sqlite_url(ps.sqlite_path())
    store = ps.store_for_url(url)
    print(f"{args}; database {url.split('@')[-1]}; logs in {logs}", flush=True)
    with h.serving_class(args.replicas, logs, env=env) as served:
        warm_up_poll(served, store, args.timeout)
        print(
            poll_report("at once", poll_at_once(served, store, args.students, args.timeout)),
            flush=True,
        )
        if args.idle:
            print(idle_cost(served, store, args.students, args.idle), flush=True)
        if not args.no_kill and args.replicas > 1:
            killed = poll_with_a_kill(served, store, args.students, args.timeout)
            print(poll_report("replica 1 killed after half", killed), flush=True)


if __name__ == "__main__":
    main()
