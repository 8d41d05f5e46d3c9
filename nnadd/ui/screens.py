"""Every page on every screen: phones, tablets, a phone held sideways, a desk, a
projector, and the keyboard's focus. Streamlit tells the server nothing of the screen
(st.context has no size), so the page adapts in the browser, with CSS media queries on
its width and height.

On a phone or a tablet, Train, Pause and Step, the epoch and the score are on the first
screen, and the whole live chart too: on a phone the chart takes the height left (its
script, nnadd/ui/live_chart.js, draws at the height this style gives it). Everything
keeps its place in the page's order, with one exception: below 1024 px the neuron
(between the numbers and the chart on a wider screen) is drawn after the chart.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from nnadd.ui.streamlit_internals import style_tag

# The rules, with their reasons: nnadd/ui/screens.css, read once.
STYLE = style_tag(Path(__file__).with_name("screens.css"))


def style() -> None:
    """Every page's focus rings and sizes for small screens (an invisible element)."""
    st.html(STYLE)
