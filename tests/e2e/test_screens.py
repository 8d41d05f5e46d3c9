"""Issue 11: every student's screen.

- On a phone (390x844), a tablet (768x1024) and a phone held sideways (844x390): on
  first load, Train, Pause and Step and the Epoch and Test pairs numbers are on the
  first screen, and they stay there while a run is watched and after it, with the page
  never scrolled; so is the whole live chart (on a phone, at the height the page's
  style leaves it: nnadd/ui/screens.py).
- At 320 px wide nothing scrolls sideways (WCAG 1.4.10, Reflow), on the Playground and
  on the lesson.
- On a phone, every control a student can touch is at least 44 by 44 CSS pixels.

Boxes are measured by the browser (getBoundingClientRect), never assumed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import harness as h

pytestmark = pytest.mark.e2e

SCREENS = {"phone": (390, 844), "tablet": (768, 1024), "phone sideways": (844, 390)}
RUN = "speed=Watch&epochs=3000"  # a watched run of about 3 s

CONTROLS = {
    "Train": lambda page: h.button(page, "Train"),
    "Pause": lambda page: h.button(page, "Pause"),
    # a phone held sideways names it "One epoch" only, to keep the buttons on one line
    "One epoch": lambda page: page.get_by_role("button", name=re.compile(r"^One epoch\b")),
    "Epoch": lambda page: metric_box(page, "Epoch"),
    "Test pairs": lambda page: metric_box(page, "Test pairs"),
}
CHART = {"live chart": lambda page: page.locator(h.LIVE_CHART)}


def metric_box(page, label: str):
    return page.locator(f"{h.LIVE} [data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    )


def off_the_first_screen(page, width: int, height: int, wanted: dict) -> list[str]:
    """What of `wanted` is not wholly inside the viewport, with its box."""
    outside = []
    for name, find in wanted.items():
        try:
            find(page).first.wait_for(state="visible", timeout=5_000)  # until it is drawn
            box = find(page).first.bounding_box()
        except PlaywrightTimeout:
            box = None
        if box is None:
            outside.append(f"{name}: not drawn")
            continue
        right, bottom = box["x"] + box["width"], box["y"] + box["height"]
        if box["x"] < 0 or box["y"] < 0 or right > width or bottom > height:
            outside.append(f"{name}: x {box['x']:.0f}-{right:.0f}, y {box['y']:.0f}-{bottom:.0f}")
    return outside


def scrolled(page) -> tuple[int, int]:
    """How far the page has scrolled: the window's, or Streamlit's own scroller's."""
    return page.evaluate(
        """() => { const main = document.querySelector('[data-testid="stMain"]');
          return [Math.max(window.scrollX, main ? main.scrollLeft : 0),
                  Math.max(window.scrollY, main ? main.scrollTop : 0)]; }"""
    )


def watch_a_run(browser, server, screen: str, wanted: dict, measured) -> None:
    """Open the page at `screen`'s size, check that `wanted` is on the first screen on
    load, while a run is watched and after it, and that nothing scrolled."""
    width, height = SCREENS[screen]
    visit = h.open_visit(browser, server.url, viewport={"width": width, "height": height})
    page = visit.page
    try:
        h.load(page, f"{server.url}?{RUN}")
        on_load = off_the_first_screen(page, width, height, wanted)
        chart = page.locator(h.LIVE_CHART).first.bounding_box()
        measured(
            f"first screen, {screen} {width}x{height}",
            f"chart {chart['width']:.0f}x{chart['height']:.0f} px at y {chart['y']:.0f}",
        )
        assert on_load == [], "on first load"
        h.button(page, "Train").click()
        h.wait_epoch_beyond(page, 500, timeout=60_000)
        during = off_the_first_screen(page, width, height, wanted)
        h.wait_metric(page, "Epoch", "3,000", timeout=60_000)
        h.wait_idle(page)
        assert during == [], "while the run is watched"
        assert off_the_first_screen(page, width, height, wanted) == [], "after the run"
        assert scrolled(page) == [0, 0]
    finally:
        visit.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_train_pause_step_and_the_numbers_are_on_the_first_screen(
    browser, server, screen, measured
):
    watch_a_run(browser, server, screen, CONTROLS, measured)


@pytest.mark.parametrize(
    "screen",
    [
        "phone",
        "tablet",
        "phone sideways",
    ],
)
def test_the_whole_live_chart_is_on_the_first_screen(browser, server, screen, measured):
    watch_a_run(browser, server, screen, CHART, measured)


@pytest.mark.parametrize("path", ["", "lesson?step=4", "lesson?step=5"])
def test_nothing_scrolls_sideways_at_320_px(browser, server, path):
    visit = h.open_visit(browser, server.url, viewport={"width": 320, "height": 640})
    page = visit.page
    try:
        page.goto(f"{server.url}{path}")
        h.wait_idle(page, timeout=60_000)
        h.wait_laid_out(page, timeout=60_000)  # the charts measure their columns
        widths = page.evaluate(
            """() => [document.documentElement.scrollWidth,
                      document.querySelector('[data-testid="stMain"]').scrollWidth,
                      document.querySelector('[data-testid="stMainBlockContainer"]').scrollWidth]"""
        )
        assert max(widths) <= 320, widths
    finally:
        visit.close()


# What a finger touches: buttons (the page's, the header's, the help icons, a table's
# tools), the inputs of numbers and choices, a radio's or a checkbox's label, an
# expander's title, the navigation's links.
TARGETS = """(roots) => roots.flatMap(root => [...document.querySelectorAll(
    root + ' button, ' + root + ' input:not([type=checkbox]):not([type=radio]), ' +
    root + ' summary, ' + root + ' label[data-testid=stRadioOption], ' +
    root + ' [data-testid=stCheckbox] label, ' + root + ' a[href]')])
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
      && r.right > 0 && r.left < window.innerWidth
      && !(e.parentElement && e.parentElement.style.clip); })  // a visually hidden input
  .map(e => { const r = e.getBoundingClientRect();
    return [(e.getAttribute('aria-label') || e.innerText || e.tagName).slice(0, 40).trim(),
            Math.round(r.width), Math.round(r.height)]; })"""


@pytest.mark.parametrize("screen", ["phone", "phone sideways"])
def test_every_control_on_a_phone_is_a_44_px_target(browser, server, screen):
    width, height = SCREENS[screen]
    visit = h.open_visit(browser, server.url, viewport={"width": width, "height": height})
    page = visit.page
    try:
        h.load(page, f"{server.url}?speed=Fast&epochs=200")
        h.click_and_settle(page, "Train")  # the replay slider, the tables and maps drawn
        roots = ["[data-testid=stMain]", "[data-testid=stHeader]"]
        if screen == "phone sideways":
            roots.append("[data-testid=stSidebar]")  # open beside the page
        targets = page.evaluate(TARGETS, roots)
        small = [t for t in targets if t[1] < 44 or t[2] < 44]
        assert len(targets) >= 20, targets  # the page's controls were found
        assert small == []
    finally:
        visit.close()
