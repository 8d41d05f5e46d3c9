"""A class that follows the lesson: who is in it, what it is asked, and how its votes count.

One code for the whole lesson. The teacher asks a step's question; the students vote,
discuss with a neighbour, and vote again; then the teacher reveals the truth against
both votes. This module holds the rules only: how many may join, what counts as an
answer, which vote counts, what the reveal counts, and each student's record. Nothing
here draws or stores. The words a student sees (the questions, the options, why an
answer was refused) are marked with N_; the page translates them where it shows them,
and a refusal's message is already in the language of the run that was refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from nnadd import lesson_plan as plan
from nnadd import poll_rules
from nnadd.data import article_data
from nnadd.i18n import N_, _, number

MAX_STUDENTS = 200  # a class of more is refused at the door
# At most this many answers a student may SEND to one question, in both rounds
# together; a further one is refused and changes nothing. Within a round the latest
# sent counts, so a student who changes a first vote has used both, and cannot vote
# again in the second round (their first round's latest vote stays theirs).
MAX_VOTES = 2
ROUNDS = (1, 2)  # vote, discuss with a neighbour, vote again

Kind = Literal["number", "choice", "yes_no"]
Answer = float | str  # a number, or an option's id

# Why a join or a vote was refused (Refused keeps the words and their translation).
CLASS_FULL = N_("This class is full: it has {most} students already.")
VOTED_ENOUGH = N_("You have voted twice on this question: this answer was not sent.")
VOTE_CLOSED = N_("This question is not open for votes now: your answer was not sent.")
NOT_WHOLE = N_("Your guess must be a whole number: it was not sent.")
NOT_AN_OPTION = N_("Choose one of the answers: yours was not sent.")
# the class poll's own sentence for a number out of bounds (poll_rules.parse_guess)
OUT_OF_BOUNDS = N_("Keep your guess between {low} and {high}: it was not sent.")


class Refused(poll_rules.GuessRefused):
    """A join or a vote that does not count, and nothing changed. As a guess the class
    poll refuses, its message is the reason in the language of the script run that
    raised it; `words` (marked with N_) and `values` are the reason untranslated."""

    def __init__(self, words: str, **values: float) -> None:
        written = {name: number(value, "g") for name, value in values.items()}
        super().__init__(_(words).format(**written))
        self.words = words
        self.values = values


@dataclass(frozen=True)
class Option:
    """One answer of a multiple choice: its id (kept in the store) and its words."""

    id: str
    words: str  # marked with N_
    true: bool = False

    def __repr__(self) -> str:
        return f"Option({self.id!r}{', true' if self.true else ''})"


@dataclass(frozen=True)
class Question:
    """What one lesson step asks the class.

    A number question takes a number in [low, high] (whole if `whole`); a choice or
    yes-or-no question takes one of its options' ids."""

    step: str  # the lesson step's id (nnadd.lesson_plan), e.g. "predict"
    kind: Kind
    words: str  # marked with N_; a number question's words are the class poll's
    low: float = poll_rules.MIN_GUESS
    high: float = poll_rules.MAX_GUESS
    whole: bool = False
    options: tuple[Option, ...] = ()

    def __repr__(self) -> str:
        if self.kind == "number":
            shape = f"[{self.low:g}, {self.high:g}]{' whole' if self.whole else ''}"
        else:
            shape = "/".join(o.id for o in self.options)
        return f"Question({self.step!r}, {self.kind}, {shape})"

    @property
    def truth(self) -> str | None:
        """The true option of a choice (written in the data); None where the truth
        depends on the run (a number, or whether the linear neuron gets 25 of 25)."""
        if self.kind != "choice":
            return None
        return next(o.id for o in self.options if o.true)

    def check(self, raw: object) -> Answer:
        """A student's answer as it counts, or Refused (GuessRefused for a number that
        is not one)."""
        if self.kind != "number":
            if isinstance(raw, str) and raw in {o.id for o in self.options}:
                return raw
            raise Refused(NOT_AN_OPTION)
        value = poll_rules.parse_guess(raw)  # a number in [MIN_GUESS, MAX_GUESS]
        if not self.low <= value <= self.high:
            raise Refused(OUT_OF_BOUNDS, low=self.low, high=self.high)
        if self.whole and not value.is_integer():
            raise Refused(NOT_WHOLE)
        return value


YES_NO = (Option("yes", N_("Yes")), Option("no", N_("No")))

QUESTIONS: Mapping[str, Question] = {
    q.step: q
    for q in (
        # step 2: the new w1 after one update
        Question(plan.PREDICT.id, "number", poll_rules.QUESTIONS["w1"].words),
        # step 4: the score after the run, a whole number of the 25 test pairs
        Question(
            plan.WATCH.id,
            "number",
            poll_rules.QUESTIONS["score"].words,
            low=0,
            high=len(article_data().test),
            whole=True,
        ),
        # step 5: why the pairs that sum to 1 come out wrong, in the words of what
        # students really think: the last is the true one
        Question(
            plan.WHY.id,
            "choice",
            N_("Why does the trained neuron get the pairs that sum to 1 wrong?"),
            options=(
                Option("too_short", N_("It did not train long enough.")),
                Option("rate_small", N_("The learning rate is too small.")),
                Option("harder", N_("Those pairs are harder numbers.")),
                Option(
                    "never_one",
                    N_("A sigmoid's output never reaches 1, so sums of 1 come out a little low."),
                    true=True,
                ),
            ),
        ),
        # step 6: the linear neuron, 25 of 25 or not
        Question(
            plan.LINEAR.id,
            "yes_no",
            N_("Will the linear neuron get all 25 test sums right?"),
            options=YES_NO,
        ),
    )
}
ORDER = tuple(QUESTIONS)  # the lesson's order: a record lists its questions so


# ---------------------------------------------------------------- the class


@dataclass
class Asked:
    """One question asked of the class: its open round, every student's latest vote in
    each round, how many answers each has sent, and the truth once revealed."""

    question: Question
    round: int = 1
    votes: dict[int, dict[str, Answer]] = field(default_factory=lambda: {1: {}, 2: {}})
    sent: dict[str, int] = field(default_factory=dict)
    truth: Answer | None = None  # None until the reveal

    @property
    def revealed(self) -> bool:
        return self.truth is not None

    def __repr__(self) -> str:
        said = ", ".join(f"round {r}: {len(v)}" for r, v in self.votes.items())
        shown = f", truth={self.truth!r}" if self.revealed else ""
        return f"Asked({self.question.step!r}, open round {self.round}, {said}{shown})"


@dataclass
class Class:
    """A class that follows one lesson: its students (anonymous ids) and the questions
    asked of it so far. Its methods are the teacher's presses and the phones' sends."""

    students: list[str] = field(default_factory=list)  # in the order they joined
    asked: dict[str, Asked] = field(default_factory=dict)  # by step id

    def __repr__(self) -> str:
        return f"Class({len(self.students)} students, asked {list(self.asked)})"

    def join(self, student: str) -> None:
        """Lets a student in (again: a phone that reconnects is the same student);
        Refused when the class already has MAX_STUDENTS."""
        if student in self.students:
            return
        if len(self.students) >= MAX_STUDENTS:
            raise Refused(CLASS_FULL, most=MAX_STUDENTS)
        self.students.append(student)

    def ask(self, step: str) -> Asked:
        """The teacher asks a step's question: its first vote opens. Asking it again
        changes nothing."""
        if step not in self.asked:
            self.asked[step] = Asked(QUESTIONS[step])
        return self.asked[step]

    def vote_again(self, step: str) -> None:
        """The teacher opens the second vote, after the class discussed."""
        asked = self._asked(step)
        if asked.revealed:
            raise ValueError(f"{step!r} is revealed: its votes are closed")
        asked.round = 2

    def _asked(self, step: str) -> Asked:
        if step not in self.asked:
            raise ValueError(f"{step!r} has not been asked")
        return self.asked[step]

    def vote(self, student: str, step: str, raw: object) -> Answer:
        """A student's answer to the open round of a step's question; it replaces their
        earlier one in that round. Refused when the question is not open (not asked, or
        revealed), when they have sent MAX_VOTES answers to it already (in either round),
        or when it is not an answer; nothing changes then."""
        if student not in self.students:
            raise ValueError("a student votes after joining")
        asked = self.asked.get(step)
        if asked is None or asked.revealed:
            raise Refused(VOTE_CLOSED)
        if asked.sent.get(student, 0) >= MAX_VOTES:
            raise Refused(VOTED_ENOUGH)
        answer = asked.question.check(raw)
        asked.votes[asked.round][student] = answer
        asked.sent[student] = asked.sent.get(student, 0) + 1
        return answer

    def reveal(self, step: str, truth: object = None) -> Reveal:
        """The teacher reveals the truth: a choice's is in its data; a number's and a
        yes-or-no's come from the run (`truth`). The votes close."""
        asked = self._asked(step)
        question = asked.question
        if question.kind == "choice":
            truth = question.truth
        elif question.kind == "yes_no":
            truth = question.check(truth)
        elif isinstance(truth, bool) or not isinstance(truth, (int, float)):
            raise ValueError(f"{step!r} needs a number for its truth, not {truth!r}")
        else:
            truth = float(truth)
        asked.truth = truth
        return reveal(asked)

    def record(self, student: str) -> tuple[Line, ...]:
        """One student's record: each question asked so far, in the lesson's order."""
        return tuple(
            Line(
                step,
                self.asked[step].votes[1].get(student),
                self.asked[step].votes[2].get(student),
                self.asked[step].truth,
            )
            for step in ORDER
            if step in self.asked
        )


@dataclass(frozen=True)
class Line:
    """One line of a student's record: their latest answer in each round (None where
    they sent none) and the truth (None until it is revealed)."""

    step: str
    first: Answer | None
    second: Answer | None
    truth: Answer | None


# ---------------------------------------------------------------- the reveal


@dataclass(frozen=True)
class Moves:
    """Among the students who voted in both rounds, how their second vote stands to
    their first: closer to the truth (a number: by absolute distance; a choice or
    yes-or-no: from wrong to right), further from it, or neither."""

    closer: int
    away: int
    stayed: int


@dataclass(frozen=True)
class Reveal:
    """What the reveal shows: the truth, each round's counts (a number's bins as the
    class poll's histogram counts them; otherwise each option's id and count, in the
    options' order), and how the students moved between the rounds."""

    step: str
    truth: Answer
    counts: tuple[tuple[poll_rules.Bin, ...] | tuple[tuple[str, int], ...], ...]  # per round
    voters: tuple[int, ...]  # per round: how many voted
    moves: Moves

    def __repr__(self) -> str:
        return f"Reveal({self.step!r}, truth={self.truth!r}, voters={self.voters}, {self.moves})"


def counts(question: Question, answers: list[Answer], truth: Answer) -> tuple:
    """One round's answers counted: bins for a number, else one count per option."""
    if question.kind == "number":
        if not answers:
            return ()
        return tuple(poll_rules.bins([float(a) for a in answers], float(truth)))
    return tuple((o.id, sum(a == o.id for a in answers)) for o in question.options)


def moved(question: Question, first: Answer, second: Answer, truth: Answer) -> int:
    """+1 if `second` is closer to the truth than `first`, -1 if further, 0 if neither."""
    if question.kind == "number":
        before = poll_rules.distance(float(first), float(truth))
        after = poll_rules.distance(float(second), float(truth))
    else:
        before, after = int(first != truth), int(second != truth)
    return (after < before) - (after > before)


def reveal(asked: Asked) -> Reveal:
    if asked.truth is None:
        raise ValueError(f"{asked.question.step!r} is not revealed")
    first, second = asked.votes[1], asked.votes[2]
    both = [s for s in first if s in second]
    steps = [moved(asked.question, first[s], second[s], asked.truth) for s in both]
    return Reveal(
        asked.question.step,
        asked.truth,
        tuple(counts(asked.question, list(asked.votes[r].values()), asked.truth) for r in ROUNDS),
        tuple(len(asked.votes[r]) for r in ROUNDS),
        Moves(steps.count(1), steps.count(-1), steps.count(0)),
    )
