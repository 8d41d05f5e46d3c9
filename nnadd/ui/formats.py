"""A widget's words for its options, in the language of the script run that drew it.

Streamlit calls a select box's or a radio's `format_func` where it likes: in the
script run that draws the widget, and in AppTest also in the test's own thread when a
test sets the widget's value. The language lives in the script run's context
(nnadd/i18n.py), so the function keeps the language it was made in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnadd import i18n


def shown(words: Callable[[Any], str]) -> Callable[[Any], str]:
    """`words` (a value's text), always in the language of the script run now."""
    language = i18n.current()

    def call(value: Any) -> str:
        with i18n.using(language):
            return words(value)

    return call
