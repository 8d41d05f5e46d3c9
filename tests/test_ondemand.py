"""On-demand results (issue 22): each computed once however many ask at once, the last
few remembered, a failure never remembered; and only the registered calls can be
looked up by name."""

import contextlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nnadd import ondemand
from nnadd.ondemand import CALLS, MODULES, Memo, find, on_demand
from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = 25


def together(n, ask):
    """`n` threads call ask() at one moment; returns what each got (or raised)."""
    start = threading.Barrier(n)
    got = [None] * n

    def one(i):
        start.wait()
        try:
            got[i] = ask()
        except Exception as exc:
            got[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return got


def test_a_key_asked_for_by_many_at_once_is_computed_once():
    memo, runs = Memo(4), []

    def compute():
        runs.append(1)
        # everyone asks while it computes: it ends once the others all wait for it
        wait_until(lambda: memo.shared == STUDENTS - 1, timeout=10, what="the others")
        return object()

    got = together(STUDENTS, lambda: memo.get("key", compute))
    assert len(runs) == 1
    assert all(g is got[0] for g in got)  # one result, shared
    assert memo.computed == 1 and memo.shared + memo.remembered == STUDENTS - 1
    assert memo.get("key", compute) is got[0] and len(runs) == 1


def test_different_keys_are_computed_side_by_side():
    memo, inside, most = Memo(8), [], [0]
    lock = threading.Lock()

    def compute(key):
        with lock:
            inside.append(key)
            most[0] = max(most[0], len(inside))
        # stay until another key is computed at the same time (or give up after 10 s:
        # one computation at a time fails below, not here)
        with contextlib.suppress(AssertionError):
            wait_until(lambda: most[0] > 1, timeout=10)
        with lock:
            inside.remove(key)
        return key * 2

    keys = iter(range(4))
    lock_keys = threading.Lock()

    def ask():
        with lock_keys:
            key = next(keys)
        return memo.get(key, lambda: compute(key))

    assert sorted(together(4, ask)) == [0, 2, 4, 6]
    assert most[0] > 1  # one key's computation does not hold up another's


def test_a_failure_is_shared_by_those_waiting_and_never_remembered():
    memo, runs = Memo(4), []

    def fails():
        runs.append(1)
        wait_until(lambda: memo.shared == 4, timeout=10, what="the others")  # all ask
        raise ondemand.NotNow("busy")

    got = together(5, lambda: memo.get("key", fails))
    assert len(runs) == 1
    assert all(isinstance(g, ondemand.NotNow) and str(g) == "busy" for g in got)
    # asking again computes again, and that result is remembered
    assert memo.get("key", lambda: "fine") == "fine"
    assert memo.get("key", fails) == "fine" and len(runs) == 1


def test_the_oldest_result_is_forgotten_first():
    memo = Memo(2)
    memo.get("a", lambda: 1)
    memo.get("b", lambda: 2)
    memo.get("a", lambda: "again")  # "a" is now the newest
    memo.get("c", lambda: 3)  # forgets "b", the oldest
    assert memo.get("a", lambda: "again") == 1
    assert memo.get("b", lambda: "again") == "again"
    assert "2/2 remembered" in repr(memo)
    with pytest.raises(ValueError):
        Memo(0)


def test_only_the_registered_calls_can_be_found_by_name():
    for module in MODULES:
        __import__(module)
    assert sorted(CALLS) == [
        "nnadd.adding._trained_network",
        "nnadd.landscape._error_surface",
        "nnadd.landscape._reference_run",
        "nnadd.lesson_plan._compared",
    ]
    assert all(find(name) is CALLS[name] for name in CALLS)
    for name in ("os.system", "nnadd.workers.serve", "nnadd.adding.trained", "builtins.eval", ""):
        with pytest.raises(LookupError):
            find(name)
    with pytest.raises(ValueError, match="live in"):
        on_demand(cost=len, maxsize=1)(lambda: None)  # a function of this test module
    with pytest.raises(ValueError, match="twice"):
        on_demand(cost=len, maxsize=1)(CALLS["nnadd.lesson_plan._compared"].function)


# Twenty-five students arrive at a fresh server at one moment, each page asking for the
# same shared results. Trainers are counted where they are made: the reference run
# makes one, the lesson's trained network one, the comparison one per activation.
FRESH_PROCESS = """
import sys, threading
from nnadd import training
made = []
build = training.Trainer.__init__
def counted(self, *args, **named):
    made.append(1)
    build(self, *args, **named)
training.Trainer.__init__ = counted
from nnadd.data import article_data
from nnadd.landscape import best_weights
from nnadd import lesson_plan
from nnadd.settings import Settings
settings = lesson_plan.lesson_settings(Settings(epochs=20_000, seed=11))
ask = {
    "best": lambda: best_weights("sigmoid", article_data().training),
    "trained": lambda: lesson_plan.trained(settings),
    "compared": lambda: lesson_plan.compared(settings),
}[sys.argv[1]]
start = threading.Barrier(25)
got = []
def student():
    start.wait()
    got.append(ask())
threads = [threading.Thread(target=student) for _ in range(25)]
for t in threads: t.start()
for t in threads: t.join()
assert len(got) == 25 and all(g == got[0] for g in got)
print(len(made))
"""


@pytest.mark.parametrize("shared,trainers", [("best", 1), ("trained", 1), ("compared", 2)])
def test_a_class_arriving_at_a_fresh_server_computes_each_shared_result_once(shared, trainers):
    """Issue 22, item 5: with functools.lru_cache every student who arrived before the
    first had finished computed the same result again (1.2 s of CPU each, for the
    best-fit reference run)."""
    out = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, shared],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == trainers


def test_the_lessons_title_does_without_a_score_that_cant_be_had_now():
    """Step 5's title holds the trained network's score; a runner that can't work it out
    now (a busy server) leaves "Why this score?" on the page. The worksheet never needs
    it: its headings are neutral."""
    from nnadd import lesson_plan
    from nnadd.settings import Settings
    from nnadd.ui.lesson_registry import REGISTRY

    def busy(call, args):
        raise ondemand.NotNow("The server is busy.")

    settings = Settings(seed=90170)
    assert lesson_plan.title(lesson_plan.WHY, settings, busy) == "Why this score?"
    assert lesson_plan.title(lesson_plan.LINEAR, settings, busy) == "Linear fixes it"
    steps = [step.words for step in REGISTRY]
    assert "<h2>5. After training</h2>" in lesson_plan.worksheet(
        steps, settings, "http://x/", "<svg/>"
    )
    assert lesson_plan.title(lesson_plan.WHY, settings) == "Why 21/25?"  # worked out here
