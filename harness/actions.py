"""Doing what a student does on the page: click, type, choose, and wait for the
script run that each starts to end."""

from __future__ import annotations

import time

from playwright.sync_api import Page

from harness.page import button, runs_finished, wait_idle, wait_runs_finished


def click_and_settle(page: Page, name: str, timeout: float = 30_000) -> None:
    """Click a button and wait for the script run it starts to end."""
    before = runs_finished(page)
    button(page, name).click()
    wait_runs_finished(page, before, timeout)


def set_number(page: Page, label: str, value: str, timeout: float = 30_000) -> None:
    """Type into a number input and press Enter, as a student does, then wait for the
    run that commits it. `value` must differ from what the input holds, or Streamlit
    has nothing to rerun for."""
    field_ = page.get_by_role("spinbutton", name=label, exact=True)
    before = runs_finished(page)
    field_.fill(value, timeout=timeout)
    field_.press("Enter", timeout=timeout)
    wait_runs_finished(page, before, timeout)


def choose_speed(page: Page, speed: str, timeout: float = 30_000) -> None:
    before = runs_finished(page)
    page.locator("[data-testid='stSidebar'] [role='radiogroup'] label").filter(
        has_text=speed
    ).first.click(timeout=timeout)  # twenty pages loading at once can keep it moving
    wait_runs_finished(page, before, timeout)


def click_together(pages: list[Page], name: str, lead_ms: int = 1500) -> list[float]:
    """Have every page click the button `name` at one moment, `lead_ms` from now,
    each by a timer in the page itself: one sync Playwright clicks pages one after
    another, and under load that spread many seconds. Returns each page's click time
    (ms since the epoch) so that the spread can be reported."""
    at = time.time() * 1000 + lead_ms
    for page in pages:
        button(page, name).wait_for()
        page.evaluate(
            """([name, at]) => {
              // the label, without the shortcut's key that a button may show beside it
              const label = b => (b.querySelector("p") || b).innerText.trim();
              const target = [...document.querySelectorAll("button")]
                .find(b => label(b) === name);
              window.__nnadd.clickedAt = null;
              setTimeout(() => { window.__nnadd.clickedAt = Date.now(); target.click(); },
                         Math.max(0, at - Date.now()));
            }""",
            [name, at],
        )
    for page in pages:
        page.wait_for_function("() => window.__nnadd.clickedAt !== null", polling=50)
    return [page.evaluate("() => window.__nnadd.clickedAt") for page in pages]


MAPS = "Show the error map and the loss landscape"


def open_maps(page: Page, timeout: float = 60_000) -> None:
    """Open the Playground's maps (drawn only while open) and wait for both charts."""
    page.locator("summary", has_text=MAPS).click()
    for key in ("error-map", "landscape-chart"):
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=timeout)
    wait_idle(page, timeout)
