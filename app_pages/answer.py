"""The class poll's page for a student's phone, at /answer?poll=CODE.

Reads like the page: the heading, the code (from the link, or typed), the question,
then either the guess and Send (while the poll is open) or the true value and how far
the guess was (after the teacher's reveal). Opening a poll counts the page as joined,
once, within the limit on new answerers from one address (nnadd/poll_rules.py); when the
teacher clears the answers, the page says so and takes a guess again. It draws none of
the Playground's controls and never receives another student's answer. The parts live in
nnadd/ui/poll_parts.py, the rules in nnadd/poll_rules.py, the answers in nnadd/ui/poll_store.py.
"""

import streamlit as st

from nnadd import poll_rules as rules
from nnadd.i18n import _, number
from nnadd.ui import poll_parts
from nnadd.ui.poll_store import (
    CLEARED,
    LATE,
    UNREACHABLE_STUDENT,
    UNREACHABLE_VIEW,
    PollRefused,
    PollUnavailable,
    PollView,
    page_store,
)
from nnadd.ui.session import Session

st.set_page_config(initial_sidebar_state="collapsed")
phone = Session().student()
student = phone.id
raw = st.query_params.get_all("poll")
raw = raw[-1] if raw else ""
code = rules.check_code(raw)
# where this phone is, for the limit on new answerers from one address (None: not
# known, or this machine itself; AppTest gives no address)
address = rules.client_address(st.context.ip_address, st.context.headers.get_all("X-Forwarded-For"))


def changed_now(drawn: PollView) -> bool:
    """Whether the teacher revealed, or cleared the answers, since the page was drawn."""
    try:
        now = page_store().view(code)
    except (PollUnavailable, PollRefused):
        return False
    return now.revealed or now.cleared != drawn.cleared


def join(view: PollView) -> None:
    """Count this page as joined, once; a page held back by the limit per address
    is tried again on its next run (its Send says why)."""
    if view.revealed or phone.has_joined(code):
        return
    try:
        page_store().join(code, student, address)
    except (PollUnavailable, PollRefused):
        return
    phone.joined(code)


with st.container(key="answer"):
    poll_parts.student_heading()
    view, typed = None, None
    if code is None:
        if raw:
            poll_parts.refused(
                # Translators: {typed} is what the link held in place of a poll's code
                _(
                    "The link's poll code, {typed}, is not a code: a code is {length} "
                    "letters and digits, such as K7M3Q."
                ).format(typed=raw[:12], length=number(rules.CODE_LENGTH))
            )
        typed = poll_parts.code_form()
    else:
        try:
            view = page_store().view(code)
        except PollRefused as refused:
            poll_parts.refused(str(refused))
            typed = poll_parts.code_form()
        except PollUnavailable:
            poll_parts.refused(_(UNREACHABLE_VIEW))
    if typed:
        st.query_params["poll"] = typed.strip().upper()[: rules.CODE_LENGTH + 2]
        st.rerun()
    if view is not None:
        decimals = rules.QUESTIONS[view.kind].decimals if view.kind in rules.QUESTIONS else 4
        join(view)
        if phone.saw_clear(code, view.cleared):
            phone.say(code, "info", _(CLEARED))
        poll_parts.question(view.question)
        if not view.revealed:
            pressed, guess = poll_parts.guess(decimals)
            if pressed:
                try:
                    kept = page_store().answer(code, student, guess, address)
                    sent = _("Sent: {guess}.").format(guess=rules.shown(kept, decimals))
                    phone.say(code, "success", sent)
                except PollRefused as refused:
                    phone.say(code, "error", str(refused))
                except PollUnavailable:
                    phone.say(code, "error", _(UNREACHABLE_STUDENT))
        try:
            mine = page_store().my_answer(code, student)
        except PollUnavailable:
            mine = None
        if not view.revealed:
            poll_parts.sent(mine, decimals, phone.said(code))
            poll_parts.wait_for_reveal(lambda: changed_now(view))
        else:
            if phone.sending:
                poll_parts.late(_(LATE))
            poll_parts.truth(view.truth, mine, decimals)
