"""The poll store on a real SQLite file and a real PostgreSQL (no mocks): the cap of
1,000 answers, the latest answer counting, late answers refused, the teacher's token,
expiry after 24 hours, and odd codes refused before any query. Issue 22: at most 50
new answerers from one address in any 10 minutes (one after another, and at once
through two replicas), who joined, clearing a vote, 500 open polls a server, a poll
asked again deleting the one it replaces, the purge on any write, schema 1 migrated
to 2, and a SQLite file readable by its owner only."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
import sqlalchemy as sa

from nnadd import poll_rules as rules
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
    assert store.version() == ps.SCHEMA_VERSION == 2
    again = ps.store_for_url(url)  # a second replica on the same database
    assert again.migrate() == 2
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(ps.schema_version.c.version)).scalars().all()
    assert rows == [2]
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
    assert str(full.value) == str(ps.refusal(ps.FULL))
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


# ---------------------------------------------------------------- issue 22: floods


def test_one_address_adds_at_most_the_limit_of_new_answerers(store, clock):
    """A script behind one address: 100 new pages in one minute, each sending 100.0.
    At most NEW_PER_ADDRESS (50) count; the rest get one plain sentence."""
    opened = store.open("w1", "q")
    first = clock.now + 0.6
    counted, refused = 0, []
    for _ in range(100):
        clock.now += 0.6  # 100 in 60 s
        try:
            store.answer(opened.code, rules.new_student(), "100.0", address="203.0.113.7")
            counted += 1
        except ps.PollRefused as no:
            refused.append(str(no))
    assert counted == rules.NEW_PER_ADDRESS == 50
    assert refused == [ps.BUSY] * 50
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 50)
    # 10 minutes after the first of them, one more may join; the window slides
    clock.now = first + rules.ADDRESS_WINDOW + 0.1
    store.answer(opened.code, rules.new_student(), "1", address="203.0.113.7")
    with pytest.raises(ps.PollRefused, match="Too many phones"):
        store.answer(opened.code, rules.new_student(), "1", address="203.0.113.7")


def test_thirty_addresses_with_one_answer_each_are_all_counted(store, clock):
    opened = store.open("w1", "q")
    for i in range(30):
        clock.now += 1
        store.answer(opened.code, rules.new_student(), i / 10, address=f"198.51.100.{i + 1}")
    assert store.counts(opened.code, opened.token) == ps.Counts(30, 30)


def test_a_class_of_40_behind_one_router_with_reloads_is_all_counted(store, clock):
    """40 phones behind one school address join (open the page) and answer in one
    minute; ten of them reload, so ten new pages join and answer again."""
    opened = store.open("w1", "q")
    class_ = students(40)
    for s in class_:
        clock.now += 0.5
        assert store.join(opened.code, s, "192.0.2.1")
    for i, s in enumerate(class_):
        store.answer(opened.code, s, i / 100, address="192.0.2.1")
    for s in students(10):  # the reloaded pages
        store.answer(opened.code, s, 0.5, address="192.0.2.1")
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 50)


def test_changing_an_answer_is_never_limited(store, clock):
    opened = store.open("w1", "q")
    class_ = students(rules.NEW_PER_ADDRESS)
    for s in class_:
        store.answer(opened.code, s, "0.1", address="192.0.2.1")
    with pytest.raises(ps.PollRefused, match="Too many phones"):
        store.join(opened.code, rules.new_student(), "192.0.2.1")
    for s in class_:  # everyone changes their mind, from the same address or another
        store.answer(opened.code, s, "0.2", address="192.0.2.1")
    store.answer(opened.code, class_[0], "0.3", address="192.0.2.99")
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 50)
    assert store.my_answer(opened.code, class_[0]) == 0.3


def test_a_page_joins_once_under_the_same_limit(store, clock):
    """Opening the page records "joined" once per page; joining takes the address's
    places as answering does, so pages that only open cannot flood "joined"."""
    opened = store.open("w1", "q")
    me = rules.new_student()
    assert store.join(opened.code, me, "192.0.2.1") is True
    assert store.join(opened.code, me, "192.0.2.1") is False  # the page again
    assert store.counts(opened.code, opened.token) == ps.Counts(1, 0)
    store.answer(opened.code, me, "0.5", address="192.0.2.1")
    assert store.counts(opened.code, opened.token) == ps.Counts(1, 1)
    for _ in range(rules.NEW_PER_ADDRESS - 1):
        store.join(opened.code, rules.new_student(), "192.0.2.1")
    with pytest.raises(ps.PollRefused) as busy:
        store.join(opened.code, rules.new_student(), "192.0.2.1")
    assert str(busy.value) == ps.BUSY
    with pytest.raises(ps.PollRefused, match="Too many phones"):
        store.answer(opened.code, rules.new_student(), "0.5", address="192.0.2.1")
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 1)
    # another address, and this machine itself (None), are not held back
    store.join(opened.code, rules.new_student(), "192.0.2.2")
    for _ in range(60):
        store.answer(opened.code, rules.new_student(), "0.5", address=None)
    assert store.counts(opened.code, opened.token) == ps.Counts(111, 61)
    # each poll has its own places: the same address may join another poll
    other = store.open("w1", "q")
    assert store.join(other.code, rules.new_student(), "192.0.2.1")
    store.reveal(opened.code, opened.token, 0.5)
    assert store.join(opened.code, rules.new_student(), "192.0.2.3") is False  # revealed


def test_the_limit_holds_for_pages_sent_at_once_through_two_replicas(store, url):
    """100 pages from one address at one moment, half through each of two stores
    (two replicas' engines on one database): exactly 50 get in."""
    opened = store.open("w1", "q")
    other = ps.store_for_url(url)
    other.clock = store.clock
    go = threading.Barrier(100)
    results: list[str] = []

    def send(replica: ps.PollStore) -> None:
        go.wait()
        try:
            replica.answer(opened.code, rules.new_student(), "100", address="203.0.113.7")
            results.append("in")
        except ps.PollRefused as no:
            results.append(str(no))
        except BaseException as exc:
            results.append(repr(exc))

    threads = [threading.Thread(target=send, args=((store, other)[i % 2],)) for i in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    other.engine.dispose()
    assert sorted(results) == sorted(["in"] * 50 + [ps.BUSY] * 50)
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 50)


def test_addresses_are_kept_only_as_hashes_and_go_with_the_poll(store, clock):
    opened = store.open("w1", "q")
    store.join(opened.code, rules.new_student(), "203.0.113.7")
    phone = rules.client_address("2001:db8:1:2::5", None)  # an IPv6 /64 counts as one
    store.answer(opened.code, rules.new_student(), "0.5", address=phone)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(ps.joins)).all()
        everything = " ".join(
            str(v)
            for table in (ps.polls, ps.answers, ps.joins)
            for row in conn.execute(sa.select(table)).all()
            for v in row
        )
    hashes = {r.address_hash for r in rows}
    assert hashes == {
        rules.address_hash(opened.code, "203.0.113.7"),
        rules.address_hash(opened.code, "2001:db8:1:2::/64"),
    }
    assert "203.0.113" not in everything and "2001:db8" not in everything
    clock.now += rules.LIFETIME
    store.open("w1", "q")  # deletes the expired poll, and who joined it
    with store.engine.connect() as conn:
        left = conn.execute(
            sa.select(sa.func.count()).select_from(ps.joins).where(ps.joins.c.code == opened.code)
        ).scalar()
    assert left == 0


# ---------------------------------------------------------------- issue 22: clear


def test_the_teacher_clears_the_answers_and_the_class_sends_again(store, clock):
    opened = store.open("w1", "q")
    one, two = students(2)
    store.answer(opened.code, one, "0.5", address="192.0.2.1")
    store.answer(opened.code, two, "100", address="192.0.2.1")
    assert store.view(opened.code).cleared == 0
    for wrong in (None, "", rules.new_token()):
        with pytest.raises(ps.PollRefused, match="Only the teacher"):
            store.clear(opened.code, wrong)
    assert store.count(opened.code, opened.token) == 2
    assert store.clear(opened.code, opened.token) == 2
    assert store.view(opened.code).cleared == 1  # the phones see this and ask again
    assert store.my_answer(opened.code, one) is None
    assert store.counts(opened.code, opened.token) == ps.Counts(2, 0)  # who joined stays
    store.answer(opened.code, one, "0.6", address="192.0.2.1")
    assert store.counts(opened.code, opened.token) == ps.Counts(2, 1)
    assert store.reveal(opened.code, opened.token, 0.6) == [0.6]
    with pytest.raises(ps.PollRefused) as late:
        store.clear(opened.code, opened.token)
    assert str(late.value) == ps.CLEAR_LATE
    assert store.guesses(opened.code, opened.token) == [0.6]


# ---------------------------------------------------------------- issue 22: bounds


def test_a_server_holds_at_most_500_open_polls(store, clock):
    store.migrate()
    with store.engine.begin() as conn:
        conn.execute(
            ps.polls.insert(),
            [{"code": f"{rules.ALPHABET[i // 31]}{rules.ALPHABET[i % 31]}ZZZ", "kind": "w1",
              "question": "q", "token_hash": "x" * 64, "created_at": clock.now - 60}
             for i in range(499)],
        )  # fmt: skip
    last = store.open("w1", "q")  # the 500th
    with pytest.raises(ps.PollRefused) as full:
        store.open("w1", "q")
    assert str(full.value) == str(ps.refusal(ps.TOO_MANY_POLLS))
    assert "too many open class polls (500)" in str(ps.refusal(ps.TOO_MANY_POLLS))
    assert rules.MAX_OPEN_POLLS == 500
    # a teacher who asks again in place of their own poll still can
    again = store.open("w1", "q", retire=[(last.code, last.token)])
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.view(last.code)
    # and when the oldest expire, new polls open again
    clock.now += rules.LIFETIME - 30
    store.open("w1", "q")
    assert store.view(again.code).code == again.code


def test_opening_a_poll_in_place_of_another_deletes_it_only_with_its_token(store):
    first = store.open("w1", "q")
    store.answer(first.code, rules.new_student(), "0.5", address="192.0.2.1")
    stranger = store.open("w1", "q", retire=[(first.code, rules.new_token()), ("odd!", "t")])
    assert store.view(first.code).code == first.code  # a wrong token deletes nothing
    second = store.open("w1", "q", retire=[(first.code, first.token)])
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.view(first.code)
    with store.engine.connect() as conn:
        codes = set(conn.execute(sa.select(ps.polls.c.code)).scalars())
        left = {
            table.name: conn.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.code == first.code)
            ).scalar()
            for table in (ps.answers, ps.joins)
        }
    assert codes == {stranger.code, second.code}
    assert left == {"nnadd_answers": 0, "nnadd_joins": 0}


@pytest.mark.parametrize("write", ["answer", "join", "reveal", "clear", "open"])
def test_any_write_deletes_the_expired_polls(store, clock, write):
    old = store.open("w1", "q")
    store.answer(old.code, rules.new_student(), "0.5")
    clock.now += rules.LIFETIME / 2
    fresh = store.open("w1", "q")
    clock.now += rules.LIFETIME / 2  # the old poll is past its 24 hours, the fresh one not
    {
        "answer": lambda: store.answer(fresh.code, rules.new_student(), "0.5"),
        "join": lambda: store.join(fresh.code, rules.new_student(), "192.0.2.1"),
        "reveal": lambda: store.reveal(fresh.code, fresh.token, 0.5),
        "clear": lambda: store.clear(fresh.code, fresh.token),
        "open": lambda: store.open("w1", "q"),
    }[write]()

    def left(table: sa.Table) -> int:
        with store.engine.connect() as conn:
            found = sa.select(sa.func.count()).select_from(table)
            return conn.execute(found.where(table.c.code == old.code)).scalar()

    assert (left(ps.polls), left(ps.answers)) == (0, 0)
    assert left(ps.joins) == 0


def test_the_purge_runs_at_most_once_a_minute(store, clock):
    store.open("w1", "q")
    counting = CountingStatements(store.engine)
    opened = store.open("w1", "q")
    for _ in range(5):
        clock.now += 1
        store.answer(opened.code, rules.new_student(), "0.5")
    clock.now += rules.PURGE_EVERY
    store.answer(opened.code, rules.new_student(), "0.5")
    purges = [s for s in counting.seen if s.lstrip().upper().startswith("DELETE FROM NNADD_POLLS")]
    assert len(purges) == 1


# ---------------------------------------------------------------- issue 22: schema 2


def test_a_schema_1_database_is_migrated_and_its_polls_stay_readable(url, clock):
    """A database made by the page before issue 22 (schema 1), with an open poll
    and a revealed one: the new page migrates it to 2, and both polls work on."""
    engine = ps.prepare(sa.create_engine(url, **ps.engine_options(url)))
    token = rules.new_token()
    with engine.begin() as conn:
        ps.schema_version.create(conn)
        ps.MIGRATIONS[0][1](conn)  # schema 1
        conn.execute(ps.schema_version.insert().values(version=1))
        conn.execute(
            sa.text(
                "INSERT INTO nnadd_polls (code, kind, question, token_hash, created_at, "
                "revealed_at, truth) VALUES (:code, 'w1', 'q', :hash, :now, :at, :truth)"
            ),
            [{"code": "AAAAA", "hash": rules.token_hash(token), "now": clock.now, "at": None,
              "truth": None},
             {"code": "BBBBB", "hash": rules.token_hash(token), "now": clock.now,
              "at": clock.now, "truth": 0.5}],
        )  # fmt: skip
        old_students = students(3)
        conn.execute(
            sa.text(
                "INSERT INTO nnadd_answers (code, student, guess, answered_at) "
                "VALUES (:code, :student, :guess, :at)"
            ),
            [{"code": c, "student": s, "guess": g, "at": clock.now}
             for c in ("AAAAA", "BBBBB")
             for s, g in zip(old_students, (0.1, 0.2, 0.3), strict=True)],
        )  # fmt: skip
    engine.dispose()

    store = ps.store_for_url(url)
    store.clock = clock
    assert store.migrate() == 2 and store.version() == 2
    assert store.view("AAAAA") == ps.PollView("AAAAA", "w1", "q", False, None, 0)
    assert store.view("BBBBB") == ps.PollView("BBBBB", "w1", "q", True, 0.5, 0)
    assert store.counts("AAAAA", token) == ps.Counts(3, 3)  # each answer had joined
    assert store.guesses("BBBBB", token) == [0.1, 0.2, 0.3]
    assert store.my_answer("AAAAA", old_students[0]) == 0.1
    store.answer("AAAAA", old_students[0], "0.4", address="192.0.2.1")
    store.answer("AAAAA", rules.new_student(), "0.5", address="192.0.2.1")
    assert store.counts("AAAAA", token) == ps.Counts(4, 4)
    assert sorted(store.reveal("AAAAA", token, 0.4)) == [0.2, 0.3, 0.4, 0.5]
    again = ps.store_for_url(url)  # another replica: nothing more to do
    assert again.migrate() == 2
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(ps.schema_version.c.version)).scalars().all() == [2]
    again.engine.dispose()
    store.engine.dispose()


# ---------------------------------------------------------------- issue 22: the file


def test_the_sqlite_file_and_its_folder_are_the_owners_only(tmp_path):
    """With a umask that lets everyone read (0), the folder the store makes is 0700
    and the database, its -wal and its -shm are 0600."""
    path = tmp_path / "made-here" / "polls.sqlite3"
    old = os.umask(0)
    try:
        store = ps.store_for_url(ps.sqlite_url(path))
        opened = store.open("w1", "q")
        store.answer(opened.code, rules.new_student(), "0.5")
        with store.engine.connect() as conn:  # a reader keeps -wal and -shm in place
            conn.execute(sa.select(ps.polls)).all()
            modes = {p.name: oct(p.stat().st_mode & 0o777) for p in sorted(path.parent.iterdir())}
        store.engine.dispose()
    finally:
        os.umask(old)
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert modes == {
        "polls.sqlite3": "0o600", "polls.sqlite3-shm": "0o600", "polls.sqlite3-wal": "0o600",
    }  # fmt: skip


def test_a_file_made_wider_before_is_narrowed(tmp_path):
    path = tmp_path / "polls.sqlite3"
    old = os.umask(0)
    try:
        first = ps.store_for_url(ps.sqlite_url(path))
        first.open("w1", "q")
        first.engine.dispose()
        os.chmod(path, 0o644)  # as the page before issue 22 left it
        again = ps.store_for_url(ps.sqlite_url(path))
        again.open("w1", "q")
        again.engine.dispose()
    finally:
        os.umask(old)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_one_address_holds_at_most_forty_open_polls(store, clock):
    """One script cannot take every open poll of the server for a day: an address has
    at most MOST_OPEN_FROM_ADDRESS open at once; another address, and this machine, can
    still open; as its polls expire, the address can open again."""
    assert rules.MOST_OPEN_FROM_ADDRESS == 40
    for _ in range(40):
        store.open("w1", "q", address="198.51.100.7")
        clock.now += 1
    with pytest.raises(ps.PollRefused) as refused:
        store.open("w1", "q", address="198.51.100.7")
    assert str(refused.value) == str(ps.refusal(ps.TOO_MANY_FROM_HERE))
    assert "40 class polls open already" in str(ps.refusal(ps.TOO_MANY_FROM_HERE))
    store.open("w1", "q", address="198.51.100.8")  # another school
    store.open("w1", "q")  # this machine itself is not limited
    clock.now += rules.LIFETIME - 39.5  # the first poll from .7 has expired, the rest not
    again = store.open("w1", "q", address="198.51.100.7")
    assert store.view(again.code).code == again.code
    with pytest.raises(ps.PollRefused):
        store.open("w1", "q", address="198.51.100.7")
    with store.engine.connect() as conn:  # the address is never kept, only its hash
        kept = set(conn.execute(sa.select(ps.polls.c.opened_from)).scalars())
    assert rules.opener_hash("198.51.100.7") in kept and "198.51.100.7" not in kept
