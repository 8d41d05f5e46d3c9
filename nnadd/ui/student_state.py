"""A student's phone on the class poll: its anonymous id, what its last Send did,
which polls it has joined and how often it saw the teacher clear the answers.

It lives in a mapping of its own inside the session's (STUDENT_KEYS); the page's
widgets (the guess, the typed code, Send) are the session's top-level keys. No name is
ever asked or kept. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from nnadd.poll_rules import new_student

STUDENT_KEYS = {
    "id": "the page's anonymous id for the class poll (random, no name)",
    "said": "(code, kind, words): what the last Send did, or None",
    "joined": "the poll codes this page has joined (recorded once each)",
    "cleared": "{code: how often the teacher had cleared that poll's answers when this "
    "page last drew it}",
}


class StudentState:
    """`own` holds STUDENT_KEYS; `widgets` the page's widgets' values."""

    def __init__(self, own: MutableMapping[str, Any], widgets: MutableMapping[str, Any]):
        self._own, self._widgets = own, widgets

    def __repr__(self) -> str:
        return f"StudentState({len(self._own.get('joined', ()))} polls joined)"

    @property
    def id(self) -> str:
        """This page's anonymous id: random, kept for the session."""
        return self._own.setdefault("id", new_student())

    def said(self, code: str) -> tuple[str, str] | None:
        said = self._own.get("said")
        return (said[1], said[2]) if said and said[0] == code else None

    def say(self, code: str, kind: str, words: str) -> None:
        self._own["said"] = (code, kind, words)

    @property
    def sending(self) -> bool:
        """Whether this run comes from Send (read before the button is drawn: a page
        drawn before the reveal may press it after)."""
        return bool(self._widgets.get("poll_send", False))

    def has_joined(self, code: str) -> bool:
        return code in self._own.get("joined", ())

    def joined(self, code: str) -> None:
        self._own["joined"] = {*self._own.get("joined", ()), code}

    def saw_clear(self, code: str, cleared: int) -> bool:
        """Whether the teacher has cleared this poll's answers since this page last
        drew it (never on its first drawing); remembers `cleared`."""
        seen = self._own.get("cleared", {})
        before = seen.get(code, cleared)
        self._own["cleared"] = {**seen, code: cleared}
        return cleared != before
