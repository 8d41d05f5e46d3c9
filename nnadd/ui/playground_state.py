"""The Playground's state: its run, the settings it was built from, the kept runs, the
comparison, the training data's editor and a loaded model file.

Its own keys live in a mapping of their own inside the session's (PLAYGROUND_KEYS);
its widgets' values are the session's top-level keys, as Streamlit keeps them
(nnadd/ui/session.py lists both). Nothing here draws.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any

from nnadd.data import Example, article_data
from nnadd.i18n import _, ngettext, number
from nnadd.modelfile import MAX_BYTES as MODEL_MAX_BYTES
from nnadd.modelfile import ModelFileError, load_model
from nnadd.perceptron import activation_word
from nnadd.settings import Settings, start_key, start_network, training_data
from nnadd.training import MAX_RUN_EPOCHS, HistoryPoint, SettingsError, Trainer
from nnadd.ui.run import Run
from nnadd.wording import MAX_KEPT, reset_reason, run_label

PLAYGROUND_KEYS = {
    "run": "the network on screen and its run (nnadd.ui.run.KEYS)",
    "kept": "runs pinned for comparison: [(label, history points)]",
    "editor_rows": "the rows the data editor starts from",
    "editor_version": "a new number makes a new data editor, without the old edits",
    "built_from": "the start settings the trainer was built from (settings.start_key)",
    "comparison": "the last sigmoid-against-linear result, or None",
    "from_file": "True while the network on screen is one loaded from a model file",
}
# Widgets whose values a loaded model file sets.
FROM_A_MODEL_FILE = ("epochs", "learning_rate", "seed", "activation", "speed")


class PlaygroundState:
    """The Playground's state: `own` holds PLAYGROUND_KEYS, `widgets` the widgets'."""

    def __init__(self, own: MutableMapping[str, Any], widgets: MutableMapping[str, Any]):
        self._own, self._widgets = own, widgets
        self.run = Run(own.setdefault("run", {}))

    def __repr__(self) -> str:
        return f"PlaygroundState({self.run!r}, {len(self.kept)} kept)"

    @property
    def trainer(self) -> Trainer:
        return self.run.trainer

    @property
    def started(self) -> bool:
        return self.run.started

    # ------------------------------------------------------------ kept runs, comparison
    @property
    def kept(self) -> list[tuple[str, list[HistoryPoint]]]:
        return self._own.setdefault("kept", [])

    def keep_or_forget(self, pressed: str | None, settings: Settings) -> bool:
        """Keep the run on screen ("keep"), or forget every kept run ("forget").
        Returns whether anything changed (the chart above must then be redrawn)."""
        if pressed == "forget":
            self._own["kept"] = []
        elif pressed == "keep" and len(self.kept) >= MAX_KEPT:
            self.run.say(
                "info",
                _("At most {most} kept runs: forget them first.").format(most=number(MAX_KEPT)),
            )
        elif pressed == "keep":
            label = run_label(settings, self.trainer)
            self._own["kept"] = [*self.kept, (label, self.trainer.history.points())]
        return pressed is not None

    @property
    def comparison(self) -> Any:
        return self._own.get("comparison")

    @comparison.setter
    def comparison(self, value: Any) -> None:
        self._own["comparison"] = value

    @property
    def from_file(self) -> bool:
        return bool(self._own.get("from_file", False))

    # ------------------------------------------------------------ the data editor
    def start_editor(self, rows: list[Example]) -> None:
        """The editor's first rows (from the link), on the session's first visit."""
        self._own["editor_rows"], self._own["editor_version"] = rows, 0

    @property
    def editor_rows(self) -> list[Example]:
        return self._own["editor_rows"]

    @property
    def editor_version(self) -> int:
        return self._own["editor_version"]

    def restore_article_data(self) -> None:
        """Restore the article's data (a callback)."""
        self._own["editor_rows"] = list(article_data().training)
        self._own["editor_version"] += 1  # a new editor, without the old edits
        self._widgets["targets_are_sums"] = True

    def keep_edited_data(self) -> None:
        """Keep the edited training data while another page is shown, as the editor's
        new starting rows (the editor's own edits do not outlive a page it is not on)."""
        if self.started and tuple(self.editor_rows) != self.trainer.data:
            self._own["editor_rows"] = list(self.trainer.data)
            self._own["editor_version"] += 1

    # ------------------------------------------------------------ widgets read here
    def typed_start(self) -> tuple[float, float, float]:
        """The typed starting weights (0 until typed)."""
        return tuple(self._widgets.get(k, 0.0) for k in ("start_w1", "start_w2", "start_b"))

    @property
    def autostart(self) -> bool:
        return bool(self._widgets.get("autostart", False))

    # ------------------------------------------------------------ settings -> network
    def apply(self, settings: Settings) -> Trainer:
        """Make the network follow the settings: a new session gets its start network
        (and trains at once if the link asked so); a changed seed, activation, start or
        data resets it, saying which; a new learning rate applies from the next epoch."""
        if not self.started:
            self.reset(settings)
            self.run.running = settings.autostart
            self._own["kept"] = []
        elif self._own["built_from"] != start_key(settings):
            self.reset(settings, reset_reason(self._own["built_from"], start_key(settings)))
        try:
            self.trainer.learning_rate = settings.learning_rate
        except SettingsError as exc:
            self.run.running = False
            self.run.say("error", str(exc))
        return self.trainer

    def reset(self, settings: Settings, reason: str | None = None) -> None:
        self.run.trainer = Trainer(
            start_network(settings), training_data(settings), settings.learning_rate
        )
        self._own["built_from"] = start_key(settings)
        self._own["from_file"] = False
        self.run.running = False
        self.run.say("info", reason)

    def act(self, pressed: str | None, settings: Settings) -> None:
        """Do what Train, Pause, Step, Step one pair or Reset asks."""
        trainer, run = self.trainer, self.run
        if pressed == "train":
            if trainer.diverged:
                run.say("error", _("This network has diverged. Press Reset to start again."))
            elif trainer.epoch >= settings.epochs:
                # Translators: "Epochs" is the sidebar's box of that name.
                already = ngettext(
                    "The network has already trained {n} epoch. "
                    "Raise Epochs to train on, or press Reset.",
                    "The network has already trained {n} epochs. "
                    "Raise Epochs to train on, or press Reset.",
                    trainer.epoch,
                )
                run.say("info", already.format(n=number(trainer.epoch, ",")))
            else:
                run.running = True
                run.say("info", None)
        elif pressed in ("pause", "step", "step_pair"):
            run.running = False
            if pressed == "step":
                trainer.step_epoch()
            elif pressed == "step_pair":
                trainer.step_pair()
        elif pressed == "reset":
            self.reset(settings)

    def load_model_file(self) -> None:
        """Runs before the page when a model file is chosen (a callback): check the file
        and build its trainer completely, then put it and its settings in place; or say
        why not and change nothing."""
        upload = self._widgets.get("model_upload")
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
            # Translators: {name} is the file's name, {why} the file's fault (sentences)
            words = _("{name} was not loaded: {why} Nothing has changed.")
            self.run.say("error", words.format(name=name, why=exc))
            return
        start_w1, start_w2, start_b = self.typed_start()
        loaded = replace(
            model.settings, start=self._widgets["start"], w1=start_w1, w2=start_w2, b=start_b,
            data=None if data == article_data().training else data,
            epochs=min(MAX_RUN_EPOCHS, max(model.settings.epochs, model.epoch)),
        )  # fmt: skip
        # nothing above touched the page; from here on every step succeeds
        for key in FROM_A_MODEL_FILE:
            self._widgets[key] = getattr(loaded, key)
        self.run.trainer = trainer
        self._own["built_from"] = start_key(loaded)
        self._own["from_file"] = True
        self.run.running = False
        # Translators: {activation} is sigmoid or linear
        loaded_words = ngettext(
            "Loaded {name}: a {activation} network after {n} epoch. Train goes on from "
            "there; Reset starts afresh.",
            "Loaded {name}: a {activation} network after {n} epochs. Train goes on from "
            "there; Reset starts afresh.",
            model.epoch,
        )
        self.run.say(
            "info",
            loaded_words.format(
                name=name,
                activation=activation_word(model.network.activation),
                n=number(model.epoch, ","),
            ),
        )
