"""A class's rules (nnadd/class_rules.py), checked against a plain second model.

The Hypothesis tests play any sequence of the teacher's presses and the phones' sends,
and replay it in a deliberately plain model kept here: a log of the answers that
counted, with exact arithmetic (Fraction) on the numbers as the student typed them.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnadd import class_rules as rules
from nnadd import i18n, poll_rules
from nnadd.class_rules import MAX_STUDENTS, MAX_VOTES, ORDER, QUESTIONS, Class, Line, Refused

STUDENTS = [f"student-{i:02d}-xxxxxxxxxx" for i in range(4)]


# ---------------------------------------------------------------- the questions


def test_the_questions_are_the_lessons_steps_2_4_5_and_6_in_its_order():
    from nnadd.ui.lesson_registry import REGISTRY

    numbers = {step.id: n for n, step in enumerate(REGISTRY, start=1)}
    assert [numbers[step] for step in ORDER] == [2, 4, 5, 6]
    assert [QUESTIONS[s].kind for s in ORDER] == ["number", "number", "choice", "yes_no"]


def test_step_5s_true_option_is_the_sigmoid_that_never_reaches_1():
    why = QUESTIONS["why"]
    true = [o for o in why.options if o.true]
    assert len(true) == 1 and why.truth == true[0].id == "never_one"
    assert "never reaches 1" in true[0].words
    assert len({o.id for o in why.options}) == len({o.words for o in why.options}) == 4


def test_the_score_is_a_whole_number_of_the_25_test_pairs():
    watch = QUESTIONS["watch"]
    assert watch.check("25") == 25.0 and watch.check(0) == 0.0
    for bad, reason in [
        ("20.5", rules.NOT_WHOLE),
        ("26", rules.OUT_OF_BOUNDS),
        (-1, rules.OUT_OF_BOUNDS),
    ]:
        with pytest.raises(Refused) as refused:
            watch.check(bad)
        assert refused.value.words == reason
    assert str(refused.value) == "Keep your guess between 0 and 25: it was not sent."
    # the w1 question keeps the class poll's checks and words
    with pytest.raises(poll_rules.GuessRefused, match="not a number"):
        QUESTIONS["predict"].check("abc")


def test_a_refusal_speaks_the_language_of_the_run_that_raised_it():
    from nnadd.ui.language import language

    with i18n.using(language("de")), pytest.raises(Refused) as refused:
        QUESTIONS["linear"].check("maybe")
    assert str(refused.value) == "Wähle eine der Antworten: Deine wurde nicht gesendet."
    assert refused.value.words == rules.NOT_AN_OPTION  # the msgid, for the page


# ---------------------------------------------------------------- joining


def test_a_class_takes_200_students_and_refuses_the_201st_but_not_a_returning_one():
    room = Class()
    for i in range(MAX_STUDENTS):
        room.join(f"s{i}")
    with pytest.raises(Refused) as refused:
        room.join("one-too-many")
    assert refused.value.words == rules.CLASS_FULL
    assert str(refused.value) == "This class is full: it has 200 students already."
    room.join("s7")  # a phone that reconnects is the same student
    assert len(room.students) == MAX_STUDENTS and "one-too-many" not in room.students


def test_a_vote_needs_an_open_question():
    room = Class()
    room.join(STUDENTS[0])
    with pytest.raises(Refused) as refused:
        room.vote(STUDENTS[0], "predict", "0.6")
    assert refused.value.words == rules.VOTE_CLOSED
    room.ask("predict")
    room.vote(STUDENTS[0], "predict", "0.6")
    room.reveal("predict", 0.65)
    with pytest.raises(Refused, match="not open"):
        room.vote(STUDENTS[0], "predict", "0.6")
    with pytest.raises(ValueError):
        room.vote("never-joined", "predict", "0.6")


def test_a_third_answer_to_one_question_is_refused_and_changes_nothing():
    room = Class()
    room.join(STUDENTS[0])
    room.ask("why")
    room.vote(STUDENTS[0], "why", "harder")
    room.vote_again("why")
    room.vote(STUDENTS[0], "why", "too_short")
    with pytest.raises(Refused) as refused:
        room.vote(STUDENTS[0], "why", "never_one")
    assert refused.value.words == rules.VOTED_ENOUGH
    assert room.record(STUDENTS[0]) == (Line("why", "harder", "too_short", None),)
    reveal = room.reveal("why")
    assert reveal.truth == "never_one"
    assert reveal.counts[0] == (
        ("too_short", 0),
        ("rate_small", 0),
        ("harder", 1),
        ("never_one", 0),
    )
    assert reveal.moves == rules.Moves(closer=0, away=0, stayed=1)  # wrong to wrong


def test_a_number_reveal_counts_in_the_class_polls_bins():
    room = Class()
    guesses = ["0.60", "0.62", "0.70"]
    for s in STUDENTS[:3]:
        room.join(s)
    room.ask("predict")
    for s, g in zip(STUDENTS, guesses, strict=False):
        room.vote(s, "predict", g)
    reveal = room.reveal("predict", 0.6342)
    assert reveal.counts[0] == tuple(poll_rules.bins([0.6, 0.62, 0.7], 0.6342))
    assert reveal.counts[1] == () and reveal.voters == (3, 0)  # the teacher skipped round 2
    assert reveal.moves == rules.Moves(0, 0, 0)


# ---------------------------------------------------------------- any sequence, replayed plainly

ANSWERS = {
    # numbers as a student types them: two decimals, some beyond the bounds
    "predict": st.one_of(st.integers(-100, 100), st.integers(-10_200, 10_200)).map(
        lambda k: f"{k / 100:.2f}"
    ),
    "watch": st.one_of(st.integers(-2, 27).map(str), st.sampled_from(["20.5", "0.5"])),
    "why": st.sampled_from([o.id for o in QUESTIONS["why"].options] + ["maybe"]),
    "linear": st.sampled_from(["yes", "no", "maybe", ""]),
}
TRUTHS = {
    "predict": st.integers(-100, 100).map(lambda k: k / 100),
    "watch": st.integers(0, 25),
    "why": st.none(),
    "linear": st.sampled_from(["yes", "no"]),
}
step = st.sampled_from(ORDER)
student = st.integers(0, len(STUDENTS) - 1)
OPS = {
    "join": student.map(lambda i: ("join", i)),
    "ask": step.map(lambda s: ("ask", s)),
    "again": step.map(lambda s: ("again", s)),
    "reveal": st.one_of(*(st.tuples(st.just("reveal"), st.just(s), TRUTHS[s]) for s in ORDER)),
    "vote": st.one_of(
        *(st.tuples(st.just("vote"), student, st.just(s), ANSWERS[s]) for s in ORDER)
    ),
}
any_op = st.one_of(*OPS.values())
VOTES = {  # a few sends on one question, and now and then a late join
    s: st.lists(
        st.tuples(st.just("vote"), student, st.just(s), ANSWERS[s]) | OPS["join"],
        min_size=1,
        max_size=8,
    )
    for s in ORDER
}


@st.composite
def lessons(draw) -> list[tuple]:
    """A lesson as a teacher runs it: some steps' questions asked, in any order, each
    with a first vote, maybe a second, maybe a reveal; with any other press or send
    (a late join, a vote on a closed question, a reveal of one never asked) anywhere."""
    ops: list[tuple] = []
    for s in draw(st.permutations(ORDER))[: draw(st.integers(1, len(ORDER)))]:
        votes = VOTES[s]
        ops += [("ask", s), *draw(votes)]
        if draw(st.booleans()):
            ops += [("again", s), *draw(votes)]
        if draw(st.booleans()):
            ops += [("reveal", s, draw(TRUTHS[s])), *draw(votes)]
    for extra in draw(st.lists(any_op, max_size=10)):
        ops.insert(draw(st.integers(0, len(ops))), extra)
    return ops


def plain_answer(step: str, typed: str) -> Fraction | str | None:
    """What the plain model accepts: the exact number typed, or an option's id."""
    if step in ("why", "linear"):
        ids = {"why": {"too_short", "rate_small", "harder", "never_one"}, "linear": {"yes", "no"}}
        return typed if typed in ids[step] else None
    value = Fraction(typed)
    low, high = (Fraction(-100), Fraction(100)) if step == "predict" else (0, 25)
    if not low <= value <= high or (step == "watch" and value.denominator != 1):
        return None
    return value


def as_sent(step: str, typed: str) -> float | str:
    """What a student sent, as their record shows it: the number typed, or the id."""
    return float(typed) if step in ("predict", "watch") else typed


def plain_moves(step, first: dict, second: dict, truth) -> tuple[int, int, int]:
    """Closer, away, stayed, by exact distances from the numbers as typed."""
    closer = away = stayed = 0
    for who in first:
        if who not in second:
            continue
        if step in ("predict", "watch"):
            exact = Fraction(str(truth))
            before = abs(plain_answer(step, first[who]) - exact)
            after = abs(plain_answer(step, second[who]) - exact)
        else:
            before, after = first[who] != truth, second[who] != truth
        if after < before:
            closer += 1
        elif after > before:
            away += 1
        else:
            stayed += 1
    return closer, away, stayed


@settings(max_examples=80, deadline=None)
@given(lessons())
def test_any_lesson_keeps_the_bound_the_latest_vote_the_moves_and_the_record(ops):
    replay(ops)


@pytest.mark.slow
@settings(max_examples=1_500, deadline=None)
@given(lessons())
def test_any_lesson_keeps_the_rules_in_many_more_lessons(ops):
    replay(ops)


def replay(ops: list[tuple]) -> None:
    """Plays `ops` on a Class and on the plain model, and checks them against each
    other after every press and send."""
    room = Class()
    for who in STUDENTS[:3]:  # the last one joins only if the sequence says so
        room.join(who)
    joined: set[str] = set(STUDENTS[:3])
    opened: dict[str, int] = {}  # step: its open round
    truth: dict[str, object] = {}  # step: its truth, once revealed
    log: list[tuple[str, str, int, str]] = []  # the answers that counted, as typed

    def latest(who: str, step: str, round_: int) -> str | None:
        said = [a for w, s, r, a in log if (w, s, r) == (who, step, round_)]
        return said[-1] if said else None

    def sent(who: str, step: str, round_: int) -> float | str | None:
        typed = latest(who, step, round_)
        return None if typed is None else as_sent(step, typed)

    for o in ops:
        if o[0] == "join":
            room.join(STUDENTS[o[1]])
            joined.add(STUDENTS[o[1]])
        elif o[0] == "ask":
            room.ask(o[1])
            opened.setdefault(o[1], 1)
        elif o[0] == "again":
            if o[1] not in opened or o[1] in truth:
                with pytest.raises(ValueError):
                    room.vote_again(o[1])
            else:
                room.vote_again(o[1])
                opened[o[1]] = 2
        elif o[0] == "reveal":
            _, s, given_truth = o
            if s not in opened:
                with pytest.raises(ValueError):
                    room.reveal(s, given_truth)
                continue
            reveal = room.reveal(s, given_truth)
            truth[s] = "never_one" if s == "why" else given_truth
            rounds = [
                {w: latest(w, s, r) for w in joined if latest(w, s, r) is not None} for r in (1, 2)
            ]
            assert reveal.truth == truth[s]
            assert reveal.voters == (len(rounds[0]), len(rounds[1]))
            moves = reveal.moves
            assert (moves.closer, moves.away, moves.stayed) == plain_moves(s, *rounds, truth[s])
            assert moves.closer + moves.away + moves.stayed == len(
                rounds[0].keys() & rounds[1].keys()
            )
            for counted, said in zip(reveal.counts, rounds, strict=True):
                if QUESTIONS[s].kind == "number":
                    assert sum(b.count for b in counted) == len(said)
                else:
                    assert dict(counted) == {
                        o.id: list(said.values()).count(o.id) for o in QUESTIONS[s].options
                    }
        else:
            _, i, s, typed = o
            who = STUDENTS[i]
            before = repr(room.asked.get(s)), room.record(who) if who in joined else None
            so_far = sum(1 for w, q, _r, _a in log if (w, q) == (who, s))
            expected = plain_answer(s, typed)
            if who not in joined:
                with pytest.raises(ValueError):
                    room.vote(who, s, typed)
            elif s not in opened or s in truth or so_far >= MAX_VOTES or expected is None:
                with pytest.raises(ValueError):  # Refused, or GuessRefused for w1
                    room.vote(who, s, typed)
                assert (repr(room.asked.get(s)), room.record(who)) == before  # nothing changed
            else:
                assert room.vote(who, s, typed) == as_sent(s, typed)
                log.append((who, s, opened[s], typed))

        # the bound holds at every moment, for every student and question
        for s, asked in room.asked.items():
            for who, count in asked.sent.items():
                assert count == sum(1 for w, q, _r, _a in log if (w, q) == (who, s)) <= MAX_VOTES
        # the record is what each student sent (the latest in each round), in the
        # lesson's order, with the truth only once revealed
        for who in joined:
            record = room.record(who)
            assert all(line.truth is None for line in record if line.step not in truth)
            assert record == tuple(
                Line(s, sent(who, s, 1), sent(who, s, 2), truth.get(s))
                for s in ORDER
                if s in opened
            )
