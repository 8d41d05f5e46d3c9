"""Benchmark and check: a class answers the poll at once, and nothing is lost.

Simulated students speak Streamlit's websocket protocol, as benchmarks/class_load.py's
do: each opens `/answer?poll=CODE` (a `rerun_script` BackMsg with page_name "answer"),
finds the "Your guess" box and the Send button in what the page sends back, then
sends its guess and Send in one rerun, and waits for "Sent: ...". All go through
`deploy/serve-class REPLICAS` (HAProxy in front of the replicas, one SQLite file in WAL
mode shared by all of them, or PostgreSQL with NNADD_DATABASE_URL).

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
import concurrent.futures
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from benchmarks.class_load import cpu_seconds
from nnadd.ui import poll_store as ps
from tests.e2e import harness as h

MAX_MESSAGES = 2_000  # the answer page sends a few dozen a run


def run_apart(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread, where asyncio.run refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Answer:
    """What one simulated student did."""

    number: int
    guess: float
    sent: bool = False
    seconds: float | None = None  # Send to "Sent: ..."
    error: str | None = None


class Page:
    """One student's page: a websocket session on the answer page."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.widgets: dict[str, str] = {}  # label -> widget id
        self.alerts: list[str] = []
        self.timers: dict[str, float] = {}  # fragment id -> seconds between auto reruns
        self.page_hash = ""

    async def run(
        self, query: str, states: list | None = None, timeout: float = 60, fragment: str = ""
    ) -> None:
        request = BackMsg()
        request.rerun_script.query_string = query
        request.rerun_script.page_name = "answer"
        if fragment:  # what a browser sends when a fragment's run_every timer fires
            request.rerun_script.fragment_id = fragment
            request.rerun_script.is_auto_rerun = True
            request.rerun_script.page_script_hash = self.page_hash
        for state in states or []:
            request.rerun_script.widget_states.widgets.append(state)
        await self.ws.send(request.SerializeToString())
        msg = ForwardMsg()
        deadline = time.perf_counter() + timeout
        for _ in range(MAX_MESSAGES):
            data = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.perf_counter()))
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                what = element.WhichOneof("type")
                if what == "number_input":
                    self.widgets[element.number_input.label] = element.number_input.id
                elif what == "button":
                    self.widgets[element.button.label] = element.button.id
                elif what == "alert":
                    self.alerts.append(element.alert.body.replace("\\", "").replace("\u2060", ""))
            elif kind == "auto_rerun":
                self.timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                return
        raise RuntimeError(f"no end of the run after {MAX_MESSAGES} messages")


def guess_of(number: int) -> float:
    return round(-50 + number * 0.0625, 4)  # every student's guess differs


async def student(
    ws_url: str,
    code: str,
    me: Answer,
    go: asyncio.Event,
    ready,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> Answer:
    """Open the answer page, wait for `go`, send the guess, wait for "Sent". `headers`
    go with the websocket's opening request (X-Forwarded-For, as a proxy's)."""
    try:
        async with connect(
            ws_url, subprotocols=["streamlit"], proxy=None, max_size=None, open_timeout=30,
            additional_headers=headers,
        ) as ws:  # fmt: skip
            page = Page(ws)
            await page.run(f"poll={code}", timeout=timeout)
            if "Your guess" not in page.widgets or "Send" not in page.widgets:
                raise RuntimeError(f"no guess box or Send on the page: {page.alerts}")
            ready()
            await go.wait()
            guess = BackMsg().rerun_script.widget_states.widgets.add()
            guess.id, guess.double_value = page.widgets["Your guess"], me.guess
            send = BackMsg().rerun_script.widget_states.widgets.add()
            send.id, send.trigger_value = page.widgets["Send"], True
            began = time.perf_counter()
            page.alerts.clear()
            await page.run(f"poll={code}", [guess, send], timeout=timeout)
            said = f"Sent: {me.guess:.4f}."
            if said not in page.alerts:
                raise RuntimeError(f"the page said {page.alerts}, not {said!r}")
            me.sent, me.seconds = True, time.perf_counter() - began
    except Exception as exc:  # a student's failure is a result, not a crash
        me.error = f"{type(exc).__name__}: {exc}"
    return me


async def class_answers(
    ws_url: str,
    code: str,
    numbers: list[int],
    timeout: float,
    headers_of: Callable[[int], dict[str, str]] | None = None,
) -> list[Answer]:
    """Every student opens the page, then all press Send at one moment. Student n's
    websocket carries `headers_of(n)`, if given."""
    go, all_ready = asyncio.Event(), asyncio.Event()
    count = 0

    def ready() -> None:
        nonlocal count
        count += 1
        if count == len(numbers):
            all_ready.set()

    answers = [Answer(n, guess_of(n)) for n in numbers]
    tasks = [
        asyncio.create_task(
            student(ws_url, code, a, go, ready, timeout, headers_of and headers_of(a.number))
        )
        for a in answers
    ]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_ready.wait(), timeout)
    go.set()
    return list(await asyncio.gather(*tasks))


async def waiting_page(ws_url: str, code: str, seconds: float, ticks: list[int]) -> str | None:
    """A student who has sent nothing and waits for the reveal `seconds`, its page's
    fragment asking every STUDENT_CHECK_SECONDS as a browser's timer would."""
    try:
        async with connect(
            ws_url, subprotocols=["streamlit"], proxy=None, max_size=None, open_timeout=30
        ) as ws:
            page = Page(ws)
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


def warm_up(served: h.ServeClass, store: ps.PollStore, timeout: float) -> None:
    """One student straight to each replica: a fresh process imports the page first."""
    opened = store.open("w1", "warm-up")
    for replica in served.replicas:
        url = f"ws://127.0.0.1:{replica.port}/_stcore/stream"
        (done,) = run_apart(class_answers(url, opened.code, [replica.number], timeout))
        if done.error:
            raise RuntimeError(f"warm-up on replica {replica.number}: {done.error}")


@dataclass
class Round:
    students: int
    answers: list[Answer]
    counted: int  # answers in the database
    stored: list[float]  # the guesses in the database
    seconds: float  # from the moment they were let go to the last "Sent"
    lost: list[float]  # answers confirmed, then missing from the database


def at_once(served: h.ServeClass, store: ps.PollStore, n: int, timeout: float) -> Round:
    opened = store.open("w1", "all at once")
    url = served.url.replace("http://", "ws://") + "_stcore/stream"
    began = time.perf_counter()
    answers = run_apart(class_answers(url, opened.code, list(range(1, n + 1)), timeout))
    seconds = max((a.seconds or 0) for a in answers)
    del began
    stored = store.reveal(opened.code, opened.token, 0.0)
    confirmed = [a.guess for a in answers if a.sent]
    return Round(n, answers, len(stored), stored, seconds, sorted(set(confirmed) - set(stored)))


def with_a_kill(served: h.ServeClass, store: ps.PollStore, n: int, timeout: float) -> Round:
    """Half the class answers, replica 1 is killed, the other half answers."""
    opened = store.open("w1", "a replica killed")
    url = served.url.replace("http://", "ws://") + "_stcore/stream"
    half = n // 2
    first = run_apart(class_answers(url, opened.code, list(range(1, half + 1)), timeout))
    before_kill = [a.guess for a in first if a.sent]
    victim = next(r for r in served.replicas if r.number == 1)
    os.kill(victim.pid, signal.SIGKILL)
    time.sleep(0.5)
    after = run_apart(class_answers(url, opened.code, list(range(half + 1, n + 1)), timeout))
    stored = store.reveal(opened.code, opened.token, 0.0)
    answers = first + after
    seconds = max((a.seconds or 0) for a in answers)
    return Round(n, answers, len(stored), stored, seconds, sorted(set(before_kill) - set(stored)))


def report(name: str, r: Round) -> str:
    times = [a.seconds for a in r.answers if a.seconds is not None]
    failed = [f"student {a.number}: {a.error}" for a in r.answers if a.error]
    median = statistics.median(times) if times else float("nan")
    return (
        f"{name}: {r.students} students, {sum(a.sent for a in r.answers)} confirmed, "
        f"{r.counted} in the poll, {len(r.lost)} lost; Send to Sent: median {median:.2f} s, "
        f"slowest {r.seconds:.2f} s; failed: {failed[:3]}"
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
        warm_up(served, store, args.timeout)
        print(report("at once", at_once(served, store, args.students, args.timeout)), flush=True)
        if args.idle:
            print(idle_cost(served, store, args.students, args.idle), flush=True)
        if not args.no_kill and args.replicas > 1:
            killed = with_a_kill(served, store, args.students, args.timeout)
            print(report("replica 1 killed after half", killed), flush=True)


if __name__ == "__main__":
    main()
