"""Issue 22 through a real `streamlit run app.py`: simulated phones (Streamlit's own
websocket protocol, harness/students.py) open /answer?poll=CODE and send a guess.

- From 127.0.0.1 with X-Forwarded-For, as deploy/serve-class's HAProxy sends it: 100
  new pages from one address get at most NEW_PER_ADDRESS answers in; 30 pages from 30
  addresses all get in.
- From another address of this machine (not loopback), a forged X-Forwarded-For is
  ignored: 100 pages each claiming an address of its own are still one address.

No browser is needed; the counts are read from the database with the teacher's token.
"""

from __future__ import annotations

import socket

import pytest

import harness as h
from harness import students
from nnadd import poll_rules as rules
from nnadd.ui import poll_store as ps

pytestmark = pytest.mark.e2e

PAGES = 100


def sent_and_refused(answers: list[students.Answer]) -> tuple[int, int, list[str]]:
    sent = sum(a.sent for a in answers)
    busy = sum(1 for a in answers if a.error and ps.BUSY in a.error)
    other = [a.error for a in answers if a.error and ps.BUSY not in a.error]
    return sent, busy, other


@pytest.fixture(scope="module")
def store():
    made = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))  # the server's own file
    yield made
    made.engine.dispose()


@pytest.fixture(scope="module")
def server():
    with h.running_server(h.ARTIFACTS / "streamlit-poll-flood.log") as running:
        yield running


def test_one_address_behind_the_proxy_gets_at_most_the_limit_in(server, store, measured):
    opened = store.open("w1", "flooded")
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    answers = students.run_apart(
        students.class_answers(
            url, opened.code, list(range(1, PAGES + 1)), 120,
            headers_of=lambda n: {"X-Forwarded-For": "203.0.113.7"},
        )
    )  # fmt: skip
    sent, busy, other = sent_and_refused(answers)
    measured("100 new pages from one address", f"{sent} answers in, {busy} told to wait")
    assert other == [], server.log_tail()
    assert (sent, busy) == (50, PAGES - 50)
    assert rules.NEW_PER_ADDRESS == 50
    assert store.counts(opened.code, opened.token) == ps.Counts(50, 50)


def test_thirty_addresses_behind_the_proxy_all_get_in(server, store):
    opened = store.open("w1", "a class on mobile data")
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    answers = students.run_apart(
        students.class_answers(
            url, opened.code, list(range(1, 31)), 120,
            headers_of=lambda n: {"X-Forwarded-For": f"198.51.100.{n}"},
        )
    )  # fmt: skip
    assert [a.error for a in answers] == [None] * 30, server.log_tail()
    assert store.counts(opened.code, opened.token) == ps.Counts(30, 30)


def this_machines_other_address() -> str | None:
    """An address of this machine that is not loopback (the one a packet to a test
    network would leave from; a UDP socket's connect sends nothing), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        found = probe.getsockname()[0]
    return None if found.startswith("127.") or found == "0.0.0.0" else found


class ServerOn(h.Server):
    """`streamlit run app.py` listening on one given address of this machine."""

    def __init__(self, log_path, address: str) -> None:
        super().__init__(log_path)
        self.address = address
        self.url = f"http://{address}:{self.port}/"

    def command(self) -> list[str]:
        command = super().command()
        command[command.index("--server.address") + 1] = self.address
        return command


def test_a_forged_header_from_elsewhere_is_ignored(store, measured):
    address = this_machines_other_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    server = ServerOn(h.ARTIFACTS / "streamlit-poll-forged.log", address)
    opened = store.open("w1", "forged")
    try:
        server.start()
        url = f"ws://{address}:{server.port}/_stcore/stream"
        answers = students.run_apart(
            students.class_answers(
                url, opened.code, list(range(1, PAGES + 1)), 120,
                headers_of=lambda n: {"X-Forwarded-For": f"10.{n}.0.1"},
            )
        )  # fmt: skip
    finally:
        server.stop()
    sent, busy, other = sent_and_refused(answers)
    measured("100 pages with forged addresses", f"{sent} answers in, {busy} told to wait")
    assert other == [], server.log_tail()
    assert (sent, busy) == (50, PAGES - 50)
    assert rules.NEW_PER_ADDRESS == 50
