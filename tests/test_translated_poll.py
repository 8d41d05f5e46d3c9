"""The class poll in the pseudo-language (tests/pseudo.py): every word of the student's
page and of the teacher's poll goes through the translator, and every number through
the one helper. On a branch where a word is written plainly, its text shows outside
the ⟦ ⟧ markers and the test names it. Also the long-work machinery's messages, which
are made in the worker pool's thread, read in the page's language."""

from __future__ import annotations

import json
import pickle
import threading

import pytest

from nnadd import i18n
from nnadd import poll_rules as rules
from nnadd.data import article_data
from nnadd.ondemand import NotNow
from nnadd.ui import poll_parts
from nnadd.ui import poll_store as ps
from nnadd.workers import TrainingPool, _died, _how_it_ended, _Job, _not_started
from tests import pseudo
from tests.helpers import alone, open_app, poll_tickets, text

LESSON, ANSWER = "app_pages/lesson.py", "app_pages/answer.py"
QPS = {"lang": pseudo.CODE}


@pytest.fixture
def store():
    made = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    yield made
    made.engine.dispose()


def unmarked(at, block=None) -> list[str]:
    """pseudo.untranslated for the page, or for one of its blocks, less the allowance."""
    if block is not None:

        class Part:  # pseudo's reader walks `_tree`
            _tree = block

        at = Part
    return pseudo.untranslated(at)


def keyed_block(at, key: str):
    """The container made with st.container(key=key)."""
    from streamlit.testing.v1.element_tree import Block

    def find(node):
        if isinstance(node, Block):
            if getattr(getattr(node, "proto", None), "id", "").endswith(f"-{key}"):
                return node
            for _, child in sorted(node.children.items()):
                if (got := find(child)) is not None:
                    return got
        return None

    found = find(at._tree)
    assert found is not None, key
    return found


def rerun(at, pressed=None):
    """Run the page again in the pseudo-language. The lesson rewrites its own link
    (without ?lang= until the lead's links keep it), so the test puts it back."""
    if pressed is not None:
        pressed.click()
    at.query_params["lang"] = pseudo.CODE
    at.run()
    assert not at.exception, at.exception
    return at


def pseudo_poll(store, kind: str = "w1") -> ps.Opened:
    """A poll opened as a teacher's page in the pseudo-language opens it: its question
    in the pseudo-language's words and numbers."""
    with i18n.using(pseudo.PSEUDO):
        words = rules.question_words(kind, now=rules.shown(0.6394, 4), epochs=10_000)
    assert pseudo.leftover_words(words) == ""
    return store.open(kind, words)


def phone(code: str) -> object:
    return open_app({"poll": code, **QPS}, ANSWER)


# ---------------------------------------------------------------- the student's phone


def test_the_student_page_before_and_after_answering_and_with_bad_guesses(monkeypatch, store):
    pseudo.speak_pseudo(monkeypatch)
    opened = pseudo_poll(store)
    at = phone(opened.code)
    assert at.title[0].value == "⟦Class poll⟧" and "0,6394" in text(at.markdown[0])
    assert unmarked(at) == []  # the question, the guess box, Send, "not sent yet"

    rerun(at, at.button(key="poll_send"))  # empty
    assert "Type a number first" in text(at.error[0]) and unmarked(at) == []
    at.number_input(key="poll_guess").set_value(150.0)
    rerun(at, at.button(key="poll_send"))  # out of bounds: its numbers too
    assert "100" in text(at.error[0]) and unmarked(at) == []

    at.number_input(key="poll_guess").set_value(0.65)
    rerun(at, at.button(key="poll_send"))
    assert text(at.success[0]) == "⟦Sent: 0,6500.⟧"  # the decimal comma: the one helper
    assert unmarked(at) == []

    store.reveal(opened.code, opened.token, 0.6434527)
    rerun(at)
    assert {m.label: m.value for m in at.metric} == {"⟦The true value⟧": "0,6435"}
    assert text(at.success[0]) == "⟦Your guess, 0,6500, was 0,0065 too high.⟧"
    assert unmarked(at) == []


def test_a_far_guess_a_missed_poll_and_a_late_send(monkeypatch, store):
    pseudo.speak_pseudo(monkeypatch)
    opened = pseudo_poll(store)
    late, far = phone(opened.code), phone(opened.code)
    far.number_input(key="poll_guess").set_value(-0.4)
    rerun(far, far.button(key="poll_send"))
    late.number_input(key="poll_guess").set_value(0.5)
    store.reveal(opened.code, opened.token, 0.6)
    rerun(late, late.button(key="poll_send"))  # drawn before the reveal, sent after
    assert "revealed the answer" in text(late.warning[0])  # too late
    assert "did not send" in text(late.info[0]) and unmarked(late) == []
    rerun(far)
    assert text(far.info[0]) == "⟦Your guess, -0,4000, was 1,0000 too low.⟧"
    assert unmarked(far) == []
    assert unmarked(phone(opened.code)) == []  # opened after the reveal


def test_a_full_poll_and_cleared_answers(monkeypatch, store):
    pseudo.speak_pseudo(monkeypatch)
    opened = pseudo_poll(store)
    at = phone(opened.code)
    store.clear(opened.code, opened.token)
    rerun(at)
    assert "cleared the answers" in text(at.info[0]) and unmarked(at) == []

    monkeypatch.setattr(rules, "MAX_ANSWERS", 0)
    at.number_input(key="poll_guess").set_value(0.6)
    rerun(at, at.button(key="poll_send"))
    assert "1.000" in text(at.error[0])  # the limit, in the language's numbers
    assert unmarked(at) == []


@pytest.mark.parametrize("code", ["ZZZZZ", "[x](https://e.vil)", ""])
def test_an_unknown_odd_or_missing_code(monkeypatch, code):
    pseudo.speak_pseudo(monkeypatch)
    at = open_app({"poll": code, **QPS} if code else QPS, ANSWER)
    assert at.text_input(key="poll_code").placeholder.startswith("⟦")
    assert bool(at.error) == bool(code) and unmarked(at) == []


def test_an_expired_poll(monkeypatch, store):
    pseudo.speak_pseudo(monkeypatch)
    opened = pseudo_poll(store)
    with store.engine.begin() as conn:  # opened a day ago
        conn.execute(ps.polls.update().values(created_at=store.clock() - rules.LIFETIME - 1))
    at = phone(opened.code)
    assert opened.code in text(at.error[0]) and unmarked(at) == []


# ---------------------------------------------------------------- the teacher's poll


def test_the_teacher_asks_clears_and_reveals(monkeypatch, store):
    pseudo.speak_pseudo(monkeypatch)
    at = open_app({"step": "2", **QPS}, LESSON)
    ask = at.button(key="lesson_ask_class")
    assert pseudo.leftover_words(ask.label + " " + ask.proto.help) == ""

    rerun(at, ask)
    panel = keyed_block(at, "class-poll")
    mine = poll_tickets(at)["predict"]
    assert pseudo.leftover_words(mine.question) == ""
    assert any(m.value == f"### ⟦Code {mine.code}⟧" for m in at.markdown)
    assert at.get("image")[0].proto.imgs[0].alt.startswith("⟦QR code: it opens ")
    assert unmarked(at, panel) == []  # the code, the link, the count, the buttons

    rerun(at, at.button(key="poll_clear_ask"))
    assert unmarked(at, keyed_block(at, "class-poll")) == []  # "Delete every answer?"
    rerun(at, at.button(key="poll_keep"))

    for g in (0.55, 0.61, 0.7, 2.5, 0.6):
        store.answer(mine.code, rules.new_student(), g)
    rerun(at, at.button(key="poll_reveal"))
    panel = keyed_block(at, "class-poll")
    assert unmarked(at, panel) == []  # the histogram, its alt, the metrics, the closest

    chart = at.get("plotly_chart")[0]
    figure = json.loads(chart.proto.spec)
    bars, line = figure["data"]
    assert figure["layout"]["separators"] == ",."  # the ticks' decimal comma
    assert figure["layout"]["xaxis"]["title"]["text"] == "⟦guess⟧"
    assert figure["layout"]["yaxis"]["title"]["text"] == "⟦students⟧"
    assert bars["name"] == "⟦guesses⟧" and line["name"].startswith("⟦true value ")
    assert all(c.startswith("⟦") for c in bars["customdata"]) and "⟦1 guess⟧" in bars["customdata"]
    assert chart.proto.alt.startswith("⟦The class's 5 guesses against")
    assert "0,1" in chart.proto.alt  # "within 0.1", in the language's numbers
    assert any(m.value.startswith("⟦**Closest guesses:**") for m in at.markdown)
    # the list's separator is the language's own (a message: "; " in German)
    assert "⟦, ⟧" in next(m.value for m in at.markdown if "Closest" in m.value)


def asking_on_localhost():
    from nnadd import i18n
    from nnadd.ui import poll_parts
    from tests import pseudo

    i18n.use(pseudo.PSEUDO)
    poll_parts.asking(
        "⟦question⟧", "K7M3Q", "http://localhost:8501/answer?poll=K7M3Q",
        "data:image/svg+xml;base64,", lambda: (61, 3), lambda: None, lambda: None,
        poll_parts.ClearStep(False, lambda: None, lambda: None, lambda: None),
    )  # fmt: skip


def revealing(guesses):
    from nnadd import i18n
    from nnadd.ui import poll_parts
    from tests import pseudo

    i18n.use(pseudo.PSEUDO)
    poll_parts.revealed("⟦question⟧", guesses, 21.0, 0, lambda: None, lambda: None)


def test_the_localhost_warning_and_too_many_joined():
    """The open poll on a localhost link (AppTest's page has no address, so the lesson
    never shows the warning there), with more pages joined than a class has."""
    at = alone(asking_on_localhost)
    assert len(at.warning) == 2 and unmarked(at) == []


@pytest.mark.parametrize("guesses", [[], [5.0, 40.0]])
def test_nobody_answered_and_nobody_close(guesses):
    at = alone(revealing, guesses=guesses)
    assert unmarked(at) == []
    alt = at.get("plotly_chart")[0].proto.alt
    assert alt.startswith("⟦Nobody answered." if not guesses else "⟦The class's")


def test_the_histograms_words_alone():
    bins = rules.bins([0.6, 0.62, 0.9], 0.6435)
    summary = rules.summarise([0.6, 0.62, 0.9], 0.6435)
    with i18n.using(pseudo.PSEUDO):
        alt = poll_parts.histogram_alt(summary, bins, 4)
        empty = poll_parts.histogram_alt(rules.summarise([], 21), rules.bins([], 21), 0)
        figure = poll_parts.histogram_figure(bins, 0.6435, 4).to_plotly_json()
        closest = rules.closest_words(summary, 4)
        none = rules.closest_words(rules.summarise([5.0], 21), 0)
    for words in (alt, empty, closest, none, *pseudo.figure_words(figure)):
        assert pseudo.leftover_words(words) == "", words
    assert "0,6435" in alt and "0,6200⟦, ⟧0,6000" in closest


# ---------------------------------------------------------------- the long work's messages


def test_the_workers_messages_are_written_in_the_language_that_reads_them():
    """Made in the pool's thread (English there), read in the page's: its language."""
    job = _Job(None, b"", (1234, 0, 0.1, 0.2, 0.3))
    call = _Job(None, b"", None)
    made = {}

    def pool_thread():
        made["died"] = _died(job, _how_it_ended(-9))
        made["call"] = _died(call, _how_it_ended(3))
        made["start"] = _not_started(job, OSError("no fork"))
        made["start call"] = _not_started(call, OSError("no fork"))

    worker = threading.Thread(target=pool_thread)
    worker.start()
    worker.join()
    # in English, as before, byte for byte
    assert str(made["died"]).endswith("lost. The network is still at epoch 1,234.")
    assert "(killed by SIGKILL)" in str(made["died"])
    assert "(exit code 3). Try again in a few seconds." in str(made["call"])
    with i18n.using(pseudo.PSEUDO):
        for failed in made.values():
            back = pickle.loads(pickle.dumps(failed))  # a worker's reply crosses processes
            assert pseudo.leftover_words(str(back)) == "", str(back)
        assert "1.234" in str(made["died"])


def test_a_stopped_pool_says_so_in_the_language_of_the_page_that_reads_it():
    pool = TrainingPool(workers=1)
    pool.close()  # no worker process was ever started
    with pytest.raises(NotNow) as stopped:  # raised in English (no language set)
        pool.submit_call("nnadd.landscape._reference_run", ("sigmoid", article_data().training))
    assert str(stopped.value) == "The server stopped before this was worked out. Try again."
    with i18n.using(pseudo.PSEUDO):
        assert pseudo.leftover_words(str(stopped.value)) == ""
