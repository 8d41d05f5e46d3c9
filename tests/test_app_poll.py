"""The class poll through AppTest: the teacher's controls on the lesson (Ask the class,
the live count, Reveal) and the students' page at /answer?poll=CODE, on the tests' own
SQLite file (tests/conftest.py). Numbers are checked against plain calculations."""

from __future__ import annotations

import json
import math

import pytest
import sqlalchemy as sa
from markdown_it import MarkdownIt

from harness.plain import ArticleNetwork
from nnadd import poll_rules as rules
from nnadd.data import article_data
from nnadd.ui import poll_store as ps
from tests.helpers import open_app, plain_trained, poll_tickets, text

LESSON, ANSWER = "app_pages/lesson.py", "app_pages/answer.py"


@pytest.fixture
def store():
    made = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    yield made
    made.engine.dispose()


def plain_new_w1(seed: int = 42, lr: float = 0.1) -> tuple[float, float]:
    """The first update's w1 by hand: w1 + lr * (t - out) * out * (1 - out) * x1."""
    net = ArticleNetwork(seed, lr)
    w1, w2 = net.weights
    z = w1 * 0.5 + w2 * 0.5 + net.bias
    out = 1 / (1 + math.exp(-z))
    return w1, w1 + lr * (1.0 - out) * out * (1 - out) * 0.5


STEP_IDS = {2: "predict", 4: "watch"}  # the steps with a class poll, by their number


def ticket(at, step: int) -> rules.PollTicket:
    return poll_tickets(at)[STEP_IDS[step]]


def answers_shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ") and "answer" in m.value)


def polls_in_store(store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(ps.polls.c.code)).scalars())


def test_without_a_poll_the_lesson_has_only_the_button_on_steps_2_and_4():
    for step in range(1, 8):
        at = open_app({"step": str(step)}, LESSON)
        asks = [b for b in at.button if b.key == "lesson_ask_class"]
        assert len(asks) == (1 if step in (2, 4) else 0), step
        if asks:
            assert asks[0].label == "Ask the class"
        assert not poll_tickets(at)


def test_the_teacher_asks_counts_and_reveals_the_new_w1(store):
    at = open_app({"step": "2"}, LESSON)
    at.button(key="lesson_ask_class").click().run()
    assert not at.exception
    mine = ticket(at, 2)
    assert rules.check_code(mine.code) == mine.code and not mine.revealed
    old_w1, new_w1 = plain_new_w1()
    assert f"It is {old_w1:.4f} now" in mine.question
    # the code, the QR code and the link beside it, the live count
    assert at.code[0].value.endswith(f"/answer?poll={mine.code}")
    assert any(m.value == f"### Code {mine.code}" for m in at.markdown)
    (image,) = at.get("image")
    assert image.proto.imgs[0].alt.startswith("QR code: it opens ")
    assert image.proto.imgs[0].alt.endswith(f"/answer?poll={mine.code}")
    assert answers_shown(at) == "### 0 joined · 0 answered"
    assert not [b for b in at.button if b.key == "lesson_reveal"]  # the step is hidden

    guesses = [new_w1 + 0.05, new_w1 - 0.2, 0.7, new_w1, new_w1 + 0.09]
    for g in guesses:
        store.answer(mine.code, rules.new_student(), g)
    at.run()  # the fragment runs once a run in AppTest
    assert answers_shown(at) == "### 5 joined · 5 answered"
    at.button(key="poll_reveal").click().run()
    assert not at.exception and ticket(at, 2).revealed

    # the histogram: every guess in a bar, the true value as a line
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars, line = spec["data"]
    assert sum(bars["y"]) == 5
    assert line["x"] == [pytest.approx(new_w1, abs=1e-12)] * 2
    alt = at.get("plotly_chart")[0].proto.alt
    assert f"true value, {new_w1:.4f}" in alt and "5 guesses" in alt and "4 within 0.1" in alt
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["The true value"] == f"{new_w1:.4f}"
    within = sum(1 for g in guesses if abs(g - new_w1) <= 0.1)
    assert within == 4 and metrics["Within 0.1"] == "4 of 5 answers"
    closest = next(m.value for m in at.markdown if m.value.startswith("**Closest"))
    assert closest == f"**Closest guesses:** {new_w1:.4f}, {new_w1 + 0.05:.4f}, 0.7000"
    # the truth is in the database only now
    assert store.view(mine.code).truth == pytest.approx(new_w1, abs=1e-12)

    # back to the step: it works as before, and the poll can be shown again
    at.button(key="poll_back").click().run()
    assert at.button(key="lesson_ask_class").label == "Back to the class poll"
    at.number_input(key="lesson_guess").set_value(0.7).run()
    at.button(key="lesson_reveal").click().run()
    at.button(key="lesson_all_lines").click().run()
    assert any("0.7" in text(s) for s in at.success)
    at.button(key="lesson_ask_class").click().run()
    assert at.get("plotly_chart")


def test_step_4_asks_for_the_score_after_10000_epochs(store):
    at = open_app({"step": "4"}, LESSON)
    assert at.button(key="lesson_train")  # the step as before
    at.button(key="lesson_ask_class").click().run()
    mine = ticket(at, 4)
    assert "After 10,000 epochs" in mine.question and mine.kind == "score"
    for g in (21, 25, 20, 21):
        store.answer(mine.code, rules.new_student(), g)
    at.button(key="poll_reveal").click().run()
    assert not at.exception
    net = plain_trained(42)
    right = sum(round(net.predict((a, b)), 1) == round(a + b, 1) for a, b in article_data().test)
    assert right == 21
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["The true value"] == "21" and metrics["Within 0.1"] == "2 of 4 answers"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["x"] == [20, 21, 22, 23, 24, 25] and spec["data"][0]["y"] == [
        1, 2, 0, 0, 0, 1,
    ]  # fmt: skip
    at.button(key="poll_back").click().run()
    assert at.button(key="lesson_train") and not at.exception


def test_a_student_sends_changes_is_refused_and_sees_the_truth(store):
    opened = store.open("w1", rules.question_words("w1", now="0.6394"))
    phone = open_app({"poll": opened.code.lower()}, ANSWER)
    assert [t.value for t in phone.title] == ["Class poll"]
    assert "what is the new w1" in text(phone.markdown[0])
    assert phone.number_input(key="poll_guess").label == "Your guess"
    # nothing of the Playground: no sidebar, no settings, no Train
    assert len(phone.sidebar) == 0
    assert [b.key for b in phone.button] == ["poll_send"]
    assert [n.key for n in phone.number_input] == ["poll_guess"]

    phone.button(key="poll_send").click().run()  # empty
    assert "Type a number first" in text(phone.error[0])
    phone.number_input(key="poll_guess").set_value(0.65).run()
    phone.button(key="poll_send").click().run()
    assert text(phone.success[0]) == "Sent: 0.6500."
    phone.number_input(key="poll_guess").set_value(150.0).run()
    phone.button(key="poll_send").click().run()
    assert "between -100 and 100" in text(phone.error[0])
    assert any("Your answer: **0.6500**" in m.value for m in phone.markdown)  # kept
    phone.number_input(key="poll_guess").set_value(0.7).run()
    phone.button(key="poll_send").click().run()
    assert any("Your answer: **0.7000**" in m.value for m in phone.markdown)
    assert store.count(opened.code, opened.token) == 1  # the latest counts, once

    # another student's guess never reaches this page before the reveal
    store.answer(opened.code, rules.new_student(), 13.3713)
    phone.run()
    assert "13.37" not in str(phone._tree) and "token" not in str(phone.session_state)

    store.reveal(opened.code, opened.token, 0.6434527)
    phone.run()
    assert {m.label: m.value for m in phone.metric} == {"The true value": "0.6435"}
    assert text(phone.success[0]) == "Your guess, 0.7000, was 0.0565 too high."
    assert not [b for b in phone.button if b.key == "poll_send"]


def test_a_far_guess_gets_a_neutral_box_and_is_not_among_the_closest(store):
    """A guess 0.56 too high is told so in a neutral box (st.info), not the green one
    a guess within 0.1 gets; the teacher's reveal lists no guess 0.56 away as closest."""
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    _, new_w1 = plain_new_w1()
    far, near = open_app({"poll": mine.code}, ANSWER), open_app({"poll": mine.code}, ANSWER)
    for phone, guess in ((far, round(new_w1 + 0.56, 4)), (near, round(new_w1 + 0.03, 4))):
        phone.number_input(key="poll_guess").set_value(guess).run()
        phone.button(key="poll_send").click().run()
    teacher.button(key="poll_reveal").click().run()
    closest = [m.value for m in teacher.markdown if "Closest" in m.value or "No guess" in m.value]
    assert closest == [f"**Closest guesses:** {new_w1 + 0.03:.4f}"]
    far.run()
    near.run()
    assert not far.success and len(far.info) == 1
    assert text(far.info[0]) == f"Your guess, {new_w1 + 0.56:.4f}, was 0.5600 too high."
    assert not near.info and len(near.success) == 1
    assert text(near.success[0]) == f"Your guess, {new_w1 + 0.03:.4f}, was 0.0300 too high."


def test_nobody_close_is_said_on_the_reveal(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    _, new_w1 = plain_new_w1()
    for g in (new_w1 + 0.56, new_w1 - 0.3, 0.0):
        store.answer(mine.code, rules.new_student(), g)
    teacher.button(key="poll_reveal").click().run()
    assert not [m for m in teacher.markdown if "Closest" in m.value]
    said = [m.value for m in teacher.markdown]
    assert "**No guess was within 0.1** of the true value." in said
    assert {m.label: m.value for m in teacher.metric}["Within 0.1"] == "0 of 3 answers"


def test_a_late_answer_is_refused_politely(store):
    opened = store.open("w1", "q")
    phone = open_app({"poll": opened.code}, ANSWER)
    phone.number_input(key="poll_guess").set_value(0.5).run()
    store.reveal(opened.code, opened.token, 0.6)
    phone.button(key="poll_send").click().run()  # a page drawn before the reveal
    assert text(phone.warning[0]) == ps.LATE
    assert store.guesses(opened.code, opened.token) == []
    assert phone.info and "did not send" in phone.info[0].value


@pytest.mark.parametrize(
    "code,says",
    [("ZZZZZ", "no class poll with the code ZZZZZ"),
     ("[x](https://e.vil)", "is not a code"), ("A" * 300, "is not a code")],
)  # fmt: skip
def test_an_unknown_or_odd_code_gets_a_clear_message(code, says):
    phone = open_app({"poll": code}, ANSWER)
    assert says in text(phone.error[0])
    html = MarkdownIt("gfm-like", {"linkify": True}).render(phone.error[0].value)
    assert "<a" not in html
    assert phone.text_input(key="poll_code")


def test_a_typed_code_opens_the_poll(store):
    opened = store.open("score", rules.question_words("score", epochs=10_000))
    phone = open_app({}, ANSWER)
    phone.text_input(key="poll_code").set_value(opened.code.lower()).run()
    phone.button(key="poll_open").click().run()
    assert phone.query_params["poll"] == [opened.code] or phone.query_params["poll"] == opened.code
    assert "how many of the 25" in text(phone.markdown[0])


def test_an_unreachable_database_is_one_plain_sentence(monkeypatch, store):
    opened = store.open("w1", "q")
    phone = open_app({"poll": opened.code}, ANSWER)
    teacher = open_app({"step": "2"}, LESSON)
    monkeypatch.setenv(
        "NNADD_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1:1/x?connect_timeout=2"
    )
    phone.run()
    assert not phone.exception and text(phone.error[0]) == ps.UNREACHABLE_VIEW
    teacher.button(key="lesson_ask_class").click().run()
    assert not teacher.exception and text(teacher.error[0]) == ps.UNREACHABLE_TEACHER
    assert teacher.button(key="lesson_reveal")  # the step goes on without the poll


def test_the_student_page_sends_to_the_right_poll_only_with_its_own_id(store):
    """Two phones, one poll: each page's id is its own, and neither sees the other's."""
    opened = store.open("w1", "q")
    one, two = (open_app({"poll": opened.code}, ANSWER) for _ in range(2))
    for phone, value in ((one, 0.25), (two, -0.5)):
        phone.number_input(key="poll_guess").set_value(value).run()
        phone.button(key="poll_send").click().run()
    assert one.session_state["student"]["id"] != two.session_state["student"]["id"]
    assert store.count(opened.code, opened.token) == 2
    assert "-0.5" not in str(one._tree) and "0.25" not in str(two._tree).replace("0.2500", "")


def test_another_session_on_the_lesson_cannot_reveal_the_teachers_poll(store):
    """A student who opens /lesson too holds no token of the teacher's: its Ask and
    Reveal make and close a poll of its own, never the teacher's."""
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    theirs = ticket(teacher, 2)
    store.answer(theirs.code, rules.new_student(), 0.7)
    student = open_app({"step": "2"}, LESSON)
    student.button(key="lesson_ask_class").click().run()
    student.button(key="poll_reveal").click().run()
    mine = ticket(student, 2)
    assert mine.code != theirs.code and mine.revealed
    assert not store.view(theirs.code).revealed
    assert store.count(theirs.code, theirs.token) == 1
    with pytest.raises(ps.PollRefused):
        store.reveal(theirs.code, mine.token, 0.0)


def test_after_an_unknown_code_the_right_one_can_be_typed(store):
    opened = store.open("w1", rules.question_words("w1", now="0.6394"))
    phone = open_app({"poll": "ZZZZZ"}, ANSWER)
    assert "no class poll with the code ZZZZZ" in text(phone.error[0])
    phone.text_input(key="poll_code").set_value(opened.code).run()
    phone.button(key="poll_open").click().run()
    assert not phone.error and "what is the new w1" in text(phone.markdown[0])


# ---------------------------------------------------------------- issue 22


def test_a_phone_that_opens_the_poll_counts_as_joined_once(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    phone = open_app({"poll": mine.code}, ANSWER)
    phone.run()  # the page again: still one
    teacher.run()
    assert answers_shown(teacher) == "### 1 joined · 0 answered"
    phone.number_input(key="poll_guess").set_value(0.5).run()
    phone.button(key="poll_send").click().run()
    store.answer(mine.code, rules.new_student(), 0.6)  # a phone that answered at once
    teacher.run()
    assert answers_shown(teacher) == "### 2 joined · 2 answered"
    assert store.counts(mine.code, mine.token) == ps.Counts(2, 2)


def test_more_joined_than_a_class_warns_on_the_projector(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    for i in range(rules.CLASS_MOST):  # 60 phones, each from its own address
        store.join(mine.code, rules.new_student(), f"198.51.100.{i + 1}")
    teacher.run()
    assert answers_shown(teacher) == "### 60 joined · 0 answered" and not teacher.warning
    store.join(mine.code, rules.new_student(), "198.51.100.200")
    teacher.run()
    assert answers_shown(teacher) == "### 61 joined · 0 answered"
    assert "someone may be sending extra answers" in teacher.warning[0].value


def test_the_teacher_clears_the_vote_and_the_phones_ask_again(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    phone = open_app({"poll": mine.code}, ANSWER)
    phone.number_input(key="poll_guess").set_value(0.65).run()
    phone.button(key="poll_send").click().run()
    store.answer(mine.code, rules.new_student(), 100.0)
    teacher.run()
    assert answers_shown(teacher) == "### 2 joined · 2 answered"
    teacher.button(key="poll_clear_ask").click().run()
    assert teacher.button(key="poll_clear").label == "Yes, delete the answers"
    assert store.count(mine.code, mine.token) == 2  # one press deletes nothing
    teacher.button(key="poll_clear").click().run()  # the second press
    assert not teacher.exception and not teacher.error
    assert teacher.button(key="poll_reveal") and teacher.button(key="poll_clear_ask")
    assert answers_shown(teacher) == "### 2 joined · 0 answered"
    assert store.count(mine.code, mine.token) == 0 and store.view(mine.code).cleared == 1

    phone.run()  # its check every 3 s reruns the page; here, the next run
    assert text(phone.info[0]) == ps.CLEARED
    assert not any("Your answer" in m.value for m in phone.markdown)
    assert phone.number_input(key="poll_guess")  # the guess box, to send again
    phone.button(key="poll_send").click().run()
    assert text(phone.success[0]) == "Sent: 0.6500."
    assert store.counts(mine.code, mine.token) == ps.Counts(2, 1)
    phone.run()
    assert not phone.info  # said once


def test_a_guess_of_minus_zero_is_sent_and_shown_as_zero(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    mine = ticket(teacher, 2)
    phone = open_app({"poll": mine.code}, ANSWER)
    phone.number_input(key="poll_guess").set_value(-0.0).run()
    phone.button(key="poll_send").click().run()
    assert text(phone.success[0]) == "Sent: 0.0000."
    assert any("Your answer: **0.0000**" in m.value for m in phone.markdown)
    teacher.button(key="poll_reveal").click().run()
    assert not [m for m in teacher.markdown if m.value.startswith("**Closest")]
    assert "-0" not in teacher.get("plotly_chart")[0].proto.alt
    phone.run()
    assert text(phone.info[0]).startswith("Your guess, 0.0000, was ")


def test_asking_again_deletes_the_polls_it_replaces(store):
    """However often a page asks again, it holds one poll per step: each new one
    deletes the last (with its token), answers and all."""
    before = polls_in_store(store)
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    first = ticket(teacher, 2)
    store.answer(first.code, rules.new_student(), 0.5)
    codes = [first.code]
    for _ in range(5):
        teacher.button(key="poll_reveal").click().run()
        teacher.button(key="poll_again").click().run()
        assert not teacher.exception and not teacher.error
        codes.append(ticket(teacher, 2).code)
    assert len(set(codes)) == 6
    assert polls_in_store(store) - before == {codes[-1]}
    with pytest.raises(ps.PollRefused, match="no class poll"):
        store.view(first.code)
    # the other step's poll is its own: two polls for the page in all
    teacher.button(key="poll_back").click().run()
    teacher.button(key="lesson_next").click().run()
    teacher.button(key="lesson_next").click().run()
    teacher.button(key="lesson_ask_class").click().run()
    assert polls_in_store(store) - before == {codes[-1], ticket(teacher, 4).code}


def test_a_server_with_500_open_polls_says_so_plainly(store):
    store.migrate()
    with store.engine.begin() as conn:  # and any polls of the tests before
        conn.execute(
            ps.polls.insert(),
            [{"code": f"{rules.ALPHABET[i // 31]}{rules.ALPHABET[i % 31]}ZZZ", "kind": "w1",
              "question": "q", "token_hash": "x" * 64, "created_at": store.clock() - 60}
             for i in range(500)],
        )  # fmt: skip
    try:
        teacher = open_app({"step": "2"}, LESSON)
        teacher.button(key="lesson_ask_class").click().run()
        assert not teacher.exception
        assert (
            text(teacher.error[0]) == str(ps.refusal(ps.TOO_MANY_POLLS))
            and rules.MAX_OPEN_POLLS == 500
        )
        assert not poll_tickets(teacher)
        assert teacher.button(key="lesson_reveal")  # the step goes on without a poll
    finally:
        with store.engine.begin() as conn:
            conn.execute(ps.polls.delete().where(ps.polls.c.code.like("%ZZZ")))
