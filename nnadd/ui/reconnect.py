"""A student whose server went away: say so.

When a replica stops (nnadd's class runs on several, behind HAProxy), its students'
pages reconnect on their own, to another replica, where each gets a fresh session:
the link's settings are kept, the network in training is not. The page itself cannot
tell that from a first visit, but the browser can: the page's scripts live on through
a reconnect, and a reload or a new visit starts them afresh. So a tiny element keeps
the session it was first drawn for, and when it is drawn for another one without a
reload, it tells the server, which says what happened.
"""

from __future__ import annotations

import streamlit as st

from nnadd.i18n import N_, _
from nnadd.ui.session import Session
from nnadd.ui.streamlit_internals import out_of_flow, session_id

# `known` outlives a reconnect (the same page, the same module) but not a reload.
_JS = """let known;
export default function ({ data, setTriggerValue }) {
  if (!data) return;
  if (known && known !== data.session) setTriggerValue("moved", known);
  known = data.session;
}"""

_WATCH = st.components.v2.component("nnadd_session_watch", js=_JS)

MOVED = N_(
    "The server that was training your network stopped, and this page has moved to "
    "another one. Your settings are kept (they are in the link), but the network was "
    "lost and starts again from its seed: press Train to train it again."
)


def watch(session: Session) -> None:
    """Draw the watcher (hidden by nnadd/ui/screens.py), and say MOVED when it reports
    that this page's earlier session is gone."""
    this_session = session_id()
    if this_session is None:
        return
    # out of the page's flow: while its script loads, Streamlit draws a placeholder
    # bar in its place, which pushed the whole page down for that moment
    with out_of_flow():
        seen = _WATCH(data={"session": this_session}, key="session_watch", on_moved_change=_noop)
    if seen.moved:
        session.playground().run.say("error", _(MOVED))  # the notice under Train, as before


def _noop() -> None:
    """The trigger needs a callback to be reported; the script reads it instead."""
