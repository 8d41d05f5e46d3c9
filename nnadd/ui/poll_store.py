"""Where the class poll's answers live: a SQL database shared by every replica.

By default a SQLite file in WAL mode (replicas on one machine share it); with
NNADD_DATABASE_URL, or `[connections.polls]` in .streamlit/secrets.toml, PostgreSQL
(replicas on several machines). The page reaches it through Streamlit's own SQL
connection (`st.connection("polls", type="sql")`, SQLAlchemy underneath); the tests
build the same store on an engine of their own.

Every statement is SQLAlchemy Core with bound parameters: no SQL is built from input.
Every database error comes out as PollUnavailable, which the page turns into one plain
sentence. The schema is created on first use and versioned (schema_version).

The limits live here, each checked inside the transaction that would pass it, so they
hold across replicas: 1,000 answers a poll, NEW_PER_ADDRESS new answerers from one
address in any 10 minutes (nnadd/poll_rules.py says why), 500 open polls a server. Addresses
are kept only as a hash with the poll's code, and go with the poll. The SQLite file,
its -wal and -shm and its folder are readable by their owner only.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from nnadd import poll_rules as rules

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "polls.sqlite3"  # NNADD_DATABASE_PATH overrides it
CONNECTION = "polls"  # st.connection's name, and secrets.toml's [connections.polls]

metadata = sa.MetaData()
schema_version = sa.Table(
    "nnadd_schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)


def _poll_columns() -> list[sa.Column]:
    """The polls' columns of schema 1."""
    return [
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("question", sa.String(400), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),  # sha256 of the teacher's token
        sa.Column("created_at", sa.Float, nullable=False, index=True),  # seconds since the epoch
        sa.Column("revealed_at", sa.Float, nullable=True),  # None while the poll is open
        sa.Column("truth", sa.Float, nullable=True),  # set only by the reveal
    ]


def _answer_table(meta: sa.MetaData) -> sa.Table:
    return sa.Table(
        "nnadd_answers",
        meta,
        sa.Column(
            "code",
            sa.String(8),
            sa.ForeignKey("nnadd_polls.code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("student", sa.String(64), primary_key=True),  # a page's random id
        sa.Column("guess", sa.Float, nullable=False),
        sa.Column("answered_at", sa.Float, nullable=False),
    )


polls = sa.Table(
    "nnadd_polls",
    metadata,
    *_poll_columns(),
    # schema 2: how many times the teacher cleared the answers (a student's page that
    # saw another number shows its guess box again)
    sa.Column("cleared", sa.Integer, nullable=False, server_default="0"),
    # schema 2: nnadd.poll_rules.opener_hash of the address that opened the poll, never the
    # address; None from this machine (or a poll of schema 1)
    sa.Column("opened_from", sa.String(64), nullable=True),
)
answers = _answer_table(metadata)
joins = sa.Table(  # schema 2: every page that joined a poll, and every answerer
    "nnadd_joins",
    metadata,
    sa.Column(
        "code",
        sa.String(8),
        sa.ForeignKey("nnadd_polls.code", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("student", sa.String(64), primary_key=True),  # the page's random id
    # sha256 of the code and the page's address (nnadd.poll_rules.address_hash), never the
    # address; None when the page came from this machine or from a poll of schema 1
    sa.Column("address_hash", sa.String(64), nullable=True),
    sa.Column("joined_at", sa.Float, nullable=False),
    sa.Index("nnadd_joins_address", "code", "address_hash", "joined_at"),
)


def _create_v1(conn: Connection) -> None:
    """Schema 1 as it was: the polls and their answers."""
    v1 = sa.MetaData()
    sa.Table("nnadd_polls", v1, *_poll_columns())
    _answer_table(v1)
    v1.create_all(conn, checkfirst=True)  # with their indexes


def _to_v2(conn: Connection) -> None:
    """Schema 2: who joined each poll (for the limit per address and the teacher's
    "joined"), and how often its answers were cleared. Every answer already given
    counts as a page that joined, from no known address."""
    conn.execute(sa.text("ALTER TABLE nnadd_polls ADD COLUMN cleared INTEGER NOT NULL DEFAULT 0"))
    conn.execute(sa.text("ALTER TABLE nnadd_polls ADD COLUMN opened_from VARCHAR(64)"))
    joins.create(conn, checkfirst=True)
    conn.execute(
        joins.insert().from_select(
            ["code", "student", "address_hash", "joined_at"],
            sa.select(
                answers.c.code,
                answers.c.student,
                sa.cast(sa.null(), sa.String(64)),
                answers.c.answered_at,
            ),
        )
    )


# Each migration takes the schema from the version before it to its own number.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _create_v1),
    (2, _to_v2),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
PG_MIGRATION_LOCK = 7_301_013  # pg_advisory_xact_lock's key: one migrator at a time
PG_OPEN_LOCK = 7_301_014  # one poll opened at a time, so the server's bound holds
PG_PURGE_LOCK = 7_301_015  # one purge at a time (the others skip theirs)


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


def database_url() -> str | None:
    """NNADD_DATABASE_URL when set (PostgreSQL: postgresql+psycopg://...), else None."""
    return os.environ.get("NNADD_DATABASE_URL") or None


def sqlite_path() -> Path:
    return Path(os.environ.get("NNADD_DATABASE_PATH") or DEFAULT_PATH)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


OWNER_ONLY_FOLDER, OWNER_ONLY_FILE = 0o700, 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite gives them the file's mode


def private_sqlite_file(path: Path) -> None:
    """Make the SQLite file before SQLite does, readable and writable by its owner
    only (0600); SQLite creates its -wal, -shm and -journal with the database file's
    own permissions. A folder made here is 0700, and so is the project's own data
    folder; another folder that exists already is left as it is. A file of ours made
    earlier with wider permissions is narrowed. OSError if it cannot be done."""
    folder = path.parent
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_FOLDER)
    if made or folder.resolve() == DEFAULT_PATH.parent.resolve():
        _narrow(folder, OWNER_ONLY_FOLDER)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY_FILE))
    for each in (path, *(path.with_name(path.name + end) for end in SQLITE_COMPANIONS)):
        if each.exists():
            _narrow(each, OWNER_ONLY_FILE)


def _narrow(path: Path, mode: int) -> None:
    """chmod to `mode` (the umask cuts open() and mkdir()'s modes, never chmod's), if
    the file is ours."""
    found = path.stat()
    if found.st_uid == os.geteuid() and found.st_mode & 0o777 != mode:
        os.chmod(path, mode)


def engine_options(url: str) -> dict:
    """create_engine's options for this URL."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}  # seconds to wait for the write lock
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def _on_connect(dbapi_connection, _record) -> None:
    """Each new SQLite connection: WAL, NORMAL sync, foreign keys, a 15 s busy wait."""
    dbapi_connection.isolation_level = None  # we say BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _on_begin(conn) -> None:
    """Each SQLite transaction: the write lock at once, unless it only reads."""
    reading = conn.get_execution_options().get("nnadd_read_only", False)
    conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def prepare(engine: Engine) -> Engine:
    """SQLite only: WAL, so readers never wait for the writer and replicas share the
    file; a busy wait of 15 s; foreign keys on; and every transaction takes the write
    lock at its start (BEGIN IMMEDIATE), so two replicas never deadlock turning a read
    into a write; a read alone (a student's page asking whether the poll was revealed)
    takes no lock. synchronous=NORMAL in WAL loses nothing when a process is killed.

    Once per engine (SQLAlchemy's event.contains tells): st.connection caches its
    engine, so a store can be made on one already prepared, and a second BEGIN in one
    transaction would fail."""
    if engine.dialect.name != "sqlite" or sa.event.contains(engine, "begin", _on_begin):
        return engine
    sa.event.listen(engine, "connect", _on_connect)
    sa.event.listen(engine, "begin", _on_begin)
    return engine


class PollStore:
    """The polls and their answers, over one SQLAlchemy engine."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = prepare(engine)
        self._reader = self.engine.execution_options(nnadd_read_only=True)
        self.clock = clock
        self._migrated = False
        self._lock = threading.Lock()
        self._purged_at = -math.inf  # when this store last deleted the expired polls
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    # ------------------------------------------------------------ plumbing
    @contextmanager
    def _transaction(self, read_only: bool = False) -> Iterator[Connection]:
        self.migrate()
        engine = self._reader if read_only else self.engine
        try:
            with engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise PollUnavailable(str(exc).splitlines()[0]) from exc

    def migrate(self) -> int:
        """Bring the schema to SCHEMA_VERSION (once per store); returns the version."""
        if self._migrated:
            return SCHEMA_VERSION
        with self._lock:
            try:
                with self.engine.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(PG_MIGRATION_LOCK)))
                    schema_version.create(conn, checkfirst=True)
                    found = conn.execute(sa.select(sa.func.max(schema_version.c.version)))
                    version = found.scalar() or 0
                    if version > SCHEMA_VERSION:
                        raise PollUnavailable(
                            f"the poll database has schema {version}, newer than this "
                            f"page's {SCHEMA_VERSION}"
                        )
                    for number, step in MIGRATIONS:
                        if number > version:
                            step(conn)
                            conn.execute(schema_version.delete())
                            conn.execute(schema_version.insert().values(version=number))
            except SQLAlchemyError as exc:
                raise PollUnavailable(str(exc).splitlines()[0]) from exc
            except OSError as exc:
                raise PollUnavailable(str(exc)) from exc
            self._migrated = True
        return SCHEMA_VERSION

    def version(self) -> int:
        self.migrate()
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()

    def _live(self, conn: Connection, code: str, lock: bool = False):
        """The poll's row if it exists and has not expired, else PollRefused."""
        query = sa.select(polls).where(polls.c.code == code)
        if lock:
            query = query.with_for_update()  # PostgreSQL: answers and reveal take turns
        row = conn.execute(query).first()
        if row is None or rules.expired(row.created_at, self.clock()):
            raise PollRefused(UNKNOWN.format(code=code))
        return row

    @staticmethod
    def _code(code: object) -> str:
        checked = rules.check_code(code)
        if checked is None:
            raise PollRefused(
                f"A poll code is {rules.CODE_LENGTH} letters and digits, such as K7M3Q."
            )
        return checked

    # ------------------------------------------------------------ the teacher
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
                        raise PollRefused(TOO_MANY_POLLS)
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
                            raise PollRefused(TOO_MANY_FROM_HERE)
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
            raise PollRefused(NOT_YOURS)
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
                raise PollRefused(CLEAR_LATE)
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
                raise PollRefused("The guesses are shown after the reveal.")
            found = conn.execute(
                sa.select(answers.c.guess).where(answers.c.code == code).order_by(answers.c.guess)
            )
            return [float(g) for g in found.scalars()]

    # ------------------------------------------------------------ anyone with the code
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
            raise PollRefused(NO_ID)
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
                raise PollRefused(BUSY)
        total = conn.execute(sa.select(sa.func.count()).select_from(joins).where(mine)).scalar()
        if total >= rules.MAX_ANSWERS:
            raise PollRefused(FULL)
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
            raise PollRefused(NO_ID)
        try:
            value = rules.parse_guess(guess)
        except rules.GuessRefused as refused:
            raise PollRefused(str(refused)) from None
        self._purge_due()
        with self._transaction() as conn:
            row = self._live(conn, code, lock=True)
            if row.revealed_at is not None:
                raise PollRefused(LATE)
            mine = answers.c.code == code
            already = conn.execute(
                sa.select(answers.c.student).where(mine, answers.c.student == student)
            ).first()
            if already is None:
                total = conn.execute(sa.select(sa.func.count()).select_from(answers).where(mine))
                if total.scalar() >= rules.MAX_ANSWERS:
                    raise PollRefused(FULL)
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

    # ------------------------------------------------------------ housekeeping
    @staticmethod
    def _delete(conn: Connection, chosen) -> int:
        """Delete the polls whose codes `chosen` selects, with their answers and joins."""
        conn.execute(answers.delete().where(answers.c.code.in_(chosen)))
        conn.execute(joins.delete().where(joins.c.code.in_(chosen)))
        return conn.execute(polls.delete().where(polls.c.code.in_(chosen))).rowcount

    def purge(self) -> int:
        """Delete every poll past its 24 hours, with its answers and who joined it;
        returns how many. On PostgreSQL one replica purges at a time; the others
        skip theirs (0)."""
        with self._transaction() as conn:
            if conn.dialect.name == "postgresql":
                free = conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(PG_PURGE_LOCK)))
                if not free.scalar():
                    return 0
            old = self.clock() - rules.LIFETIME
            return self._delete(conn, sa.select(polls.c.code).where(polls.c.created_at <= old))

    def _purge_due(self) -> None:
        """On a write: the purge, at most every PURGE_EVERY seconds, in a transaction
        of its own (the write's own never waits for it). A purge that fails is tried
        again on the next write."""
        now = self.clock()
        if now - self._purged_at < rules.PURGE_EVERY:
            return
        try:
            self.purge()
        except PollUnavailable:
            return
        self._purged_at = now


def store_for_url(url: str) -> PollStore:
    """A store on a URL of its own (the tests and the benchmark): the same engine
    options, and the same private file, as the page's."""
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        private_sqlite_file(Path(url[len("sqlite:///") :]))
    return PollStore(sa.create_engine(url, **engine_options(url)))


def _secrets_name_the_database() -> bool:
    import streamlit as st

    try:
        if not st.secrets.load_if_toml_exists():
            return False
        return CONNECTION in st.secrets.get("connections", {})
    except Exception:  # an unreadable secrets file: fall back to the default
        return False


def page_store() -> PollStore:
    """The page's store, one per server process: NNADD_DATABASE_URL, else secrets.toml's
    [connections.polls], else the SQLite file (NNADD_DATABASE_PATH, or data/polls.sqlite3
    in the project). PollUnavailable if it cannot be set up."""
    url = database_url()
    if url is None and not _secrets_name_the_database():
        path = sqlite_path()
        url = sqlite_url(path)
        try:
            if url not in _stores:  # once a process: the file is made before SQLite does
                private_sqlite_file(path)
        except OSError as exc:
            raise PollUnavailable(str(exc)) from exc
    try:
        return _store(url)
    except SQLAlchemyError as exc:
        raise PollUnavailable(str(exc).splitlines()[0]) from exc
    except Exception as exc:  # a bad URL or a missing driver: still one plain sentence
        raise PollUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _make_store(url: str | None) -> PollStore:
    import streamlit as st

    if url is None:  # secrets.toml's [connections.polls]
        connection = st.connection(CONNECTION, type="sql", **engine_options("postgresql"))
    else:
        connection = st.connection(CONNECTION, type="sql", url=url, **engine_options(url))
    return PollStore(connection.engine)


_stores: dict[str | None, PollStore] = {}
_stores_lock = threading.Lock()


def _store(url: str | None) -> PollStore:
    """One store per URL per process (st.connection caches the engine itself)."""
    with _stores_lock:
        if url not in _stores:
            _stores[url] = _make_store(url)
        return _stores[url]
