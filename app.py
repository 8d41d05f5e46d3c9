"""nnadd: one neuron learns to add two numbers, live.

The table of contents of the site: the Playground at / (app_pages/playground.py).
Here is only what every page shares: the page's set-up, the link's settings read on
the first visit, and the navigation.
"""

import streamlit as st

from nnadd.ui.session import Session

st.set_page_config(
    page_title="nnadd: a neuron learns to add", page_icon="➕", layout="wide",
)  # fmt: skip
Session().first_visit(st.query_params.to_dict())
pages = [
    st.Page("app_pages/playground.py", title="Playground", default=True),
]
st.navigation(pages, position="top").run()
