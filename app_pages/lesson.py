"""The lesson at /lesson: steps a teacher can project, one idea and one screen each.

Reads like the lesson's table of contents: its state and settings, the step bar, the
step on screen (or its class poll), the teacher's notes, and the step's run last. The
steps, in order, are nnadd/ui/lesson_registry.py; their parts live in
nnadd/ui/lesson_frame.py (the bar and the notes), nnadd/ui/lesson_steps.py (each step's
body) and nnadd/ui/poll_parts.py, the words and numbers in nnadd/lesson_plan.py and
nnadd/poll_rules.py.
"""

import streamlit as st

from nnadd import lesson_plan as words
from nnadd import poll_rules as rules
from nnadd.ui import language_picker, lesson_frame, lesson_registry, offload, poll_parts
from nnadd.ui.poll_store import UNREACHABLE_TEACHER, PollRefused, PollUnavailable, page_store
from nnadd.ui.run import notice_and_announcement
from nnadd.ui.session import Session
from nnadd.wording import share_link

st.set_page_config(initial_sidebar_state="collapsed")
steps = lesson_registry.REGISTRY
session = Session()
state = session.lesson()
claimed = state.run.claim()
session.keep_playground()
on_demand = offload.on_demand()  # results worked out on demand, in the server's workers

# ---------------------------------------------------------------- the step and its settings
asked = session.linked_settings()
settings = words.lesson_settings(asked)
said = session.take_link_warnings()
said += [w for w in [state.follow_link(st.query_params.to_dict(), len(steps))] if w]
show_notes, notes_warning = words.parse_notes(st.query_params.get_all(words.NOTES) or None)
said += [notes_warning] if notes_warning else []
number = state.step
step = steps[number - 1]
start = (lambda: step.start(settings)) if step.start else None
state.open(step.id, settings, start)  # the step's known state, built when it opens
query = words.lesson_query(number, settings, show_notes)
if st.query_params.to_dict() != query | language_picker.in_link():
    st.query_params.from_dict(query | language_picker.in_link())
state.wrote_link(number)
public = lesson_frame.phones_address()  # the address the phones' links name
said += [public.problem] if public.problem else []
link = words.playground_link(public.url, settings)

# ---------------------------------------------------------------- the class poll
polls = state.polls
ticket = polls.get(step.id) if step.poll else None
ask_class = None
if step.poll:
    question = words.poll_question(step.poll, settings)
    # where the teacher's page is, for the bound on polls one address may open
    opener = rules.client_address(
        st.context.ip_address, st.context.headers.get_all("X-Forwarded-For")
    )

    def ask_class() -> None:
        poll_parts.ask_button(
            ticket is not None,
            lambda: polls.ask(step.id, step.poll, question, page_store, opener),
            key="lesson_ask_class",
        )  # fmt: skip


polling = ticket is not None and ticket.showing
# a step's Reveal holds PageDown, a clicker's key, until the step has shown everything
revealing = step.reveals is not None and not polling and state.shown < step.reveals(settings)


def count_answers() -> tuple[int, int] | None:
    try:
        return page_store().counts(ticket.code, ticket.token)
    except (PollUnavailable, PollRefused):
        return None


# ---------------------------------------------------------------- the step on screen
after = None
lesson_frame.style()
with st.container(key="lesson"):
    lesson_frame.warnings(said)
    poll_parts.problem(polls.take_problem())
    lesson_frame.bar(
        number, len(steps), words.title(step.words, settings, on_demand),
        words.lead(step.words, settings) if step.lead_in_bar else None,
        lambda n: state.go(n, len(steps)), next_key=not revealing,
    )  # fmt: skip
    if polling and not ticket.revealed:
        answer_link = rules.answer_link(public.url, ticket.code)
        poll_parts.asking(
            ticket.question, ticket.code, answer_link, lesson_frame.qr_svg(answer_link),
            count_answers,
            lambda: polls.reveal(
                step.id, lambda: words.poll_truth(step.poll, settings, on_demand), page_store
            ),
            lambda: polls.back(step.id),
            poll_parts.ClearStep(
                polls.asking_to_clear(step.id), lambda: polls.ask_to_clear(step.id),
                lambda: polls.clear(step.id, page_store), polls.keep_answers,
            ),
            reached_at=public.network,
        )  # fmt: skip
    elif polling:
        try:
            guesses = page_store().guesses(ticket.code, ticket.token)
            truth = page_store().view(ticket.code).truth
        except (PollUnavailable, PollRefused):
            poll_parts.problem(UNREACHABLE_TEACHER)
            # worked out here: the poll was revealed, so this is remembered already
            guesses, truth = [], words.poll_truth(step.poll, settings)
        poll_parts.revealed(
            ticket.question, guesses, truth, rules.QUESTIONS[step.poll].decimals,
            lambda: polls.back(step.id),
            lambda: polls.ask_again(step.id, step.poll, question, page_store, opener),
        )  # fmt: skip
    else:
        after = step.draw(
            lesson_registry.Context(
                settings, asked.epochs, state, on_demand, link, public.network, ask_class,
                claimed, step.chart_height,
            )
        )  # fmt: skip
    if show_notes:  # notes=0 in the link leaves them off the projected page
        # the lesson's first step, with its notes and without: the printed notes' links
        first = [
            share_link(st.context.url, words.lesson_query(1, settings, notes))
            for notes in (True, False)
        ]
        lesson_frame.notes(
            step.words, settings,
            (share_link(st.context.url, query),
             share_link(st.context.url, words.lesson_query(number, settings, notes=False))),
            lambda: words.worksheet(
                [s.words for s in steps], settings, link, lesson_frame.qr_svg(link)
            ),
            lambda: words.notes_page([s.words for s in steps], settings, *first, on_demand),
        )  # fmt: skip
    if step.start:  # how the step's run ended, said to screen readers
        with st.container(key="lesson_run_said"):
            notice_and_announcement(state.run, divergence=False)

# ---------------------------------------------------------------- the step's run, last
if after is not None:
    after()
