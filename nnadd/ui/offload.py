"""Long work goes to the server's worker processes (nnadd.workers), so that a student's
ten-million-epoch run, or a link with new numbers, never holds the web process's
interpreter lock while everyone else's page waits. Shared by the sections that train
(the live run and the sigmoid-against-linear comparison) and by those that show a
result worked out on demand (nnadd.ondemand): the "after training" answer, the
best-fit lines, the loss landscape and the lesson's steps 5 to 7."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.i18n import _, ngettext, number
from nnadd.ondemand import NotNow, OnDemand, Runner, here
from nnadd.training import Trainer
from nnadd.ui.run import Run
from nnadd.workers import Chunk, TrainingPool, WorkerDied, adopt

# A run with more updates than this left (epochs x pairs) trains in a worker; a
# shorter one is over before a worker would have it.
POOL_UPDATES = 1_000_000
CHUNK_SECONDS = 0.25  # a chunk's budget: redraws about 4 times a second, and bounds
# how long a worker goes on for a run nobody wants any more (Pause, Reset, a closed tab)
WAIT_SECONDS = 0.1  # how often a waiting run looks up (and can be stopped)
# An on-demand call of at most this many updates (epochs x pairs) is worked out in the
# web process: it is over before a round trip to a worker would be. A longer one goes
# to a worker, so that a visit with new numbers costs the web process little more
# than drawing the page.
HERE_UPDATES = 50_000


@st.cache_resource(show_spinner=False)
def server_pool() -> TrainingPool | None:
    """One pool per server: one worker per core, started on first use. NNADD_POOL=0
    trains everything in the web process (for measuring what the pool changes)."""
    if os.environ.get("NNADD_POOL", "1") == "0":
        return None
    return TrainingPool()


def worth_a_worker(trainer: Trainer, epochs: int) -> bool:
    """Whether `epochs` more epochs of this trainer are long work."""
    return epochs * len(trainer.data) > POOL_UPDATES


def train_elsewhere(
    pool: TrainingPool,
    owner: str,
    trainer: Trainer,
    epochs: int,
    waiting: Callable[[int | None], None],
) -> Chunk:
    """One chunk of `trainer` (up to `epochs` epochs, about CHUNK_SECONDS) in a worker.
    Calls `waiting(runs ahead)` while it waits for a core (None once it trains): a
    drawing call there lets a click stop the wait. The chunk is cancelled if the wait
    ends any other way. Raises pool.WorkerDied if its worker died."""
    receipt = pool.submit(owner, trainer, epochs, CHUNK_SECONDS)
    try:
        while (chunk := pool.result(receipt, timeout=WAIT_SECONDS)) is None:
            waiting(pool.runs_ahead(receipt))
        return chunk
    finally:
        pool.cancel(receipt)  # nothing if the chunk was taken; else it is not wanted


def waiting_words(ahead: int | None) -> str | None:
    """ "Waiting for a free core: 2 runs ahead", or None once the chunk trains."""
    if ahead is None:
        return None
    if ahead == 0:
        return _("Waiting for a free core: next in line")
    return ngettext(
        "Waiting for a free core: {n} run ahead", "Waiting for a free core: {n} runs ahead", ahead
    ).format(n=number(ahead, ","))


def on_demand() -> Runner:
    """Where this page works out its on-demand results: long calls in the server's
    worker processes (a full line raises pool.PoolBusy, an ondemand.NotNow), short
    ones here; everything here without a pool (NNADD_POOL=0)."""
    pool = server_pool()
    if pool is None:
        return here

    def run(call: OnDemand, args: tuple) -> Any:
        if call.cost(*args) <= HERE_UPDATES:
            return call.function(*args)
        return pool.call(call.name, args)  # waits on an Event: the lock is free meanwhile

    return run


def busy(where: DeltaGenerator, words: str, key: str) -> None:
    """Why a part of the page is missing (`words`, from ondemand.NotNow), and Try again:
    its click reruns the page, which asks again."""
    where.info(words)
    where.button(_("Try again"), key=key)


T = TypeVar("T")


def worked_out(
    compute: Callable[[], T], missing: str, key: str, where: DeltaGenerator | None = None
) -> T | None:
    """compute()'s result; or None when the server can't work it out now (NotNow),
    after saying so (`missing`: what the page leaves out, e.g. "The chart has no
    best-fit lines for now.") with a Try again button, in `where` (default: here)."""
    try:
        return compute()
    except NotNow as why:
        busy(where or st.container(), f"{missing} {why}", key)
        return None


def train_a_chunk(
    run: Run, claimed: int, pool: TrainingPool, due: int, bar: DeltaGenerator, fill: float,
    words: str,
) -> None:  # fmt: skip
    """One chunk of a live run (`due` epochs) in the server's pool; the run's trainer
    takes its result only while script run `claimed` is still the newest. While it
    waits for a worker, the progress bar (`bar`, at `fill`, saying `words`) says so. A
    worker that dies costs the chunk in flight only: the trainer stays at its last good
    epoch, and the page says so."""
    trainer = run.trainer

    def waiting(ahead: int | None) -> None:
        queued = waiting_words(ahead)
        bar.progress(fill, text=queued or words)  # a click stops the wait here

    try:
        chunk = train_elsewhere(pool, run.owner, trainer, due, waiting)
    except WorkerDied as died:
        with run.turn(claimed):
            run.running = False
            stopped = _(
                "Training stopped at epoch {epoch}: only the chunk in flight was lost. "
                "Press Train to go on."
            ).format(epoch=number(trainer.epoch, ","))
            run.say("error", f"{died} {stopped}")
        st.rerun()
    with run.turn(claimed):  # a newer script run has the network now: the chunk is not wanted
        adopt(trainer, chunk)
