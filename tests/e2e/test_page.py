"""The page in a real Chromium, used as a student uses it: type into the settings,
press the buttons, read the numbers, the chart and the table through the DOM.

Speed is printed (and summarised at the end of the run), never asserted tightly:
`python -m benchmarks.browser` measures it properly.
"""

import time

import pytest

import harness as h
from nnadd.perceptron import Perceptron
from nnadd.training import Trainer
from nnadd.wording import PREDICTION_COLUMNS, sum_explanation

pytestmark = pytest.mark.e2e

SEED_42_SCORE = "21/25 correct (84.0%)"
UNTRAINED_SCORE = "5/25 correct (20.0%)"


def start_weights(seed: int) -> tuple[str, str, str]:
    net = Perceptron.from_seed(seed)
    return f"{net.w1:.4f}", f"{net.w2:.4f}", f"{net.b:.4f}"


def count_right(header: list[str], rows: list[list[str]]) -> int:
    right = header.index("Right?")
    return sum(row[right] == "✔ right" for row in rows)


def check_final_table(page, reference: dict) -> None:
    expected = h.predictions(reference)
    shown = h.shown_predictions(page, expected)
    rowcount, header, rows = h.table_rows(page)
    assert rowcount == 26, "aria-rowcount counts the header and the 25 test pairs"
    assert header == list(PREDICTION_COLUMNS)
    assert len(rows) == 25
    assert count_right(header, rows) == reference["correct"]
    assert shown == expected  # in full: the page's arithmetic is the CLI's, bit for bit


def test_the_page_loads_with_no_error_and_no_outside_request(visit, measured):
    page = visit.page
    h.screenshot(page, "start")
    assert h.exceptions(page) == []
    h.assert_only_local_requests(visit)
    assert any(u.startswith("ws://127.0.0.1") for u in visit.requests), "no websocket seen"
    assert h.metric(page, "Epoch") == "0"
    assert h.shown_weights(page) == start_weights(42)
    assert h.progress_text(page) == "Epoch 0 / 10,000"
    assert h.metric(page, "Right answers", h.PREDICTIONS) == UNTRAINED_SCORE
    rowcount, _, rows = h.table_rows(page)
    assert (rowcount, len(rows)) == (26, 25)
    assert page.locator(h.LIVE_CHART).count() == 1
    measured("requests while loading", f"{len(visit.requests)}, all local")


def test_set_the_inputs_train_on_watch_and_match_the_cli(page, measured):
    reference = h.cli_reference(42)
    # Other values first, so that typing the article's values afterwards is a change
    # Streamlit commits, and each commit shows on the page.
    h.set_number(page, "Epochs", "2000")
    assert h.progress_text(page) == "Epoch 0 / 2,000"
    h.set_number(page, "Seed", "7")
    assert h.shown_weights(page) == start_weights(7)
    assert page.get_by_text("The seed changed").is_visible()
    h.set_number(page, "Learning rate", "0.5")
    h.set_number(page, "Epochs", "10000")
    h.set_number(page, "Learning rate", "0.1")
    h.set_number(page, "Seed", "42")
    assert h.progress_text(page) == "Epoch 0 / 10,000"
    assert h.shown_weights(page) == start_weights(42)
    lr = page.get_by_role("spinbutton", name="Learning rate", exact=True)
    assert lr.input_value() == "0.1000"

    clicked_at = page.evaluate("performance.now()")
    h.button(page, "Train").click()  # on Watch, the default: about 10 s
    h.wait_epoch_beyond(page, 3999)
    h.screenshot(page, "mid")
    h.wait_metric(page, "Right answers", SEED_42_SCORE, h.PREDICTIONS, timeout=60_000)

    during = [t for t, _ in h.redraws(page) if t > clicked_at]
    rate = h.redraws_per_second(during)
    measured("Watch run, 10,000 epochs: chart redraws", f"{len(during)} ({rate:.1f} a second)")
    assert len(during) >= 3, f"the live chart redrew only {len(during)} times during the run"

    shown = h.metrics(page)
    assert shown["Epoch"] == "10,000"
    assert shown["Test pairs"] == "21/25 correct"
    assert h.shown_weights(page) == h.rounded_weights(reference)
    assert h.progress_text(page) == "Epoch 10,000 / 10,000"
    check_final_table(page, reference)
    h.screenshot(page, "end")


def test_pause_stops_the_epoch_counter_and_train_resumes_it(page):
    h.button(page, "Train").click()  # Watch: 1,000 epochs a second
    h.wait_epoch_beyond(page, 999)
    h.click_and_settle(page, "Pause")
    paused = h.epoch(page)
    time.sleep(1.0)  # "it stands still" is the claim: a second of nothing, no event
    assert h.epoch(page) == paused, "the epoch counter moved after Pause"
    assert 1000 <= paused < 10_000
    assert h.progress_text(page) == f"Epoch {paused:,} / 10,000"

    h.button(page, "Train").click()
    h.wait_epoch_beyond(page, paused, timeout=10_000)
    # Finish on Fast: the run goes on at the new speed. Pausing must neither lose nor
    # repeat an epoch, so the end is exactly the CLI's.
    page.locator("[data-testid='stSidebar'] [role='radiogroup'] label").filter(
        has_text="Fast"
    ).first.click()
    # Wait for the epoch count first: the table's score may already read 21/25 from
    # the pause, and a rerun (the speed change) can show it with no script running.
    h.wait_trained(page, h.cli_reference(42), timeout=60_000)
    assert h.shown_weights(page) == h.rounded_weights(h.cli_reference(42))
    check_final_table(page, h.cli_reference(42))  # 4 decimals hide one epoch; this does not


def test_step_adds_exactly_one_epoch(page):
    for expected in (1, 2):
        h.click_and_settle(page, "One epoch (28 pairs)")
        time.sleep(0.3)  # a stray second epoch would show by now: nothing to wait for
        assert h.epoch(page) == expected
        ref = Trainer.from_seed(42)
        ref.train(expected)
        net = ref.network
        assert h.shown_weights(page) == (f"{net.w1:.4f}", f"{net.w2:.4f}", f"{net.b:.4f}")
    assert h.progress_text(page) == "Epoch 2 / 10,000"


def test_add_two_numbers_answers_and_explains_out_of_range(page):
    adder = page.locator(h.ADDER)
    net = Perceptron.from_seed(42)
    shown = h.metrics(page, h.ADDER)
    assert shown["True sum"] == "0.7000"
    assert shown["The network's sum"] == f"{net.predict(0.3, 0.4):.4f}"
    assert adder.locator("[data-testid='stAlert']").count() == 0

    h.set_number(page, "First number", "0.8")
    h.set_number(page, "Second number", "0.7")
    shown = h.metrics(page, h.ADDER)
    guess = net.predict(0.8, 0.7)
    assert shown["True sum"] == "1.5000"
    assert shown["The network's sum"] == f"{guess:.4f}"
    assert shown["Difference"] == f"{guess - 1.5:+.4f}"
    warning = adder.locator("[data-testid='stAlert']")
    assert warning.count() == 1
    assert warning.inner_text().strip() == sum_explanation(0.8, 0.7, "sigmoid")
    assert "can never give 1.5" in warning.inner_text()


def test_fast_run_click_to_final_table(page, measured):
    reference = h.cli_reference(42)
    run = h.fast_run_seconds(page, reference)
    measured(
        "Fast run, 10,000 epochs: click to final table",
        f"{run.shown:.2f} s shown, {run.settled:.2f} s with every chart drawn",
    )
    assert 0 < run.shown <= run.settled < 60, "a sanity bound only: benchmarks.browser times"
    assert h.metric(page, "Right answers", h.PREDICTIONS) == SEED_42_SCORE
    assert h.shown_weights(page) == h.rounded_weights(reference)
    check_final_table(page, reference)


def test_no_leftover_element_while_training_after_a_notice(page):
    h.set_number(page, "Seed", "7")  # shows "The seed changed ..."
    assert page.get_by_text("The seed changed").is_visible()
    h.button(page, "Train").click()
    h.wait_epoch_beyond(page, 500)
    try:
        assert page.get_by_text("How it works", exact=True).count() == 1
    finally:
        h.click_and_settle(page, "Pause")


def test_a_hostile_link_shows_its_value_as_text_not_a_link(visit, server):
    """Issue 16: `?activation=[Log in](https://e.vil)` once put a clickable link to
    another site inside the page's own warning."""
    page = visit.page
    h.load(page, f"{server.url}?activation=%5BLog%20in%5D(https%3A%2F%2Fe.vil)")
    warning = page.locator("[data-testid='stAlert']").first
    # shown as typed (an invisible word joiner sits by ":" and ".", see as_text)
    assert "[Log in](https://e.vil)" in warning.inner_text().replace("\u2060", "")
    assert page.locator("a[href*='e.vil']").count() == 0
    assert warning.locator("a, img").count() == 0


def test_a_reload_or_a_page_change_does_not_say_the_server_stopped(page, server):
    """The reconnect notice (nnadd/ui/reconnect.py) is for a page whose server went
    away, not for a student who reloads the page or visits the lesson and comes back:
    those start a new session too. (The kill of a replica is in test_serve_class.)"""
    alerts = page.locator("[data-testid='stMain'] [data-testid='stAlert']")
    page.reload()
    h.wait_loaded(page)
    page.get_by_role("link", name="Lesson").click()
    h.wait_idle(page)
    page.get_by_role("link", name="Playground").click()
    h.wait_idle(page)
    # time for the watcher to report, were it to: a report not sent has no event
    page.wait_for_timeout(1000)
    assert not [a for a in alerts.all_inner_texts() if "server" in a], alerts.all_inner_texts()
    # and it takes no room on the page
    box = page.locator(".st-key-session_watch").bounding_box()
    assert box is None


DIAGRAM = "[data-testid='stPlotlyChart'][aria-label^='The neuron:']"


def test_the_sum_beside_the_diagram_follows_a_run(page):
    """During a run "The network's sum" and "Difference" are redrawn with the neuron's
    diagram, so they say what the diagram's output says (they stayed at the run's
    first numbers before), and the "untrained" note goes once the network trains."""
    untrained = f"{Perceptron.from_seed(42).predict(0.3, 0.4):.4f}"
    adder = page.locator(h.ADDER)
    assert "untrained" in adder.inner_text()
    h.choose_speed(page, "Slow")  # 100 epochs a second: 100 s for the 10,000
    h.button(page, "Train").click()
    h.wait_epoch_beyond(page, 300)
    agreed = None
    for _ in range(50):  # the diagram and the sum come in two messages, one after the other
        label = page.locator(DIAGRAM).get_attribute("aria-label")
        shown = h.metrics(page, h.ADDER)
        output = label.rsplit("it answers ", 1)[1].rstrip(".")
        if shown["The network's sum"] == output:
            agreed = shown
            break
        page.wait_for_timeout(100)
    assert agreed is not None, f"the sum {shown} never matched the diagram: {label}"
    assert agreed["The network's sum"] != untrained
    guess = float(agreed["The network's sum"])
    assert agreed["Difference"] == f"{guess - 0.7:+.4f}"
    assert agreed["After 10,000 epochs"] == "Training now"
    assert "untrained" not in adder.inner_text()
    h.click_and_settle(page, "Pause")
