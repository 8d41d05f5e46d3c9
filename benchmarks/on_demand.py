"""Benchmark: what a link with new numbers costs the web process (issue 22, item 4).

A link sets the seed, the epochs or the training data, and the page works out what
those numbers ask for when it opens: the "After N epochs" answer, the best-fit lines,
the lesson's steps 5 to 7. This starts a fresh `streamlit run app.py` (as
harness/ does), warms it up with one visit of each page, and sends it
simulated students, as benchmarks/class_load.py does (a websocket speaking
Streamlit's protocol, no browser). It prints:

- for each link, the web process's CPU seconds (utime + stime of the server process,
  from /proc, less what it spends idle over as long) for one new session: with
  numbers nobody asked for yet ("new"), and again with the same numbers in another
  new session ("cached"); and the worker processes' CPU beside it (the server's
  children: what the pool took off the web process);
- the latency of another student's poll check (the answer page's timer asking whether
  the teacher revealed, sent as a browser sends it) with nothing else going on, and
  during eight visits at once with new numbers (two of each link); and how long
  those visits took to be drawn.

    python -m benchmarks.on_demand [--rounds 5] [--bursts 3] [--no-pool]

To measure the code before a change, copy this file into a tree of the old commit
and run it there: ROOT is the folder this file is in (see the README's figures for
the commands used). Traffic goes to 127.0.0.1 only; nothing is saved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import harness as h
from harness.processes import children_cpu, cpu_seconds, idle_rate
from harness.students import AnswerPage, stream
from nnadd.links import format_data

MAX_MESSAGES = 5_000  # a page's first run sends a few hundred
SETTLE_SECONDS = 0.5  # after a session closes, for the server to clean it up
CHECK_GAP_SECONDS = 0.1  # between one poll check and the next (a phone asks every 3 s)

# the links of issue 22's table: (name, page, query of a number nobody used yet)
LINKS = {
    "lesson step 5, 100,000 epochs": ("lesson", lambda n: f"step=5&seed={n}&epochs=100000"),
    "lesson step 6, 100,000 epochs": ("lesson", lambda n: f"step=6&seed={n}&epochs=100000"),
    "Playground, 100,000 epochs": ("", lambda n: f"seed={n}&epochs=100000"),
    "Playground, 100 new rows": ("", lambda n: f"data={format_data(rows(n))}"),
}


def rows(n: int) -> tuple[tuple[float, float, float], ...]:
    """100 training pairs of their own for each n, targets the true sums."""
    draw = random.Random(n)
    pairs = [(round(draw.random(), 3), round(draw.random(), 3)) for _ in range(100)]
    return tuple((a, b, round(a + b, 3)) for a, b in pairs)


async def visit(ws_url: str, page: str, query: str, timeout: float = 180) -> float:
    """One new session: open the page at the link, read until its run has finished,
    close. Returns the seconds from the request to the end of the run."""
    async with stream(ws_url) as ws:
        request = BackMsg()
        request.rerun_script.query_string = query
        request.rerun_script.page_name = page
        await ws.send(request.SerializeToString())
        sent = time.perf_counter()
        msg = ForwardMsg()
        for _ in range(MAX_MESSAGES):
            data = await asyncio.wait_for(ws.recv(), timeout)
            msg.ParseFromString(data)
            if (
                msg.WhichOneof("type") == "delta"
                and msg.delta.new_element.WhichOneof("type") == "exception"
            ):
                raise RuntimeError(f"the page raised: {msg.delta.new_element.exception}")
            if (
                msg.WhichOneof("type") == "script_finished"
                and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            ):
                return time.perf_counter() - sent
    raise RuntimeError(f"no end of the run after {MAX_MESSAGES} messages")


class Costs:
    """The web process's and the workers' CPU over one stretch, less the idle rate."""

    def __init__(self, pid: int, idle: float) -> None:
        self.pid, self.idle = pid, idle
        self.cpu, self.workers = cpu_seconds(pid), children_cpu(pid)
        self.began = time.perf_counter()

    def end(self) -> tuple[float, float]:
        seconds = time.perf_counter() - self.began
        web = cpu_seconds(self.pid) - self.cpu - self.idle * seconds
        after = children_cpu(self.pid)
        workers = sum(after[p] - self.workers.get(p, 0.0) for p in after)
        return web, workers


def one_session(ws_url: str, pid: int, idle: float, page: str, query: str) -> tuple[float, float]:
    costs = Costs(pid, idle)
    asyncio.run(visit(ws_url, page, query))
    time.sleep(SETTLE_SECONDS)
    return costs.end()


async def checks_during(
    ws_url: str, code: str, visits: list[tuple[str, str]]
) -> tuple[list[float], list[float]]:
    """A student's poll checks, one after another, while `visits` (page, query) all
    start at once; until they have all been drawn (or, without visits, 40 checks).
    Returns the checks' latencies and the visits' seconds."""
    async with stream(ws_url) as ws:
        student = AnswerPage(ws)
        await student.run(f"poll={code}")
        (fragment, _), *_ = student.timers.items()
        tasks = [asyncio.create_task(visit(ws_url, page, query)) for page, query in visits]
        latencies: list[float] = []
        while (tasks and not all(t.done() for t in tasks)) or (not tasks and len(latencies) < 40):
            began = time.perf_counter()
            await student.run(f"poll={code}", fragment=fragment)
            latencies.append(time.perf_counter() - began)
            await asyncio.sleep(CHECK_GAP_SECONDS)
        return latencies, list(await asyncio.gather(*tasks))


def spread(xs: list[float], unit: float = 1.0, digits: int = 2) -> str:
    xs = [x * unit for x in xs]
    return f"{statistics.median(xs):.{digits}f} ({min(xs):.{digits}f} to {max(xs):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="new sessions per link, each way")
    parser.add_argument("--bursts", type=int, default=3, help="rounds of eight visits at once")
    parser.add_argument("--no-pool", action="store_true", help="NNADD_POOL=0 on the server")
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="nnadd-on-demand-"))
    os.environ["NNADD_DATABASE_PATH"] = str(logs / "polls.sqlite3")
    os.environ["NNADD_POOL"] = "0" if args.no_pool else "1"
    from nnadd.ui import poll_store as ps  # reads the database path set just above

    store = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    server = h.Server(logs / "server.log")
    server.start()
    pid, ws_url = server.process.pid, f"ws://127.0.0.1:{server.port}/_stcore/stream"
    print(f"{h.ROOT}; {args}; logs in {logs}", flush=True)
    try:
        code = store.open("w1", "benchmark").code
        for page, query in [("", ""), ("lesson", "step=1"), ("answer", f"poll={code}")]:
            asyncio.run(visit(ws_url, page, query))  # imports, and the article's best fit
        idle = idle_rate(pid, 5.0)
        print(f"idle: {idle * 1000:.1f} ms of CPU a second")
        numbers = iter(range(70_001, 1_000_000))
        print(f"{'link':<32} {'new: web s':>22} {'workers s':>8} {'cached: web s':>22}")
        for name, (page, link) in LINKS.items():
            new, cached, workers = [], [], []
            for _ in range(args.rounds):
                query = link(next(numbers))
                web, work = one_session(ws_url, pid, idle, page, query)
                new.append(web)
                workers.append(work)
                cached.append(one_session(ws_url, pid, idle, page, query)[0])
            print(
                f"{name:<32} {spread(new):>22} {statistics.median(workers):>8.2f} "
                f"{spread(cached):>22}",
                flush=True,
            )
        quiet, _ = asyncio.run(checks_during(ws_url, code, []))
        print(f"poll check, nothing else on: {spread(quiet, 1000, 0)} ms")
        busy, drawn, cpu = [], [], []
        for _ in range(args.bursts):
            visits = [(p, link(next(numbers))) for p, link in LINKS.values() for _ in range(2)]
            costs = Costs(pid, idle)
            latencies, seconds = asyncio.run(checks_during(ws_url, code, visits))
            time.sleep(SETTLE_SECONDS)
            cpu.append(costs.end())
            busy += latencies
            drawn += seconds
        print(
            f"poll check, during 8 visits with new numbers: {spread(busy, 1000, 0)} ms "
            f"({len(busy)} checks); the visits drawn in {spread(drawn)} s; web process "
            f"{statistics.median(c[0] for c in cpu):.2f} s of CPU a burst, workers "
            f"{statistics.median(c[1] for c in cpu):.2f} s"
        )
        print("(median (min to max); web: the server process less its idle rate; workers:")
        print(" its children, the pool's worker processes)")
    finally:
        server.stop()
        store.engine.dispose()


if __name__ == "__main__":
    main()
