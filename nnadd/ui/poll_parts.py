"""The class poll's parts: the teacher's button and panel on the projected lesson, and
the student's page at /answer?poll=CODE, made for a phone.

Each part draws what it is given and returns what was pressed or typed; the pages
(app_pages/lesson.py, app_pages/answer.py) talk to the store and keep the state.
Everything a person typed is shown through as_text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from nnadd import i18n
from nnadd import poll_rules as rules
from nnadd.i18n import _, ngettext
from nnadd.lesson_plan import POLL_ONLY_THIS_MACHINE, only_this_machine
from nnadd.public_address import where_phones_go
from nnadd.safe_markdown import as_text
from nnadd.ui.figures import STATIC_CONFIG
from nnadd.ui.poll_histogram import histogram_alt, histogram_figure, how_many, number
from nnadd.ui.streamlit_internals import style_tag

QR_WIDTH = 300  # as the lesson's own QR code: scanned from a seat in the room
STUDENT_CHECK_SECONDS = 3  # how often an open student page asks whether it was revealed
COUNT_SECONDS = 1  # the teacher's live count


# ---------------------------------------------------------------- the teacher


def ask_button(has_poll: bool, on_click: Callable[[], None], key: str) -> None:
    """The lesson's "Ask the class", or the way back to a poll already asked."""
    st.button(
        _("Back to the class poll") if has_poll else _("Ask the class"), key=key,
        width="stretch", on_click=on_click,
        help=_("Students answer from their phones; you reveal the truth against their guesses."),
    )  # fmt: skip


def live_count(count: Callable[[], tuple[int, int] | None]) -> None:
    """ "N joined · M answered", read again about every second while the poll is
    open, and a warning when more joined than a class can have."""
    _live_count(count, i18n.current())


@st.fragment(run_every=COUNT_SECONDS)
def _live_count(count: Callable[[], tuple[int, int] | None], language: i18n.Language) -> None:
    # a fragment's own run starts in a new thread, where app.py has not chosen the
    # language: it speaks the one of the run that drew it
    i18n.use(language)
    counted = count()
    if counted is None:
        st.markdown(_("**Answers:** not reachable right now"))
        return
    joined, answered = counted
    st.markdown(
        "### "
        + _("{joined} joined · {answered} answered").format(
            joined=i18n.number(joined, ","), answered=i18n.number(answered, ",")
        )
    )
    if rules.too_many_joined(max(joined, answered)):
        st.warning(
            _(
                "More than {most} joined: someone may be sending extra answers. "
                "Clear answers, then ask your class to send again; or Reveal, then Ask "
                "again for a new code."
            ).format(most=i18n.number(rules.CLASS_MOST, ","))
        )


class ClearStep(NamedTuple):
    """Clear answers takes two presses: the first asks, the second deletes."""

    asking: bool  # the question "Delete every answer?" is on screen
    ask: Callable[[], None]
    yes: Callable[[], None]
    no: Callable[[], None]


def asking(
    question: str,
    code: str,
    link: str,
    qr: str,
    count: Callable[[], tuple[int, int] | None],
    on_reveal: Callable[[], None],
    on_back: Callable[[], None],
    clear: ClearStep,
    reached_at: str | None = None,
) -> None:
    """The open poll on the projector: the question, the QR code and the link (with the
    network address it names in place of localhost's, `reached_at`), the code, the
    live count, Reveal, Clear answers (asked twice) and the way back."""
    with st.container(key="class-poll"):
        _asking(question, code, link, qr, reached_at, count, on_reveal, on_back, clear)


def _asking(question, code, link, qr, reached_at, count, on_reveal, on_back, clear) -> None:
    st.markdown(_("**Ask the class:** {question}").format(question=question))
    code_col, where = st.columns([1, 2.2])
    code_col.image(qr, width=QR_WIDTH, alt=_("QR code: it opens {link}").format(link=link))
    # under the QR code, where the column has room
    if reached_at:
        code_col.caption(where_phones_go(reached_at))
    elif only_this_machine(link):
        code_col.warning(_(POLL_ONLY_THIS_MACHINE))  # marked in nnadd/lesson_plan.py
    where.markdown(_("Scan the code, or open this link and type your guess:"))
    where.code(link, language=None, wrap_lines=True)
    # Translators: {code} is the poll's code, five letters and digits such as K7M3Q
    where.markdown("### " + _("Code {code}").format(code=code))
    with where:
        live_count(count)
    if clear.asking:
        with where:
            clear_question(clear)
        return
    reveal, clearing, back = where.columns(3)
    reveal.button(
        _("Reveal"), key="poll_reveal", type="primary", width="stretch", on_click=on_reveal,
        help=_("Closes the poll and shows the guesses against the true value."),
    )  # fmt: skip
    clearing.button(
        _("Clear answers"), key="poll_clear_ask", width="stretch", on_click=clear.ask,
        help=_("Deletes every answer to this poll, after you say yes."),
    )  # fmt: skip
    back.button(_("Back to the step"), key="poll_back", width="stretch", on_click=on_back)


def clear_question(clear: ClearStep) -> None:
    """The second press of Clear answers. "No" sits where "Clear answers" was, so a
    double click keeps the answers."""
    st.markdown(_("**Delete every answer to this poll?** The phones then ask for a guess again."))
    yes, no, _spare = st.columns(3)
    yes.button(
        _("Yes, delete the answers"), key="poll_clear", type="primary", width="stretch",
        on_click=clear.yes,
    )  # fmt: skip
    no.button(_("No, keep them"), key="poll_keep", width="stretch", on_click=clear.no)


def revealed(
    question: str,
    guesses: Sequence[float],
    truth: float,
    decimals: int,
    on_back: Callable[[], None],
    on_again: Callable[[], None],
) -> rules.Summary:
    """The reveal: the histogram with the true value, how many were within 0.1, the
    closest guesses. Returns the summary shown."""
    chart, facts = st.container(key="class-poll").columns([1.7, 1])
    summary = rules.summarise(guesses, truth)
    bins = rules.bins(guesses, truth)
    chart.plotly_chart(
        histogram_figure(bins, summary.truth, decimals), key="poll-histogram",
        config=STATIC_CONFIG, alt=histogram_alt(summary, bins, decimals),
    )  # fmt: skip
    facts.markdown(_("**The question:** {question}").format(question=question))
    facts.metric(_("The true value"), number(summary.truth, decimals))
    facts.metric(
        _("Within {close}").format(close=i18n.number(rules.CLOSE, "g")),
        ngettext("{within} of {count} answer", "{within} of {count} answers", summary.count).format(
            within=how_many(summary.within), count=how_many(summary.count)
        ),
    )
    closest = rules.closest_words(summary, decimals)
    if closest:
        facts.markdown(closest)
    back, again = facts.columns(2)
    back.button(_("Back to the step"), key="poll_back", width="stretch", on_click=on_back)
    again.button(_("Ask again"), key="poll_again", width="stretch", on_click=on_again)
    return summary


def problem(words: str | None) -> None:
    """Why the last poll action failed: one of poll_replies' sentences (marked, and
    translated here), or a refusal already in the page's language, which the catalog
    leaves as it is."""
    if words:
        st.error(as_text(_(words)))


# ---------------------------------------------------------------- the student

# larger text on the student's phone: nnadd/ui/poll_parts.css, read once
STUDENT_STYLE = style_tag(Path(__file__).with_name("poll_parts.css"))


def student_heading() -> None:
    st.html(STUDENT_STYLE)
    st.title(_("Class poll"), anchor=False)


def code_form() -> str | None:
    """A box for the code on the teacher's screen; returns what was typed, once sent."""
    typed = st.text_input(
        _("The code on the teacher's screen"), max_chars=rules.CODE_LENGTH, key="poll_code",
        placeholder=_("e.g. K7M3Q"),
    )  # fmt: skip
    if st.button(_("Open"), key="poll_open") and typed:
        return typed
    return None


def refused(words: str) -> None:
    st.error(as_text(words))


def late(words: str) -> None:
    st.warning(words)


def question(words: str) -> None:
    st.markdown(f"**{as_text(words)}**")


def guess(decimals: int) -> tuple[bool, float | None]:
    """The number box and Send; returns (Send pressed, the number in the box)."""
    value = st.number_input(
        _("Your guess"), value=None, step=10.0**-decimals, format=f"%.{decimals}f",
        key="poll_guess", placeholder=_("a number"),
    )  # fmt: skip
    pressed = st.button(_("Send"), key="poll_send", type="primary", width="stretch")
    return pressed, value


def sent(mine: float | None, decimals: int, said: tuple[str, str] | None) -> None:
    """What happened to the last Send, and the answer that counts now."""
    if said:
        kind, words = said
        {"success": st.success, "info": st.info}.get(kind, st.error)(as_text(words))
    if mine is None:
        st.caption(_("You have not sent a guess yet. You can change it until the teacher reveals."))
    else:
        st.markdown(
            _(
                "Your answer: **{answer}**. You can change it until the teacher reveals "
                "the true value."
            ).format(answer=number(mine, decimals))
        )


@st.fragment(run_every=STUDENT_CHECK_SECONDS)
def wait_for_reveal(changed: Callable[[], bool]) -> None:
    """While the poll is open: every few seconds, whether the teacher has revealed or
    cleared the answers; if so the whole page runs again and shows it."""
    if changed():
        st.rerun()


def truth(value: float, mine: float | None, decimals: int) -> None:
    """After the reveal: the true value and how far this student was."""
    st.metric(_("The true value"), number(value, decimals))
    if mine is None:
        st.info(_("You did not send a guess for this question."))
    else:
        # green only for a close guess: a far one is told so in a neutral box
        box = st.success if rules.close(mine, value) else st.info
        box(rules.how_far(mine, value, decimals))
