"""Nothing is lost: a class of 60 simulated students answers the poll within 10 s
through `deploy/serve-class 2` (one SQLite file in WAL mode shared by both replicas),
and every answer is counted; killing a replica mid-poll loses no answer already sent.

The students speak Streamlit's websocket protocol (harness/students.py), so no
browser is needed, only HAProxy (`apt-get install haproxy`; in CI a missing one fails).
Counts are exact; the times are printed under "nnadd in the browser: measured".
Last, a page started with its own secrets.toml sends its answers to PostgreSQL.
"""

from __future__ import annotations

import pytest

import harness as h
from harness import students
from nnadd.ui import poll_store as ps

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STUDENTS = 60
WITHIN = 10.0  # seconds from the moment they press Send to the last "Sent"


@pytest.fixture(scope="module")
def served(haproxy):
    logs = h.ARTIFACTS / "serve-class-poll"
    store = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))  # the replicas' own file
    with h.serving_class(2, logs) as running:
        try:
            students.warm_up_poll(running, store, 60)
            yield running, store
        finally:
            print(f"deploy/serve-class printed:\n{running.output()}")
    store.engine.dispose()


def test_sixty_students_answer_at_once_and_all_are_counted(served, measured):
    running, store = served
    result = students.poll_at_once(running, store, STUDENTS, timeout=60)
    measured("class poll through serve-class 2", students.poll_report("at once", result))
    failed = [f"{a.number}: {a.error}" for a in result.answers if a.error]
    assert failed == []
    assert result.counted == STUDENTS
    assert sorted(result.stored) == sorted(students.guess_of(n) for n in range(1, STUDENTS + 1))
    assert result.seconds <= WITHIN, f"the slowest answer took {result.seconds:.1f} s"


def test_killing_a_replica_mid_poll_loses_no_answer_already_sent(served, measured):
    running, store = served
    result = students.poll_with_a_kill(running, store, STUDENTS, timeout=60)
    measured("class poll, replica 1 killed", students.poll_report("after a kill", result))
    first_half = [a for a in result.answers if a.number <= STUDENTS // 2]
    assert all(a.sent for a in first_half), [a.error for a in first_half if a.error]
    assert result.lost == []  # every answer confirmed before the kill is there
    assert [a.error for a in result.answers if a.error] == []
    assert result.counted == STUDENTS
    assert sorted(result.stored) == sorted(students.guess_of(n) for n in range(1, STUDENTS + 1))


class ServerWithSecrets(h.Server):
    """`streamlit run app.py` reading a secrets.toml of the test's own."""

    def __init__(self, log_path, secrets_file) -> None:
        super().__init__(log_path)
        self.secrets_file = secrets_file

    def command(self) -> list[str]:
        return [*super().command(), "--secrets.files", str(self.secrets_file)]


def test_secrets_toml_points_the_page_at_postgresql(postgres_url, tmp_path):
    """[connections.polls] in secrets.toml, as the README says: the answers go to
    PostgreSQL, and none to the SQLite file."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[connections.polls]\nurl = "{postgres_url}"\n')
    elsewhere = ps.store_for_url(postgres_url)
    opened = elsewhere.open("w1", "asked on PostgreSQL")
    server = ServerWithSecrets(h.ARTIFACTS / "streamlit-secrets.log", secrets)
    try:
        server.start()
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        answers = students.run_apart(students.class_answers(url, opened.code, [1, 2, 3], 60))
        assert [a.error for a in answers] == [None] * 3, server.log_tail()
        assert elsewhere.count(opened.code, opened.token) == 3
        with pytest.raises(ps.PollRefused):
            ps.store_for_url(ps.sqlite_url(ps.sqlite_path())).view(opened.code)
    finally:
        server.stop()
        elsewhere.engine.dispose()
