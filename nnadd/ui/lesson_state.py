"""The lesson's state: the step on screen, what each step has shown, the watched run
(nnadd.ui.run.Run) and the class polls the teacher's page opened (TeacherPolls).

It lives in a mapping of its own inside the session's (LESSON_KEYS), apart from the
Playground's. Steps are named by their registry id ("predict", "watch"), never by
their number, except `step`, the number on screen. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from nnadd.i18n import _
from nnadd.lesson_plan import parse_step
from nnadd.ondemand import NotNow
from nnadd.poll_rules import PollTicket
from nnadd.settings import Settings
from nnadd.training import Trainer
from nnadd.ui.poll_store import UNREACHABLE_TEACHER, PollRefused, PollStore, PollUnavailable
from nnadd.ui.run import Run

LESSON_KEYS = {
    "step": "the step's number on screen, from 1",
    "link_step": "the step this page last wrote into the address",
    "opened": "(step id, settings) whose known state was last built",
    "run": "the watched run's network and its state (nnadd.ui.run.KEYS)",
    "shown": "how many of the step's hidden parts are shown: step 1's answer and "
    "score (1), step 2's lines of working (one a press)",
    "epoch_run": "the one-epoch step: whether the epoch has been run",
    "polls": "the class polls this page opened (POLL_KEYS)",
}


class LessonState:
    """The lesson's state, over its own mapping."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self._state = state
        self.run = Run(state.setdefault("run", {}))
        self.polls = TeacherPolls(state.setdefault("polls", {}))

    def __repr__(self) -> str:
        return f"LessonState(step {self.step}, {self.run!r})"

    @property
    def step(self) -> int:
        return self._state.get("step", 1)

    def go(self, step: int, total: int) -> None:
        """Previous and Next (a callback, so the page draws the new step at once)."""
        self._state["step"] = min(max(step, 1), total)

    def follow_link(self, query: Mapping[str, object], total: int) -> str | None:
        """Open the step the address asks for, when it asks for one this page did not
        write itself (a link, or a typed address); returns a warning for a bad one."""
        raw = query.get("step")
        if raw is None or raw == self._state.get("link_step"):
            self._state["step"] = min(self.step, total)
            return None
        step, warning = parse_step(raw, total)
        self._state["step"] = step
        return warning

    def wrote_link(self, step: int) -> None:
        self._state["link_step"] = str(step)

    def open(self, step_id: str, settings: Settings, start: Callable[[], Trainer] | None) -> None:
        """Build the step's known state when the step or the settings changed: nothing
        shown, no epoch run, and, for a step that trains, the network `start` makes
        and no run going."""
        if self._state.get("opened") == (step_id, settings):
            return
        self._state["opened"] = (step_id, settings)
        self._state.update(shown=0, epoch_run=False)
        self.run.running = False
        if start is not None:
            self.run.trainer = start()

    # ------------------------------------------------------------ what a step has shown
    @property
    def shown(self) -> int:
        return self._state.get("shown", 0)

    def reveal(self, total: int) -> None:
        """Reveal, Next line (a callback): one more hidden part of the step, of `total`."""
        self._state["shown"] = min(self.shown + 1, total)

    def reveal_all(self, total: int) -> None:
        """All lines (a callback)."""
        self._state["shown"] = total

    @property
    def epoch_run(self) -> bool:
        return bool(self._state.get("epoch_run", False))

    def run_epoch(self) -> None:
        """Run one epoch (a callback)."""
        self._state["epoch_run"] = True

    def train(self) -> None:
        """Train (a callback): live.run trains until the lesson's epochs."""
        self.run.running = not self.run.trainer.diverged

    def pause(self) -> None:
        self.run.running = False


POLL_KEYS = {
    "tickets": "{step id: nnadd.poll_rules.PollTicket}",
    "problem": "why the last poll action failed, shown once, or None",
    "clearing": "the step id whose poll asks whether to delete its answers, or None",
}


class TeacherPolls:
    """The class polls the teacher's page opened, one a step, by the step's id; each
    with its secret token, which is never shown and never sent to a student."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self._state = state

    def get(self, step_id: str) -> PollTicket | None:
        return self._state.get("tickets", {}).get(step_id)

    def _keep(self, step_id: str, ticket: PollTicket) -> None:
        self._state["tickets"] = {**self._state.get("tickets", {}), step_id: ticket}

    def _forget(self, step_id: str) -> None:
        tickets = self._state.get("tickets", {})
        self._state["tickets"] = {k: v for k, v in tickets.items() if k != step_id}

    def take_problem(self) -> str | None:
        return self._state.pop("problem", None)

    def _problem(self, words: str) -> None:
        self._state["problem"] = words

    def ask(
        self,
        step_id: str,
        kind: str,
        question: str,
        store: Callable[[], PollStore],
        address: str | None = None,
    ) -> None:
        """Ask the class (a callback): a new poll for this step, shown at once; or, when
        the step has one, show it again. `address`: where the teacher's page is
        (nnadd.poll_rules.client_address), for the bound on polls one address opens."""
        ticket = self.get(step_id)
        if ticket is not None:
            self._keep(step_id, ticket._replace(showing=True))
            return
        self.ask_again(step_id, kind, question, store, address)

    def ask_again(
        self,
        step_id: str,
        kind: str,
        question: str,
        store: Callable[[], PollStore],
        address: str | None = None,
    ) -> None:
        """A new poll for this step, in place of the step's last one, which is deleted
        (with its token): a page holds one poll a step, however often it asks."""
        old = self.get(step_id)
        retire = [(old.code, old.token)] if old is not None else []
        try:
            opened = store().open(kind, question, retire=retire, address=address)
        except PollUnavailable:
            self._problem(_(UNREACHABLE_TEACHER))
            return
        except PollRefused as refused:  # too many open polls: the server's, or this address's
            self._problem(str(refused))
            return
        self._keep(step_id, PollTicket(opened.code, opened.token, kind, question, False, True))

    def asking_to_clear(self, step_id: str) -> bool:
        return self._state.get("clearing") == step_id

    def ask_to_clear(self, step_id: str) -> None:
        """Clear answers, the first press (a callback): the page asks "Delete every
        answer?" in place of the buttons."""
        self._state["clearing"] = step_id

    def keep_answers(self) -> None:
        self._state["clearing"] = None

    def clear(self, step_id: str, store: Callable[[], PollStore]) -> None:
        """Clear answers, the second press (a callback): deletes the step's poll's
        answers, with the token."""
        self._state["clearing"] = None
        ticket = self.get(step_id)
        if ticket is None:
            return
        try:
            store().clear(ticket.code, ticket.token)
        except PollUnavailable:
            self._problem(_(UNREACHABLE_TEACHER))
        except PollRefused as refused:
            self._problem(str(refused))

    def back(self, step_id: str) -> None:
        """Back to the step: the poll stays as it is (open or revealed)."""
        ticket = self.get(step_id)
        if ticket is not None:
            self._keep(step_id, ticket._replace(showing=False))

    def reveal(
        self, step_id: str, truth: Callable[[], float], store: Callable[[], PollStore]
    ) -> None:
        """Reveal (a callback): closes the poll with the true value, with the token."""
        ticket = self.get(step_id)
        if ticket is None:
            return
        try:
            store().reveal(ticket.code, ticket.token, truth())
        except PollUnavailable:
            self._problem(_(UNREACHABLE_TEACHER))
            return
        except NotNow as why:  # the true value could not be worked out: the poll stays open
            # Translators: {why} says why the true value can't be worked out now.
            self._problem(_("The poll is still open. {why}").format(why=why))
            return
        except PollRefused as refused:  # expired after 24 hours
            self._problem(str(refused))
            self._forget(step_id)
            return
        self._keep(step_id, ticket._replace(revealed=True))
