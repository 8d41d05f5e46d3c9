"""Issue 22 on the page: what a link's numbers ask for on demand (the "after training"
answer, the best-fit lines, the lesson's steps 5 to 7) is worked out in the server's
worker processes, not in the web process; and when their line is full, the page says
the server is busy, in plain words with Try again, and never shows an exception.

The busy server is a real pool: its one worker trains a long chunk while a call waits,
and its line holds no more than that call."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from nnadd import ondemand
from nnadd.adding import _trained_network
from nnadd.data import article_data
from nnadd.landscape import _reference_run
from nnadd.links import format_data
from nnadd.training import MAX_RUN_EPOCHS, Trainer
from nnadd.ui import offload
from nnadd.workers import TrainingPool
from tests.helpers import (
    metric,
    open_app,
    plain_trained,
    poll_tickets,
    text,
    trainer_of,
    training_chart,
    wait_until,
)

LESSON = "app_pages/lesson.py"
DATA = article_data()
BUSY = "The server is busy with other students' work. Try again in a few seconds."


def open_page(query, lesson=False) -> AppTest:
    return open_app(query, LESSON if lesson else "", timeout=120)


def said(at) -> list[str]:
    """What the page says of a busy server (its info messages that mention it)."""
    return [words for words in map(text, at.info) if "busy" in words]


def plain_after(seed, epochs, data=DATA.training):
    """The plain loops' answer for 0.3 + 0.4 after training, as the metric shows it."""
    return f"{plain_trained(seed, epochs=epochs, data=data).predict((0.3, 0.4)):.4f}"


@pytest.fixture
def calls(monkeypatch):
    """The names of the calls the page sent to the server's pool, and the calls
    worked out in this process (the web process) meanwhile."""
    sent, here = [], []
    pool = offload.server_pool()
    real_call = pool.call

    def call(name, args):
        sent.append(name)
        return real_call(name, args)

    monkeypatch.setattr(pool, "call", call)
    for registered in ondemand.CALLS.values():
        real = registered.function

        def counted(*args, _real=real, _name=registered.name):
            here.append(_name)
            return _real(*args)

        monkeypatch.setattr(registered, "function", counted)
    return sent, here


def test_a_links_new_numbers_are_trained_in_a_worker_not_in_the_web_process(calls):
    sent, here = calls
    at = open_page({"seed": "90117", "epochs": "20000"})
    assert metric(at, "After 20,000 epochs") == plain_after(90117, 20_000)
    assert "nnadd.adding._trained_network" in sent
    assert "nnadd.adding._trained_network" not in here


def test_the_lessons_steps_5_to_7_are_trained_in_a_worker(calls):
    sent, here = calls
    at = open_page({"step": "6", "seed": "90118", "epochs": "3000"}, lesson=True)
    assert [m.value for m in at.metric][:2] == ["21/25 correct", "25/25 correct"]
    at = open_page({"step": "5", "seed": "90118", "epochs": "3000"}, lesson=True)
    assert at.header[0].value.startswith("Step 5 of 7 · Why ")
    assert sent == ["nnadd.lesson_plan._compared", "nnadd.adding._trained_network"]
    assert here == []


def test_short_work_stays_in_the_web_process(calls):
    """Below offload.HERE_UPDATES a worker's round trip is not worth it."""
    sent, here = calls
    epochs = offload.HERE_UPDATES // 28
    at = open_page({"seed": "90119", "epochs": str(epochs)})
    assert metric(at, f"After {epochs:,} epochs") == plain_after(90119, epochs)
    assert here == ["nnadd.adding._trained_network"] and sent == []


def test_without_a_pool_everything_is_worked_out_in_the_web_process(monkeypatch):
    monkeypatch.setattr(offload, "server_pool", lambda: None)  # as NNADD_POOL=0 makes it
    assert offload.on_demand() is ondemand.here


def busy_pool() -> TrainingPool:
    """A pool as busy as can be: its one worker trains a long chunk, one call waits,
    and its line of calls has room for nothing more."""
    pool = TrainingPool(workers=1, max_waiting_updates=1)
    receipt = pool.submit("a long run", Trainer.from_seed(1), MAX_RUN_EPOCHS, 120.0)
    wait_until(lambda: pool.pid(receipt) is not None, what="the long chunk to start")
    waits = ("linear", 0.5, ((0.1, 0.2, 0.3),), (0.0, 1.0), (0.0, 1.0), 300)
    pool.submit_call("nnadd.landscape._error_surface", waits)
    return pool


@pytest.fixture
def busy_server(monkeypatch):
    """The page's pool, busy (busy_pool). Returns a function that frees it."""
    pool = busy_pool()
    monkeypatch.setattr(offload, "server_pool", lambda: pool)

    free_pool = TrainingPool(workers=1)  # starts nothing until used

    def free() -> None:
        pool.close()
        monkeypatch.setattr(offload, "server_pool", lambda: free_pool)

    yield free
    pool.close()
    free_pool.close()


def best_fit_lines(at) -> bool:
    figure, _ = training_chart(at)
    return any(trace.get("name", "").startswith("best fit") for trace in figure["data"])


def test_a_busy_server_leaves_the_after_answer_and_best_fit_lines_out_and_says_so(busy_server):
    rows = tuple((i / 20, (i % 7) / 10, i / 20 + (i % 7) / 10) for i in range(12))
    at = open_page({"seed": "90120", "data": format_data(rows)})
    assert metric(at, "After 10,000 epochs") == "Server busy"
    # the neuron ("After 10,000 epochs") sits above the chart, whose note comes after it
    assert said(at) == [BUSY, f"The chart has no best-fit lines for now. {BUSY}"]
    assert [b.label for b in at.button if b.key.endswith("try_again")] == ["Try again"] * 2
    assert not best_fit_lines(at)
    assert trainer_of(at).epoch == 0  # the page itself works as ever
    # once the server has room, Try again shows them
    busy_server()
    at.button(key="after_try_again").click().run()
    assert not at.exception and said(at) == []
    assert metric(at, "After 10,000 epochs") == plain_after(90120, 10_000, rows)
    assert best_fit_lines(at)


@pytest.mark.parametrize(
    "step,missing",
    [
        (5, "This step's trained neuron is not ready yet."),
        (6, "The two neurons of this step are not trained yet."),
        (7, "This step's trained neuron is not ready yet."),
    ],
)
def test_a_busy_server_leaves_a_lesson_step_for_later_with_try_again(busy_server, step, missing):
    at = open_page({"step": str(step), "seed": f"9013{step}", "epochs": "4000"}, lesson=True)
    assert said(at) == [f"{missing} {BUSY}"]
    assert at.button(key="lesson_try_again").label == "Try again"
    title = at.header[0].value
    assert title == "Step 5 of 7 · Why this score?" if step == 5 else "busy" not in title
    busy_server()
    at.button(key="lesson_try_again").click().run()
    assert not at.exception and said(at) == []
    if step == 5:
        assert at.header[0].value == "Step 5 of 7 · Why 21/25?"


def test_a_busy_server_draws_step_4_without_best_fit_lines(busy_server, monkeypatch):
    monkeypatch.setattr(_reference_run, "memo", ondemand.Memo(16))  # a fresh server's
    at = open_page({"step": "4", "seed": "90140", "epochs": "300"}, lesson=True)
    assert said(at) == [] and not best_fit_lines(at)  # none before the run: nothing asked
    at.button(key="lesson_train").click().run()
    assert said(at) == [f"The chart has no best-fit lines for now. {BUSY}"]
    assert not best_fit_lines(at)
    busy_server()
    at.button(key="best_try_again").click().run()
    assert not at.exception and said(at) == [] and best_fit_lines(at)


def test_a_remembered_result_needs_no_worker(monkeypatch):
    """A result worked out once is remembered: a busy server still shows it."""
    monkeypatch.setattr(_trained_network, "memo", ondemand.Memo(4))
    first = open_page({"seed": "90150"})
    assert metric(first, "After 10,000 epochs") == plain_after(90150, 10_000)
    pool = busy_pool()
    try:
        monkeypatch.setattr(offload, "server_pool", lambda: pool)
        again = open_page({"seed": "90150"})
        assert metric(again, "After 10,000 epochs") == plain_after(90150, 10_000)
        other = open_page({"seed": "90151"})
        assert metric(other, "After 10,000 epochs") == "Server busy"
    finally:
        pool.close()


def test_a_busy_server_keeps_step_4s_poll_open_and_says_why(monkeypatch):
    """Reveal needs the trained network's score: a busy server leaves the poll open, says
    so, and the next Reveal closes it with the true score."""
    from nnadd.ui import poll_store as ps

    store = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    at = open_page({"step": "4", "seed": "90160", "epochs": "3000"}, lesson=True)
    at.button(key="lesson_ask_class").click().run()
    code = poll_tickets(at)["watch"].code
    pool = busy_pool()
    try:
        monkeypatch.setattr(offload, "server_pool", lambda: pool)
        at.run()  # Reveal's callback is the page's as it is drawn now: the server is busy
        at.button(key="poll_reveal").click().run()
        assert not at.exception
        assert [re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in at.error] == [
            f"The poll is still open. {BUSY}"
        ]
        assert not store.view(code).revealed and at.button(key="poll_reveal")
    finally:
        pool.close()
    monkeypatch.setattr(offload, "server_pool", lambda: None)  # worked out here, as NNADD_POOL=0
    at.run()
    at.button(key="poll_reveal").click().run()
    assert not at.exception and not at.error
    net = plain_trained(90160, epochs=3000)
    right = sum(round(net.predict((a, b)), 1) == round(a + b, 1) for a, b in DATA.test)
    assert store.view(code).revealed and store.view(code).truth == right
    store.engine.dispose()


def test_the_maps_leave_the_landscape_for_later_when_the_server_is_busy():
    """Without the best weights, or when the surface can't be worked out now, the loss
    landscape says so with Try again; the error map beside it is drawn as ever."""

    def script(busy_surface):
        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.landscape import best_weights
        from nnadd.training import Trainer
        from nnadd.ui import maps
        from tests.test_app_ondemand import busy_pool

        data = article_data()
        trainer = Trainer.from_seed(42)
        trainer.train(200)
        result = evaluate(trainer.network, data.test)
        run = best = None
        if busy_surface:
            pool = busy_pool()
            run = lambda call, args: pool.call(call.name, args)  # noqa: E731
            best = best_weights("linear", data.training)
        try:
            maps.show(trainer.network, result, trainer.history.points(), data.training,
                      data.test, best, run, expanded=True)  # fmt: skip
        finally:
            if busy_surface:
                pool.close()

    for busy_surface, words in [
        (False, "The loss landscape is not drawn for now: it needs the best weights, which "
         "the server is too busy to work out. Try again in a few seconds."),
        (True, f"The loss landscape is not drawn for now. {BUSY}"),
    ]:  # fmt: skip
        at = AppTest.from_function(script, kwargs={"busy_surface": busy_surface})
        at.run(timeout=60)
        assert not at.exception, at.exception
        assert [json.loads(e.proto.spec)["data"][0]["type"] for e in at.get("plotly_chart")] == [
            "heatmap"
        ]
        assert said(at) == [words]
        assert at.button(key="landscape_try_again").label == "Try again"
