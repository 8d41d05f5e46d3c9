"""The class poll: the rules, kept apart from the page and the database.

A teacher's lesson asks the class a question; each student sends a guess from a phone
at /answer?poll=CODE; the teacher reveals the truth against everyone's guesses. Here
are the codes and tokens, what counts as a guess, how long a poll lives, how many
answers it takes, how many new answerers one address may add, and the summary of a
reveal. Nothing here draws or stores.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode

from nnadd import i18n
from nnadd.i18n import N_, _, number

# A code is read off a projector and typed on a phone: no 0/O, no 1/I/L.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5  # 31**5, about 28.6 million codes
STUDENT_ID_BYTES = 16  # a student page's anonymous id: secrets.token_urlsafe(16)
TOKEN_BYTES = 32  # the teacher's secret: secrets.token_urlsafe(32)
MIN_GUESS, MAX_GUESS = -100.0, 100.0
MAX_ANSWERS = 1_000  # a poll takes at most this many (one per student page)
LIFETIME = 24 * 3600.0  # seconds: an older poll is deleted
MAX_OPEN_POLLS = 500  # on one server (its database); a poll closes after LIFETIME
# Polls open at once that one address may have opened: a school's teachers behind one
# router asking twice a lesson for 20 lessons a day. Without it, one script could hold
# all of MAX_OPEN_POLLS for a day and no teacher could ask.
MOST_OPEN_FROM_ADDRESS = 40
PURGE_EVERY = 60.0  # seconds: a write deletes the expired polls at most this often
# The code is on the projector, so anyone in the room can send answers from a script,
# each from a new page (a new anonymous id). A whole class often shares one address
# (a school's router), so the limit is per address and per poll, and generous: at most
# NEW_PER_ADDRESS new answerers (pages that join the poll) from one address in any
# ADDRESS_WINDOW seconds. A class of 40 behind one router gets in, with room for ten
# pages reloaded (a reloaded page is a new answerer); a script from one address gets
# 50 in the first minute and then one more for each of its own that turns 10 minutes
# old. A student who changes an answer is not a new answerer: never limited.
NEW_PER_ADDRESS = 50
ADDRESS_WINDOW = 600.0
CLASS_MOST = 60  # more joined than this, and the teacher is told someone may be adding
CLOSE = 0.1  # "within 0.1" of the truth
CLOSEST_SHOWN = 3


class Question(NamedTuple):
    """What a poll asks: its id in the database, its words (formatted with the lesson's
    numbers), and how a guess is written."""

    kind: str
    words: str  # marked with N_: question_words translates it
    decimals: int  # the guess box's format, and how the truth is written


QUESTIONS = {
    "w1": Question(
        "w1",
        # Translators: {now} is w1 before the update, e.g. 0.6342
        N_(
            "After one update on the first training pair, 0.5 + 0.5 = 1, what is the new "
            "w1? It is {now} now."
        ),
        4,
    ),
    "score": Question(
        "score",
        # Translators: {epochs} is a number of epochs, e.g. 10,000
        N_(
            "After {epochs} epochs of training, how many of the 25 test sums will the "
            "neuron get right?"
        ),
        0,
    ),
}


class PollTicket(NamedTuple):
    """A poll the teacher's page opened: its code, the secret token (kept in the
    teacher's session only), what it asks, and what the page shows."""

    code: str
    token: str
    kind: str
    question: str
    revealed: bool
    showing: bool  # the poll's panel is on screen in place of the step

    def __repr__(self) -> str:  # never print the token
        return f"PollTicket({self.code!r}, {self.kind!r}, revealed={self.revealed})"


def question_words(kind: str, **numbers: object) -> str:
    """What a poll of this kind asks, in the page's language; a whole number among
    `numbers` is written with its thousands marks (10,000), text as it is."""
    written = {
        name: number(value, ",")
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in numbers.items()
    }
    return _(QUESTIONS[kind].words).format(**written)


# ---------------------------------------------------------------- codes and secrets


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def check_code(raw: object) -> str | None:
    """The code a link or a student typed, in capitals; None if it cannot be a code (too
    long, too short, an odd character). Checked before any query is made."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    if not isinstance(raw, str) or len(raw) > CODE_LENGTH + 2:
        return None
    code = raw.strip().upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def new_token() -> str:
    """The teacher's secret: only the session that holds it can count, reveal or read
    the answers of its poll. The database keeps only its hash."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: object, stored_hash: str) -> bool:
    """Whether `token` is the one whose hash is stored, in constant time."""
    if not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


def new_student() -> str:
    """A student page's anonymous id: random, kept in its session, never a name."""
    return secrets.token_urlsafe(STUDENT_ID_BYTES)


def check_student(raw: object) -> bool:
    return (
        isinstance(raw, str)
        and 16 <= len(raw) <= 64
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in raw)
    )


# ---------------------------------------------------------------- a guess


class GuessRefused(ValueError):
    """A guess that cannot count; the message says why, in the page's words (and its
    language: a guess is checked in the page's own thread)."""


def parse_guess(raw: object) -> float:
    """A student's guess as a float in [MIN_GUESS, MAX_GUESS], or GuessRefused."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise GuessRefused(_("Type a number first: your guess was not sent."))
    if isinstance(raw, bool):
        raise GuessRefused(_("Your guess must be a number: it was not sent."))
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > 40:
            raise GuessRefused(_("That is not a number: your guess was not sent."))
        try:
            value = float(text)
        except ValueError:
            raise GuessRefused(_("That is not a number: your guess was not sent.")) from None
    elif isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:  # an int too large for a float
            value = math.inf
    else:
        raise GuessRefused(_("Your guess must be a number: it was not sent."))
    if not math.isfinite(value) or not MIN_GUESS <= value <= MAX_GUESS:
        raise GuessRefused(
            _("Keep your guess between {low} and {high}: it was not sent.").format(
                low=number(MIN_GUESS, "g"), high=number(MAX_GUESS, "g")
            )
        )
    return value + 0.0  # -0.0 + 0.0 is 0.0: a guess of "-0" is kept as 0


def shown(value: float, decimals: int) -> str:
    """A poll's number as the page writes it, with `decimals` decimals; a number that
    rounds to zero is written without a minus sign (0.0000, never -0.0000), and in the
    page's language's marks (0,0000 in German)."""
    spec = f".{decimals}f"
    if float(format(value, spec)) == 0:
        value = 0.0
    return number(value, spec)


def expired(created_at: float, now: float) -> bool:
    """Whether a poll opened at `created_at` (seconds) is past its 24 hours at `now`."""
    return now - created_at >= LIFETIME


# ---------------------------------------------------------------- who may join


def client_address(peer: object, forwarded: object) -> str | None:
    """The address a student's page comes from, for the limit on new answerers; None
    when it is this machine itself or cannot be told (then it is not limited).

    `peer` is the direct peer (st.context.ip_address), which Streamlit reports as None
    when it is 127.0.0.1 or ::1. Only from this machine is X-Forwarded-For believed
    (`forwarded`: the header's values in order, or one string): there it is written
    by deploy/serve-class's HAProxy, which replaces whatever the client sent; its last
    comma-separated value is the proxy's own. From any other peer the header is
    ignored, since anyone can send one. An IPv6 client counts by its /64 network:
    one device can take any address in its /64 at will, as a class shares one IPv4.
    """
    if peer is not None:
        direct = _ip(peer)
        if direct is None:  # not an address at all
            return None
        if not direct.is_loopback:
            return _as_key(direct)
    if isinstance(forwarded, str):
        forwarded = [forwarded]
    if not isinstance(forwarded, (list, tuple)) or not forwarded:
        return None
    last = ",".join(str(value) for value in forwarded).split(",")[-1]
    found = _ip(last)
    if found is None or found.is_loopback:
        return None
    return _as_key(found)


def _ip(raw: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        found = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped  # ::ffff:10.0.0.5 is 10.0.0.5
    return found


def _as_key(found: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if found.version == 6:
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found)


def address_hash(code: str, address: str) -> str:
    """What the database keeps of an address: never the address itself. Hashed with
    the poll's code, so two polls' hashes of one address differ."""
    return hashlib.sha256(f"{code} {address}".encode()).hexdigest()


def may_join(recent: int) -> bool:
    """Whether one more page from an address may join a poll that has had `recent`
    new answerers from that address in the last ADDRESS_WINDOW seconds."""
    return recent < NEW_PER_ADDRESS


def opener_hash(address: str) -> str:
    """What the database keeps of the address that opened a poll (never the address)."""
    return address_hash("opened", address)


def may_open(open_from_address: int) -> bool:
    """Whether an address that opened `open_from_address` polls still open may open one
    more."""
    return open_from_address < MOST_OPEN_FROM_ADDRESS


def too_many_joined(joined: int) -> bool:
    """Whether more pages joined than a class can have."""
    return joined > CLASS_MOST


# ---------------------------------------------------------------- the reveal


def distance(guess: float, truth: float) -> float:
    # rounded to 9 decimals, so that 0.6 against 0.5 is within 0.1 as a person reads it
    return round(abs(guess - truth), 9)


def close(guess: float, truth: float) -> bool:
    """Whether a guess is within CLOSE of the truth: only these count as close, are
    listed among the closest, and get a student's page's green box."""
    return distance(guess, truth) <= CLOSE


@dataclass(frozen=True)
class Summary:
    """The class's guesses against the truth."""

    truth: float
    count: int
    within: int  # guesses at most CLOSE from the truth
    closest: tuple[float, ...]  # up to CLOSEST_SHOWN guesses within CLOSE, nearest first
    low: float | None
    high: float | None
    median: float | None


def summarise(guesses: Sequence[float], truth: float) -> Summary:
    ordered = sorted(guesses)
    n = len(ordered)
    near = [g for g in ordered if close(g, truth)]
    nearest = sorted(near, key=lambda g: (distance(g, truth), g))[:CLOSEST_SHOWN]
    if n:
        mid = n // 2
        median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Summary(
        truth=truth,
        count=n,
        within=len(near),
        closest=tuple(nearest),
        low=ordered[0] if n else None,
        high=ordered[-1] if n else None,
        median=median if n else None,
    )


def closest_words(summary: Summary, decimals: int) -> str | None:
    """The reveal's line on the closest guesses (Markdown): the nearest few within
    CLOSE, or that none was; None when nobody answered."""
    if summary.closest:
        # a list of numbers: each language says what goes between them (a language with
        # a decimal comma, 0,64, puts "; " there, or its commas would run together)
        listed = _(", ").join(shown(g, decimals) for g in summary.closest)
        # Translators: {guesses} is a list of up to three numbers
        return _("**Closest guesses:** {guesses}").format(guesses=listed)
    if not summary.count:
        return None
    return _("**No guess was within {close}** of the true value.").format(close=number(CLOSE, "g"))


class Bin(NamedTuple):
    low: float
    high: float
    count: int


def _nice(step: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least `step`."""
    power = 10.0 ** math.floor(math.log10(step))
    for m in (1, 2, 5, 10):
        if m * power >= step * (1 - 1e-12):
            return m * power
    return 10 * power  # pragma: no cover


def bins(guesses: Sequence[float], truth: float, most: int = 12) -> list[Bin]:
    """The guesses counted in at most `most` (+1) bins of a round width, covering every
    guess and the truth; each bin holds [low, high), the last also its high end.
    Whole-number questions (every guess and the truth whole) get bins one wide, centred
    on the numbers."""
    values = [*guesses, truth]
    low, high = min(values), max(values)
    whole = all(float(v).is_integer() for v in values)
    if whole:
        width = max(1.0, _nice((high - low + 1) / most))
        start = math.floor(low / width) * width - 0.5
    else:
        width = _nice(max(high - low, 1e-3) / most)
        start = math.floor(low / width) * width
    count = max(1, math.floor((high - start) / width) + 1)
    counted = [0] * count
    for g in guesses:
        i = min(count - 1, max(0, math.floor((g - start) / width + 1e-9)))
        counted[i] += 1
    return [
        Bin(round(start + i * width, 9), round(start + (i + 1) * width, 9), n)
        for i, n in enumerate(counted)
    ]


def how_far(guess: float, truth: float, decimals: int) -> str:
    """One sentence to a student: their guess against the truth."""
    miss = guess - truth
    written = shown(guess, decimals)
    if distance(guess, truth) < 0.5 * 10.0**-decimals:
        return _("Your guess, {guess}, is right.").format(guess=written)
    by = shown(abs(miss), decimals)
    if miss > 0:
        # Translators: {miss} is how far the guess was from the true value
        return _("Your guess, {guess}, was {miss} too high.").format(guess=written, miss=by)
    return _("Your guess, {guess}, was {miss} too low.").format(guess=written, miss=by)


def answer_link(page_url: str | None, code: str) -> str:
    """The students' address: the page's own address with `answer?poll=CODE` in place
    of its last path segment (the lesson's "lesson")."""
    base = (page_url or "").split("?")[0].split("#")[0]
    trimmed = base.rstrip("/")
    if trimmed.endswith("/lesson"):
        base = trimmed[: -len("lesson")]
    elif not base.endswith("/"):
        base += "/"
    return f"{base}answer?{urlencode({'poll': code, **i18n.language_in_link()})}"
