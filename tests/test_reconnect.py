"""A page moved to another replica is told what it lost (nnadd/ui/reconnect.py); the
browser's side, a real replica killed under a class, is tests/e2e/test_serve_class.py."""

from types import SimpleNamespace

from nnadd.ui import reconnect
from nnadd.ui.session import Session


def test_a_moved_page_says_so_under_the_playgrounds_buttons(monkeypatch):
    session = Session({})
    monkeypatch.setattr(reconnect, "session_id", lambda: "the new session")
    seen = []
    monkeypatch.setattr(
        reconnect, "_WATCH", lambda **kw: seen.append(kw) or SimpleNamespace(moved="the old one")
    )
    reconnect.watch(session)
    assert seen[0]["data"] == {"session": "the new session"}
    assert session.playground().run.notice == ("error", reconnect.MOVED)


def test_a_first_visit_says_nothing(monkeypatch):
    session = Session({})
    monkeypatch.setattr(reconnect, "session_id", lambda: "a session")
    monkeypatch.setattr(reconnect, "_WATCH", lambda **kw: SimpleNamespace(moved=None))
    reconnect.watch(session)
    assert session.playground().run.notice is None


def test_outside_a_script_run_nothing_is_drawn(monkeypatch):
    monkeypatch.setattr(reconnect, "session_id", lambda: None)
    monkeypatch.setattr(reconnect, "_WATCH", lambda **kw: 1 / 0)  # must not be called
    reconnect.watch(Session({}))
