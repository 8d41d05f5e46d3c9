"""The lesson opened at localhost, through AppTest: the class poll's join link, its QR
code and step 7's Playground link name this machine's network address (the lookup held
at 192.168.1.23), and the page says so under the code; NNADD_PUBLIC_URL overrides it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from nnadd.public_address import ENV
from nnadd.ui import lesson_frame
from tests.helpers import APP, poll_tickets

LESSON = "app_pages/lesson.py"
LAN = "192.168.1.23"
SCHOOL = "https://class.school.example/nnadd"
SAID = f"Phones reach this computer at {LAN}:8501."
LOCALHOST_WARNING = "Phones can't open a localhost link: open the lesson at the class's address."


@pytest.fixture
def network(monkeypatch):
    """The network lookup, held at LAN (set `.found` to change it), and what it was asked."""

    class Lookup:
        def __init__(self) -> None:
            self.found: str | None = LAN
            self.asked: list[bool] = []

        def __call__(self, proxied: bool) -> str | None:
            self.asked.append(proxied)
            return self.found

    lookup = Lookup()
    monkeypatch.setattr(lesson_frame, "network_address", lookup)
    monkeypatch.delenv(ENV, raising=False)
    return lookup


def lesson_at(url: str, step: int, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.context["url"] = url
    at.query_params["step"] = str(step)
    if lang:
        at.query_params["lang"] = lang
    at.switch_page(LESSON)
    at.run()
    assert not at.exception, at.exception
    return at


def asked(url: str, lang: str | None = None) -> tuple[AppTest, str]:
    """Step 2 at `url`, the class asked: the page and the poll's code."""
    at = lesson_at(url, 2, lang)
    at.button(key="lesson_ask_class").click().run()
    assert not at.exception, at.exception
    return at, poll_tickets(at)["predict"].code


def under_the_code(at: AppTest) -> list[str]:
    """The captions in the QR code's column."""
    (column,) = [c for c in at.columns if c.get("image")]
    return [c.value for c in column.caption]


def qr_alt(at: AppTest) -> str:
    (image,) = at.get("image")
    return image.proto.imgs[0].alt


def test_a_lesson_at_localhost_gives_phones_the_network_address(network):
    at, code = asked("http://localhost:8501/lesson")
    join = f"http://{LAN}:8501/answer?poll={code}"
    assert at.code[0].value == join
    assert qr_alt(at) == f"QR code: it opens {join}"
    assert under_the_code(at) == [SAID]
    assert not at.warning  # today's warning is gone: phones can open this
    assert network.asked and not any(network.asked)  # no proxy in front of AppTest


def test_the_network_address_keeps_the_language_and_the_path(network):
    at, code = asked("http://127.0.0.1:8600/class/lesson", lang="de")
    assert at.code[0].value == f"http://{LAN}:8600/class/answer?poll={code}&lang=de"
    assert under_the_code(at) == [f"Handys erreichen diesen Computer unter {LAN}:8600."]


def test_without_a_network_the_page_warns_as_before(network):
    network.found = None
    at, code = asked("http://localhost:8501/lesson")
    assert at.code[0].value == f"http://localhost:8501/answer?poll={code}"
    assert [w.value for w in at.warning] == [LOCALHOST_WARNING]
    assert not under_the_code(at)


def test_a_page_the_class_can_open_already_keeps_its_address(network):
    at, code = asked("http://10.0.0.5:8501/lesson")
    assert at.code[0].value == f"http://10.0.0.5:8501/answer?poll={code}"
    assert not at.warning and not under_the_code(at)


@pytest.mark.parametrize("public", [SCHOOL, SCHOOL + "/"])
def test_the_public_address_builds_every_link(network, monkeypatch, public):
    monkeypatch.setenv(ENV, public)
    at, code = asked("http://localhost:8501/lesson")
    assert at.code[0].value == f"{SCHOOL}/answer?poll={code}"
    assert qr_alt(at) == f"QR code: it opens {SCHOOL}/answer?poll={code}"
    assert not at.warning and not under_the_code(at)


def test_a_bad_public_address_is_said_once_and_left_out(network, monkeypatch):
    monkeypatch.setenv(ENV, "class.school.example/nnadd")
    at, code = asked("http://localhost:8501/lesson")
    assert at.code[0].value == f"http://{LAN}:8501/answer?poll={code}"
    (warning,) = at.warning
    assert warning.value.startswith(f"{ENV.replace('_', chr(92) + '_')} is class")
    assert "not a web address" in warning.value and "the links leave it out" in warning.value


def test_step_7s_playground_link_names_the_network_address(network):
    at = lesson_at("http://localhost:8501/lesson", 7)
    link, *notes = [c.value for c in at.code]
    assert link.startswith(f"http://{LAN}:8501/?epochs=10000&learning_rate=0.1&seed=42")
    # the teacher's notes' links to this step are the teacher's own: the page's address
    assert notes and all(n.startswith("http://localhost:8501/lesson?step=7") for n in notes)
    assert SAID in [c.value for c in at.caption]
    assert not any("phones can't open it" in c.value for c in at.caption)
