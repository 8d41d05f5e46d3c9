"""Where the class poll's database is, and how its engine is opened and prepared.

By default a SQLite file in WAL mode, readable by its owner only (replicas on one
machine share it); with NNADD_DATABASE_URL, PostgreSQL (replicas on several machines).
nnadd/ui/poll_store.py makes its stores on the engines prepared here.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "polls.sqlite3"  # NNADD_DATABASE_PATH overrides it


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
