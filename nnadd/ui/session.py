"""The page's state in one place: one typed object over st.session_state.

Every key the page keeps between reruns is named in KEYS below, widget keys included,
and only this module writes the non-widget ones. A section gets what it needs as
arguments; it never reaches into st.session_state itself.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import replace
from typing import Any

import streamlit as st

from nnadd.data import Example, article_data
from nnadd.editing import true_sum
from nnadd.lesson_plan import TOTAL, parse_step, watch_start
from nnadd.links import parse_query
from nnadd.modelfile import MAX_BYTES as MODEL_MAX_BYTES
from nnadd.modelfile import ModelFileError, load_model
from nnadd.ondemand import NotNow
from nnadd.poll_rules import PollTicket, new_student
from nnadd.settings import Settings, start_key, start_network, training_data
from nnadd.training import MAX_RUN_EPOCHS, HistoryPoint, SettingsError, Trainer
from nnadd.ui.poll_store import UNREACHABLE_TEACHER, PollRefused, PollStore, PollUnavailable
from nnadd.wording import MAX_KEPT, reset_reason, run_label

# What the page keeps between reruns, and what each key holds.
KEYS = {
    # the page's own state
    "trainer": "the Trainer on screen",
    "running": "True while Train's loop should go on",
    "notice": "(kind, words) under the buttons, shown as text (never Markdown), or None",
    "kept": "runs pinned for comparison: [(label, history points)]",
    "run_id": "the number of the newest script run (see claim_run)",
    "guard": "a lock: one script run trains at a time",
    "link_warnings": "what was wrong with the link, shown once",
    "editor_rows": "the rows the data editor starts from",
    "editor_version": "a new number makes a new data editor, without the old edits",
    "built_from": "the start settings the trainer was built from (settings.start_key)",
    "comparison": "the last sigmoid-against-linear result, or None",
    "owner": "this session's name in the server's training pool",
    "announce": "words to announce once, on the next run of the page, or None",
    "from_file": "True while the network on screen is one loaded from a model file",
    "visited": "True once the link has set the widgets (on whichever page came first)",
    "lesson": "the lesson page's own state, a mapping with the keys of LESSON_KEYS",
    "poll_student": "the student page's anonymous id for the class poll (random, no name)",
    "poll_said": "(code, kind, words): what the student page's last Send did, or None",
    "poll_joined": "the poll codes this student page has joined (recorded once each)",
    "poll_cleared": "{code: how often the teacher had cleared that poll's answers when "
    "this student page last drew it}",
    # widgets, set once from the link and then by the person using the page
    "epochs": "Epochs",
    "learning_rate": "Learning rate",
    "seed": "Seed",
    "activation": "Activation",
    "speed": "Speed",
    "start": "Start from",
    "start_w1": "Starting w1",
    "start_w2": "Starting w2",
    "start_b": "Starting bias",
    "autostart": "Start training as soon as the link is opened",
    "targets_are_sums": "Targets = true sums",
    "first_number": "Add two numbers: the first",
    "second_number": "Add two numbers: the second",
    "model_upload": "Load a model file",
    "poll_guess": "the student page's Your guess",
    "poll_code": "the student page's box for a typed poll code",
    "poll_send": "the student page's Send",
}
WIDGETS_FROM_LINK = ("epochs", "learning_rate", "seed", "activation", "speed", "start", "autostart")
# The Playground's widgets whose values must outlive a visit to the lesson, which does
# not draw them (Streamlit forgets a widget's value on a run that does not draw it).
PLAYGROUND_WIDGETS = (
    *WIDGETS_FROM_LINK, "start_w1", "start_w2", "start_b", "targets_are_sums", "first_number",
    "second_number",
)  # fmt: skip

# What the lesson keeps, inside the page's "lesson" mapping.
LESSON_KEYS = {
    "step": "the step on screen, 1 to nnadd.lesson_plan.TOTAL",
    "link_step": "the step this page last wrote into the address",
    "opened": "(step, settings) whose known state was last built",
    "trainer": "step 4's network, which live.run trains",
    "running": "True while step 4's Train loop should go on",
    "guard": "a lock: one lesson run trains at a time (see Session.claim_run)",
    "run_id": "the number of the newest lesson run",
    "revealed": "step 2: the guess that was revealed, or None",
    "refused": "step 2: why the last guess was refused, or None",
    "epoch_run": "step 3: whether the epoch has been run",
    "polls": "{step: nnadd.poll_rules.PollTicket}: the class polls this page opened, with the "
    "teacher's secret token (never shown, never sent to a student)",
    "poll_problem": "why the last poll action failed, shown once, or None",
    "poll_clearing": "the step whose poll asks whether to delete its answers, or None",
}


class Session:
    """The page's state over one browser session's st.session_state."""

    def __init__(self, state: MutableMapping[str, Any] | None = None) -> None:
        self._state = st.session_state if state is None else state

    # ------------------------------------------------------------ typed access
    @property
    def trainer(self) -> Trainer:
        return self._state["trainer"]

    @property
    def started(self) -> bool:
        """Whether this session has its network yet (False on the first run)."""
        return "trainer" in self._state

    @property
    def running(self) -> bool:
        return bool(self._state.get("running", False))

    @running.setter
    def running(self, value: bool) -> None:
        self._state["running"] = value

    @property
    def notice(self) -> tuple[str, str] | None:
        return self._state.get("notice")

    def say(self, kind: str, words: str | None) -> None:
        """Set the notice under the buttons ("info" or "error"), or clear it."""
        self._state["notice"] = (kind, words) if words else None

    @property
    def kept(self) -> list[tuple[str, list[HistoryPoint]]]:
        return self._state.setdefault("kept", [])

    def keep_or_forget(self, pressed: str | None, settings: Settings) -> bool:
        """Keep the run on screen ("keep"), or forget every kept run ("forget").
        Returns whether anything changed (the chart above must then be redrawn)."""
        if pressed == "forget":
            self._state["kept"] = []
        elif pressed == "keep" and len(self.kept) >= MAX_KEPT:
            self.say("info", f"At most {MAX_KEPT} kept runs: forget them first.")
        elif pressed == "keep":
            label = run_label(settings, self.trainer)
            self._state["kept"] = [*self.kept, (label, self.trainer.history.points())]
        return pressed is not None

    @property
    def owner(self) -> str:
        """A name for this session's work in the server's pool (random, never shown)."""
        return self._state.setdefault("owner", secrets.token_hex(8))

    @property
    def from_file(self) -> bool:
        return bool(self._state.get("from_file", False))

    @property
    def comparison(self) -> Any:
        return self._state.get("comparison")

    @comparison.setter
    def comparison(self, value: Any) -> None:
        self._state["comparison"] = value

    @property
    def editor_rows(self) -> list[Example]:
        return self._state["editor_rows"]

    @property
    def editor_version(self) -> int:
        return self._state["editor_version"]

    def typed_start(self) -> tuple[float, float, float]:
        """The typed starting weights (0 until typed)."""
        return tuple(self._state.get(k, 0.0) for k in ("start_w1", "start_w2", "start_b"))

    @property
    def autostart(self) -> bool:
        return bool(self._state.get("autostart", False))

    def announce(self, words: str) -> None:
        self._state["announce"] = words

    def take_announcement(self) -> str | None:
        """What to announce on this run of the page, once."""
        return self._state.pop("announce", None)

    def take_link_warnings(self) -> list[str]:
        """The link's warnings, once: they are shown on opening the link only."""
        warnings = self._state.get("link_warnings", [])
        self._state["link_warnings"] = []
        return warnings

    # ------------------------------------------------------------ one script run at a time
    # A click starts a new script run at once, while the run it interrupts may still be
    # in the middle of a chunk of training: Streamlit stops it only at its next drawing.
    # Each run takes a number under the session's lock; the training loop trains a
    # chunk only while the number is still its own. So an older run has finished its
    # chunk before this one reads the network, and trains no more after it: Pause shows
    # exactly where the network stopped.
    def claim_run(self) -> int:
        if "guard" not in self._state:
            self._state["guard"], self._state["run_id"] = threading.Lock(), 0
        with self._state["guard"]:
            self._state["run_id"] += 1
            return self._state["run_id"]

    @property
    def guard(self) -> threading.Lock:
        return self._state["guard"]

    def is_current(self, run: int) -> bool:
        """Whether `run` is still the newest script run (call under `guard`)."""
        return self._state["run_id"] == run

    # ------------------------------------------------------------ the first visit
    def first_visit(self, query: Mapping[str, object]) -> None:
        """On the session's first run, set every widget from the link, once; from then
        on the widgets write the link. A bad parameter falls back to its default, with
        a warning shown once."""
        if self._state.get("visited"):
            return
        self._state["visited"] = True
        linked, warnings = parse_query(query)
        self._state["link_warnings"] = warnings
        for name in WIDGETS_FROM_LINK:
            self._state[name] = getattr(linked, name)
        self._state["start_w1"], self._state["start_w2"] = linked.w1, linked.w2
        self._state["start_b"] = linked.b
        self._state["targets_are_sums"] = linked.data is None or all(
            t == true_sum(x1, x2) for x1, x2, t in linked.data
        )
        self._state["editor_rows"] = list(training_data(linked))
        self._state["editor_version"] = 0

    # ------------------------------------------------------------ the two pages
    def linked_settings(self) -> Settings:
        """The settings both pages follow: the Playground's epochs, learning rate, seed
        and activation (the link's, until someone changes them), the rest at their
        defaults."""
        names = ("epochs", "learning_rate", "seed", "activation")
        return Settings(**{name: self._state[name] for name in names})

    def keep_playground(self) -> None:
        """Called on the lesson's runs: keep the Playground's widget values for its next
        run, and its edited training data too (as the data editor's new starting rows:
        the editor's own edits can't be kept)."""
        for key in PLAYGROUND_WIDGETS:
            if key in self._state:
                self._state[key] = self._state[key]
        if self.started and tuple(self.editor_rows) != self.trainer.data:
            self._state["editor_rows"] = list(self.trainer.data)
            self._state["editor_version"] += 1

    def lesson(self) -> Lesson:
        return Lesson(self._state.setdefault("lesson", {}))

    # ------------------------------------------------------------ the student's poll page
    @property
    def student(self) -> str:
        """This page's anonymous id for the class poll: random, kept for the session."""
        return self._state.setdefault("poll_student", new_student())

    def poll_said(self, code: str) -> tuple[str, str] | None:
        said = self._state.get("poll_said")
        return (said[1], said[2]) if said and said[0] == code else None

    @property
    def sending(self) -> bool:
        """Whether this run comes from Send (read before the button is drawn: a page
        drawn before the reveal may press it after)."""
        return bool(self._state.get("poll_send", False))

    def say_to_student(self, code: str, kind: str, words: str) -> None:
        self._state["poll_said"] = (code, kind, words)

    def has_joined(self, code: str) -> bool:
        return code in self._state.get("poll_joined", ())

    def joined(self, code: str) -> None:
        self._state["poll_joined"] = {*self._state.get("poll_joined", ()), code}

    def saw_clear(self, code: str, cleared: int) -> bool:
        """Whether the teacher has cleared this poll's answers since this page last
        drew it (never on its first drawing); remembers `cleared`."""
        seen = self._state.get("poll_cleared", {})
        before = seen.get(code, cleared)
        self._state["poll_cleared"] = {**seen, code: cleared}
        return cleared != before

    # ------------------------------------------------------------ settings -> network
    def apply(self, settings: Settings) -> Trainer:
        """Make the network follow the settings: a new session gets its start network
        (and trains at once if the link asked so); a changed seed, activation, start or
        data resets it, saying which; a new learning rate applies from the next epoch."""
        if not self.started:
            self.reset(settings)
            self.running = settings.autostart
            self._state["kept"] = []
        elif self._state["built_from"] != start_key(settings):
            self.reset(settings, reset_reason(self._state["built_from"], start_key(settings)))
        try:
            self.trainer.learning_rate = settings.learning_rate
        except SettingsError as exc:
            self.running = False
            self.say("error", str(exc))
        return self.trainer

    def reset(self, settings: Settings, reason: str | None = None) -> None:
        self._state["trainer"] = Trainer(
            start_network(settings), training_data(settings), settings.learning_rate
        )
        self._state["built_from"] = start_key(settings)
        self._state["from_file"] = False
        self.running = False
        self.say("info", reason)

    # ------------------------------------------------------------ the buttons
    def act(self, pressed: str | None, settings: Settings) -> None:
        """Do what Train, Pause, Step, Step one pair or Reset asks."""
        trainer = self.trainer
        if pressed == "train":
            if trainer.diverged:
                self.say("error", "This network has diverged. Press Reset to start again.")
            elif trainer.epoch >= settings.epochs:
                self.say(
                    "info",
                    f"The network has already trained {trainer.epoch:,} epochs. "
                    "Raise Epochs to train on, or press Reset.",
                )
            else:
                self.running = True
                self.say("info", None)
        elif pressed in ("pause", "step", "step_pair"):
            self.running = False
            if pressed == "step":
                trainer.step_epoch()
            elif pressed == "step_pair":
                trainer.step_pair()
        elif pressed == "reset":
            self.reset(settings)

    # ------------------------------------------------------------ callbacks
    def restore_article_data(self) -> None:
        self._state["editor_rows"] = list(article_data().training)
        self._state["editor_version"] += 1  # a new editor, without the old edits
        self._state["targets_are_sums"] = True

    def load_model_file(self) -> None:
        """Runs before the page when a model file is chosen: check the file and build
        its trainer completely, then put it and its settings in place; or say why not
        and change nothing."""
        upload = self._state.get("model_upload")
        if upload is None:
            return
        name = upload.name
        try:
            # one byte past the limit is enough for load_model to refuse it: a larger
            # file is never copied whole
            model = load_model(upload.read(MODEL_MAX_BYTES + 1))
            data = self.trainer.data
            trainer = Trainer(
                model.network, data, model.settings.learning_rate, start_epoch=model.epoch
            )
        except (ModelFileError, SettingsError) as exc:
            self.say("error", f"{name} was not loaded: {exc} Nothing has changed.")
            return
        start_w1, start_w2, start_b = self.typed_start()
        loaded = replace(
            model.settings, start=self._state["start"], w1=start_w1, w2=start_w2, b=start_b,
            data=None if data == article_data().training else data,
            epochs=min(MAX_RUN_EPOCHS, max(model.settings.epochs, model.epoch)),
        )  # fmt: skip
        # nothing above touched the page; from here on every step succeeds
        for key in ("epochs", "learning_rate", "seed", "activation", "speed"):
            self._state[key] = getattr(loaded, key)
        self._state["trainer"] = trainer
        self._state["built_from"] = start_key(loaded)
        self._state["from_file"] = True
        self.running = False
        self.say(
            "info",
            f"Loaded {name}: a {model.network.activation} network after "
            f"{model.epoch:,} epochs. Train goes on from there; Reset starts afresh.",
        )


class Lesson(Session):
    """The lesson page's state, a mapping of its own inside the page's: its step, and
    step 4's network and run, apart from the Playground's. It is a Session so that
    live.run trains and stops it the same way; the keys are LESSON_KEYS."""

    @property
    def step(self) -> int:
        return self._state.get("step", 1)

    def go(self, step: int) -> None:
        """Previous and Next: a callback, so the page draws the new step at once."""
        self._state["step"] = min(max(step, 1), TOTAL)

    def follow_link(self, query: Mapping[str, object]) -> str | None:
        """Open the step the address asks for, when it asks for one this page did not
        write itself (a link, or a typed address); returns a warning for a bad one."""
        raw = query.get("step")
        if raw is None or raw == self._state.get("link_step"):
            return None
        step, warning = parse_step(raw)
        self._state["step"] = step
        return warning

    def wrote_link(self, step: int) -> None:
        self._state["link_step"] = str(step)

    def open(self, step: int, settings: Settings) -> None:
        """Build the step's known state when the step or the settings changed: step 2
        unrevealed, step 3 not yet run, step 4 after one epoch and not running."""
        if self._state.get("opened") == (step, settings):
            return
        self._state["opened"] = (step, settings)
        self._state.update(revealed=None, refused=None, epoch_run=False, poll_clearing=None)
        self.running = False
        if step == 4:
            self._state["trainer"] = watch_start(settings)

    @property
    def revealed(self) -> float | None:
        return self._state.get("revealed")

    @property
    def refused(self) -> str | None:
        return self._state.get("refused")

    def show(self, shown: tuple[float | None, str | None]) -> None:
        """Step 2: what it shows now, the guess revealed or why it was refused."""
        self._state["revealed"], self._state["refused"] = shown

    @property
    def epoch_run(self) -> bool:
        return bool(self._state.get("epoch_run", False))

    def run_epoch(self) -> None:
        """Step 3's button (a callback)."""
        self._state["epoch_run"] = True

    def train(self) -> None:
        """Step 4's Train (a callback): live.run trains until the lesson's epochs."""
        self.running = not self.trainer.diverged

    def pause(self) -> None:
        self.running = False

    # ------------------------------------------------------------ the class poll
    def poll(self, step: int) -> PollTicket | None:
        return self._state.get("polls", {}).get(step)

    def _keep_poll(self, step: int, ticket: PollTicket) -> None:
        self._state["polls"] = {**self._state.get("polls", {}), step: ticket}

    def take_poll_problem(self) -> str | None:
        return self._state.pop("poll_problem", None)

    def ask_class(
        self,
        step: int,
        kind: str,
        question: str,
        store: Callable[[], PollStore],
        address: str | None = None,
    ) -> None:
        """ "Ask the class" (a callback): a new poll for this step, shown at once; or,
        when the step has one, show it again. `address`: where the teacher's page is
        (nnadd.poll_rules.client_address), for the bound on polls one address may open."""
        ticket = self.poll(step)
        if ticket is not None:
            self._keep_poll(step, ticket._replace(showing=True))
            return
        self.ask_again(step, kind, question, store, address)

    def ask_again(
        self,
        step: int,
        kind: str,
        question: str,
        store: Callable[[], PollStore],
        address: str | None = None,
    ) -> None:
        """A new poll for this step, in place of the step's last one, which is deleted
        (with its token): a page holds one poll per step, however often it asks."""
        old = self.poll(step)
        retire = [(old.code, old.token)] if old is not None else []
        try:
            opened = store().open(kind, question, retire=retire, address=address)
        except PollUnavailable:
            self._state["poll_problem"] = UNREACHABLE_TEACHER
            return
        except PollRefused as refused:  # too many open polls: the server's, or this address's
            self._state["poll_problem"] = str(refused)
            return
        self._keep_poll(step, PollTicket(opened.code, opened.token, kind, question, False, True))

    def asking_to_clear(self, step: int) -> bool:
        return self._state.get("poll_clearing") == step

    def ask_to_clear(self, step: int) -> None:
        """Clear answers, the first press (a callback): the page asks "Delete every
        answer?" in place of the buttons."""
        self._state["poll_clearing"] = step

    def keep_answers(self) -> None:
        self._state["poll_clearing"] = None

    def clear_poll(self, step: int, store: Callable[[], PollStore]) -> None:
        """Clear answers, the second press (a callback): deletes the step's poll's
        answers, with the token."""
        self._state["poll_clearing"] = None
        ticket = self.poll(step)
        if ticket is None:
            return
        try:
            store().clear(ticket.code, ticket.token)
        except PollUnavailable:
            self._state["poll_problem"] = UNREACHABLE_TEACHER
        except PollRefused as refused:
            self._state["poll_problem"] = str(refused)

    def poll_back(self, step: int) -> None:
        """Back to the step: the poll stays as it is (open or revealed)."""
        ticket = self.poll(step)
        if ticket is not None:
            self._keep_poll(step, ticket._replace(showing=False))

    def reveal_poll(self, step: int, truth: Callable[[], float], store: Callable[[], PollStore]):
        """Reveal (a callback): closes the poll with the true value, with the token."""
        ticket = self.poll(step)
        if ticket is None:
            return
        try:
            store().reveal(ticket.code, ticket.token, truth())
        except PollUnavailable:
            self._state["poll_problem"] = UNREACHABLE_TEACHER
            return
        except NotNow as why:  # the true value could not be worked out: the poll stays open
            self._state["poll_problem"] = f"The poll is still open. {why}"
            return
        except PollRefused as refused:  # expired after 24 hours
            self._state["poll_problem"] = str(refused)
            self._state["polls"] = {
                k: v for k, v in self._state.get("polls", {}).items() if k != step
            }
            return
        self._keep_poll(step, ticket._replace(revealed=True))
