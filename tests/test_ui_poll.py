"""The class poll's parts alone: the histogram as a pure figure, its text alternative,
and the teacher's panel through AppTest.from_function."""

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from nnadd import poll_rules as rules
from nnadd.ui import poll_parts


def test_the_histogram_has_a_bar_per_bin_and_the_truth_as_a_line():
    guesses = [0.6, 0.64, 0.65, 0.7, 0.9]
    bins = rules.bins(guesses, 0.6435)
    fig = poll_parts.histogram_figure(bins, 0.6435, 4)
    go.Figure(fig.to_dict())  # plotly's own validation accepts it
    bars, line = fig.data
    assert bars.type == "bar" and sum(bars.y) == 5 and len(bars.x) == len(bins)
    assert list(bars.x) == [(b.low + b.high) / 2 for b in bins]
    assert line.name == "true value 0.6435" and list(line.x) == [0.6435, 0.6435]
    assert fig.layout.template.to_plotly_json() == {"data": {}, "layout": {}}  # NO_TEMPLATE
    assert fig.layout.yaxis.dtick == 1  # whole students


def test_the_alt_text_states_the_numbers():
    guesses = [0.6, 0.64, 0.65, 0.7, 0.9]
    summary = rules.summarise(guesses, 0.6435)
    alt = poll_parts.histogram_alt(summary, rules.bins(guesses, 0.6435), 4)
    assert alt.startswith("The class's 5 guesses against the true value, 0.6435: 4 within 0.1.")
    assert (
        "0.6000 to 0.6500: 2" in alt and "0.8500 to 0.9000: 1" in alt
    )  # the last bin holds its high end
    empty = rules.summarise([], 21)
    assert (
        poll_parts.histogram_alt(empty, rules.bins([], 21), 0)
        == "Nobody answered. The true value is 21."
    )


def test_the_open_poll_shows_the_code_link_qr_and_count():
    def script():
        from nnadd.ui import lesson_frame, poll_parts

        link = "http://10.0.0.5:8501/answer?poll=K7M3Q"
        poll_parts.asking(
            "What is w1?", "K7M3Q", link, lesson_frame.qr_svg(link),
            lambda: (9, 7), lambda: None, lambda: None,
            poll_parts.ClearStep(False, print, print, print),
        )  # fmt: skip

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    said = [m.value for m in at.markdown]
    assert "### Code K7M3Q" in said and "### 9 joined · 7 answered" in said
    assert at.code[0].value == "http://10.0.0.5:8501/answer?poll=K7M3Q"
    assert {b.key for b in at.button} == {"poll_reveal", "poll_back", "poll_clear_ask"}
    assert not at.warning  # 9 is a class


def test_a_link_that_names_this_machine_is_warned_about_beside_the_qr_code():
    """Step 7 warns that phones can't open a localhost link; the poll's screen, whose
    QR code the whole class scans, warns too, and only for such a link."""

    def script(link):
        from nnadd.ui import lesson_frame, poll_parts

        poll_parts.asking(
            "What is w1?", "K7M3Q", link, lesson_frame.qr_svg(link),
            lambda: (2, 1), lambda: None, lambda: None,
            poll_parts.ClearStep(False, print, print, print),
        )  # fmt: skip

    for link, warned in (
        ("http://localhost:8501/answer?poll=K7M3Q", True),
        ("http://127.0.0.1:8501/answer?poll=K7M3Q", True),
        ("http://10.0.0.5:8501/answer?poll=K7M3Q", False),
    ):
        at = AppTest.from_function(script, kwargs={"link": link}, default_timeout=30).run()
        assert not at.exception
        said = [w.value for w in at.warning]
        assert said == (
            ["Phones can't open a localhost link: open the lesson at the class's address."]
            if warned else []
        ), link  # fmt: skip
        if warned:  # in the QR code's column, under it
            assert at.columns[0].warning[0].value == said[0] and at.columns[0].image


def test_clear_answers_asks_first():
    """The first press asks; only Yes clears; No keeps the answers."""

    def script():
        import streamlit as st

        from nnadd.ui import lesson_frame, poll_parts

        said = st.session_state.setdefault("said", [])
        clear = poll_parts.ClearStep(
            st.session_state.get("asking", False),
            lambda: st.session_state.update(asking=True) or said.append("ask"),
            lambda: st.session_state.update(asking=False) or said.append("yes"),
            lambda: st.session_state.update(asking=False) or said.append("no"),
        )
        poll_parts.asking("q", "K7M3Q", "/answer?poll=K7M3Q", lesson_frame.qr_svg("x"),
                          lambda: (3, 2), lambda: None, lambda: None, clear)  # fmt: skip

    at = AppTest.from_function(script, default_timeout=30).run()
    assert at.button(key="poll_clear_ask").label == "Clear answers"
    assert not [b for b in at.button if b.key in ("poll_clear", "poll_keep")]
    at.button(key="poll_clear_ask").click().run()
    assert at.session_state["said"] == ["ask"]
    assert any(m.value.startswith("**Delete every answer to this poll?**") for m in at.markdown)
    assert at.button(key="poll_clear").label == "Yes, delete the answers"
    assert at.button(key="poll_keep").label == "No, keep them"
    assert not [b for b in at.button if b.key in ("poll_reveal", "poll_clear_ask")]
    at.button(key="poll_keep").click().run()
    assert at.session_state["said"] == ["ask", "no"]
    at.button(key="poll_clear_ask").click().run()
    at.button(key="poll_clear").click().run()
    assert at.session_state["said"] == ["ask", "no", "ask", "yes"]
    assert at.button(key="poll_reveal")


def test_more_joined_than_a_class_warns_the_teacher():
    def script():
        from nnadd.ui import lesson_frame, poll_parts

        poll_parts.asking("q", "K7M3Q", "/answer?poll=K7M3Q", lesson_frame.qr_svg("x"),
                          lambda: (61, 24), lambda: None, lambda: None,
                          poll_parts.ClearStep(False, print, print, print))  # fmt: skip

    at = AppTest.from_function(script, default_timeout=30).run()
    assert "### 61 joined · 24 answered" in [m.value for m in at.markdown]
    (warning,) = at.warning
    assert warning.value.startswith("More than 60 joined: someone may be sending extra answers.")
    assert "Clear answers" in warning.value and "Ask again for a new code" in warning.value


def test_an_unreachable_count_says_so():
    def script():
        from nnadd.ui import lesson_frame, poll_parts

        poll_parts.asking("q", "K7M3Q", "/answer?poll=K7M3Q", lesson_frame.qr_svg("x"),
                          lambda: None, lambda: None, lambda: None,
                          poll_parts.ClearStep(False, print, print, print))  # fmt: skip

    at = AppTest.from_function(script, default_timeout=30).run()
    assert "**Answers:** not reachable right now" in [m.value for m in at.markdown]
