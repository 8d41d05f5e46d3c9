"""nnadd: one neuron learns to add two numbers, live.

The table of contents of the site: the Playground at / (app_pages/playground.py) and
the Lesson at /lesson (app_pages/lesson.py). Here is only what both pages share: the
page's set-up, the link's settings read on the first visit to either, and the
navigation between them.
"""

import streamlit as st

from nnadd.ui import screens
from nnadd.ui.session import Session

# The sidebar is "auto" on every run, and the lesson collapses it: so coming back from
# the lesson opens the Playground's settings again.
st.set_page_config(
    page_title="nnadd: a neuron learns to add", page_icon="➕", layout="wide",
    initial_sidebar_state="auto",
)  # fmt: skip
screens.style()  # focus rings, and sizes for phones and tablets
Session().first_visit(st.query_params.to_dict())
pages = [
    st.Page("app_pages/playground.py", title="Playground", default=True),
    st.Page("app_pages/lesson.py", title="Lesson", url_path="lesson"),
]
st.navigation(pages, position="top").run()
