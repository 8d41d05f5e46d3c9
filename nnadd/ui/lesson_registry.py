"""The lesson's steps, in order: one entry a step, with its id, its words (title, lead,
question and notes, in nnadd/lesson_plan.py), the function that draws its body, the
class poll it may ask and its chart's height.

A step's number is its place here and nowhere else: the page (app_pages/lesson.py)
shows REGISTRY[number - 1], and inserting a step is one entry. Like a page, this
module composes the sections (nnadd/ui/lesson_steps.py, nnadd/ui/lesson_frame.py's QR
code, nnadd/ui/live.py); each drawer takes the step's Context and returns what must run
after the rest of the page is drawn (the watched run), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from nnadd import explain
from nnadd import lesson_plan as plan
from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.i18n import _
from nnadd.landscape import best_weights
from nnadd.ondemand import Runner
from nnadd.pacing import LESSON_PACE
from nnadd.settings import Settings
from nnadd.training import Trainer
from nnadd.ui import lesson_frame, lesson_reveals, lesson_steps, live, offload
from nnadd.ui.lesson_state import LessonState

DATA = article_data()
# pixels a chart gives up when "Ask the class" shares its buttons' row, which leaves
# the lead beside them a second line
POLL_BUTTON_ROOM = 22


class Context(NamedTuple):
    """What a step's drawer is given."""

    settings: Settings  # what the lesson runs on (lesson_plan.lesson_settings)
    asked_epochs: int  # the epochs the Playground's settings ask for
    state: LessonState
    on_demand: Runner  # where results are worked out (here, or in the server's workers)
    link: str  # the Playground's address with the lesson's settings
    network: str | None  # the network address the links name instead of localhost's
    ask_class: Callable[[], None] | None  # draws "Ask the class", on a step with a poll
    claimed: int  # this script run's number, for the watched run (Run.claim)
    chart_height: int | None  # the step's chart, in pixels


After = Callable[[], None]


class Step(NamedTuple):
    """One step of the lesson."""

    words: plan.Step
    draw: Callable[[Context], After | None]
    poll: str | None = None  # the class poll's question (nnadd.poll_rules.QUESTIONS)
    chart_height: int | None = None
    # the network the step opens with, for its own run (the lesson's Run); None: no run
    start: Callable[[Settings], Trainer] | None = None
    lead_in_bar: bool = True  # False: the drawer puts the lead beside its buttons
    # how many presses of its Reveal the step's hidden parts take (None: it hides none);
    # until they are all shown, the step's Reveal holds PageDown, not Next
    reveals: Callable[[Settings], int] | None = None

    @property
    def id(self) -> str:
        return self.words.id


# ---------------------------------------------------------------- the drawers


def untrained(ctx: Context) -> None:
    start = plan.untrained(ctx.settings)
    lesson_reveals.untrained(
        start, evaluate(start, DATA.test), ctx.state.shown > 0, lambda: ctx.state.reveal(1),
        lesson_steps.ink(),
    )  # fmt: skip


def predict(ctx: Context) -> None:
    update = plan.first_update(ctx.settings)
    lesson_reveals.predict(
        update, ctx.settings.activation, ctx.state.shown, ctx.state.reveal,
        ctx.state.reveal_all, ctx.ask_class,
    )  # fmt: skip


def working_lines(settings: Settings) -> int:
    """Step 2's lines of working, one a press."""
    return len(explain.working_lines(plan.first_update(settings), settings.activation))


def one_epoch(ctx: Context) -> None:
    lesson_steps.one_epoch(plan.one_epoch(ctx.settings), ctx.state.epoch_run, ctx.state.run_epoch)


def watch(ctx: Context) -> After:
    """The watched run: its buttons and lead, the live numbers and chart; the run itself
    goes on after the rest of the page is drawn."""
    run, settings = ctx.state.run, ctx.settings
    trainer = run.trainer

    def again() -> None:  # Run again (a callback): from the step's start, training
        run.trainer = plan.watch_start(settings)
        ctx.state.train()

    lead = plan.watch_lead(settings, ctx.asked_epochs, trainer.diverged_at)
    buttons = lesson_steps.WatchButtons(ctx.state.train, ctx.state.pause, again)
    diagram = lesson_steps.watch(
        trainer, settings.epochs, run.running, lead, buttons, ctx.ask_class
    )
    slots = live.layout(key_beside=True)
    # the best-fit lines answer the worksheet's question "where do the weights end
    # up?": they appear once the run has ended, never before
    best = None
    if not run.running and (trainer.epoch >= settings.epochs or trainer.diverged):
        best = offload.worked_out(
            lambda: best_weights(settings.activation, DATA.training, ctx.on_demand),
            _("The chart has no best-fit lines for now."), key="best_try_again",
        )  # fmt: skip
    height = ctx.chart_height
    if height is not None and ctx.ask_class is not None:
        height -= POLL_BUTTON_ROOM
    view = live.View(
        settings.epochs, best, [], DATA.test, diagram, plan.FIRST_A, plan.FIRST_B, height,
        ink=lesson_steps.ink(), projected=True,
    )  # fmt: skip
    live.draw(slots, view, trainer, trainer.history.latest, trainer.network, key="lesson")
    return lambda: live.run(run, ctx.claimed, LESSON_PACE, slots, view)


def why(ctx: Context) -> None:
    trained = offload.worked_out(
        lambda: plan.trained(ctx.settings, ctx.on_demand), _(lesson_steps.NOT_TRAINED),
        key="lesson_try_again",
    )  # fmt: skip
    if trained:
        lesson_steps.why(trained, evaluate(trained, DATA.test), DATA.test)


def linear(ctx: Context) -> None:
    compared = offload.worked_out(
        lambda: plan.compared(ctx.settings, ctx.on_demand), _(lesson_steps.NOT_COMPARED),
        key="lesson_try_again",
    )  # fmt: skip
    if compared:
        lesson_steps.linear(compared)


def your_turn(ctx: Context) -> None:
    trained = offload.worked_out(
        lambda: plan.trained(ctx.settings, ctx.on_demand), _(lesson_steps.NOT_TRAINED),
        key="lesson_try_again",
    )  # fmt: skip
    if trained:
        lesson_steps.your_turn(trained, ctx.link, lesson_frame.qr_svg(ctx.link), ctx.network)


# ---------------------------------------------------------------- the lesson

REGISTRY: tuple[Step, ...] = (
    Step(plan.UNTRAINED, untrained, reveals=lambda settings: 1),
    Step(plan.PREDICT, predict, poll="w1", reveals=working_lines),
    Step(plan.ONE_EPOCH, one_epoch),
    Step(
        plan.WATCH,
        watch,
        poll="score",
        chart_height=lesson_steps.LIVE_CHART_HEIGHT,
        start=plan.watch_start,
        lead_in_bar=False,
    ),
    Step(plan.WHY, why),
    Step(plan.LINEAR, linear),
    Step(plan.YOUR_TURN, your_turn),
)
