"""The browser session's state: the one module that touches st.session_state.

Each page has a typed state of its own over a mapping of its own: the Playground
(nnadd/ui/playground_state.py), the lesson (nnadd/ui/lesson_state.py) and a student's
phone on the class poll (nnadd/ui/student_state.py); the Playground and the lesson
each hold a run (nnadd/ui/run.py). Widgets keep their values at the top level, where
Streamlit keeps them. Every key is named in KEYS, widget keys included. A section gets
what it needs as arguments; it never reaches into st.session_state itself.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

import streamlit as st

from nnadd.editing import true_sum
from nnadd.links import WIDGETS_FROM_LINK, parse_query
from nnadd.settings import Settings, training_data
from nnadd.ui.lesson_state import LessonState
from nnadd.ui.playground_state import PlaygroundState
from nnadd.ui.student_state import StudentState

# What the session keeps between reruns, and what each key holds.
KEYS = {
    "playground": "the Playground's own state (playground_state.PLAYGROUND_KEYS)",
    "lesson": "the lesson's own state (lesson_state.LESSON_KEYS)",
    "student": "the class poll's phone page's own state (student_state.STUDENT_KEYS)",
    "visited": "True once the link has set the widgets (on whichever page came first)",
    "link_warnings": "what was wrong with the link, shown once",
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
# The Playground's widgets whose values must outlive a visit to the lesson, which does
# not draw them (Streamlit forgets a widget's value on a run that does not draw it).
PLAYGROUND_WIDGETS = (
    *WIDGETS_FROM_LINK.values(),
    "targets_are_sums",
    "first_number",
    "second_number",
)


class Session:
    """One browser session's state: what its pages share, and each page's own."""

    def __init__(self, state: MutableMapping[str, Any] | None = None) -> None:
        self._state = st.session_state if state is None else state

    def playground(self) -> PlaygroundState:
        return PlaygroundState(self._state.setdefault("playground", {}), self._state)

    def lesson(self) -> LessonState:
        return LessonState(self._state.setdefault("lesson", {}))

    def student(self) -> StudentState:
        return StudentState(self._state.setdefault("student", {}), self._state)

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
        for name, widget in WIDGETS_FROM_LINK.items():
            self._state[widget] = getattr(linked, name)
        self._state["targets_are_sums"] = linked.data is None or all(
            t == true_sum(x1, x2) for x1, x2, t in linked.data
        )
        self.playground().start_editor(list(training_data(linked)))

    def take_link_warnings(self) -> list[str]:
        """The link's warnings, once: they are shown on opening the link only."""
        warnings = self._state.get("link_warnings", [])
        self._state["link_warnings"] = []
        return warnings

    # ------------------------------------------------------------ the two pages
    def linked_settings(self) -> Settings:
        """The settings both pages follow: the Playground's epochs, learning rate, seed
        and activation (the link's, until someone changes them), the rest at their
        defaults."""
        names = ("epochs", "learning_rate", "seed", "activation")
        return Settings(**{name: self._state[name] for name in names})

    def keep_playground(self) -> None:
        """Called on the lesson's runs: keep the Playground's widget values for its next
        run, and its edited training data too."""
        for key in PLAYGROUND_WIDGETS:
            if key in self._state:
                self._state[key] = self._state[key]
        self.playground().keep_edited_data()
