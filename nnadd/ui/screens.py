"""Every page on every screen: phones, tablets, a phone held sideways, a desk, a
projector, and the keyboard's focus. Streamlit tells the server nothing of the screen
(st.context has no size), so the page adapts in the browser, with CSS media queries on
its width and height.

On a phone or a tablet, Train, Pause and Step, the epoch and the score are on the first
screen, and the whole live chart too: on a phone the chart takes the height left (its
script, nnadd/ui/live_chart.js, draws at the height this style gives it). Everything
keeps its place in the page's order: only sizes and wrapping change, so the keyboard
and a screen reader meet things in the same order.
"""

from __future__ import annotations

import streamlit as st

# Measured in headless Chromium at the viewports of tests/e2e/test_screens.py.
STYLE = """<style>
/* Every screen: whatever the keyboard reaches shows where it is, in both themes (the
   accent has at least 3:1 against the light and the dark background). */
[data-testid="stMain"]:focus-visible, a:focus-visible, [role="tab"]:focus-visible,
summary:focus-visible,
[data-testid="stNumberInputContainer"]:focus-within,
[data-testid="stTextInputRootElement"]:focus-within, [data-baseweb="textarea"]:focus-within,
[data-testid="stSelectbox"] div:has(> input:focus-visible),
[data-testid="data-grid-canvas"]:focus-visible {
  outline: 2px solid #c2410c !important; outline-offset: 2px; }
[data-testid="stMain"]:focus-visible, [data-testid="data-grid-canvas"]:focus-visible {
  outline-offset: -2px; }

/* The reconnect watcher (nnadd/ui/reconnect.py) draws nothing and takes no room. */
.st-key-session_watch { display: none; }

/* Every screen: a button is at least 44 CSS pixels tall, a finger's width. */
.stButton button, .stDownloadButton button, .stFormSubmitButton button,
.stPopover button { min-height: 44px; }

/* A touch screen, or any screen a phone or a small tablet has: every control is a
   target of at least 44 by 44 CSS pixels. Small icons (help, the header's buttons, a
   table's tools) keep their look and get the room around them as their target; the
   chart's hover tools and the headings' link icons, which need a mouse, are not shown. */
@media (pointer: coarse), (max-width: 640px), (max-height: 500px) {
  [data-testid="stTooltipHoverTarget"] > button[aria-label^="Help"],
  [data-testid="stHeader"] button,
  [data-testid="stSidebarCollapseButton"] button, [data-testid="stElementToolbar"] button {
    min-width: 44px; min-height: 44px; }
  [data-testid="stTooltipHoverTarget"] > button[aria-label^="Help"] {
    padding: 13.5px; margin: -13.5px; }
  [data-testid="stNumberInputContainer"], [data-testid="stNumberInputContainer"] input,
  [data-testid="stNumberInputContainer"] button, [data-baseweb="select"] > div,
  [data-testid="stTextInputRootElement"], details > summary,
  label[data-testid="stRadioOption"], [data-testid="stCheckbox"] label,
  [data-testid="stSidebarNav"] a, [data-testid="stTopNavLink"], header nav a,
  [data-testid="stFileUploaderDropzone"] button { min-height: 44px !important; }
  [data-testid="stSelectbox"] [data-baseweb="select"] > div,
  [data-testid="stSelectbox"] input { min-height: 44px !important; }
  [data-testid="stNumberInputContainer"] button, [data-testid="stSelectbox"] button {
    min-width: 44px !important; min-height: 44px !important; }
  label[data-testid="stRadioOption"], [data-testid="stCheckbox"] label {
    align-items: center; }
  [data-testid="stHeaderActionElements"], .modebar-container { display: none; }
}

/* A number that does not fit its column wraps rather than being cut short. */
@media (max-width: 640px), (max-height: 500px) {
  .st-key-live [data-testid="stMetricValue"] * { white-space: normal; overflow: visible; }
}

/* A phone upright, and anything narrower than Streamlit's 640 px column break. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 4.25rem 1rem 2rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.8rem; padding: 0 0 0.25rem; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
  /* The five buttons wrap as words do: Train, Pause, Step; then the other two. */
  .st-key-buttons [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.5rem; }
  .st-key-buttons [data-testid="stColumn"] { flex: 1 1 auto; min-width: 28%; width: auto; }
  .st-key-buttons [data-testid="stColumn"]:empty { display: none; }
  /* The six numbers in a grid of three, smaller. */
  .st-key-live [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.2rem 0.5rem; }
  .st-key-live [data-testid="stColumn"] { flex: 1 1 auto; min-width: 28%; width: auto; }
  .st-key-live [data-testid="stMetricValue"] { font-size: 1.15rem; }
  .st-key-live [data-testid="stMetricLabel"] p { font-size: 0.85rem; }
  /* The live chart fills the rest of the first screen (100svh: the height with the
     address bar shown), 300 to 520 px; its script draws at this height. */
  .st-key-live_chart .nnadd-live-chart { --nnadd-fit: 1;
    height: clamp(300px, calc(100svh - 490px), 520px); }
}

/* A tablet: a little less room above the title, so that the whole live chart ends on
   the first screen (upright, 1024 px tall) even when a notice sits above it. */
@media (min-width: 641px) and (max-width: 1024px) and (min-height: 501px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }
}

/* A phone held sideways: little height, and Streamlit keeps the settings open beside
   the page. The title and the progress bar are still read by screen readers but not
   drawn (the Epoch number says the same), the buttons are one line, and the numbers
   sit in a narrow column beside the chart. */
@media (max-height: 500px) and (min-width: 641px) {
  [data-testid="stMainBlockContainer"] { padding: 3.9rem 1rem 2rem; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.3rem; }
  .st-key-title, .st-key-title *, .st-key-live [data-testid="stProgress"] {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
  .st-key-buttons [data-testid="stColumn"] { flex: 1 1 auto; min-width: 0; width: auto; }
  .st-key-buttons [data-testid="stColumn"]:empty { display: none; }
  /* the numbers in a narrow column of pairs, the chart beside them */
  .st-key-live { display: grid; grid-template-columns: 9.5rem minmax(0, 1fr);
    column-gap: 0.75rem; align-items: start; }
  .st-key-live > * { grid-column: 1 / -1; }
  .st-key-live > :first-child { grid-column: 1; grid-row: 1; }
  .st-key-live > :has(.st-key-live_chart) { grid-column: 2; grid-row: 1; }
  .st-key-live [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.3rem 0.4rem; }
  .st-key-live [data-testid="stColumn"] { flex: 1 1 40%; min-width: 0; width: auto; }
  .st-key-live [data-testid="stMetricValue"] { font-size: 1rem; }
  .st-key-live [data-testid="stMetricLabel"] p { font-size: 0.75rem; }
  .st-key-live_chart .nnadd-live-chart { --nnadd-fit: 1;
    height: max(220px, calc(100svh - 140px)); }
}
</style>"""


def style() -> None:
    """Every page's focus rings and sizes for small screens (an invisible element)."""
    st.html(STYLE)
