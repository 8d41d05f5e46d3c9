"""Train chunks of long runs in worker processes, so that the web process stays free to
draw, and the machine's other cores do the sums.

Pure-Python training holds the interpreter lock: while one session trains inside the
web process, every other session's chart waits. Here a chunk (a trainer, how many
epochs, a time budget) goes to a worker process, and the caller waits for it without
holding the lock. At most `workers` chunks train at once; the rest wait in one line,
first come first served. A long run sends chunk after chunk, each to the back of the
line, so the students of a class take turns.

    pool = TrainingPool()
    receipt = pool.submit("session-1", trainer, epochs=1_000_000, seconds=0.25)
    while (chunk := pool.result(receipt, timeout=0.1)) is None:
        ...  # while pool.runs_ahead(receipt) is not None, the chunk waits for a core
    adopt(trainer, chunk)  # trainer is now where it would be after training in place

A worker also runs a page's on-demand calls (nnadd.ondemand: the "after training"
answer, the best-fit lines, a lesson step), by name, from the registered ones only:

    value = pool.call("nnadd.landscape._reference_run", ("sigmoid", rows))

Calls wait in a line of their own, ahead of the chunks, and that line is bounded: a
call that would make it too long is refused at once (PoolBusy), never left waiting.

A worker is a plain Python running serve() below, in isolated mode: it reads pickled
requests on its stdin and answers on its stdout, one at a time. A Trainer is plain data
(numbers, tuples, a History), so pickle carries it exactly: a float survives the trip
bit for bit, and the worker runs the same Trainer.train as the web process would.

Why not multiprocessing: `fork` is unsafe in a threaded process such as Streamlit's
server, and under `streamlit run` the "spawn" and "forkserver" children re-import the
parent's `__main__`, which Streamlit sets to the page script: every worker would run
the whole page, without a session, on start. A subprocess imports only what it needs.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnadd import ondemand
from nnadd.i18n import N_
from nnadd.ondemand import Later, NotNow
from nnadd.training import Trainer, check_epochs

# Workers run at a lower priority than the web process: when every core is busy, the
# drawing of live charts comes first and the long runs take what is left (measured in
# benchmarks/workers.py). The workers stay in the web process's session on purpose: with
# Linux's autogroup scheduling, nice values only weigh against the same session's.
DEFAULT_NICE = 10

# On-demand calls wait in a line of their own, served before the long runs' chunks: a
# page waits for a call with a part of it missing, while a chunk is one slice of a run
# whose chart is on screen already. That line is bounded by the work waiting in it,
# not by its length, because calls differ a hundredfold in size (a 10,000-epoch answer
# against lesson step 6's two runs of 100,000 epochs): a length short enough for the
# big calls would turn away a class arriving with small ones. At most this many
# updates (epochs x pairs) wait per worker: a few seconds of a core, so a call let
# into the line starts within a few seconds (plus the chunks training then). A call
# beyond it is refused at once with PoolBusy, which the page shows as "busy, try
# again"; nothing ever waits for room in the line.
MAX_WAITING_UPDATES_PER_WORKER = 20_000_000
CALLS_OWNER = "on demand"  # a call's result is shared by everyone who asked for it

# A worker is this one line, run by the same Python as the web process in isolated
# mode (-I): neither the folder the server was started from nor PYTHONPATH is on its
# import path, so a pickle.py (or nnadd.py) lying there is never imported. The line
# puts nnadd's own folder first on the path, as Streamlit does for the page.
_WORKER = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from nnadd.workers import serve; serve(int(sys.argv[2]))"
)
_ROOT = str(Path(__file__).resolve().parent.parent)


class WorkerDied(RuntimeError):
    """A worker process stopped while it trained a chunk. Only that chunk is lost: the
    trainer it came from is unchanged. The message is plain words a page can show,
    made in the pool's thread as Later words: str() writes them in the page's language."""


# Said when the pool stops or its line is full (in the page's thread or the pool's: as
# Later words, written in the language of the page that shows them).
STOPPED = N_("The server stopped before this was worked out. Try again.")
BUSY = N_("The server is busy with other students' work. Try again in a few seconds.")


class UnknownReceipt(LookupError):
    """A receipt that was cancelled, whose result was already taken, or whose pool closed."""


class PoolBusy(NotNow):
    """The line of on-demand calls is full: asking again in a few seconds may work."""


@dataclass(frozen=True)
class Receipt:
    """A receipt for one submitted chunk or call."""

    number: int
    owner: str


@dataclass(frozen=True)
class Chunk:
    """A finished chunk: the trainer as the worker left it. Merge it with adopt()."""

    trainer: Trainer
    epochs: int  # epochs completed in this chunk
    seconds: float  # the worker's time training it
    # where the chunk began: (epoch, pair_index, w1, w2, b)
    started_from: tuple[int, int, float, float, float] = field(repr=False)


def _position(trainer: Trainer) -> tuple[int, int, float, float, float]:
    net = trainer.network
    return (trainer.epoch, trainer.pair_index, net.w1, net.w2, net.b)


def adopt(trainer: Trainer, chunk: Chunk) -> int:
    """Move `trainer`, in place, to where the worker left the chunk; return its epochs.

    Afterwards `trainer` is exactly as if it had trained the chunk itself: weights,
    epoch, history, divergence. Only its learning rate stays its own, so a rate changed
    while the chunk was away applies from the next update, as it would in place.
    Refuses (ValueError) a chunk that did not start where `trainer` stands now.
    """
    if _position(trainer) != chunk.started_from:
        raise ValueError(
            f"This chunk started at epoch {chunk.started_from[0]:,}, but the trainer has "
            f"moved to epoch {trainer.epoch:,} since: it cannot take the chunk's result."
        )
    rate = trainer.learning_rate
    vars(trainer).update(vars(chunk.trainer))
    trainer.learning_rate = rate
    return chunk.epochs


@dataclass(eq=False)
class _Job:
    receipt: Receipt
    # pickled at submit: ("train", trainer, epochs, seconds) or ("call", name, args)
    request: bytes
    started_from: tuple[int, int, float, float, float] | None  # a chunk's; None: a call
    cost: int = 0  # a call's updates, for the bound on the calls' line
    state: str = "queued"  # then "running", then "done"; or "cancelled"
    pid: int | None = None
    outcome: Any = None  # a Chunk, or a call's value
    failed: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def is_call(self) -> bool:
        return self.started_from is None

    @property
    def where(self) -> Later:
        return Later(N_("The network is still at epoch {epoch}."), epoch=self.started_from[0])


def _finish(job: _Job, outcome: Any = None, failed: BaseException | None = None) -> None:
    # under the pool's lock
    if job.state == "running":  # not cancelled meanwhile
        job.state, job.outcome, job.failed = "done", outcome, failed
        job.done.set()


class TrainingPool:
    """At most `workers` worker processes (default: one per core), each training one
    chunk or running one call at a time. Nothing starts until the first submit; a
    worker process starts when there is work for it. Safe to call from many threads
    (script runs). At most `max_waiting_updates` updates of calls wait in line
    (default: MAX_WAITING_UPDATES_PER_WORKER for each worker)."""

    def __init__(
        self,
        workers: int | None = None,
        nice: int = DEFAULT_NICE,
        max_waiting_updates: int | None = None,
    ) -> None:
        if workers is not None and (isinstance(workers, bool) or workers < 1):
            raise ValueError(f"a pool needs at least one worker, not {workers!r}")
        self.workers = workers or os.cpu_count() or 1
        self.nice = nice
        self.max_waiting_updates = max_waiting_updates or (
            MAX_WAITING_UPDATES_PER_WORKER * self.workers
        )
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)  # work is queued, or closing
        self._calls: collections.deque[_Job] = collections.deque()  # served first
        self._queue: collections.deque[_Job] = collections.deque()  # the chunks
        self._jobs: dict[Receipt, _Job] = {}
        self._processes: list[subprocess.Popen | None] = [None] * self.workers
        self._threads: list[threading.Thread] = []
        self._numbers = 0
        self._closed = False
        atexit.register(self.close)

    def __repr__(self) -> str:
        with self._lock:
            running = sum(job.state == "running" for job in self._jobs.values())
            queued = len(self._queue) + len(self._calls)
        state = "closed" if self._closed else f"{running} running, {queued} queued"
        return f"TrainingPool({self.workers} workers, {state})"

    def __enter__(self) -> TrainingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, owner: str, trainer: Trainer, epochs: int, seconds: float) -> Receipt:
        """Queue a chunk: train a copy of `trainer`, as it is now, for up to `epochs`
        epochs or about `seconds` of work, whichever ends first. The budget bounds how
        long a worker stays busy with a chunk nobody wants any more (see cancel)."""
        check_epochs(epochs)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise ValueError(f"seconds must be a number, not {seconds!r}")
        if not (math.isfinite(seconds) and seconds > 0):
            raise ValueError(f"seconds must be a finite number above 0, not {seconds!r}")
        request = _pickled(("train", trainer, epochs, float(seconds)))
        with self._lock:
            job = self._add_job(owner, request, _position(trainer), self._queue)
        return job.receipt

    def submit_call(self, name: str, args: tuple) -> Receipt:
        """Queue the registered on-demand call `name` (nnadd.ondemand.CALLS) with `args`,
        ahead of every chunk. Raises PoolBusy at once when the calls already waiting
        hold `max_waiting_updates` updates, and LookupError for a name not registered."""
        return self._submit_call(name, args).receipt

    def _submit_call(self, name: str, args: tuple) -> _Job:
        cost = ondemand.find(name).cost(*args)
        request = _pickled(("call", name, args))
        with self._lock:
            if self._closed:
                raise NotNow(Later(STOPPED))
            waiting = sum(job.cost for job in self._calls)
            if self._calls and waiting + cost > self.max_waiting_updates:
                raise PoolBusy(Later(BUSY))
            job = self._add_job(CALLS_OWNER, request, None, self._calls)
            job.cost = cost
        return job

    def call(self, name: str, args: tuple) -> Any:
        """What `ondemand.find(name).function(*args)` returns (or raises), worked out in
        a worker: equal to calling it here, to the last bit. Waits without holding the
        interpreter lock. Raises PoolBusy when the line is full (see submit_call), and
        NotNow if the worker died meanwhile or the pool closed."""
        job = self._submit_call(name, args)
        try:
            job.done.wait()
            with self._lock:
                if self._jobs.pop(job.receipt, None) is None:
                    raise NotNow(Later(STOPPED))
        finally:
            self.cancel(job.receipt)  # nothing if the result was taken
        if job.failed is not None:
            raise job.failed
        return job.outcome

    def _add_job(
        self,
        owner: str,
        request: bytes,
        started_from: tuple | None,
        line: collections.deque[_Job],
    ) -> _Job:  # under the lock
        if self._closed:
            raise RuntimeError("This training pool is closed.")
        if not self._threads:
            for slot in range(self.workers):
                thread = threading.Thread(
                    target=self._serve, args=(slot,), name=f"nnadd-pool-{slot}", daemon=True
                )
                thread.start()
                self._threads.append(thread)
        self._numbers += 1
        job = _Job(Receipt(self._numbers, owner), request, started_from)
        self._jobs[job.receipt] = job
        line.append(job)
        self._work.notify()
        return job

    def runs_ahead(self, receipt: Receipt) -> int | None:
        """How many chunks and calls wait in line before this one (0: it is next), or
        None once it is training or done. For "Waiting for a free core: 2 runs ahead"."""
        with self._lock:
            job = self._job(receipt)
            if job.state != "queued":
                return None
            if job.is_call:
                return self._calls.index(job)
            return len(self._calls) + self._queue.index(job)

    def pid(self, receipt: Receipt) -> int | None:
        """The process id of the worker training this chunk, or None if it is not training."""
        with self._lock:
            job = self._job(receipt)
            return job.pid if job.state == "running" else None

    def pids(self) -> list[int]:
        """The process ids of the worker processes alive now."""
        with self._lock:
            return [p.pid for p in self._processes if p is not None and p.poll() is None]

    def result(self, receipt: Receipt, timeout: float | None = None) -> Chunk | None:
        """The finished chunk, or None if it is not finished within `timeout` seconds.

        Waiting does not hold the interpreter lock. Raises WorkerDied if the worker
        died while training it. Once returned or raised, the receipt is used up."""
        with self._lock:
            job = self._job(receipt)
        if not job.done.wait(timeout):
            return None
        with self._lock:
            if self._jobs.pop(receipt, None) is None:
                raise UnknownReceipt(f"chunk {receipt.number} was cancelled")
        if job.failed is not None:
            raise job.failed
        return job.outcome

    def cancel(self, receipt: Receipt) -> bool:
        """Forget a chunk. A queued one never runs; a running one trains on until its
        time budget ends, and its result is thrown away. False if it was not here."""
        with self._lock:
            job = self._jobs.pop(receipt, None)
            if job is None:
                return False
            if job.state == "queued":
                (self._calls if job.is_call else self._queue).remove(job)
            job.state = "cancelled"
            job.done.set()  # wakes anyone waiting in result(), who gets UnknownReceipt
            return True

    def cancel_owner(self, owner: str) -> int:
        """Cancel every chunk of `owner` (Pause, Reset, a closed tab); return how many."""
        with self._lock:
            receipts = [t for t in self._jobs if t.owner == owner]
        return sum(self.cancel(t) for t in receipts)

    def close(self) -> None:
        """Cancel every chunk and stop every worker process now. Safe to call twice;
        also called when the interpreter exits."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for job in self._jobs.values():
                job.state = "cancelled"
                job.done.set()
            self._jobs.clear()
            self._queue.clear()
            self._calls.clear()
            processes = [p for p in self._processes if p is not None]
            self._work.notify_all()
        for process in processes:
            _stop(process)
        for thread in self._threads:
            thread.join(timeout=5)
        atexit.unregister(self.close)

    def _job(self, receipt: Receipt) -> _Job:  # under the lock
        job = self._jobs.get(receipt)
        if job is None:
            raise UnknownReceipt(
                f"chunk {receipt.number} is not in the pool: it was cancelled, its result "
                "was already taken, or the pool was closed"
            )
        return job

    def _start_worker(self) -> subprocess.Popen:
        # fork+exec through subprocess is safe from a threaded process; stderr is shared,
        # so a worker's traceback shows in the server's log
        return subprocess.Popen(
            [sys.executable, "-I", "-c", _WORKER, _ROOT, str(self.nice)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def _serve(self, slot: int) -> None:
        """One slot's thread: hands its worker the next chunk in line and waits for the
        answer. Only this thread talks to the slot's process."""
        while True:
            with self._lock:
                while not (self._calls or self._queue) and not self._closed:
                    self._work.wait()
                if self._closed:
                    break
                job = (self._calls or self._queue).popleft()
                job.state = "running"
                process = self._processes[slot]
                if process is None or process.poll() is not None:  # first use, or dead
                    try:
                        process = self._processes[slot] = self._start_worker()
                    except OSError as exc:
                        self._processes[slot] = None
                        _finish(job, failed=_not_started(job, exc))
                        continue
                job.pid = process.pid
            reply = _exchange(process, job.request)
            if reply is None:  # the worker died: reap it; the next job starts another
                process.kill()
                process.wait()
                _close_pipes(process)
                outcome, failed = None, _died(job, _how_it_ended(process.returncode))
            else:
                outcome, failed = _outcome(job, reply)
            with self._lock:
                _finish(job, outcome, failed)
        if self._processes[slot] is not None:
            _close_pipes(self._processes[slot])


def _pickled(request: tuple) -> bytes:
    """A request as it goes down a worker's pipe, taken outside the pool's lock."""
    return pickle.dumps(request, pickle.HIGHEST_PROTOCOL)


# The words of a worker that failed are made in the pool's thread, where the page's
# language is not known: Later words, written when the page shows them.
# Translators: {error} is the system's own error message (in English)
NOT_STARTED_CALL = N_(
    "No worker process could be started ({error}), so this was not worked out. Try again "
    "in a few seconds."
)
# Translators: {where} is a sentence of its own: "The network is still at epoch 1,200."
NOT_STARTED_CHUNK = N_(
    "No worker process could be started ({error}), so this chunk did not train. {where}"
)
# Translators: {how} says how the process ended: "killed by SIGKILL", "exit code 1"
DIED_CALL = N_(
    "The worker process working this out stopped unexpectedly ({how}). Try again in a few seconds."
)
# Translators: {how} says how the process ended; {where} is a sentence of its own
DIED_CHUNK = N_(
    "The worker process training this run stopped unexpectedly ({how}), so its last chunk "
    "of training was lost. {where}"
)


def _not_started(job: _Job, exc: OSError) -> BaseException:
    if job.is_call:
        return NotNow(Later(NOT_STARTED_CALL, error=exc))
    return WorkerDied(Later(NOT_STARTED_CHUNK, error=exc, where=job.where))


def _died(job: _Job, how: Later) -> BaseException:
    if job.is_call:
        return NotNow(Later(DIED_CALL, how=how))
    return WorkerDied(Later(DIED_CHUNK, how=how, where=job.where))


def _outcome(job: _Job, reply: tuple) -> tuple[Any, BaseException | None]:
    """(outcome, None) from a worker's good reply, or (None, the exception to raise)."""
    if reply[0] == "ok" and job.is_call:
        return reply[1], None
    if reply[0] == "ok":
        _, trainer, epochs, seconds = reply
        return Chunk(trainer, epochs, seconds, job.started_from), None
    if reply[0] == "raised":  # the call raised, as it would have here
        return None, reply[1]
    # a bug, not a death: Trainer.train raised, or a result did not pickle
    what = "Working out this call" if job.is_call else "Training this chunk"
    return None, RuntimeError(f"{what} failed in its worker: {reply[1]}")


def _exchange(process: subprocess.Popen, request: bytes) -> tuple | None:
    """Send one request and read its reply; None if the worker is gone."""
    try:
        process.stdin.write(request)
        process.stdin.flush()
        return pickle.load(process.stdout)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        return None


def _how_it_ended(returncode: int | None) -> Later:
    if returncode is not None and returncode < 0:
        try:
            # Translators: {signal} is a signal's name, e.g. SIGKILL
            return Later(N_("killed by {signal}"), signal=signal.Signals(-returncode).name)
        except ValueError:
            return Later(N_("killed by signal {signal}"), signal=str(-returncode))
    return Later(N_("exit code {code}"), code=str(returncode))


def _stop(process: subprocess.Popen) -> None:
    """End a worker at once, even mid-chunk, and reap it."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _close_pipes(process: subprocess.Popen) -> None:
    for pipe in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            pipe.close()


def serve(nice: int = 0) -> None:
    """A worker's whole life: read a request, train, answer; until stdin closes.

    Stdin closes when the pool closes or when the web process dies, however it dies,
    so a worker never outlives it by more than the chunk it is training.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which closes us
    if nice:
        os.nice(nice)
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the log, not into the replies
    while True:
        try:
            kind, *request = pickle.load(requests)
        except EOFError:
            return
        reply = _train(*request) if kind == "train" else _call(*request)
        try:
            replies.write(reply)
            replies.flush()
        except BrokenPipeError:
            os._exit(0)  # nobody is listening any more


def _train(trainer: Trainer, epochs: int, seconds: float) -> bytes:
    start = time.perf_counter()
    try:
        done = trainer.train(epochs, seconds)
        reply: tuple = ("ok", trainer, done, time.perf_counter() - start)
    except Exception as exc:
        reply = ("error", f"{type(exc).__name__}: {exc}")  # a str always unpickles
    return pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)


def _call(name: str, args: tuple) -> bytes:
    """A registered call's reply: its value, or the exception it raised, pickled (an
    exception that would not come back whole is sent as words)."""
    try:
        return pickle.dumps(("ok", ondemand.find(name).function(*args)), pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        try:
            raised = pickle.dumps(("raised", exc), pickle.HIGHEST_PROTOCOL)
            pickle.loads(raised)
            return raised
        except Exception:
            return pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
