"""Issue 14 on the page: long Fast runs train in the server's worker processes, and
the page's network ends exactly where training in place would leave it."""

import os
import signal
import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from nnadd.training import Trainer
from nnadd.ui.offload import POOL_UPDATES, server_pool, waiting_words
from tests.helpers import running_of, trainer_of

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_fast(epochs: int, seed: int = 42) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(epochs=str(epochs), speed="Fast", seed=str(seed))
    return at.run()


def weights(trainer):
    net = trainer.network
    return (net.w1, net.w2, net.b)


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


def test_a_worker_killed_mid_run_costs_only_its_chunk_and_the_page_says_so():
    at = open_fast(10_000_000, seed=3)
    pool = server_pool()

    def kill_the_workers_soon():
        time.sleep(3)  # some chunks have come back by then; others are in flight
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
