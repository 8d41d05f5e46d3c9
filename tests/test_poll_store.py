"""The poll store on a real SQLite file and a real PostgreSQL (no mocks): the cap of
1,000 answers, the latest answer counting, late answers refused, the teacher's token,
expiry after 24 hours, and odd codes refused before any query."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from nnadd import poll as rules
from nnadd.ui import poll_store as ps


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind for each test."""
    if request.param == "sqlite":
        yield ps.sqlite_url(tmp_path / "polls.sqlite3")
        return
    server = request.getfixturevalue("postgres_url")
    name = f"nnadd_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')  # a name made here, not input
    yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(url, clock):
    made = ps.store_for_url(url)
    made.clock = clock
    yield made
    made.engine.dispose()


def students(n: int) -> list[str]:
    return [rules.new_student() for _ in range(n)]


def test_the_schema_is_made_on_first_use_and_versioned(store, url):
    assert store.version() == ps.SCHEMA_VERSION == 1
    again = ps.store_for_url(url)  # a second replica on the same database
    assert again.migrate() == 1
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(ps.schema_version.c.version)).scalars().all()
    assert rows == [1]
    again.engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = ps.store_for_url(ps.sqlite_url(tmp_path / "p.sqlite3"))
    store.migrate()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_student_answers_and_the_latest_answer_counts(store):
    opened = store.open("w1", "What is the new w1?")
    one, two = students(2)
    assert store.answer(opened.code, one, "0.5") == 0.5
    assert store.answer(opened.code, two, 0.25) == 0.25
    assert store.answer(opened.code, one, "-0.75") == -0.75  # changed her mind
    assert store.count(opened.code, opened.token) == 2
    assert store.my_answer(opened.code, one) == -0.75
    assert store.my_answer(opened.code, rules.new_student()) is None
    assert sorted(store.reveal(opened.code, opened.token, 0.3)) == [-0.75, 0.25]


def test_a_bad_guess_is_refused_and_the_earlier_answer_stays(store):
    opened = store.open("w1", "q")
    me = rules.new_student()
    store.answer(opened.code, me, "0.5")
    for bad in (None, "", "abc", "nan", "inf", "-inf", "100.5", -101, 10**400, True):
        with pytest.raises(ps.PollRefused):
            store.answer(opened.code, me, bad)
    assert store.my_answer(opened.code, me) == 0.5
    assert store.count(opened.code, opened.token) == 1


def test_only_the_token_counts_reveals_or_reads_the_guesses(store):
    opened = store.open("w1", "q")
    other = store.open("w1", "q")
    store.answer(opened.code, rules.new_student(), "0.5")
    for wrong in (
        None,
        "",
        "x" * 43,
        other.token,
        opened.token + "x",
        rules.token_hash(opened.token),
    ):
        with pytest.raises(ps.PollRefused, match="Only the teacher"):
            store.reveal(opened.code, wrong, 0.4)
        with pytest.raises(ps.PollRefused, match="Only the teacher"):
            store.count(opened.code, wrong)
        with pytest.raises(ps.PollRefused, match="Only the teacher"):
            store.guesses(opened.code, wrong)
    assert not store.view(opened.code).revealed and store.view(opened.code).truth is None
    # the token itself is never stored, only its hash
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(ps.polls.c.token_hash)).scalars().all()
    assert opened.token not in stored and rules.token_hash(opened.token) in stored


def test_the_guesses_stay_hidden_until_the_reveal(store):
    opened = store.open("w1", "q")
    store.answer(opened.code, rules.new_student(), "0.5")
    with pytest.raises(ps.PollRefused, match="after the reveal"):
        store.guesses(opened.code, opened.token)
    view = store.view(opened.code)
    assert view == ps.PollView(opened.code, "w1", "q", False, None)
    store.reveal(opened.code, opened.token, 0.45)
    assert store.guesses(opened.code, opened.token) == [0.5]
    assert store.view(opened.code) == ps.PollView(opened.code, "w1", "q", True, 0.45)


def test_a_late_answer_is_refused_politely_and_a_second_reveal_changes_nothing(store, clock):
    opened = store.open("score", "q")
    me = rules.new_student()
    store.answer(opened.code, me, "21")
    assert store.reveal(opened.code, opened.token, 21) == [21.0]
    clock.now += 5
    with pytest.raises(ps.PollRefused) as late:
        store.answer(opened.code, me, "25")
    assert str(late.value) == ps.LATE
    with pytest.raises(ps.PollRefused):
        store.answer(opened.code, rules.new_student(), "3")
    assert store.reveal(opened.code, opened.token, 99) == [21.0]
    assert store.view(opened.code).truth == 21  # the first reveal's truth stays
    assert store.my_answer(opened.code, me) == 21


def test_a_poll_takes_at_most_1000_answers(store):
    opened = store.open("w1", "q")
    class_ = students(rules.MAX_ANSWERS)
    with store.engine.begin() as conn:  # 999 answers straight in, to be quick
        conn.execute(
            ps.answers.insert(),
            [{"code": opened.code, "student": s, "guess": 0.1, "answered_at": 1.0}
             for s in class_[:-1]],
        )  # fmt: skip
    assert store.count(opened.code, opened.token) == 999
    store.answer(opened.code, class_[-1], "0.2")  # the 1,000th
    with pytest.raises(ps.PollRefused) as full:
        store.answer(opened.code, rules.new_student(), "0.3")
    assert str(full.value) == ps.FULL
    assert store.count(opened.code, opened.token) == 1000
    store.answer(opened.code, class_[0], "0.4")  # a student already in may change
    assert store.my_answer(opened.code, class_[0]) == 0.4
    assert store.count(opened.code, opened.token) == 1000


def test_a_poll_expires_after_24_hours_and_is_deleted(store, clock):
    old = store.open("w1", "q")
    store.answer(old.code, rules.new_student(), "0.5")
    clock.now += rules.LIFETIME - 1
    assert store.view(old.code).code == old.code  # still there a second before
    clock.now += 1
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.view(old.code)
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.answer(old.code, rules.new_student(), "0.5")
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.reveal(old.code, old.token, 1.0)
    fresh = store.open("w1", "q")  # opening a poll deletes the old ones
    with store.engine.connect() as conn:
        codes = conn.execute(sa.select(ps.polls.c.code)).scalars().all()
        left = conn.execute(sa.select(sa.func.count()).select_from(ps.answers)).scalar()
    assert codes == [fresh.code] and left == 0


def test_an_unknown_code_gets_a_clear_message(store):
    with pytest.raises(ps.PollRefused) as unknown:
        store.view("ABCDE")
    assert "no class poll with the code ABCDE" in str(unknown.value)


class CountingStatements:
    def __init__(self, engine):
        self.seen: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", self.note)

    def note(self, conn, cursor, statement, *args):
        self.seen.append(statement)


@pytest.mark.parametrize(
    "code",
    ["", "ABCD", "ABCDEF", "ABCD0", "ABCDO", "ABC'E", "A;--E", "ABCDE" * 300, "ÄBCDE",
     "AB DE", "'; DROP TABLE nnadd_polls; --", ["ABCD0"], None, 12345],
)  # fmt: skip
def test_an_odd_code_is_refused_before_any_query(store, code):
    store.migrate()
    counting = CountingStatements(store.engine)
    for call in (
        lambda: store.view(code),
        lambda: store.answer(code, rules.new_student(), "0.5"),
        lambda: store.my_answer(code, rules.new_student()),
        lambda: store.count(code, "t"),
        lambda: store.reveal(code, "t", 1.0),
    ):
        with pytest.raises(ps.PollRefused, match="letters and digits"):
            call()
    assert counting.seen == []
    with store.engine.connect() as conn:  # and the tables are all still there
        assert conn.execute(sa.select(sa.func.count()).select_from(ps.polls)).scalar() == 0


def test_a_typed_code_may_be_lower_case(store):
    opened = store.open("w1", "q")
    assert store.view(opened.code.lower()).code == opened.code


def test_answers_sent_at_once_from_many_threads_are_all_counted(store):
    """Sixty students at one moment, each through its own connection: none is lost."""
    opened = store.open("w1", "q")
    class_ = students(60)
    go = threading.Barrier(len(class_))
    failures: list[BaseException] = []

    def send(i: int, student: str) -> None:
        try:
            go.wait()
            store.answer(opened.code, student, str(i / 100))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=send, args=(i, s)) for i, s in enumerate(class_)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert store.count(opened.code, opened.token) == 60
    assert sorted(store.reveal(opened.code, opened.token, 0)) == [i / 100 for i in range(60)]


def test_an_unreachable_database_is_one_plain_error():
    store = ps.store_for_url("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(ps.PollUnavailable):
        store.view("ABCDE")
    with pytest.raises(ps.PollUnavailable):
        store.open("w1", "q")
