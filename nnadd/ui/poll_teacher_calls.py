"""The class poll's calls that the teacher's page makes: open a poll (retiring the
ones it replaces), count who joined and answered, clear the answers, reveal, read the
guesses. Each needs the poll's token.

Mixed into PollStore (nnadd/ui/poll_store.py), which gives these methods their
transaction, the poll's row, the checked code and the purge.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from nnadd import poll_rules as rules
from nnadd.ui.poll_replies import (
    CLEAR_LATE,
    NOT_YET,
    NOT_YOURS,
    TOO_MANY_FROM_HERE,
    TOO_MANY_POLLS,
    Counts,
    Opened,
    PollRefused,
    PollUnavailable,
    refusal,
)
from nnadd.ui.poll_schema import PG_OPEN_LOCK, answers, joins, polls


class TeacherCalls:
    """The teacher's side of PollStore."""

    def open(
        self,
        kind: str,
        question: str,
        retire: Sequence[tuple[str, str]] = (),
        address: str | None = None,
    ) -> Opened:
        """A new poll, open for answers. `retire` lists polls (code, token) that this
        one replaces: they are deleted, with their answers, in the same transaction.
        PollRefused when the server already has MAX_OPEN_POLLS open polls, or when
        `address` (nnadd.poll_rules.client_address; None: this machine, not limited) has
        MOST_OPEN_FROM_ADDRESS open already."""
        if kind not in rules.QUESTIONS:
            raise PollRefused(f"No such question: {kind}")
        self._purge_due()
        token = rules.new_token()
        for _ in range(20):
            code = rules.new_code()
            try:
                with self._transaction() as conn:
                    if conn.dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(PG_OPEN_LOCK)))
                    for old_code, old_token in retire:
                        self._retire(conn, old_code, old_token)
                    now = self.clock()
                    open_now = conn.execute(
                        sa.select(sa.func.count())
                        .select_from(polls)
                        .where(polls.c.created_at > now - rules.LIFETIME)
                    ).scalar()
                    if open_now >= rules.MAX_OPEN_POLLS:
                        raise refusal(TOO_MANY_POLLS)
                    opened_from = None if address is None else rules.opener_hash(address)
                    if opened_from is not None:
                        mine = conn.execute(
                            sa.select(sa.func.count())
                            .select_from(polls)
                            .where(
                                polls.c.opened_from == opened_from,
                                polls.c.created_at > now - rules.LIFETIME,
                            )
                        ).scalar()
                        if not rules.may_open(mine):
                            raise refusal(TOO_MANY_FROM_HERE)
                    conn.execute(
                        polls.insert().values(
                            code=code,
                            kind=kind,
                            question=question[:400],
                            token_hash=rules.token_hash(token),
                            created_at=now,
                            opened_from=opened_from,
                        )
                    )
                return Opened(code, token)
            except PollUnavailable as failed:
                if not isinstance(failed.__cause__, IntegrityError):
                    raise  # a taken code is the only failure worth another try
        raise PollUnavailable("no free poll code after 20 tries")

    def _retire(self, conn: Connection, code: object, token: object) -> None:
        """Delete a poll and everything of it, if `token` is its teacher's."""
        code = rules.check_code(code)
        if code is None:
            return
        row = conn.execute(sa.select(polls.c.token_hash).where(polls.c.code == code)).first()
        if row is not None and rules.token_matches(token, row.token_hash):
            self._delete(conn, sa.select(polls.c.code).where(polls.c.code == code))

    def _owned(self, conn: Connection, code: str, token: object, lock: bool = False):
        row = self._live(conn, code, lock)
        if not rules.token_matches(token, row.token_hash):
            raise refusal(NOT_YOURS)
        return row

    def count(self, code: str, token: object) -> int:
        """How many students have answered."""
        return self.counts(code, token).answered

    def counts(self, code: str, token: object) -> Counts:
        """How many pages joined and how many answered (the teacher's live count)."""
        code = self._code(code)
        with self._transaction(read_only=True) as conn:
            self._owned(conn, code, token)
            joined = conn.execute(
                sa.select(sa.func.count()).select_from(joins).where(joins.c.code == code)
            ).scalar()
            answered = conn.execute(
                sa.select(sa.func.count()).select_from(answers).where(answers.c.code == code)
            ).scalar()
            return Counts(int(joined), int(answered))

    def clear(self, code: str, token: object) -> int:
        """Delete every answer of an open poll (only with the teacher's token); the
        students' pages then take a guess again. Returns how many were deleted. Who
        joined stays, so the limit per address still counts them."""
        code = self._code(code)
        self._purge_due()
        with self._transaction() as conn:
            row = self._owned(conn, code, token, lock=True)
            if row.revealed_at is not None:
                raise refusal(CLEAR_LATE)
            deleted = conn.execute(answers.delete().where(answers.c.code == code)).rowcount
            conn.execute(
                polls.update().where(polls.c.code == code).values(cleared=polls.c.cleared + 1)
            )
            return deleted

    def reveal(self, code: str, token: object, truth: float) -> list[float]:
        """Close the poll and record the truth; returns every guess. Only with the
        teacher's token. A second reveal changes nothing and returns the same guesses."""
        code = self._code(code)
        self._purge_due()
        with self._transaction() as conn:
            row = self._owned(conn, code, token, lock=True)
            if row.revealed_at is None:
                conn.execute(
                    polls.update()
                    .where(polls.c.code == code)
                    .values(revealed_at=self.clock(), truth=float(truth))
                )
            found = conn.execute(
                sa.select(answers.c.guess).where(answers.c.code == code).order_by(answers.c.guess)
            )
            return [float(g) for g in found.scalars()]

    def guesses(self, code: str, token: object) -> list[float]:
        """Every guess, for the teacher, once revealed (before: PollRefused)."""
        code = self._code(code)
        with self._transaction() as conn:
            row = self._owned(conn, code, token)
            if row.revealed_at is None:
                raise refusal(NOT_YET)
            found = conn.execute(
                sa.select(answers.c.guess).where(answers.c.code == code).order_by(answers.c.guess)
            )
            return [float(g) for g in found.scalars()]
