"""Where the class poll's answers live: a SQL database shared by every replica.

By default a SQLite file in WAL mode (replicas on one machine share it); with
NNADD_DATABASE_URL, or `[connections.polls]` in .streamlit/secrets.toml, PostgreSQL
(replicas on several machines). The page reaches it through Streamlit's own SQL
connection (`st.connection("polls", type="sql")`, SQLAlchemy underneath); the tests
build the same store on an engine of their own.

Every statement is SQLAlchemy Core with bound parameters: no SQL is built from input.
Every database error comes out as PollUnavailable, which the page turns into one plain
sentence. The schema is created on first use and versioned (schema_version).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from nnadd import poll as rules

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "polls.sqlite3"  # NNADD_DATABASE_PATH overrides it
CONNECTION = "polls"  # st.connection's name, and secrets.toml's [connections.polls]

metadata = sa.MetaData()
schema_version = sa.Table(
    "nnadd_schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)
polls = sa.Table(
    "nnadd_polls",
    metadata,
    sa.Column("code", sa.String(8), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("question", sa.String(400), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),  # sha256 of the teacher's token
    sa.Column("created_at", sa.Float, nullable=False, index=True),  # seconds since the epoch
    sa.Column("revealed_at", sa.Float, nullable=True),  # None while the poll is open
    sa.Column("truth", sa.Float, nullable=True),  # set only by the reveal
)
answers = sa.Table(
    "nnadd_answers",
    metadata,
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


def _create_v1(conn: Connection) -> None:
    for table in (polls, answers):  # with their indexes
        table.create(conn, checkfirst=True)


# Each migration takes the schema from the version before it to its own number.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = ((1, _create_v1),)
SCHEMA_VERSION = MIGRATIONS[-1][0]
PG_MIGRATION_LOCK = 7_301_013  # pg_advisory_xact_lock's key: one migrator at a time


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


UNKNOWN = (
    "There is no class poll with the code {code}: check it on the teacher's screen. "
    "A poll lasts 24 hours."
)
LATE = "The teacher has revealed the answer, so this poll takes no more guesses."
FULL = f"This poll is full: it takes at most {rules.MAX_ANSWERS:,} answers."
UNREACHABLE_STUDENT = (
    "The class poll is not reachable right now; your answer was not sent. Try Send again."
)
UNREACHABLE_VIEW = "The class poll is not reachable right now. Try again in a moment."
UNREACHABLE_TEACHER = (
    "The class poll is not reachable right now (its database did not answer). "
    "Try again in a moment; the lesson works without it."
)
NOT_YOURS = "Only the teacher's page that opened this poll can do that."


def database_url() -> str | None:
    """NNADD_DATABASE_URL when set (PostgreSQL: postgresql+psycopg://...), else None."""
    return os.environ.get("NNADD_DATABASE_URL") or None


def sqlite_path() -> Path:
    return Path(os.environ.get("NNADD_DATABASE_PATH") or DEFAULT_PATH)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def engine_options(url: str) -> dict:
    """create_engine's options for this URL."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}  # seconds to wait for the write lock
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def prepare(engine: Engine) -> Engine:
    """SQLite only: WAL, so readers never wait for the writer and replicas share the
    file; a busy wait of 15 s; foreign keys on; and every transaction takes the write
    lock at its start (BEGIN IMMEDIATE), so two replicas never deadlock turning a read
    into a write; a read alone (a student's page asking whether the poll was revealed)
    takes no lock. synchronous=NORMAL in WAL loses nothing when a process is killed."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_nnadd_prepared", False):
        return engine

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        reading = conn.get_execution_options().get("nnadd_read_only", False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    engine._nnadd_prepared = True
    return engine


class PollStore:
    """The polls and their answers, over one SQLAlchemy engine."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = prepare(engine)
        self._reader = self.engine.execution_options(nnadd_read_only=True)
        self.clock = clock
        self._migrated = False
        self._lock = threading.Lock()
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
    def open(self, kind: str, question: str) -> Opened:
        """A new poll, open for answers; also deletes every poll past its 24 hours."""
        if kind not in rules.QUESTIONS:
            raise PollRefused(f"No such question: {kind}")
        token = rules.new_token()
        for _ in range(20):
            code = rules.new_code()
            try:
                with self._transaction() as conn:
                    self._purge(conn)
                    conn.execute(
                        polls.insert().values(
                            code=code,
                            kind=kind,
                            question=question[:400],
                            token_hash=rules.token_hash(token),
                            created_at=self.clock(),
                        )
                    )
                return Opened(code, token)
            except PollUnavailable as failed:
                if not isinstance(failed.__cause__, IntegrityError):
                    raise  # a taken code is the only failure worth another try
        raise PollUnavailable("no free poll code after 20 tries")

    def _owned(self, conn: Connection, code: str, token: object, lock: bool = False):
        row = self._live(conn, code, lock)
        if not rules.token_matches(token, row.token_hash):
            raise PollRefused(NOT_YOURS)
        return row

    def count(self, code: str, token: object) -> int:
        """How many students have answered (the teacher's live count)."""
        code = self._code(code)
        with self._transaction(read_only=True) as conn:
            self._owned(conn, code, token)
            found = conn.execute(
                sa.select(sa.func.count()).select_from(answers).where(answers.c.code == code)
            )
            return int(found.scalar())

    def reveal(self, code: str, token: object, truth: float) -> list[float]:
        """Close the poll and record the truth; returns every guess. Only with the
        teacher's token. A second reveal changes nothing and returns the same guesses."""
        code = self._code(code)
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
            return PollView(code, row.kind, row.question, revealed, row.truth if revealed else None)

    def answer(self, code: object, student: object, guess: object) -> float:
        """Record a student's guess (their latest counts); returns it as stored.
        PollRefused for a bad guess, an unknown or expired code, a revealed poll or a
        full one: then nothing changes, and the student's earlier answer stays."""
        code = self._code(code)
        if not rules.check_student(student):
            raise PollRefused("This page has no valid answer id: reload it.")
        try:
            value = rules.parse_guess(guess)
        except rules.GuessRefused as refused:
            raise PollRefused(str(refused)) from None
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
    def _purge(self, conn: Connection) -> int:
        old = self.clock() - rules.LIFETIME
        stale = sa.select(polls.c.code).where(polls.c.created_at <= old)
        conn.execute(answers.delete().where(answers.c.code.in_(stale)))
        return conn.execute(polls.delete().where(polls.c.created_at <= old)).rowcount

    def purge(self) -> int:
        """Delete every poll past its 24 hours, with its answers; returns how many."""
        with self._transaction() as conn:
            return self._purge(conn)


def store_for_url(url: str) -> PollStore:
    """A store on a URL of its own (the tests and the benchmark): the same engine
    options as the page's."""
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PollUnavailable(str(exc)) from exc
        url = sqlite_url(path)
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
