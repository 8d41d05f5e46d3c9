"""The live chart's script in a real browser (nnadd/ui/live_chart.js): a watched run
keeps one chart that grows, and the script follows the same rules as the plain
stand-in of tests/test_live_chart.py, message by message, lost messages included."""

from __future__ import annotations

import pytest

import harness as h
from nnadd.ui import live_chart
from tests.helpers import PlainBrowser, watched_run

pytestmark = pytest.mark.e2e

# Runs the chart's script on messages made in Python, in a fresh element of the page
# (the page has loaded Streamlit's Plotly), and reads the four lines after each.
APPLY = """
async ([code, messages]) => {
  const url = URL.createObjectURL(new Blob([code], {type: "text/javascript"}));
  const chart = await import(url);
  const host = document.createElement("div");
  host.style.width = "700px";
  document.body.appendChild(host);
  const seen = [];
  for (const message of messages) {
    await chart.default({data: message, parentElement: host});
    const gd = host.querySelector(".nnadd-live-chart");
    seen.push({
      lines: gd.data.slice(0, 4).map(t => Array.from(t.x).map((x, i) => [x, t.y[i]])),
      error: gd.dataset.error || null,
      label: gd.getAttribute("aria-label"),
      role: gd.getAttribute("role"),
      ticks: JSON.stringify(gd.layout.yaxis2.ticktext),
    });
  }
  host.remove();
  return seen;
}
"""


def close(lines, expected) -> bool:
    """Same epochs, and values equal to float32 (the figure's) or 7 digits (extends)."""
    if len(lines) != len(expected):
        return False
    for line, want in zip(lines, expected, strict=True):
        if [x for x, _ in line] != [x for x, _ in want]:
            return False
        for (_, y), (_, w) in zip(line, want, strict=True):
            if y is None or w is None:
                if y != w:
                    return False
            elif abs(y - w) > 1e-6 * max(1.0, abs(w)):
                return False
    return True


@pytest.mark.parametrize("drop", [0.0, 0.5])
def test_the_script_draws_each_message_as_the_plain_rule_does(page, drop):
    *_, kept = watched_run(seed=9, activation="linear", drop=drop)
    plain = PlainBrowser()
    seen = page.evaluate(APPLY, [live_chart._CODE, kept])
    assert len(seen) == len(kept)
    for i, (message, drawn) in enumerate(zip(kept, seen, strict=True)):
        plain.take(message)
        assert drawn["error"] is None, drawn["error"]
        assert close(drawn["lines"], plain.lines), f"message {i} ({message['kind']})"
        assert drawn["role"] == "figure" and drawn["label"] == message["alt"]
    # a linear neuron's error falls through decades: the axis's ticks followed it
    assert seen[-1]["ticks"] != seen[0]["ticks"]


def test_an_extend_of_other_lines_waits_and_one_seen_twice_adds_nothing(page):
    _, messages, _ = watched_run(seed=4)
    first = next(i for i, m in enumerate(messages) if m["kind"] == "extend") - 1
    whole, extend = messages[first], messages[first + 1]
    stranger = dict(extend, basis="other")
    again = dict(extend, seq=extend["seq"] + 1)
    seen = page.evaluate(APPLY, [live_chart._CODE, [whole, stranger, extend, again]])
    assert seen[1]["lines"] == seen[0]["lines"]  # other lines: not drawn
    assert len(seen[2]["lines"][0]) > len(seen[0]["lines"][0])  # its own: drawn
    assert seen[3]["lines"] == seen[2]["lines"]  # the same points again: nothing new


def test_a_watched_run_grows_one_chart_and_ends_on_the_clis_weights(page, measured):
    reference = h.cli_reference(42)
    page.locator(f"{h.LIVE_CHART}[data-drawn]").wait_for()  # the page's own first drawing
    divs_before, _ = h.charts_kept_alive(page)
    clicked_at = page.evaluate("performance.now()")
    h.button(page, "Train").click()  # Watch: about 10 s
    h.wait_trained(page, reference)
    during = [(t, n) for t, n in h.redraws(page) if t > clicked_at]
    divs, detached = h.charts_kept_alive(page)
    measured(
        "Watch run, 10,000 epochs: live chart",
        f"{len(during)} figures drawn ({h.redraws_per_second([t for t, _ in during]):.1f} a "
        f"second) in {divs} graph div(s)",
    )
    assert divs == divs_before == 1 and detached == 0  # never remounted
    assert len(during) >= 20
    counts = [n for _, n in during]
    assert max(counts) > counts[0]  # the lines grew as the run went
    chart = page.locator(h.LIVE_CHART)
    last = chart.evaluate("gd => gd.data.slice(0, 3).map(t => t.y[t.y.length - 1])")
    want = (*reference["weights"], reference["bias"])
    assert last == [pytest.approx(w, rel=1e-6) for w in want]
    assert chart.get_attribute("aria-label").startswith("After 10,000 epochs: w1 4.98")
