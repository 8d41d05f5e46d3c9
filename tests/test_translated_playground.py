"""The Playground in the pseudo-language (tests/pseudo.py): every word the page shows
or says to a screen reader went through the translator, and Plotly writes its numbers
with the language's marks. Before a run, after a run (with the worked update of one
pair and of one epoch), every expander's content, the sidebar, a kept run beside the
others and a link with a bad value."""

import json

import pytest

from tests import pseudo
from tests.helpers import open_app

# Words made by the core helper's files (nnadd/wording.py, explain.py, links.py, ...)
# and still unmarked on this branch: remove this allowance once those files are
# converted and merged.
FROM_CORE_STILL_UNMARKED: tuple[str, ...] = ()


def untranslated(at) -> list[str]:
    return [t for t in pseudo.untranslated(at) if not any(w in t for w in FROM_CORE_STILL_UNMARKED)]


def figures(at) -> list[dict]:
    """Every Plotly figure of the page: the plain charts and the live chart's."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        if getattr(node, "type", "") == "plotly_chart":
            found.append(json.loads(node.proto.spec))
        elif getattr(node, "type", "") == "bidi_component":
            message = json.loads(getattr(node.proto, "json", "") or "{}")
            if "figure" in message:
                found.append(json.loads(message["figure"]))

    walk(at._tree)
    return found


@pytest.fixture
def pseudo_app(monkeypatch):
    pseudo.speak_pseudo(monkeypatch)
    return open_app({"lang": "qps"})


def test_the_playground_before_a_run_speaks_only_translated_words(pseudo_app):
    assert pseudo.page_words(pseudo_app)  # the reader reaches the page
    assert untranslated(pseudo_app) == []


def test_the_playground_after_a_run_speaks_only_translated_words(pseudo_app):
    at = pseudo_app
    at.radio(key="speed").set_value("Fast").run()
    at.number_input(key="epochs").set_value(300).run()
    at.button(key="train").click().run()
    assert not at.exception
    assert untranslated(at) == []
    at.button(key="step_pair").click().run()  # the worked update of one pair
    assert untranslated(at) == []
    at.button(key="step").click().run()  # and of one epoch
    assert untranslated(at) == []


def test_a_kept_run_and_the_side_by_side_speak_only_translated_words(monkeypatch):
    pseudo.speak_pseudo(monkeypatch)
    at = open_app({"lang": "qps", "speed": "Fast", "epochs": "200", "autostart": "1"})
    at.button(key="keep_run").click().run()
    at.number_input(key="seed").set_value(3).run()
    at.button(key="train").click().run()
    at.button(key="compare_button").click().run()
    assert not at.exception
    assert untranslated(at) == []


def test_a_bad_link_warns_in_translated_words(monkeypatch):
    pseudo.speak_pseudo(monkeypatch)
    at = open_app({"lang": "qps", "seed": "abc"})
    assert at.warning or at.sidebar.warning
    assert untranslated(at) == []


def test_plotly_writes_numbers_with_the_languages_marks(monkeypatch):
    english = open_app({"speed": "Fast", "epochs": "100", "autostart": "1"})
    assert figures(english)
    assert all(f["layout"].get("separators", ".,") == ".," for f in figures(english))
    pseudo.speak_pseudo(monkeypatch)
    at = open_app({"lang": "qps", "speed": "Fast", "epochs": "100", "autostart": "1"})
    assert figures(at)
    assert all(f["layout"].get("separators") == ",." for f in figures(at))
