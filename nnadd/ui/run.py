"""A run: the network a page trains, whether its Train loop should go on, which script
run may train it now, and what the page says of it.

The Playground and the lesson's step 4 each hold one. The live loop (nnadd/ui/live.py)
takes a Run, never a page's whole state, and every page shows the run's notice and
announces its end in a live region of its own (`notice_and_announcement`).

One script run at a time: a click starts a new script run at once, while the run it
interrupts may still be in the middle of a chunk of training (Streamlit stops it only
at its next drawing). Each script run claims a number; `turn` lets a script run touch
the trainer only while its number is still the newest, under a lock. So an older run
has finished its chunk before this one reads the network, and trains no more after it:
Pause shows exactly where the network stopped.
"""

from __future__ import annotations

import html
import secrets
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import streamlit as st

from nnadd.i18n import _, number
from nnadd.safe_markdown import as_text
from nnadd.training import Trainer

# What a run keeps, inside its page's state.
KEYS = {
    "trainer": "the Trainer on screen",
    "running": "True while Train's loop should go on",
    "guard": "a lock: one script run trains at a time",
    "run_id": "the number of the newest script run (see claim)",
    "owner": "this run's name in the server's worker pool (random, never shown)",
    "notice": "(kind, words) shown under the run's buttons, as text, or None",
    "announce": "how the run ended, said once by the next page, or None",
}


class Run:
    """One page's run, over a mapping of its own inside the session's state."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self._state = state

    def __repr__(self) -> str:
        if not self.started:
            return "Run(no network yet)"
        return f"Run(epoch {self.trainer.epoch:,}, running={self.running})"

    @property
    def started(self) -> bool:
        """Whether the run has its network yet."""
        return "trainer" in self._state

    @property
    def trainer(self) -> Trainer:
        return self._state["trainer"]

    @trainer.setter
    def trainer(self, trainer: Trainer) -> None:
        self._state["trainer"] = trainer

    @property
    def running(self) -> bool:
        return bool(self._state.get("running", False))

    @running.setter
    def running(self, value: bool) -> None:
        self._state["running"] = value

    @property
    def owner(self) -> str:
        return self._state.setdefault("owner", secrets.token_hex(8))

    # ------------------------------------------------------------ one script run at a time
    def _guard(self) -> threading.Lock:
        return self._state.setdefault("guard", threading.Lock())

    def claim(self) -> int:
        """This script run's number: from now on, older script runs may not train."""
        with self._guard():
            self._state["run_id"] = self._state.get("run_id", 0) + 1
            return self._state["run_id"]

    def is_current(self, claimed: int) -> bool:
        """Whether `claimed` is still the newest script run (a test's question: the
        page asks through `turn`)."""
        return self._state.get("run_id") == claimed

    @contextmanager
    def turn(self, claimed: int) -> Iterator[Trainer]:
        """The trainer, under the lock, while `claimed` is the newest script run; when
        a newer one has it, this script run stops here (st.stop)."""
        with self._guard():
            if not self.is_current(claimed):
                st.stop()
            yield self.trainer

    # ------------------------------------------------------------ what the page says
    @property
    def notice(self) -> tuple[str, str] | None:
        return self._state.get("notice")

    def say(self, kind: str, words: str | None) -> None:
        """Set the notice under the run's buttons ("info" or "error"), or clear it."""
        self._state["notice"] = (kind, words) if words else None

    def finish(self, words: str) -> None:
        """The run is over: it stops, and the next page announces `words`."""
        self.running = False
        self._state["announce"] = words

    def take_announcement(self) -> str | None:
        """How the run ended, once: the page drawn just after the run says it."""
        return self._state.pop("announce", None)


# Visually hidden, still read: the usual "screen-reader only" box.
SCREEN_READER_ONLY = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)


def notice_and_announcement(run: Run, divergence: bool = True) -> None:
    """The run's divergence (when `divergence`: the lesson says it in its lead), or its
    notice ("info" or "error"), in a fixed slot; else, just after a run, how it ended
    in a polite live region for screen readers. (Not st.toast: Streamlit's toast is a
    role="alertdialog" whose label axe-core cannot find, aria-dialog-name, and it is in
    no live region.)"""
    slot = st.empty()
    trainer, words, finished = run.trainer, run.notice, run.take_announcement()
    if divergence and trainer.diverged:
        slot.error(
            _(
                "Training diverged at epoch {epoch}: the weights grew too large to be "
                "numbers. The chart keeps everything up to the last good epoch. Lower the "
                "learning rate and press Reset."
            ).format(epoch=number(trainer.diverged_at, ","))
        )
    elif words:
        kind, text = words
        (slot.error if kind == "error" else slot.info)(as_text(text))
    elif finished:
        slot.html(
            f'<div role="status" aria-live="polite" style="{SCREEN_READER_ONLY}">'
            f"{html.escape(finished)}</div>"
        )
