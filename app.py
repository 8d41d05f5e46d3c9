"""nnadd: one neuron learns to add two numbers, live.

The table of contents of the site: the Playground at / (app_pages/playground.py), the
Lesson at /lesson (app_pages/lesson.py), and the class poll's page for students'
phones at /answer?poll=CODE (app_pages/answer.py), which the menu does not list. Here
is only what the pages share: the page's set-up, the link's settings read on the
first visit to any, and the navigation between them.
"""

import streamlit as st

from nnadd import i18n
from nnadd.i18n import _
from nnadd.ui import language, language_picker, process, reconnect, screens
from nnadd.ui.session import Session

# The page's language for this script run: the link's ?lang=, else the browser's, else
# English (nnadd/ui/language.py). Every word and number below reads it.
speaking = language.choose(st.query_params.get("lang"), st.context.locale)
i18n.use(speaking.language)

student = "poll" in st.query_params  # a phone on the class poll: no sidebar, no menu
pages = [
    st.Page("app_pages/playground.py", title=_("Playground"), default=True),
    st.Page("app_pages/lesson.py", title=_("Lesson"), url_path="lesson"),
    st.Page("app_pages/answer.py", title=_("Class poll"), url_path="answer", visibility="hidden"),
]
# A student's poll link shows the poll alone: no menu to wander off into the Playground.
page = st.navigation(pages, position="hidden" if student else "top")
# The sidebar is "auto" on every run, and the lesson and the poll collapse it: so coming
# back from the lesson opens the Playground's settings again. Said before the sidebar's
# first element (the language picker), or the browser opens it on the lesson too.
st.set_page_config(
    page_title=_("nnadd: a neuron learns to add"), page_icon="➕", layout="wide",
    initial_sidebar_state="auto" if page is pages[0] else "collapsed",
)  # fmt: skip
screens.style()  # focus rings, and sizes for phones and tablets
process.bound_uploads_once()  # a session's uploads cannot pile up in the server's memory
session = Session()
session.first_visit(st.query_params.to_dict())
reconnect.watch(session)  # a page moved to another replica is told what it lost
if not student:
    language_picker.show(speaking.language, speaking.warning, st.sidebar)
try:
    page.run()
    if student:  # the language picker, under the poll
        language_picker.show(speaking.language, speaking.warning, st.container())
finally:
    # everything imported by now (Streamlit, Plotly, pandas) is left out of Python's
    # garbage collections from here on
    process.freeze_loaded_objects_once()
