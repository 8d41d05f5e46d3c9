"""What the class poll's store answers: its two errors, the views it returns, and the
sentences a page shows when the poll says no.

The sentences are marked with N_ here and translated where they are raised or shown,
in the page's own thread (`refusal` for those a PollRefused carries). Those that
hold a number have a named placeholder, filled by `refusal` or the page.
"""

from __future__ import annotations

from typing import NamedTuple

from nnadd import poll_rules as rules
from nnadd.i18n import N_, _, number


class PollUnavailable(RuntimeError):
    """The database could not be reached or failed; nothing was stored."""


class PollRefused(ValueError):
    """The poll says no (unknown, expired, revealed, full, wrong token): the message
    is the page's sentence, in the page's language (see refusal)."""


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


UNKNOWN = N_(
    "There is no class poll with the code {code}: check it on the teacher's screen. "
    "A poll lasts 24 hours."
)
LATE = N_("The teacher has revealed the answer, so this poll takes no more guesses.")
# Translators: {most} is the most answers a poll takes (1,000)
FULL = N_("This poll is full: it takes at most {most} answers.")
BUSY = N_(
    "Too many phones from your network joined this poll in the last few minutes. "
    "Wait a few minutes, then press Send again."
)
# Translators: {most} is how many class polls one server keeps open at once (500)
TOO_MANY_POLLS = N_(
    "This server has too many open class polls ({most}), so no new "
    "one can open. Polls close after 24 hours: try again later."
)
# Translators: {most} is how many polls one network may have open at once (40)
TOO_MANY_FROM_HERE = N_(
    "Your network has {most} class polls open already, so no new "
    "one can open. Polls close after 24 hours: try again later."
)
CLEARED = N_("The teacher cleared the answers: send your guess again.")
CLEAR_LATE = N_("This poll is revealed, so its answers stay. Ask again for a new poll.")
UNREACHABLE_STUDENT = N_(
    "The class poll is not reachable right now; your answer was not sent. Try Send again."
)
UNREACHABLE_VIEW = N_("The class poll is not reachable right now. Try again in a moment.")
UNREACHABLE_TEACHER = N_(
    "The class poll is not reachable right now (its database did not answer). "
    "Try again in a moment; the lesson works without it."
)
NOT_YOURS = N_("Only the teacher's page that opened this poll can do that.")
NO_ID = N_("This page has no valid answer id: reload it.")
NOT_A_CODE = N_("A poll code is {length} letters and digits, such as K7M3Q.")
NOT_YET = N_("The guesses are shown after the reveal.")

# the numbers some of them hold, as the store's limits are
_LIMITS = {
    FULL: rules.MAX_ANSWERS,
    TOO_MANY_POLLS: rules.MAX_OPEN_POLLS,
    TOO_MANY_FROM_HERE: rules.MOST_OPEN_FROM_ADDRESS,
}


def refusal(message: str, **values: str) -> PollRefused:
    """A PollRefused saying `message` (one of the sentences above) in the page's
    language, with its limit or `values` (the code) put in."""
    if message in _LIMITS:
        values = {"most": number(_LIMITS[message], ","), **values}
    elif message == NOT_A_CODE:
        values = {"length": number(rules.CODE_LENGTH), **values}
    return PollRefused(_(message).format(**values))
