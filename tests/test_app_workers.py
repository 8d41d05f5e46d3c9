"""Issue 14 on the page: long Fast runs train in the server's worker processes, and
the page's network ends exactly where training in place would leave it."""

import os
import signal
import threading

from streamlit.testing.v1 import AppTest

from nnadd.training import Trainer
from nnadd.ui.offload import POOL_UPDATES, server_pool, waiting_words
from nnadd.workers import UnknownReceipt
from tests.helpers import open_app, running_of, trainer_of, wait_until, weights


def open_fast(epochs: int, seed: int = 42) -> AppTest:
    return open_app({"epochs": str(epochs), "speed": "Fast", "seed": str(seed)}, timeout=300)


def test_a_long_fast_run_trains_in_a_worker_and_matches_in_place():
    epochs = 60_000  # 1.68 million updates: past the pool's threshold
    assert epochs * 28 > POOL_UPDATES
    at = open_fast(epochs, seed=7)
    at.button(key="train").click().run()
    assert not at.exception
    trainer = trainer_of(at)
    assert server_pool().pids()  # worker processes trained it
    in_place = Trainer.from_seed(7)
    in_place.train(epochs)
    assert trainer.epoch == epochs
    assert weights(trainer) == weights(in_place)  # to the last bit
    assert trainer.history.points() == in_place.history.points()


def test_a_worker_killed_mid_run_costs_only_its_chunk_and_the_page_says_so(monkeypatch):
    at = open_fast(10_000_000, seed=3)
    pool = server_pool()
    asked = []  # the receipts of the chunks the page asks for, one after another
    submit = pool.submit
    monkeypatch.setattr(pool, "submit", lambda *args: asked.append(submit(*args)) or asked[-1])

    def training_after_a_chunk_came_back() -> bool:
        """The page has asked for a second chunk (so the first came back and was merged)
        and the newest one is training in a worker."""
        try:
            return len(asked) >= 2 and pool.pid(asked[-1]) is not None
        except UnknownReceipt:  # that one was done and taken meanwhile: look again
            return False

    def kill_the_workers_soon():
        try:
            wait_until(training_after_a_chunk_came_back, timeout=120, what="a chunk in flight")
        finally:
            for pid in pool.pids():
                os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_the_workers_soon)
    killer.start()
    at.button(key="train").click().run()
    killer.join()
    assert not at.exception
    trainer = trainer_of(at)
    assert 0 < trainer.epoch < 10_000_000
    assert not running_of(at)
    (error,) = at.error
    said = error.value.replace("\\", "").replace("\u2060", "")
    assert "The worker process training this run stopped unexpectedly" in said
    assert f"Training stopped at epoch {trainer.epoch:,}: only the chunk in flight" in said
    # the network is exactly the one of its last good epoch
    in_place = Trainer.from_seed(3)
    in_place.train(trainer.epoch)
    assert weights(trainer) == weights(in_place)
    # and Train goes on from there, with a fresh worker
    stopped_at = trainer.epoch
    at.number_input(key="epochs").set_value(stopped_at + 50_000).run()
    at.button(key="train").click().run()
    assert not at.exception, at.exception
    assert trainer_of(at).epoch == stopped_at + 50_000


def test_the_waiting_words():
    assert waiting_words(None) is None
    assert waiting_words(0) == "Waiting for a free core: next in line"
    assert waiting_words(1) == "Waiting for a free core: 1 run ahead"
    assert waiting_words(2) == "Waiting for a free core: 2 runs ahead"
