"""The class poll's rules (nnadd/poll_rules.py), checked against plain calculations."""

from __future__ import annotations

import hashlib
import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnadd import poll_rules as rules

GUESSES = st.lists(
    st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False),
    max_size=60,
)
TRUTH = st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False)


def test_a_new_code_is_short_and_unambiguous():
    codes = {rules.new_code() for _ in range(2000)}
    assert len(codes) > 1990  # 28.6 million of them: collisions are rare
    for code in codes:
        assert len(code) == 5 and rules.check_code(code) == code
        assert not set(code) & set("01OIL")


@pytest.mark.parametrize(
    "raw,expected",
    [("K7M3Q", "K7M3Q"), ("k7m3q", "K7M3Q"), (" K7M3Q ", "K7M3Q"), (["X", "K7M3Q"], "K7M3Q"),
     ("K7M3", None), ("K7M3QQ", None), ("K7M0Q", None), ("K7MOQ", None), ("K7M1Q", None),
     ("K7'3Q", None), ("K7M3Q" * 1000, None), ("", None), ([], None), (None, None),
     (12345, None), ("Ｋ7M3Q", None), ("K7M3\u0000", None)],
)  # fmt: skip
def test_check_code(raw, expected):
    assert rules.check_code(raw) == expected


def test_the_token_is_secret_and_compared_by_its_hash():
    token = rules.new_token()
    assert len(token) >= 40 and rules.new_token() != token
    stored = rules.token_hash(token)
    assert token not in stored and len(stored) == 64
    assert rules.token_matches(token, stored)
    for wrong in (token[:-1], token + "a", "", None, stored, 42):
        assert not rules.token_matches(wrong, stored)


def test_a_student_id_is_random_and_checked():
    one, two = rules.new_student(), rules.new_student()
    assert one != two and rules.check_student(one)
    for bad in ("", "short", "x" * 65, "a b" * 10, None, 5, "é" * 20):
        assert not rules.check_student(bad)


@pytest.mark.parametrize(
    "raw,value",
    [("0.5", 0.5), (" -0.25 ", -0.25), ("1e1", 10.0), (100, 100.0), (-100.0, -100.0),
     ("21", 21.0), (0, 0.0)],
)  # fmt: skip
def test_a_guess_is_a_number_between_minus_100_and_100(raw, value):
    assert rules.parse_guess(raw) == value


@pytest.mark.parametrize(
    "raw,says",
    [(None, "Type a number"), ("", "Type a number"), ("   ", "Type a number"),
     ("abc", "not a number"), ("0x10", "not a number"), ("1" * 50, "not a number"),
     ("nan", "between -100 and 100"), ("inf", "between -100 and 100"),
     (math.nan, "between -100 and 100"), (-math.inf, "between -100 and 100"),
     ("100.0001", "between -100 and 100"), (-101, "between -100 and 100"),
     (10**400, "between -100 and 100"), (True, "must be a number"), ([1], "must be a number")],
)  # fmt: skip
def test_a_bad_guess_is_refused_with_a_clear_message(raw, says):
    with pytest.raises(rules.GuessRefused, match=says):
        rules.parse_guess(raw)


def test_expiry_at_24_hours():
    assert not rules.expired(1000.0, 1000.0 + 24 * 3600 - 0.001)
    assert rules.expired(1000.0, 1000.0 + 24 * 3600)


@given(GUESSES, TRUTH)
def test_the_summary_matches_a_plain_count(guesses, truth):
    s = rules.summarise(guesses, truth)
    assert s.count == len(guesses)
    assert s.within == len([g for g in guesses if abs(g - truth) <= 0.1 + 1e-9])
    if guesses:
        assert s.median == statistics.median(guesses)
        assert (s.low, s.high) == (min(guesses), max(guesses))
        near = sorted(abs(g - truth) for g in guesses if abs(g - truth) <= 0.1 + 1e-9)
        assert len(s.closest) == min(3, len(near))
        # the nearest few, each within 0.1
        assert sorted(abs(c - truth) for c in s.closest) == pytest.approx(near[:3], abs=1e-9)
    else:
        assert s.closest == () and s.median is None


def test_the_closest_are_at_most_three_each_within_0_1_or_none_is_said():
    truth = 0.6434527
    far = rules.summarise([truth + 0.56, truth - 0.3, 1.5], truth)
    assert far.closest == () and far.within == 0
    assert rules.closest_words(far, 4) == "**No guess was within 0.1** of the true value."
    mixed = rules.summarise([1.2, 0.7, 0.6, 0.65, 0.64, 0.5], truth)
    assert mixed.closest == (0.64, 0.65, 0.6)  # 0.0035, 0.0065, 0.0435 away; not 0.7
    assert rules.closest_words(mixed, 4) == "**Closest guesses:** 0.6400, 0.6500, 0.6000"
    assert rules.closest_words(rules.summarise([], truth), 4) is None


def test_only_a_guess_within_0_1_is_close():
    assert rules.close(0.6, 0.5) and rules.close(0.4, 0.5) and rules.close(21, 21)
    assert not rules.close(0.61, 0.5) and not rules.close(0.5 + 0.56, 0.5)
    assert not rules.close(20, 21)


def test_within_0_1_reads_as_a_person_reads_it():
    s = rules.summarise([0.6, 0.4, 0.61, 0.39, 0.5], 0.5)
    assert s.within == 3  # 0.6 - 0.5 is 0.09999999999999998 or 0.1000000000000001 in floats
    assert s.closest == (0.5, 0.4, 0.6)


@given(GUESSES, TRUTH)
def test_the_bins_hold_every_guess_once_and_cover_the_truth(guesses, truth):
    bins = rules.bins(guesses, truth)
    assert sum(b.count for b in bins) == len(guesses)
    assert 1 <= len(bins) <= 14
    assert bins[0].low <= min([*guesses, truth]) + 1e-9
    assert bins[-1].high >= max([*guesses, truth]) - 1e-9
    widths = {round(b.high - b.low, 6) for b in bins}
    assert len(widths) == 1
    # each bin counts [low, high); a guess a billionth of a bin's width below an edge
    # (float noise, such as -7.7e-09 for 0) counts in the bin above
    slack = 1e-9 * widths.pop()
    for b in bins[:-1]:
        assert b.count == len([g for g in guesses if b.low - slack <= g < b.high - slack])


def test_whole_number_guesses_get_one_bin_per_number():
    bins = rules.bins([20, 21, 21, 25, 19], 21)
    assert [(b.low, b.high) for b in bins] == [(x - 0.5, x + 0.5) for x in range(19, 26)]
    assert [b.count for b in bins] == [1, 1, 2, 0, 0, 0, 1]


def test_how_far():
    assert rules.how_far(0.7, 0.6434527, 4) == "Your guess, 0.7000, was 0.0565 too high."
    assert rules.how_far(0.6, 0.6434527, 4) == "Your guess, 0.6000, was 0.0435 too low."
    assert rules.how_far(21, 21, 0) == "Your guess, 21, is right."


@pytest.mark.parametrize(
    "page,link",
    [("http://10.0.0.5:8501/lesson?step=2&seed=42", "http://10.0.0.5:8501/answer?poll=K7M3Q"),
     ("http://10.0.0.5:8501/lesson/", "http://10.0.0.5:8501/answer?poll=K7M3Q"),
     ("http://10.0.0.5:8501/", "http://10.0.0.5:8501/answer?poll=K7M3Q"),
     ("http://h/class/lesson", "http://h/class/answer?poll=K7M3Q"),
     (None, "/answer?poll=K7M3Q")],
)  # fmt: skip
def test_the_answer_link(page, link):
    assert rules.answer_link(page, "K7M3Q") == link


def test_the_ticket_never_shows_its_token():
    ticket = rules.PollTicket("K7M3Q", "secret-token", "w1", "q", False, True)
    assert "secret-token" not in repr(ticket) and "secret-token" not in str(ticket)


# ---------------------------------------------------------------- issue 22


@pytest.mark.parametrize(
    "peer,forwarded,address",
    [
        # from this machine (Streamlit says None for 127.0.0.1 and ::1): HAProxy's word
        (None, ["203.0.113.7"], "203.0.113.7"),
        (None, "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
        ("::1", ["203.0.113.7"], "203.0.113.7"),
        (None, ["10.9.9.9, 203.0.113.7"], "203.0.113.7"),  # the proxy's own is the last
        (None, ["10.9.9.9", "203.0.113.7"], "203.0.113.7"),  # two header lines
        (None, [" 203.0.113.7 "], "203.0.113.7"),
        (None, ["::ffff:203.0.113.7"], "203.0.113.7"),
        (None, ["2001:db8:1:2:aaaa::5"], "2001:db8:1:2::/64"),  # one device's /64
        (None, ["2001:db8:1:2:bbbb::6"], "2001:db8:1:2::/64"),
        # a client on this machine itself, or nobody said: not limited
        (None, [], None),
        (None, None, None),
        (None, ["127.0.0.1"], None),
        (None, ["::1"], None),
        # a bad header from this machine: not believed
        (None, ["not an address"], None),
        (None, ["203.0.113.7, "], None),
        (None, ["203.0.113.7:8080"], None),
        (None, ["999.1.1.1"], None),
        (None, ["1" * 100], None),
        (None, [""], None),
        # a peer elsewhere: its own address, whatever header it forged
        ("198.51.100.4", ["203.0.113.7"], "198.51.100.4"),
        ("198.51.100.4", ["127.0.0.1"], "198.51.100.4"),
        ("198.51.100.4", None, "198.51.100.4"),
        ("2001:db8:9::1", ["203.0.113.7"], "2001:db8:9::/64"),
        ("::ffff:198.51.100.4", ["203.0.113.7"], "198.51.100.4"),
        # not an address at all (AppTest gives a stand-in object)
        (object(), ["203.0.113.7"], None),
        ("nonsense", ["203.0.113.7"], None),
    ],
)
def test_the_client_address(peer, forwarded, address):
    assert rules.client_address(peer, forwarded) == address


def test_an_address_is_stored_only_as_a_hash_with_the_code():
    one = rules.address_hash("K7M3Q", "203.0.113.7")
    assert len(one) == 64 and "203" not in one
    assert one == hashlib.sha256(b"K7M3Q 203.0.113.7").hexdigest()
    assert rules.address_hash("K7M3R", "203.0.113.7") != one


def test_the_rule_for_new_answerers():
    assert rules.NEW_PER_ADDRESS == 50 and rules.ADDRESS_WINDOW == 600
    assert rules.may_join(0) and rules.may_join(49) and not rules.may_join(50)
    assert not rules.too_many_joined(60) and rules.too_many_joined(61)


def test_minus_zero_is_written_as_zero():
    assert rules.shown(-0.0, 4) == "0.0000"
    assert rules.shown(-0.00004, 4) == "0.0000"  # rounds to zero
    assert rules.shown(-0.00005001, 4) == "-0.0001"
    assert rules.shown(-0.0, 0) == "0" and rules.shown(-0.4, 0) == "0"
    assert rules.shown(-2.5, 1) == "-2.5" and rules.shown(0.1234, 2) == "0.12"
    assert math.copysign(1, rules.parse_guess("-0")) == 1.0
    assert math.copysign(1, rules.parse_guess(-0.0)) == 1.0
    assert rules.how_far(-0.0, 0.0, 4) == "Your guess, 0.0000, is right."
    assert rules.how_far(-0.0, 0.5, 4) == "Your guess, 0.0000, was 0.5000 too low."
    assert rules.how_far(-0.0, 0.0, 0) == "Your guess, 0, is right."
    assert rules.how_far(-0.0, 2.0, 0) == "Your guess, 0, was 2 too low."
