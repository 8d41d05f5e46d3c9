"""The class poll's tables, their migrations from one schema version to the next, and
the advisory locks that let PostgreSQL replicas take turns.

SQLAlchemy Core tables (nnadd/ui/poll_store.py runs the migrations, once per store).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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
