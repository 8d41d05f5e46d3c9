"""Where the class poll's answers live: a SQL database shared by every replica.

By default a SQLite file in WAL mode (replicas on one machine share it); with
NNADD_DATABASE_URL, or `[connections.polls]` in .streamlit/secrets.toml, PostgreSQL
(replicas on several machines). The page reaches it through Streamlit's own SQL
connection (`st.connection("polls", type="sql")`, SQLAlchemy underneath); the tests
build the same store on an engine of their own.

Every statement is SQLAlchemy Core with bound parameters: no SQL is built from input.
Every database error comes out as PollUnavailable, which the page turns into one plain
sentence. The schema is created on first use and versioned (schema_version).

The limits are each checked inside the transaction that would pass it, so they hold
across replicas: 1,000 answers a poll, NEW_PER_ADDRESS new answerers from one address
in any 10 minutes (nnadd/poll_rules.py says why), 500 open polls a server. Addresses
are kept only as a hash with the poll's code, and go with the poll. The SQLite file,
its -wal and -shm and its folder are readable by their owner only.

This module is the door the rest of the project uses: PollStore and the store a page
gets (page_store), and every name of its parts that a page, a test or a tool needs
(__all__). The parts: the tables and their migrations (poll_schema.py), where the
database is and how its engine is prepared (poll_engine.py), what the store answers
(poll_replies.py), and the calls of the teacher's page and of a phone's
(poll_teacher_calls.py, poll_phone_calls.py), which PollStore combines.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from nnadd import poll_rules as rules
from nnadd.ui.poll_engine import (
    database_url,
    engine_options,
    prepare,
    private_sqlite_file,
    sqlite_path,
    sqlite_url,
)
from nnadd.ui.poll_phone_calls import PhoneCalls
from nnadd.ui.poll_replies import (
    BUSY,
    CLEAR_LATE,
    CLEARED,
    FULL,
    LATE,
    NO_ID,
    NOT_A_CODE,
    NOT_YET,
    NOT_YOURS,
    TOO_MANY_FROM_HERE,
    TOO_MANY_POLLS,
    UNKNOWN,
    UNREACHABLE_STUDENT,
    UNREACHABLE_TEACHER,
    UNREACHABLE_VIEW,
    Counts,
    Opened,
    PollRefused,
    PollUnavailable,
    PollView,
    refusal,
)
from nnadd.ui.poll_schema import (
    MIGRATIONS,
    PG_MIGRATION_LOCK,
    PG_PURGE_LOCK,
    SCHEMA_VERSION,
    answers,
    joins,
    polls,
    schema_version,
)
from nnadd.ui.poll_teacher_calls import TeacherCalls

# The names the pages, the tests and the tools reach the database by, from every part.
__all__ = [
    "BUSY", "CLEARED", "CLEAR_LATE", "CONNECTION", "FULL", "LATE", "MIGRATIONS", "NOT_A_CODE",
    "NOT_YET", "NOT_YOURS", "NO_ID", "SCHEMA_VERSION", "TOO_MANY_FROM_HERE", "TOO_MANY_POLLS",
    "UNKNOWN", "UNREACHABLE_STUDENT", "UNREACHABLE_TEACHER", "UNREACHABLE_VIEW", "Counts", "Opened",
    "PollRefused", "PollStore", "PollUnavailable", "PollView", "answers", "database_url",
    "engine_options", "joins", "page_store", "polls", "prepare", "private_sqlite_file",
    "refusal", "schema_version", "sqlite_path", "sqlite_url", "store_for_url",
]  # fmt: skip

CONNECTION = "polls"  # st.connection's name, and secrets.toml's [connections.polls]


class PollStore(TeacherCalls, PhoneCalls):
    """The polls and their answers, over one SQLAlchemy engine. The teacher's calls
    come from TeacherCalls, a phone's from PhoneCalls; what they share is here: the
    transaction, the migration, a live poll's row, a checked code and the purge."""

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
            raise refusal(UNKNOWN, code=code)
        return row

    @staticmethod
    def _code(code: object) -> str:
        checked = rules.check_code(code)
        if checked is None:
            raise refusal(NOT_A_CODE)
        return checked

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
