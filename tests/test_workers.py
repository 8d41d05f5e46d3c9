"""The training pool: chunks trained in worker processes and merged back equal training
in place, to the last bit; the line is fair; a dead worker, a cancel or a closed pool
leaves nothing training."""

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from harness.processes import alive, assert_cpu_settles
from nnadd import ondemand
from nnadd.data import article_data
from nnadd.training import MAX_RUN_EPOCHS, SettingsError, Trainer
from nnadd.workers import Chunk, TrainingPool, UnknownReceipt, WorkerDied, adopt
from tests.helpers import plain_trained, wait_until, weights

DATA = article_data()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def make_pool():
    """Pools closed after the test, which also checks that their workers are gone."""
    pools = []

    def make(**kwargs):
        pools.append(TrainingPool(**kwargs))
        return pools[-1]

    yield make
    for pool in pools:
        pids = pool.pids()
        pool.close()
        assert not [pid for pid in pids if alive(pid)]


def assert_training_stops(pids, within=5.0):
    """Within `within` seconds, a half second passes in which no worker gains more than
    2 clock ticks (20 ms) of CPU time. (A worker that trains gains about 50.)"""
    assert_cpu_settles(pids, window=0.5, most=0.02, within=within)


def finish(pool, receipt, timeout=60):
    deadline = time.monotonic() + timeout
    while (chunk := pool.result(receipt, timeout=0.05)) is None:
        assert time.monotonic() < deadline, "the chunk never finished"
    return chunk


def train_through(pool, trainer, epochs, chunk_epochs=MAX_RUN_EPOCHS, seconds=10.0):
    """What the page will do: chunk after chunk through the pool, each merged back.

    Returns, for each chunk, the epochs to ask of Trainer.train to train the same
    chunk in place: the epochs it trained, or the epochs asked if it diverged."""
    end = trainer.epoch + epochs
    sizes = []
    while trainer.epoch < end and not trainer.diverged:
        asked = min(chunk_epochs, end - trainer.epoch)
        done = adopt(trainer, finish(pool, pool.submit("me", trainer, asked, seconds)))
        sizes.append(asked if trainer.diverged else done)
    return sizes


def state(trainer):
    """Everything a trainer holds, history included, for a comparison with ==."""
    return {**vars(trainer), "history": vars(trainer.history)}


def assert_same_run(a, b):
    """The same weights, to the bit, and the same history and status."""
    na, nb = a.network, b.network
    assert (na.w1, na.w2, na.b) == (nb.w1, nb.w2, nb.b)
    assert (a.epoch, a.pair_index, a.status, a.diverged_at) == (
        b.epoch, b.pair_index, b.status, b.diverged_at,
    )  # fmt: skip
    assert a.history.points() == b.history.points()
    assert a.history.stride == b.history.stride


def assert_same_as_in_place(pooled, make, epochs, sizes):
    """`pooled` equals a trainer from `make()` trained `epochs` in place: in one call,
    and in calls of the pool's chunk sizes (then every attribute is equal, to the bit)."""
    whole, chunked = make(), make()
    whole.train(epochs)
    for n in sizes:
        chunked.train(n)
    assert_same_run(pooled, whole)
    assert_same_run(pooled, chunked)
    assert state(pooled) == state(chunked)
    return whole


def assert_close_to_plain(trainer, seed, lr, activation, epochs):
    plain = plain_trained(seed, activation, lr, epochs)
    assert weights(trainer) == pytest.approx((*plain.weights, plain.bias), abs=1e-12)


# ---------------------------------------------------------------- the same numbers


@pytest.mark.parametrize("activation", ["sigmoid", "linear"])
@pytest.mark.parametrize("seed,lr", [(42, 0.1), (7, 0.5)])
def test_chunks_through_the_pool_equal_training_in_place(make_pool, seed, lr, activation):
    pool = make_pool(workers=2)
    pooled = Trainer.from_seed(seed, activation, lr)
    sizes = train_through(pool, pooled, 3000, chunk_epochs=700)
    assert sizes == [700, 700, 700, 700, 200]
    # 3001 points overflow the 2000-point history once, in the middle of a chunk
    assert pooled.history.stride == 2
    assert_same_as_in_place(pooled, lambda: Trainer.from_seed(seed, activation, lr), 3000, sizes)
    assert_close_to_plain(pooled, seed, lr, activation, 3000)


def test_chunks_cut_by_a_time_budget_equal_one_run(make_pool):
    pool = make_pool(workers=2)
    pooled = Trainer.from_seed(42)
    sizes = train_through(pool, pooled, 100_000, seconds=0.02)
    assert len(sizes) > 5  # each chunk stopped at its budget, at an epoch nobody chose
    assert_same_as_in_place(pooled, Trainer.from_seed, 100_000, sizes)
    assert_close_to_plain(pooled, 42, 0.1, "sigmoid", 100_000)


def test_a_diverging_run_stops_where_it_would_in_place(make_pool):
    pool = make_pool(workers=1)
    pooled = Trainer.from_seed(42, "linear", 100.0)
    sizes = train_through(pool, pooled, 10_000, chunk_epochs=2)
    assert sizes == [2, 2]  # the second chunk diverged in its first epoch
    assert pooled.diverged_at == 3 and pooled.status == "diverged" and pooled.epoch == 2
    assert pooled.network.is_finite()
    in_place = assert_same_as_in_place(
        pooled, lambda: Trainer.from_seed(42, "linear", 100.0), 10_000, sizes
    )
    # a diverged trainer trains no more, through the pool as in place
    chunk = finish(pool, pool.submit("me", pooled, 10, 1.0))
    assert chunk.epochs == adopt(pooled, chunk) == 0
    assert_same_run(pooled, in_place)


@pytest.mark.parametrize("activation", ["sigmoid", "linear"])
def test_a_run_started_mid_epoch_finishes_that_epoch_first(make_pool, activation):
    def make():
        trainer = Trainer.from_seed(3, activation)
        for _ in range(5):
            trainer.step_pair()
        return trainer

    pool = make_pool(workers=1)
    pooled = make()
    assert pooled.pair_index == 5 and pooled.last_update is not None
    sizes = train_through(pool, pooled, 500, chunk_epochs=150)
    assert sizes == [150, 150, 150, 50] and pooled.epoch == 500
    assert_same_as_in_place(pooled, make, 500, sizes)


def test_adopt_refuses_a_chunk_that_started_elsewhere_and_keeps_the_learning_rate(make_pool):
    pool = make_pool(workers=1)
    trainer = Trainer.from_seed(42)
    chunk = finish(pool, pool.submit("me", trainer, 100, 1.0))
    moved = Trainer.from_seed(42)
    moved.step_pair()
    before = state(moved)
    with pytest.raises(ValueError, match="moved to epoch"):
        adopt(moved, chunk)
    assert state(moved) == before
    # a rate changed while the chunk was away is kept, for the updates after it
    trainer.learning_rate = 0.5
    assert adopt(trainer, chunk) == 100
    assert trainer.epoch == 100 and trainer.learning_rate == 0.5


# ---------------------------------------------------------------- sharing the cores


def test_nothing_starts_until_a_chunk_needs_it(make_pool):
    threads = threading.active_count()
    pool = make_pool(workers=2)
    assert pool.pids() == [] and threading.active_count() == threads
    assert "0 running, 0 queued" in repr(pool)
    finish(pool, pool.submit("me", Trainer.from_seed(1), 10, 1.0))
    assert len(pool.pids()) == 1  # one chunk needed one worker


def test_workers_run_at_a_lower_priority(make_pool):
    pool = make_pool(workers=1, nice=7)
    finish(pool, pool.submit("me", Trainer.from_seed(1), 1, 1.0))
    (pid,) = pool.pids()
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, mine + 7)


def test_at_most_workers_chunks_train_at_once_and_the_rest_wait_in_line(make_pool):
    pool = make_pool(workers=2)
    budgets = [1.0, 1.0, 0.3, 0.3, 0.3]  # the first two stay while the line is read
    receipts = [
        pool.submit(f"student-{i}", Trainer.from_seed(i), MAX_RUN_EPOCHS, seconds)
        for i, seconds in enumerate(budgets)
    ]
    wait_until(lambda: pool.pid(receipts[0]) and pool.pid(receipts[1]))
    assert [pool.runs_ahead(t) for t in receipts] == [None, None, 0, 1, 2]
    # watch the line: when did each chunk leave it, and how many trained at once?
    left, most, polls = {}, 0, 0
    while len(left) < len(receipts):
        ahead = {t: pool.runs_ahead(t) for t in receipts if t not in left}
        for t, n in ahead.items():
            if n is None:
                left[t] = polls
        most = max(most, sum(pool.pid(t) is not None for t in receipts if t in ahead))
        assert len(pool.pids()) <= 2
        polls += 1
        time.sleep(0.002)
    assert most <= 2
    order = [left[t] for t in receipts]
    assert order == sorted(order)  # first come, first served
    for t in receipts:
        assert finish(pool, t).epochs > 0


# ---------------------------------------------------------------- nothing is lost


def test_a_killed_worker_costs_its_owner_only_the_chunk_in_flight(make_pool):
    pool = make_pool(workers=2)
    mine, theirs = Trainer.from_seed(1), Trainer.from_seed(2)
    train_through(pool, mine, 50)
    before = pickle.loads(pickle.dumps(mine))
    doomed = pool.submit("me", mine, MAX_RUN_EPOCHS, 5.0)
    other = pool.submit("them", theirs, MAX_RUN_EPOCHS, 1.0)
    queued = pool.submit("them", Trainer.from_seed(3), 100, 5.0)
    wait_until(lambda: pool.pid(doomed) and pool.pid(other))
    killed = pool.pid(doomed)
    os.kill(killed, signal.SIGKILL)
    with pytest.raises(WorkerDied, match=r"stopped unexpectedly \(killed by SIGKILL\).*epoch 50\b"):
        finish(pool, doomed)
    assert state(mine) == state(before)  # nothing merged: still at the last good epoch
    # the other owner's chunks carry on, on the survivor and the replacement
    assert finish(pool, other).epochs > 0
    assert finish(pool, queued).epochs == 100
    wait_until(lambda: not alive(killed))
    train_through(pool, mine, 10)
    assert mine.epoch == 60
    # both workers are there again, the killed one replaced
    both = [pool.submit(str(i), Trainer.from_seed(i), MAX_RUN_EPOCHS, 1.0) for i in range(2)]
    wait_until(lambda: pool.pid(both[0]) and pool.pid(both[1]))
    pids = pool.pids()
    assert len(pids) == 2 and killed not in pids


def test_a_cancelled_chunk_never_runs_and_a_running_one_is_discarded(make_pool):
    pool = make_pool(workers=1)
    running = pool.submit("me", Trainer.from_seed(1), MAX_RUN_EPOCHS, 0.5)
    wait_until(lambda: pool.pid(running))
    queued = pool.submit("me", Trainer.from_seed(2), MAX_RUN_EPOCHS, 30.0)
    assert pool.runs_ahead(queued) == 0
    assert pool.cancel(queued) and pool.cancel(running)
    assert not pool.cancel(queued)
    for t in (queued, running):
        with pytest.raises(UnknownReceipt):
            pool.result(t, timeout=0)
        with pytest.raises(UnknownReceipt):
            pool.runs_ahead(t)
    # the running chunk ends with its half-second budget; the queued 30 s one never starts
    assert_training_stops(pool.pids())
    # the discarded answer is not mistaken for the next chunk's
    trainer = Trainer.from_seed(4)
    sizes = train_through(pool, trainer, 200)
    assert_same_as_in_place(trainer, lambda: Trainer.from_seed(4), 200, sizes)


def test_cancel_owner_cancels_all_an_owners_chunks_and_leaves_the_rest(make_pool):
    pool = make_pool(workers=2)
    budgets = [0.5, 0.5, 30.0]  # two train, the third waits
    gone = [
        pool.submit("closed-tab", Trainer.from_seed(i), MAX_RUN_EPOCHS, seconds)
        for i, seconds in enumerate(budgets)
    ]
    stays = pool.submit("still-here", Trainer.from_seed(9), 100, 5.0)
    wait_until(lambda: pool.pid(gone[0]) and pool.pid(gone[1]))
    result = []
    waiter = threading.Thread(target=lambda: result.append(_raises(pool, gone[0])))
    waiter.start()
    assert pool.cancel_owner("closed-tab") == 3
    waiter.join(timeout=5)
    assert result == [UnknownReceipt]  # a caller waiting on a cancelled chunk is woken
    assert finish(pool, stays).epochs == 100
    assert_training_stops(pool.pids())


def _raises(pool, receipt):
    try:
        pool.result(receipt, timeout=30)
    except Exception as exc:
        return type(exc)


def test_close_stops_every_worker_at_once_and_twice_is_harmless(make_pool):
    pool = make_pool(workers=2)
    receipts = [pool.submit(str(i), Trainer.from_seed(i), MAX_RUN_EPOCHS, 30.0) for i in range(3)]
    wait_until(lambda: len(pool.pids()) == 2 and pool.pid(receipts[1]))
    pids = pool.pids()
    start = time.monotonic()
    pool.close()
    assert time.monotonic() - start < 5  # not the 30-second budget
    assert not [pid for pid in pids if alive(pid)]
    pool.close()
    assert pool.pids() == [] and "closed" in repr(pool)
    with pytest.raises(UnknownReceipt):
        pool.result(receipts[2])
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit("late", Trainer.from_seed(1), 1, 1.0)


PARENT = """
import sys, time
from nnadd.workers import TrainingPool
from nnadd.training import MAX_RUN_EPOCHS, Trainer
how = sys.argv[1]
pool = TrainingPool(workers=2)
# atexit stops a chunk at once; a killed web process leaves its workers the chunk
seconds = {"exits": 30.0, "killed while training": 1.5, "killed while idle": 0.05}[how]
receipts = [pool.submit(str(i), Trainer.from_seed(i), MAX_RUN_EPOCHS, seconds) for i in range(2)]
while not all(pool.pid(t) for t in receipts):
    time.sleep(0.01)
pids = pool.pids()
if how == "killed while idle":
    for t in receipts:
        while pool.result(t, timeout=1) is None:
            pass
print(*pids, flush=True)
sys.stdin.readline()
sys.exit(0)  # without closing the pool
"""


@pytest.mark.parametrize("how", ["exits", "killed while training", "killed while idle"])
def test_workers_end_with_the_web_process(how):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, how],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        if how == "exits":
            parent.communicate("go on\n", timeout=10)
        else:
            parent.kill()  # no atexit: the workers see their pipes close
            parent.wait(timeout=10)
        wait_until(lambda: not any(alive(pid) for pid in pids), timeout=10)
    finally:
        parent.kill()
        parent.wait()


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    "epochs,seconds,error",
    [
        (-1, 1.0, SettingsError),
        (MAX_RUN_EPOCHS + 1, 1.0, SettingsError),
        (10, 0, ValueError),
        (10, float("nan"), ValueError),
        (10, "1", ValueError),
    ],
)
def test_bad_chunks_are_refused_at_submit(make_pool, epochs, seconds, error):
    pool = make_pool(workers=1)
    with pytest.raises(error):
        pool.submit("me", Trainer.from_seed(1), epochs, seconds)
    assert pool.pids() == []


def test_a_pool_needs_a_worker():
    with pytest.raises(ValueError, match="at least one worker"):
        TrainingPool(workers=0)


def test_chunk_repr_is_short(make_pool):
    pool = make_pool(workers=1)
    chunk = finish(pool, pool.submit("me", Trainer.from_seed(1), 5, 1.0))
    assert isinstance(chunk, Chunk)
    assert repr(chunk).startswith("Chunk(trainer=Trainer(") and "started_from" not in repr(chunk)


# ---------------------------------------------------------------- on-demand calls (issue 22)


def calls_and_arguments():
    """Each registered call with arguments a page may send, divergence included."""
    from nnadd import adding, landscape, lesson_plan

    rows = DATA.training
    doubled = tuple((x1, x2, 2 * t) for x1, x2, t in rows[:9])
    rates = [(42, 0.1), (7, 0.5)]
    return [
        *[
            (adding._trained_network, ((0.1, -0.2, 0.3), "sigmoid", lr, 3000, rows))
            for _, lr in rates
        ],
        (adding._trained_network, ((0.1, -0.2, 0.3), "linear", 100.0, 50, rows)),  # diverges
        (landscape._reference_run, ("sigmoid", rows)),
        (landscape._reference_run, ("linear", doubled)),
        (lesson_plan._compared, (3, 0.5, 2000)),
        (landscape._error_surface, ("sigmoid", -2.5, tuple(rows), (0.0, 6.0), (-1.0, 5.0), 7)),
    ]


def test_a_registered_call_in_a_worker_equals_the_call_here(make_pool):
    pool = make_pool(workers=2)
    for call, args in calls_and_arguments():
        there, here = pool.call(call.name, args), call.function(*args)
        assert there == here, call.name
        assert pickle.dumps(there) == pickle.dumps(here), call.name  # to the last bit
    assert pool.pids()


def test_a_call_raises_in_the_page_what_it_raises_here(make_pool):
    from nnadd.adding import _trained_network

    pool = make_pool(workers=1)
    args = ((0.0, 0.0, 0.0), "cubic", 0.1, 10, DATA.training)
    with pytest.raises(ValueError) as here:
        _trained_network.function(*args)
    with pytest.raises(ValueError) as there:
        pool.call(_trained_network.name, args)
    assert str(there.value) == str(here.value)
    assert finish(pool, pool.submit("me", Trainer.from_seed(1), 5, 1.0)).epochs == 5


@pytest.mark.parametrize("name", ["os.system", "nnadd.workers.serve", "nnadd.adding.trained"])
def test_only_registered_calls_are_sent_to_a_worker(make_pool, name):
    pool = make_pool(workers=1)
    with pytest.raises(LookupError, match="not an on-demand call"):
        pool.submit_call(name, ("echo hello",))
    assert pool.pids() == []  # refused before anything started


def test_a_worker_refuses_a_name_that_is_not_registered(tmp_path):
    """Should a request name something else (the pool checks first), the worker itself
    looks the name up among the registered calls, and runs nothing else."""
    from nnadd.workers import _ROOT, _WORKER

    touched = tmp_path / "touched"
    worker = subprocess.Popen(
        [sys.executable, "-I", "-c", _WORKER, _ROOT, "0"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        for request in [
            ("call", "os.system", (f"touch {touched}",)),
            ("call", "nnadd.workers.serve", (0,)),
        ]:
            worker.stdin.write(pickle.dumps(request))
            worker.stdin.flush()
            kind, raised = pickle.load(worker.stdout)
            assert kind == "raised" and isinstance(raised, LookupError)
            assert "not an on-demand call" in str(raised)
        assert not touched.exists()
    finally:
        worker.stdin.close()
        worker.wait(timeout=10)
        worker.stdout.close()


def long_chunk(pool, seconds=30.0):
    """A chunk that keeps a worker busy until cancelled by close()."""
    receipt = pool.submit("long run", Trainer.from_seed(1), MAX_RUN_EPOCHS, seconds)
    wait_until(lambda: pool.pid(receipt))
    return receipt


def surface_args(i, n=10):
    """A registered call of n x n x 28 updates' cost, different for every i."""
    return ("sigmoid", -2.5 + i / 100, tuple(DATA.training), (0.0, 6.0), (-1.0, 5.0), n)


SURFACE = "nnadd.landscape._error_surface"


def test_calls_go_ahead_of_the_long_runs_chunks(make_pool):
    pool = make_pool(workers=1)
    long_chunk(pool, seconds=1.0)
    queued_chunk = pool.submit("long run", Trainer.from_seed(2), 10, 5.0)
    # a reference run of 2.8 million updates: the chunk still waits while it runs
    call = pool.submit_call("nnadd.landscape._reference_run", ("sigmoid", DATA.training * 2))
    assert pool.runs_ahead(call) == 0 and pool.runs_ahead(queued_chunk) == 1
    assert "2 queued" in repr(pool)
    # the call is served when the running chunk ends, before the chunk that came first
    wait_until(lambda: pool.runs_ahead(call) is None)
    assert pool.runs_ahead(queued_chunk) == 0
    assert finish(pool, queued_chunk).epochs == 10


def test_a_full_line_of_calls_refuses_at_once_and_takes_calls_again_once_it_moves(make_pool):
    """The line holds at most max_waiting_updates of calls: beyond it a call is refused
    with PoolBusy (plain words for the page), never left waiting for room."""
    from nnadd.workers import MAX_WAITING_UPDATES_PER_WORKER, PoolBusy

    assert make_pool(workers=3).max_waiting_updates == 3 * MAX_WAITING_UPDATES_PER_WORKER
    cost = 10 * 10 * 28  # surface_args(i)
    pool = make_pool(workers=1, max_waiting_updates=2 * cost)
    long_chunk(pool)  # the only worker is busy
    waiting = [pool.submit_call(SURFACE, surface_args(i)) for i in range(2)]
    with pytest.raises(PoolBusy, match=r"busy with other students' work\. Try again") as busy:
        pool.submit_call(SURFACE, surface_args(2))
    assert isinstance(busy.value, ondemand.NotNow)
    assert [pool.runs_ahead(t) for t in waiting] == [0, 1]  # the line is as it was
    pool.cancel(waiting[0])
    pool.submit_call(SURFACE, surface_args(2))  # room again
    # a call is always let into an empty line, however large
    alone = make_pool(workers=1, max_waiting_updates=1)
    long_chunk(alone)
    alone.submit_call(SURFACE, surface_args(0, n=40))
    with pytest.raises(PoolBusy):
        alone.submit_call(SURFACE, surface_args(1, n=2))


def test_a_worker_killed_during_a_call_says_try_again_and_the_next_call_works(make_pool):
    from nnadd.landscape import _reference_run

    pool = make_pool(workers=1)
    args = ("sigmoid", DATA.training * 3)  # 2.8 million updates: long enough to be killed
    result = []
    asker = threading.Thread(target=lambda: result.append(_raises_call(pool, args)))
    asker.start()
    wait_until(lambda: pool.pids())
    # The worker is bound to the call once it is listed, so a kill from now on is a
    # death during the call; the pause lets it get into the computation, as the name
    # says. No event marks "the request has arrived", so this one stays a sleep.
    time.sleep(0.2)
    os.kill(pool.pids()[0], signal.SIGKILL)
    asker.join(timeout=60)
    (died,) = result
    assert isinstance(died, ondemand.NotNow)
    assert "stopped unexpectedly (killed by SIGKILL). Try again in a few seconds." in str(died)
    assert pool.call(_reference_run.name, args) == _reference_run.function(*args)


def _raises_call(pool, args):
    try:
        pool.call("nnadd.landscape._reference_run", args)
    except Exception as exc:
        return exc


def test_a_closed_pool_tells_a_waiting_call_to_try_again(make_pool):
    pool = make_pool(workers=1)
    long_chunk(pool)
    result = []
    asker = threading.Thread(target=lambda: result.append(_raises_call(pool, ("linear", ()))))
    asker.start()
    wait_until(lambda: pool._calls)
    pool.close()
    asker.join(timeout=10)
    assert isinstance(result[0], ondemand.NotNow) and "Try again" in str(result[0])


# ---------------------------------------------------------------- the workers' import path

PLANTED = """
import pathlib
pathlib.Path({marker!r}).write_text(__name__ + " was imported from " + __file__)
"""


@pytest.mark.parametrize("where", ["the current folder", "PYTHONPATH"])
@pytest.mark.parametrize("module", ["pickle", "nnadd"])
def test_a_worker_never_imports_a_module_planted_where_the_server_started(
    tmp_path, monkeypatch, make_pool, where, module
):
    """Issue 22, item 8: a worker ran `python -c`, with the current folder first on its
    import path (and PYTHONPATH next): a pickle.py or nnadd.py planted in the folder
    `streamlit run` was started from was imported by every worker."""
    planted, marker = tmp_path / "planted", tmp_path / "imported"
    planted.mkdir()
    (planted / f"{module}.py").write_text(PLANTED.format(marker=str(marker)))
    if where == "the current folder":
        monkeypatch.chdir(planted)
    else:
        monkeypatch.setenv("PYTHONPATH", str(planted))
    pool = make_pool(workers=1)
    pooled = Trainer.from_seed(5)
    sizes = train_through(pool, pooled, 300)
    assert not marker.exists(), marker.read_text()
    assert_same_as_in_place(pooled, lambda: Trainer.from_seed(5), 300, sizes)
