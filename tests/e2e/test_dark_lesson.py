"""A lesson in the dark theme: the parts of the page beyond the live chart (one update
worked out, the error maps, sigmoid against linear, a kept run) drawn in a real
Chromium whose system asks for dark, and a screenshot of it all for a person to look
at (tests/artifacts/dark-end.png)."""

import re

import pytest

import harness as h
from nnadd.perceptron import Perceptron

pytestmark = pytest.mark.e2e

WORKED = ".st-key-worked-update"
COMPARE = ".st-key-compare"


def luminance(css_colour: str) -> float:
    """0 (black) to 1 (white), from a computed "rgb(r, g, b)"."""
    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def chart_count(page, scope: str) -> int:
    return page.locator(f"{scope} [data-testid='stPlotlyChart']").count()


def test_a_lesson_in_the_dark_theme(visit, server):
    page = visit.page
    page.emulate_media(color_scheme="dark")  # Streamlit follows the system's theme
    h.load(page, server.url)
    background = page.evaluate(
        "getComputedStyle(document.querySelector(\"[data-testid='stApp']\")).backgroundColor"
    )
    assert luminance(background) < 0.2, f"the page is not dark: {background}"

    # One update, worked out: the first pair of the article's data, from seed 42's start.
    h.click_and_settle(page, "One pair")
    caption = page.locator(WORKED).inner_text()
    assert "Epoch 1, training pair 1 of 28" in caption, caption
    assert page.locator(f"{WORKED} .katex").count() > 0, "the arithmetic was not typeset"
    w1 = Perceptron.from_seed(42).w1
    assert f"{w1:.4f}"[:5] in caption, f"the panel does not show w1 = {w1}"

    # The article's run on Fast, kept, then both activations side by side.
    h.choose_speed(page, "Fast")
    h.button(page, "Train").click()
    h.wait_trained(page, h.cli_reference(42))
    h.click_and_settle(page, "Keep this run")
    h.click_and_settle(page, "Train both", timeout=60_000)
    scores = h.metrics(page, COMPARE)
    assert scores == {"sigmoid: 21/25 correct": "21/25 correct",
                      "linear: 25/25 correct": "25/25 correct"}, scores  # fmt: skip
    assert chart_count(page, COMPARE) == 1
    h.open_maps(page)
    assert (
        chart_count(page, ".st-key-error-map") == chart_count(page, ".st-key-landscape-chart") == 1
    )
    h.screenshot(page, "dark-end")
