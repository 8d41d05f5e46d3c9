"""The lesson at /lesson: seven steps a teacher can project, one idea and one screen each.

Reads like the lesson's table of contents: its state and settings, the step bar, the
step on screen (or its class poll), the teacher's notes, and step 4's run last. The
parts live in nnadd/ui/lesson_steps.py and nnadd/ui/poll_parts.py, the words and numbers in
nnadd/lesson_plan.py and nnadd/poll_rules.py.
"""

import streamlit as st

from nnadd import lesson_plan as words
from nnadd import poll_rules as rules
from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.landscape import best_weights
from nnadd.ui import lesson_steps, live, offload, poll_parts
from nnadd.ui.poll_store import UNREACHABLE_TEACHER, PollRefused, PollUnavailable, page_store
from nnadd.ui.session import Session
from nnadd.wording import share_link

st.set_page_config(initial_sidebar_state="collapsed")
DATA = article_data()
session = Session()
state = session.lesson()
this_run = state.claim_run()
session.keep_playground()
run = offload.on_demand()  # steps 4 to 7 work out results on demand, in the server's workers

# ---------------------------------------------------------------- the step and its settings
asked = session.linked_settings()
settings = words.lesson_settings(asked)
said = session.take_link_warnings()
said += [w for w in [state.follow_link(st.query_params.to_dict())] if w]
step = state.step
state.open(step, settings)  # the step's known state, built when it opens
query = words.lesson_query(step, settings)
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)
state.wrote_link(step)
link = words.playground_link(st.context.url, settings)

# ---------------------------------------------------------------- the class poll
kind = words.POLLS.get(step)
ticket = state.poll(step) if kind else None
ask_class = None
if kind:
    question = words.poll_question(step, settings)
    # where the teacher's page is, for the bound on polls one address may open
    opener = rules.client_address(
        st.context.ip_address, st.context.headers.get_all("X-Forwarded-For")
    )

    def ask_class() -> None:
        poll_parts.ask_button(
            ticket is not None,
            lambda: state.ask_class(step, kind, question, page_store, opener),
            key="lesson_ask_class",
        )  # fmt: skip


polling = ticket is not None and ticket.showing


def count_answers() -> tuple[int, int] | None:
    try:
        return page_store().counts(ticket.code, ticket.token)
    except (PollUnavailable, PollRefused):
        return None


# ---------------------------------------------------------------- the step on screen
lesson_steps.style()
with st.container(key="lesson"):
    lesson_steps.warnings(said)
    poll_parts.problem(state.take_poll_problem())
    lead = words.lead(step, settings)
    lesson_steps.bar(step, words.title(step, settings, run), None if step == 4 else lead, state.go)
    if polling and not ticket.revealed:
        answer_link = rules.answer_link(st.context.url, ticket.code)
        poll_parts.asking(
            ticket.question, ticket.code, answer_link, lesson_steps.qr_svg(answer_link),
            count_answers,
            lambda: state.reveal_poll(
                step, lambda: words.poll_truth(step, settings, run), page_store
            ),
            lambda: state.poll_back(step),
            poll_parts.ClearStep(
                state.asking_to_clear(step), lambda: state.ask_to_clear(step),
                lambda: state.clear_poll(step, page_store), state.keep_answers,
            ),
        )  # fmt: skip
    elif polling:
        try:
            guesses = page_store().guesses(ticket.code, ticket.token)
            truth = page_store().view(ticket.code).truth
        except (PollUnavailable, PollRefused):
            poll_parts.problem(UNREACHABLE_TEACHER)
            # worked out here: the poll was revealed, so this is remembered already
            guesses, truth = [], words.poll_truth(step, settings)
        poll_parts.revealed(
            ticket.question, guesses, truth, rules.QUESTIONS[kind].decimals,
            lambda: state.poll_back(step),
            lambda: state.ask_again(step, kind, question, page_store, opener),
        )  # fmt: skip
    elif step == 1:
        start = words.untrained(settings)
        lesson_steps.untrained(start, evaluate(start, DATA.test))
    elif step == 2:
        shown = lesson_steps.Reveal(state.revealed, state.refused)
        update = words.first_update(settings)
        state.show(lesson_steps.predict(update, settings.activation, shown, ask_class))
    elif step == 3:
        lesson_steps.one_epoch(words.one_epoch(settings), state.epoch_run, state.run_epoch)
    elif step == 4:
        trainer = state.trainer
        lead = words.watch_lead(settings, asked.epochs, trainer.diverged_at)
        diagram = lesson_steps.watch(
            trainer, settings.epochs, state.running, lead, state.train, state.pause, ask_class
        )
        slots = live.layout()
        best = offload.worked_out(
            lambda: best_weights(settings.activation, DATA.training, run),
            "The chart has no best-fit lines for now.", key="best_try_again",
        )  # fmt: skip
        view = live.View(
            settings.epochs, best, [], DATA.test, diagram, words.FIRST_A, words.FIRST_B,
            lesson_steps.POLL_CHART_HEIGHT if ask_class else lesson_steps.LIVE_CHART_HEIGHT,
        )  # fmt: skip
        live.draw(slots, view, trainer, trainer.history.latest, trainer.network, key="lesson")
    elif step in (5, 7):
        trained = offload.worked_out(
            lambda: words.trained(settings, run), lesson_steps.NOT_TRAINED, key="lesson_try_again"
        )
        if trained and step == 5:
            lesson_steps.why(trained, evaluate(trained, DATA.test), DATA.test)
        elif trained:
            lesson_steps.your_turn(trained, link, lesson_steps.qr_svg(link))
    else:
        compared = offload.worked_out(
            lambda: words.compared(settings, run), lesson_steps.NOT_COMPARED, key="lesson_try_again"
        )
        if compared:
            lesson_steps.linear(compared)
    lesson_steps.notes(
        step, settings, share_link(st.context.url, query),
        lambda: words.worksheet(settings, link, lesson_steps.qr_svg(link), run),
    )  # fmt: skip

# ---------------------------------------------------------------- step 4's run
if step == 4 and not polling:
    live.run(state, this_run, "Watch", slots, view)
