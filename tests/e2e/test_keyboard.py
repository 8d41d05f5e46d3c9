"""Issue 11: the keyboard alone. A student who never touches the mouse loads the page,
trains with T, pauses with P, reaches Step with Tab and presses it, then opens the plain
tables and reads them; every control it lands on shows a focus ring, in the light and
the dark theme. The Tab presses to each control are counted and printed."""

from __future__ import annotations

import pytest

import harness as h

pytestmark = pytest.mark.e2e

MAX_TABS = 120  # a bound, so a control that Tab never reaches fails instead of hanging

# A ring is an outline or a shadow on the focused element, or on the box a widget draws
# around it (a select's input shows focus on its frame, five levels up at most).
FOCUS = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const ringed = n => { const s = getComputedStyle(n);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || s.boxShadow !== 'none'; };
  let ring = false;
  for (let n = e, i = 0; n && i < 6 && !ring; n = n.parentElement, i++) ring = ringed(n);
  const name = (e.getAttribute('aria-label') || e.innerText || '').trim();
  const what = `${e.tagName} ${e.getAttribute('data-testid') || e.className}`;
  return { label: name || what.slice(0, 60), ring }; }"""


def tab_to(page, name: str, rings: list[tuple[str, bool]]) -> int:
    """Press Tab until the focused element is named `name` (a button's label, with or
    without its shortcut); records every stop's focus ring; returns the presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            continue
        rings.append((focused["label"], focused["ring"]))
        lines = [line.strip() for line in focused["label"].split("\n") if line.strip()]
        if lines[:1] == [name] or lines[1:2] == [name]:  # a title after an icon's name
            return presses
    raise AssertionError(f"{MAX_TABS} Tab presses never reached {name!r}: {rings[-12:]}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_train_pause_step_and_read_the_table_by_keyboard_alone(browser, server, theme, measured):
    visit = h.open_visit(browser, server.url, viewport={"width": 1280, "height": 720})
    page = visit.page
    try:
        page.emulate_media(color_scheme=theme)
        h.load(page, f"{server.url}?speed=Watch&epochs=20000")
        page.locator("body").focus()

        page.keyboard.press("t")  # Train
        h.wait_epoch_beyond(page, 1_000, timeout=60_000)
        page.keyboard.press("p")  # Pause
        h.wait_idle(page, timeout=60_000)
        paused = h.epoch(page)
        assert 1_000 < paused < 20_000
        page.wait_for_timeout(1_500)  # "it stopped" is the claim: no event marks that
        assert h.epoch(page) == paused, "Pause stopped the run"

        rings: list[tuple[str, bool]] = []
        page.locator("body").focus()
        to_step = tab_to(page, "One epoch (28 pairs)", rings)
        before = h.runs_finished(page)
        page.keyboard.press("Enter")
        h.wait_runs_finished(page, before, timeout=30_000)
        assert h.epoch(page) == paused + 1, "One epoch trained one epoch"

        to_tables = tab_to(page, "Read the answers and the run as plain tables", rings)
        page.keyboard.press("Enter")
        tables = page.locator(".st-key-plain_tables table")
        tables.first.wait_for(timeout=30_000)
        assert tables.count() == 2
        cells = tables.first.locator("tbody tr").first.locator("td, th").all_inner_texts()
        # the article's first test pair; its prediction as the page's network gives it
        assert [c.strip() for c in cells][:2] == ["0.9 + 0.1", "1"], cells

        measured(
            f"keyboard, {theme} theme",
            f"T and P work; Step after {to_step} Tab presses, the plain tables after "
            f"{to_tables} more",
        )
        without_ring = [label for label, ring in rings if not ring]
        assert without_ring == [], f"every stop shows a focus ring: {without_ring}"
    finally:
        visit.close()
