"""The class poll's calls that a phone's page makes, with the poll's code alone: read
the question, join, answer, read its own answer back. The limits on who may join are
checked here, inside the transaction that would pass them.

Mixed into PollStore (nnadd/ui/poll_store.py), which gives these methods their
transaction, the poll's row, the checked code and the purge.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nnadd import poll_rules as rules
from nnadd.ui.poll_replies import BUSY, FULL, LATE, NO_ID, PollRefused, PollView, refusal
from nnadd.ui.poll_schema import answers, joins


class PhoneCalls:
    """A phone's side of PollStore."""

    def view(self, code: object) -> PollView:
        """The question and, once revealed, the truth. PollRefused for an odd, unknown
        or expired code (an odd one before any query)."""
        code = self._code(code)
        with self._transaction(read_only=True) as conn:
            row = self._live(conn, code)
            revealed = row.revealed_at is not None
            return PollView(
                code, row.kind, row.question, revealed, row.truth if revealed else None,
                row.cleared,
            )  # fmt: skip

    def join(self, code: object, student: object, address: str | None) -> bool:
        """Record that a student's page opened this poll (once per page): the
        teacher's "joined". True if recorded now, False if it was already, or if the
        poll is revealed. PollRefused when `address` (nnadd.poll_rules.client_address; None
        is not limited) has had NEW_PER_ADDRESS new answerers in the last
        ADDRESS_WINDOW seconds, or for a poll that is unknown, expired or full."""
        code = self._code(code)
        if not rules.check_student(student):
            raise refusal(NO_ID)
        self._purge_due()
        with self._transaction() as conn:
            row = self._live(conn, code, lock=True)
            if row.revealed_at is not None:
                return False
            return self._admit(conn, code, student, address)

    def _admit(self, conn: Connection, code: str, student: str, address: str | None) -> bool:
        """The join of a page that has not joined yet, within the limits (inside the
        transaction that holds the poll's lock); False if it had joined already."""
        mine = joins.c.code == code
        if conn.execute(sa.select(joins.c.student).where(mine, joins.c.student == student)).first():
            return False
        now = self.clock()
        hashed = None if address is None else rules.address_hash(code, address)
        if hashed is not None:
            recent = conn.execute(
                sa.select(sa.func.count())
                .select_from(joins)
                .where(
                    mine,
                    joins.c.address_hash == hashed,
                    joins.c.joined_at > now - rules.ADDRESS_WINDOW,
                )
            ).scalar()
            if not rules.may_join(recent):
                raise refusal(BUSY)
        total = conn.execute(sa.select(sa.func.count()).select_from(joins).where(mine)).scalar()
        if total >= rules.MAX_ANSWERS:
            raise refusal(FULL)
        conn.execute(
            joins.insert().values(code=code, student=student, address_hash=hashed, joined_at=now)
        )
        return True

    def answer(
        self, code: object, student: object, guess: object, address: str | None = None
    ) -> float:
        """Record a student's guess (their latest counts); returns it as stored.
        PollRefused for a bad guess, an unknown or expired code, a revealed poll, a
        full one, or a page that had not joined and whose address has had its
        NEW_PER_ADDRESS new answerers (see join): then nothing changes, and the
        student's earlier answer stays. A student changing an answer is never limited."""
        code = self._code(code)
        if not rules.check_student(student):
            raise refusal(NO_ID)
        try:
            value = rules.parse_guess(guess)
        except rules.GuessRefused as refused:
            raise PollRefused(str(refused)) from None
        self._purge_due()
        with self._transaction() as conn:
            row = self._live(conn, code, lock=True)
            if row.revealed_at is not None:
                raise refusal(LATE)
            mine = answers.c.code == code
            already = conn.execute(
                sa.select(answers.c.student).where(mine, answers.c.student == student)
            ).first()
            if already is None:
                total = conn.execute(sa.select(sa.func.count()).select_from(answers).where(mine))
                if total.scalar() >= rules.MAX_ANSWERS:
                    raise refusal(FULL)
            self._admit(conn, code, student, address)
            upsert = self._insert(answers).values(
                code=code, student=student, guess=value, answered_at=self.clock()
            )
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=[answers.c.code, answers.c.student],
                    set_={
                        "guess": upsert.excluded.guess,
                        "answered_at": upsert.excluded.answered_at,
                    },
                )
            )
            return value

    def my_answer(self, code: object, student: object) -> float | None:
        """This student's own latest guess, or None."""
        code = self._code(code)
        if not rules.check_student(student):
            return None
        with self._transaction(read_only=True) as conn:
            found = conn.execute(
                sa.select(answers.c.guess).where(
                    answers.c.code == code, answers.c.student == student
                )
            ).first()
            return None if found is None else float(found.guess)
