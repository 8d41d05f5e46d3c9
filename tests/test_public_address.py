"""The address phones open (nnadd/public_address.py): the page's own, this machine's on
the local network in place of a loopback one, or NNADD_PUBLIC_URL. Every expected link
is written out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnadd import i18n, lesson_plan, poll_rules
from nnadd.public_address import (
    ENV,
    PublicAddress,
    on_this_machine,
    public_address,
    where_phones_go,
)
from nnadd.settings import Settings
from nnadd.ui import language

LAN = "192.168.1.23"
SCHOOL = "https://class.school.example/nnadd"
PLAYGROUND_QUERY = (
    "?epochs=10000&learning_rate=0.1&seed=42&activation=sigmoid&speed=Watch&start=seed"
)


@pytest.mark.parametrize(
    ("page", "url", "network"),
    [
        # a loopback page: the network address in its place, port and path kept
        ("http://localhost:8501/lesson", f"http://{LAN}:8501/lesson", f"{LAN}:8501"),
        ("http://127.0.0.1:8501/lesson", f"http://{LAN}:8501/lesson", f"{LAN}:8501"),
        ("http://127.8.9.10:8501/lesson", f"http://{LAN}:8501/lesson", f"{LAN}:8501"),
        ("http://[::1]:8501/lesson", f"http://{LAN}:8501/lesson", f"{LAN}:8501"),
        ("http://LOCALHOST:9000/lesson/", f"http://{LAN}:9000/lesson/", f"{LAN}:9000"),
        ("http://localhost/lesson", f"http://{LAN}/lesson", LAN),  # no port: none added
        ("https://localhost:8443/lesson", f"https://{LAN}:8443/lesson", f"{LAN}:8443"),
        # a path prefix (Streamlit's server.baseUrlPath)
        ("http://localhost:8501/nnadd/lesson", f"http://{LAN}:8501/nnadd/lesson", f"{LAN}:8501"),
        # the query and the fragment are the links' own business
        ("http://localhost:8501/lesson?step=2#top", f"http://{LAN}:8501/lesson", f"{LAN}:8501"),
        # a page phones can open already: as it is
        ("http://192.168.1.50:8501/lesson", "http://192.168.1.50:8501/lesson", None),
        ("http://teacher.local:8501/lesson", "http://teacher.local:8501/lesson", None),
        ("https://class.school.example/lesson", "https://class.school.example/lesson", None),
    ],
)
def test_a_loopback_page_becomes_the_network_address(page, url, network):
    assert public_address(page, LAN, None) == PublicAddress(url, network, None)


def test_an_ipv6_network_address_is_bracketed():
    found = public_address("http://localhost:8501/lesson", "fd00::23", None)
    assert found == PublicAddress("http://[fd00::23]:8501/lesson", "[fd00::23]:8501", None)


@pytest.mark.parametrize("network", [None, "", "127.0.0.1", "::1", "0.0.0.0", "not-an-ip"])
def test_without_a_network_address_the_page_keeps_its_own(network):
    """No network (or a lookup that found only this machine): today's address, which
    the page still warns about."""
    found = public_address("http://localhost:8501/lesson", network, None)
    assert found == PublicAddress("http://localhost:8501/lesson", None, None)
    assert lesson_plan.only_this_machine(poll_rules.answer_link(found.url, "K7M3Q"))


def test_an_unknown_page_stays_unknown():
    assert public_address(None, LAN, None) == PublicAddress(None, None, None)
    assert public_address("", LAN, "") == PublicAddress(None, None, None)


@pytest.mark.parametrize("public", [SCHOOL, SCHOOL + "/", SCHOOL + "//", f"  {SCHOOL}/\n"])
@pytest.mark.parametrize(
    "page",
    ["http://localhost:8501/lesson", "http://192.168.1.50:8501/lesson", "http://[::1]/lesson/"],
)
def test_the_public_address_overrides_both(public, page):
    found = public_address(page, LAN, public)
    assert found == PublicAddress(f"{SCHOOL}/lesson", None, None)
    assert poll_rules.answer_link(found.url, "K7M3Q") == f"{SCHOOL}/answer?poll=K7M3Q"
    assert lesson_plan.playground_link(found.url, Settings()) == f"{SCHOOL}/{PLAYGROUND_QUERY}"


def test_the_public_address_at_a_domains_root_and_with_a_port():
    found = public_address("http://localhost:8501/lesson", None, "https://class.example")
    assert found.url == "https://class.example/lesson"
    found = public_address(None, None, "http://10.0.0.9:8080/")
    assert poll_rules.answer_link(found.url, "K7M3Q") == "http://10.0.0.9:8080/answer?poll=K7M3Q"


@pytest.mark.parametrize(
    "bad",
    [
        "class.school.example/nnadd",  # no scheme
        "ftp://class.school.example/nnadd",
        "https://",
        "https:///nnadd",
        "https://class.school.example:port/nnadd",
        "https://class.school.example:99999/",
        "http://[::1",
        "https://class.school.example/nnadd?x=1",
        "https://class.school.example/nnadd#top",
        "https://teacher:secret@class.school.example/",
        "https://class school.example/",
        "https://class.school.example/nn\u200badd\x00",
    ],
)
def test_a_bad_public_address_is_named_and_left_out(bad):
    found = public_address("http://localhost:8501/lesson", LAN, bad)
    assert found.url == f"http://{LAN}:8501/lesson" and found.network == f"{LAN}:8501"
    assert found.problem == (
        f"{ENV} is {bad.strip()}, which is not a web address such as "
        "https://class.school.example/nnadd: the links leave it out."
    )
    without_network = public_address("http://localhost:8501/lesson", None, bad)
    assert without_network.url == "http://localhost:8501/lesson" and without_network.problem


def test_links_built_on_the_network_address_keep_the_language():
    found = public_address("http://localhost:8501/lesson", LAN, None)
    with i18n.using(language.language("de")):
        join = poll_rules.answer_link(found.url, "K7M3Q")
        playground = lesson_plan.playground_link(found.url, Settings())
        said = where_phones_go(found.network)
    assert join == f"http://{LAN}:8501/answer?poll=K7M3Q&lang=de"
    assert playground == f"http://{LAN}:8501/{PLAYGROUND_QUERY}&lang=de"
    assert LAN + ":8501" in said and said != where_phones_go(found.network)  # in German


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("app.localhost", True), ("127.0.0.1", True), ("127.1.2.3", True),
     ("::1", True), ("[::1]", True), (None, False), ("", False), ("192.168.1.23", False),
     ("localhost.example", False), ("::", False)],
)  # fmt: skip
def test_loopback_hosts(host, loopback):
    assert on_this_machine(host) is loopback


@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
def test_nothing_a_browser_or_a_variable_says_raises(page, network, public):
    found = public_address(page, network, public)
    assert found.url is None or isinstance(found.url, str)
    assert (found.problem is None) or ENV in found.problem
