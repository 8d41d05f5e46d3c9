"""What the class poll's store answers: its two errors, the views it returns, and the
sentences a page shows when the poll says no.
"""

from __future__ import annotations

from typing import NamedTuple

from nnadd import poll_rules as rules


class PollUnavailable(RuntimeError):
    """The database could not be reached or failed; nothing was stored."""


class PollRefused(ValueError):
    """The poll says no (unknown, expired, revealed, full, wrong token): the message
    is the page's sentence."""


class Opened(NamedTuple):
    code: str
    token: str  # the teacher's secret: keep it in the session, never show it


class PollView(NamedTuple):
    """What anyone with the code may read: never the other students' answers."""

    code: str
    kind: str
    question: str
    revealed: bool
    truth: float | None  # None until the reveal
    cleared: int = 0  # how many times the teacher cleared the answers


class Counts(NamedTuple):
    """The teacher's live numbers: pages that opened the poll, and answers."""

    joined: int
    answered: int


UNKNOWN = (
    "There is no class poll with the code {code}: check it on the teacher's screen. "
    "A poll lasts 24 hours."
)
LATE = "The teacher has revealed the answer, so this poll takes no more guesses."
FULL = f"This poll is full: it takes at most {rules.MAX_ANSWERS:,} answers."
BUSY = (
    "Too many phones from your network joined this poll in the last few minutes. "
    "Wait a few minutes, then press Send again."
)
TOO_MANY_POLLS = (
    f"This server has too many open class polls ({rules.MAX_OPEN_POLLS:,}), so no new "
    "one can open. Polls close after 24 hours: try again later."
)
TOO_MANY_FROM_HERE = (
    f"Your network has {rules.MOST_OPEN_FROM_ADDRESS} class polls open already, so no new "
    "one can open. Polls close after 24 hours: try again later."
)
CLEARED = "The teacher cleared the answers: send your guess again."
CLEAR_LATE = "This poll is revealed, so its answers stay. Ask again for a new poll."
UNREACHABLE_STUDENT = (
    "The class poll is not reachable right now; your answer was not sent. Try Send again."
)
UNREACHABLE_VIEW = "The class poll is not reachable right now. Try again in a moment."
UNREACHABLE_TEACHER = (
    "The class poll is not reachable right now (its database did not answer). "
    "Try again in a moment; the lesson works without it."
)
NOT_YOURS = "Only the teacher's page that opened this poll can do that."
NO_ID = "This page has no valid answer id: reload it."
