"""Issue 24: the Playground's first screen at a projector's 1280x720, and its first
load. "Add two numbers" is on the first screen, and nothing the page has drawn moves
while the rest of it loads (Streamlit draws a placeholder bar for an element whose
script has not loaded yet: the reconnect watcher's pushed the whole page down, then
let it jump back up). Positions are the browser's own (getBoundingClientRect)."""

from __future__ import annotations

import json

import pytest

import harness as h

pytestmark = pytest.mark.e2e

WATCHED = {"title": ".st-key-title h1", "Train": ".st-key-train button"}

# Kept from the page's first script on: where each watched element was first drawn.
FIRST_SEEN = """(watched) => {
  const first = window.__firstSeen = {};
  const look = () => {
    for (const [name, selector] of Object.entries(watched)) {
      const e = document.querySelector(selector);
      if (e && !(name in first) && e.getBoundingClientRect().height > 0)
        first[name] = Math.round(e.getBoundingClientRect().top);
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true});
}"""


def test_add_two_numbers_is_on_the_first_screen_at_1280x720(projector, server, measured):
    page = projector.page
    h.load(page, server.url)
    h.wait_laid_out(page)
    heading = page.locator(h.ADDER).get_by_text("Add two numbers").bounding_box()
    sum_box = page.locator(f"{h.ADDER} [data-testid='stNumberInput']").first.bounding_box()
    measured("1280x720: 'Add two numbers'", f"heading at y {heading['y']:.0f}")
    assert heading["y"] + heading["height"] <= 720, heading
    assert sum_box["y"] + sum_box["height"] <= 720, "its first number can be typed at once"


def test_nothing_drawn_moves_while_the_page_loads(projector, server, measured):
    page = projector.page
    page.context.add_init_script(
        f"document.addEventListener('DOMContentLoaded', () => ({FIRST_SEEN})"
        f"({json.dumps(WATCHED)}))"
    )
    h.load(page, server.url)
    h.wait_laid_out(page)
    first = page.evaluate("window.__firstSeen")
    settled = {
        name: round(page.locator(selector).first.bounding_box()["y"])
        for name, selector in WATCHED.items()
    }
    measured("first load: first drawn at y, then settled at y", f"{first}, {settled}")
    assert first == settled
