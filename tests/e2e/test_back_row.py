"""What the back row of a classroom sees of the lesson at 1280x720, in both themes:
the key numbers at 40 px and bold; every text of the charts and the neuron's diagram at
20 px or more in the theme's text colour; powers of ten on a log axis as 10⁻⁵; step 4's
run with no "Running..." and no Stop of Streamlit's, and Run again once it has ended.

Screenshots: tests/artifacts/back-row-{light,dark}-step-N.png."""

import pytest

import harness as h
from tests.helpers import (
    LESSON,
    chart_text,
    fits,
    key_numbers,
    text_colour,
    wait_step,
)

pytestmark = pytest.mark.e2e

WHITE, BLACK = "rgb(255, 255, 255)", "rgb(0, 0, 0)"  # text on its own box (a node, ×2)
# the lesson's key numbers, by step: {label: what it shows} (as tests/e2e/test_lesson.py
# checks them against the trainer)
KEY = {
    1: {"The true sum": "0.7000", "Right on the 25 test pairs": "5/25"},
    5: {"Right on the 25 test pairs": "21/25"},
    6: {"Sigmoid": "21/25 correct", "Linear": "25/25 correct"},
}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_back_row_reads_every_number_and_every_chart(projector, server, theme):
    page = projector.page
    page.emulate_media(color_scheme=theme)
    for step in (1, 4, 5, 6):
        page.goto(server.url + f"lesson?step={step}")
        wait_step(page, step)
        if step == 1:  # its answer and score show once revealed
            h.click_and_settle(page, "Reveal")
            h.wait_laid_out(page)
        fits(page, f"step {step}")
        shown = h.metrics(page, LESSON)
        for label, value in KEY.get(step, {}).items():
            assert shown[label] == value
            size, weight = key_numbers(page)[label]
            assert size >= 40 and weight >= 700, (step, label, size, weight)
        ink = text_colour(page)
        texts = chart_text(page)
        assert texts, f"step {step} draws no chart text"
        small = [t for t in texts if t[1] < 20]
        assert not small, f"step {step}: chart text under 20 px: {small[:5]}"
        # the theme's text colour, or white or black on a box of its own: no grey
        other = [t for t in texts if t[2] not in (ink, WHITE, BLACK)]
        assert not other, f"step {step}: chart text not in the text colour {ink}: {other[:5]}"
        if step == 4:  # the panels, in pixels (main's were about 90 and 70 px tall)
            chart = page.locator(f"{LESSON} .nnadd-live-chart")
            weights, errors = chart.evaluate(
                "gd => [gd._fullLayout.yaxis._length, gd._fullLayout.yaxis2._length]"
            )
            assert weights >= 115 and errors >= 80, (weights, errors)
        if step == 6:  # the linear neuron's error, down to 1e-31, on a log axis
            ticks = [t for t, *_ in texts if "10⁻" in t]
            assert len(ticks) >= 3, texts
            assert not [t for t, *_ in texts if "e-" in t or "e−" in t]
        h.screenshot(page, f"back-row-{theme}-step-{step}", whole_page=False)


def test_step_4_hides_streamlits_running_sign_and_runs_again(projector, server):
    page = projector.page
    page.goto(server.url + "lesson?step=4&epochs=3000")
    wait_step(page, 4)
    page.keyboard.press("t")
    status = page.locator("[data-testid='stStatusWidget']")
    status.wait_for(state="attached", timeout=10_000)  # Streamlit's "Running..." and Stop
    h.wait_epoch_beyond(page, 200)
    assert status.count() == 1 and not status.is_visible()
    h.wait_metric(page, "Epoch", "3,000", h.LIVE, timeout=60_000)
    h.wait_idle(page)
    again = h.button(page, "Run again")
    again.wait_for()
    again.click()
    # from the start again (its first 1,500 epochs take 6 seconds)...
    seen = [h.epoch(page)]
    for _ in range(100):
        if seen[-1] < 3000:
            break
        page.wait_for_timeout(100)
        seen.append(h.epoch(page))
    assert seen[-1] < 3000, "Run again did not start from the beginning"
    h.wait_metric(page, "Epoch", "3,000", h.LIVE, timeout=60_000)  # ...to the end
    assert h.button(page, "Run again").is_visible()
