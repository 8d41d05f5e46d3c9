"""Simulated students who speak Streamlit's own protocol, as the page's JavaScript
does, without a browser: a websocket to `/_stcore/stream` with the subprotocol
`streamlit`, `BackMsg` run requests out and the `ForwardMsg` stream back (the
protobuf classes ship inside streamlit). The browser tests assert what they see; the
benchmarks (class_load, poll_load, on_demand, server_settings) time it.

- A class watching a run: each Watcher asks for a Watch run of its own seed and
  reads the stream to the run's end, counting the live chart's redraws.
- A class answering the poll: each answering student opens /answer?poll=CODE, finds
  the "Your guess" box and the Send button in what the page sends, sends its guess
  and Send in one rerun, and waits for "Sent: ...". The rounds (all at once; half,
  a replica killed, then the other half) go through deploy/serve-class.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import signal
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from harness.serve_class import ServeClass

if TYPE_CHECKING:
    from nnadd.ui import poll_store as ps

WATCH_MAX_MESSAGES = 50_000  # a Watch run sends about 1,400
ANSWER_MAX_MESSAGES = 2_000  # the answer page sends a few dozen a run
LIVE_KEY_SUFFIX = "-live"  # st.container(key="live") gets a block id ending in this


def stream(ws_url: str, headers: dict[str, str] | None = None):
    """A websocket to a page's `/_stcore/stream` (`ws_url`), as the page's JavaScript
    opens it: the subprotocol `streamlit`, no proxy, no limit on a message's size.
    `headers` go with the opening request (X-Forwarded-For, as a proxy's)."""
    return connect(
        ws_url, subprotocols=["streamlit"], proxy=None, max_size=None, open_timeout=30,
        additional_headers=headers,
    )  # fmt: skip


def run_apart(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread, where asyncio.run refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# ---------------------------------------------------------------- a class watching a run


def watch_link(seed: int) -> str:
    return f"speed=Watch&autostart=1&seed={seed}"


def long_link(seed: int) -> str:
    """A student who asks for the most there is: 10,000,000 epochs on Fast."""
    return f"speed=Fast&epochs=10000000&autostart=1&seed={seed}"


LONG_SEEDS = 1000  # the long runs' seeds start here


@dataclass
class Watcher:
    """What one simulated student watching a run saw."""

    seed: int
    run_seconds: float | None = None  # run request sent to the final run's end
    redraw_times: list[float] = field(default_factory=list)  # live chart, training run
    bytes: int = 0
    messages: int = 0
    metrics: dict[str, str] = field(default_factory=dict)  # the live numbers, last shown
    error: str | None = None

    @property
    def redraws_per_second(self) -> float:
        times = self.redraw_times
        if len(times) < 2 or times[-1] <= times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])


async def watcher(
    ws_url: str, seed: int, go: asyncio.Event, connected, timeout: float, query: str | None = None
) -> Watcher:
    """Connect, wait for `go`, ask for the run (`query`, or a Watch run of `seed`), read
    to its end (or `timeout`)."""
    me = Watcher(seed)
    try:
        async with stream(ws_url) as ws:
            connected()
            await go.wait()
            request = BackMsg()
            request.rerun_script.query_string = query or watch_link(seed)
            request.rerun_script.page_script_hash = ""
            await ws.send(request.SerializeToString())
            sent = time.perf_counter()
            deadline = sent + timeout
            live: tuple[int, ...] | None = None
            training = True  # until the first run (the one that trains) finishes
            msg = ForwardMsg()
            while me.messages < WATCH_MAX_MESSAGES:
                data = await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.perf_counter()))
                now = time.perf_counter()
                me.messages += 1
                me.bytes += len(data)
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                if kind == "delta":
                    path = tuple(msg.metadata.delta_path)
                    delta = msg.delta
                    if delta.WhichOneof("type") == "add_block":
                        if delta.add_block.id.endswith(LIVE_KEY_SUFFIX):
                            live = path
                    elif (
                        delta.WhichOneof("type") == "new_element"
                        and live is not None
                        and path[: len(live)] == live
                    ):
                        element = delta.new_element
                        what = element.WhichOneof("type")
                        if what in ("plotly_chart", "bidi_component") and training:
                            me.redraw_times.append(now)
                        elif what == "metric":
                            me.metrics[element.metric.label] = element.metric.body
                elif kind == "script_finished":
                    training = False
                    if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                        me.run_seconds = now - sent
                        return me
            me.error = f"no end of the run after {WATCH_MAX_MESSAGES} messages"
    except TimeoutError:
        me.error = f"no end of the run within {timeout:.0f} s"
    except Exception as exc:  # a student's failure is a result, not a crash
        me.error = f"{type(exc).__name__}: {exc}"
    return me


async def run_class(
    ws_url: str, seeds: list[int], timeout: float, long_runs: int = 0
) -> tuple[list[Watcher], float]:
    """Every student connects, then all ask for their runs at one moment. Returns the
    students and the moment they were let go (perf_counter).

    With `long_runs`, that many more students each start a 10,000,000-epoch Fast run
    at the same moment; when the class is done they close their tabs (the websocket),
    which must cancel their work on the server."""
    go = asyncio.Event()
    ready = asyncio.Event()
    count = 0

    def connected() -> None:
        nonlocal count
        count += 1
        if count == len(seeds) + long_runs:
            ready.set()

    tasks = [asyncio.create_task(watcher(ws_url, s, go, connected, timeout)) for s in seeds]
    hogs = [
        asyncio.create_task(watcher(ws_url, s, go, connected, 3600, long_link(s)))
        for s in range(LONG_SEEDS, LONG_SEEDS + long_runs)
    ]
    with contextlib.suppress(TimeoutError):  # a student that cannot connect says why
        await asyncio.wait_for(ready.wait(), 60)
    started = time.perf_counter()
    go.set()
    try:
        done = await asyncio.wait_for(asyncio.gather(*tasks), timeout + 90)
    finally:
        for hog in hogs:  # the long runs' tabs close
            hog.cancel()
        await asyncio.gather(*hogs, return_exceptions=True)
    return list(done), started


# ---------------------------------------------------------------- a class answering the poll


@dataclass
class Answer:
    """What one simulated student did."""

    number: int
    guess: float
    sent: bool = False
    seconds: float | None = None  # Send to "Sent: ..."
    error: str | None = None


class AnswerPage:
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
        for _ in range(ANSWER_MAX_MESSAGES):
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
        raise RuntimeError(f"no end of the run after {ANSWER_MAX_MESSAGES} messages")


def guess_of(number: int) -> float:
    return round(-50 + number * 0.0625, 4)  # every student's guess differs


async def answering_student(
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
        async with stream(ws_url, headers) as ws:
            page = AnswerPage(ws)
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
            answering_student(
                ws_url, code, a, go, ready, timeout, headers_of and headers_of(a.number)
            )
        )
        for a in answers
    ]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_ready.wait(), timeout)
    go.set()
    return list(await asyncio.gather(*tasks))


def warm_up_poll(served: ServeClass, store: ps.PollStore, timeout: float) -> None:
    """One student straight to each replica: a fresh process imports the page first."""
    opened = store.open("w1", "warm-up")
    for replica in served.replicas:
        url = f"ws://127.0.0.1:{replica.port}/_stcore/stream"
        (done,) = run_apart(class_answers(url, opened.code, [replica.number], timeout))
        if done.error:
            raise RuntimeError(f"warm-up on replica {replica.number}: {done.error}")


@dataclass
class PollRound:
    students: int
    answers: list[Answer]
    counted: int  # answers in the database
    stored: list[float]  # the guesses in the database
    seconds: float  # from the moment they were let go to the last "Sent"
    lost: list[float]  # answers confirmed, then missing from the database


def poll_at_once(served: ServeClass, store: ps.PollStore, n: int, timeout: float) -> PollRound:
    opened = store.open("w1", "all at once")
    url = served.url.replace("http://", "ws://") + "_stcore/stream"
    answers = run_apart(class_answers(url, opened.code, list(range(1, n + 1)), timeout))
    seconds = max((a.seconds or 0) for a in answers)
    stored = store.reveal(opened.code, opened.token, 0.0)
    confirmed = [a.guess for a in answers if a.sent]
    return PollRound(n, answers, len(stored), stored, seconds, sorted(set(confirmed) - set(stored)))


def poll_with_a_kill(served: ServeClass, store: ps.PollStore, n: int, timeout: float) -> PollRound:
    """Half the class answers, replica 1 is killed, the other half answers."""
    opened = store.open("w1", "a replica killed")
    url = served.url.replace("http://", "ws://") + "_stcore/stream"
    half = n // 2
    first = run_apart(class_answers(url, opened.code, list(range(1, half + 1)), timeout))
    before_kill = [a.guess for a in first if a.sent]
    victim = next(r for r in served.replicas if r.number == 1)
    os.kill(victim.pid, signal.SIGKILL)
    # Not "until the process is gone": HAProxy must also have seen the dead replica's
    # idle connections close, or the next upgrade may get one of them (an HTTP 502,
    # seen once here without this pause). HAProxy offers no event for that.
    time.sleep(0.5)
    after = run_apart(class_answers(url, opened.code, list(range(half + 1, n + 1)), timeout))
    stored = store.reveal(opened.code, opened.token, 0.0)
    answers = first + after
    seconds = max((a.seconds or 0) for a in answers)
    return PollRound(
        n, answers, len(stored), stored, seconds, sorted(set(before_kill) - set(stored))
    )


def poll_report(name: str, r: PollRound) -> str:
    times = [a.seconds for a in r.answers if a.seconds is not None]
    failed = [f"student {a.number}: {a.error}" for a in r.answers if a.error]
    median = statistics.median(times) if times else float("nan")
    return (
        f"{name}: {r.students} students, {sum(a.sent for a in r.answers)} confirmed, "
        f"{r.counted} in the poll, {len(r.lost)} lost; Send to Sent: median {median:.2f} s, "
        f"slowest {r.seconds:.2f} s; failed: {failed[:3]}"
    )
