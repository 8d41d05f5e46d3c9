"""How it works: each control tied to the article's words."""

from __future__ import annotations

import streamlit as st

from nnadd.wording import HOW_IT_WORKS


def show() -> None:
    with st.expander("How it works"):
        st.markdown(HOW_IT_WORKS)
