"""Lesson steps 1 and 2, whose answers are the class's questions: each keeps them
hidden until Reveal (step 2 a line of its working a press), and Reveal holds PageDown
until everything is shown. nnadd/ui/lesson_steps.py draws the other steps' bodies;
nnadd/ui/lesson_registry.py says which step draws which."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import streamlit as st

from nnadd import explain
from nnadd import lesson_plan as words
from nnadd.evaluate import Evaluation
from nnadd.glossary import explained
from nnadd.i18n import _, number
from nnadd.perceptron import Perceptron, Update
from nnadd.poll_rules import close
from nnadd.safe_markdown import as_text
from nnadd.ui.figures import STATIC_CONFIG, projected
from nnadd.ui.neuron_figures import network_figure
from nnadd.wording import DIAGRAM_KEY

DIAGRAM_HEIGHT = 330  # step 1's neuron: room for the words of the longest language (German)


def untrained(
    network: Perceptron,
    result: Evaluation,
    shown: bool,
    on_reveal: Callable[[], None],
    ink: str | None,
) -> None:
    """Step 1: the diagram with its random weights; its answer for 0.3 + 0.4 and its
    score stay "?" (in the diagram too) until Reveal, which holds PageDown till then."""
    a, b = words.FIRST_A, words.FIRST_B
    diagram, facts = st.columns([1.15, 1])
    answer = network.predict(a, b)
    figure = network_figure(network, a, b)
    diagram.plotly_chart(
        projected(figure if shown else hiding_the_answer(figure), DIAGRAM_HEIGHT, ink),
        key="lesson-diagram", config=STATIC_CONFIG,
        alt=words.untrained_alt(network, a, b, shown),
    )  # fmt: skip
    diagram.caption(DIAGRAM_KEY(network.activation))
    facts.metric(
        _("Its answer for {a} + {b}").format(a=number(a, "g"), b=number(b, "g")),
        number(answer, ".4f") if shown else words.HIDDEN,
    )
    facts.metric(_("The true sum"), number(a + b, ".4f"))
    score = words.score_text(result)
    facts.metric(_("Right on the 25 test pairs"), score if shown else words.HIDDEN)
    if not shown:
        facts.button(
            _(words.REVEAL), key="lesson_reveal_untrained", type="primary", shortcut="PageDown",
            on_click=on_reveal, help=_(words.REVEAL_HELP),
        )  # fmt: skip


def hiding_the_answer(figure: go.Figure) -> go.Figure:
    """The neuron's diagram with z and the output shown as "?", and no hover text: its
    answer is the question of step 1."""
    for note in figure.layout.annotations:
        if note.text.startswith("z<br>"):
            note.text = f"z<br>{words.HIDDEN}"
        elif note.text.startswith("<b>"):
            note.text = f"<b>{words.HIDDEN}</b>"
    return figure.update_traces(hoverinfo="skip", hovertext=None)


def predict(
    update: Update,
    activation: str,
    shown: int,
    reveal: Callable[[int], None],
    reveal_all: Callable[[int], None],
    ask_class: Callable[[], None] | None = None,
) -> None:
    """Step 2: the first pair and the weights now, the guess and Reveal; then the
    update worked out with the trainer's own numbers, `shown` lines of it, one more a
    press of Next line (PageDown), or All lines; the new w1, the answer, in a box, and
    how far a typed guess was once it is shown. No guess is needed: a teacher reveals
    for the class. `ask_class`, when given, draws the class poll's button beside Reveal."""
    lines = explain.working_lines(update, activation)
    total = len(lines)
    ask, working = st.columns([0.85, 1.6])
    # Translators: two lines (keep the two spaces before the line break); {bias} is
    # the term with its plain words, "bias (the neuron's own nudge)".
    said = _("**The pair:** {x1} + {x2} = {target}  \n**Now:** w1 = {w1}, w2 = {w2}, {bias} = {b}")
    ask.markdown(
        said.format(
            x1=number(update.x1, "g"), x2=number(update.x2, "g"),
            target=number(update.target, "g"), w1=number(update.w1, ".4f"),
            w2=number(update.w2, ".4f"), bias=explained("bias"), b=number(update.b, ".4f"),
        )
    )  # fmt: skip
    guess = ask.number_input(
        _(words.GUESS_LABEL), value=None, min_value=-1000.0, max_value=1000.0,
        step=0.001, format="%.4f", key="lesson_guess", placeholder=_(words.GUESS_PLACEHOLDER),
    )  # fmt: skip
    if shown == 0:
        where = ask
        if ask_class is not None:
            where, beside = ask.columns(2)
            with beside:
                ask_class()
        where.button(
            _(words.REVEAL), key="lesson_reveal", type="primary", shortcut="PageDown",
            on_click=reveal, args=(total,), help=_(words.REVEAL_HELP),
        )  # fmt: skip
        working.info(_(words.WORKING_LATER))
        return
    if shown < total:
        one, every = ask.columns(2)
        one.button(
            _(words.NEXT_LINE), key="lesson_next_line", type="primary", shortcut="PageDown",
            on_click=reveal, args=(total,), width="stretch",
        )  # fmt: skip
        every.button(
            _(words.ALL_LINES), key="lesson_all_lines", on_click=reveal_all, args=(total,),
            width="stretch",
        )  # fmt: skip
    if ask_class is not None:
        with ask:
            ask_class()
    shown_lines = lines[:shown]
    answer = next((n for n, line in enumerate(shown_lines) if line.answer), len(shown_lines))
    with working.container(key="lesson_working"):
        _maths(shown_lines[:answer])
        if answer < len(shown_lines):
            with st.container(key="lesson_answer", border=True):
                st.markdown(f"${shown_lines[answer].latex}$ **{_(words.ANSWER_LABEL)}**")
        _maths(shown_lines[answer + 1 :])
    working.caption(explain.update_key(activation))  # at the text's size, outside the maths
    if answer < len(shown_lines) and guess is not None:
        # green for a close guess only (as a phone's answer to the poll): a far one is
        # told how far in a neutral box
        box = ask.success if close(guess, update.new_w1) else ask.info
        box(as_text(words.guess_verdict(guess, update)))


def _maths(lines: Sequence[explain.Line]) -> None:
    """Lines of working, one paragraph with a line break between them."""
    if lines:
        st.markdown("  \n".join(f"${line.latex}$" for line in lines))
