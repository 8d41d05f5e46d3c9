"""The Playground in the pseudo-language (tests/pseudo.py): every word the page shows
or says to a screen reader went through the translator, and Plotly writes its numbers
with the language's marks. Before a run, after a run (with the worked update of one
pair and of one epoch), every expander's content, the sidebar, a kept run beside the
others and a link with a bad value."""

import json

import pytest

from tests import pseudo
from tests.helpers import alone, metric, open_app


def untranslated(at) -> list[str]:
    """pseudo.untranslated(at)."""
    found = []
    for text in pseudo.page_words(at):
        left = pseudo.leftover_words(text)
        if left:
            found.append(f"{left!r} in {text[:120]!r}")
    return found


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
    words = pseudo.page_words(pseudo_app)
    # the reader reaches the sidebar, the closed expanders' content and the charts
    for seen in ("Epochs", "Restore the article's data", "How big each nudge", "weight / bias"):
        assert any(seen in w for w in words), seen
    assert untranslated(pseudo_app) == []
    # the numbers Python writes into the page follow the language's marks too
    assert metric(pseudo_app, pseudo.OPEN + "True sum" + pseudo.CLOSE) == "0,7000"


def test_the_playground_after_a_run_speaks_only_translated_words(pseudo_app):
    at = pseudo_app
    at.radio(key="speed").set_value("Fast").run()
    at.number_input(key="epochs").set_value(300).run()
    at.button(key="train").click().run()
    assert not at.exception
    assert at.select_slider(key="replay_300")  # after a run: the replay slider too
    assert untranslated(at) == []
    at.button(key="step_pair").click().run()  # the worked update of one pair
    assert at.get("latex")  # the worked arithmetic is on the page
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
    names = [t.get("name", "") for f in figures(at) for t in f["data"]]
    assert any(pseudo.OPEN + "kept: " in n for n in names)  # the kept run is on the chart
    assert len(at.get("plotly_chart")) >= 2  # and the side by side's chart
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


def test_the_error_map_and_the_loss_landscape_speak_only_translated_words():
    """The maps' expander draws its content only when opened: here it is, alone."""

    def script():
        from nnadd import i18n
        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.landscape import best_weights
        from nnadd.training import Trainer
        from nnadd.ui import maps
        from tests import pseudo

        i18n.use(pseudo.PSEUDO)
        data = article_data()
        trainer = Trainer.from_seed(42)
        trainer.train(200)
        result = evaluate(trainer.network, data.test)
        best = best_weights("sigmoid", data.training)
        maps.show(trainer.network, result, trainer.history.points(), data.training,
                  data.test, best, expanded=True)  # fmt: skip

    at = alone(script)
    assert len(figures(at)) == 2
    assert untranslated(at) == []
    assert all(f["layout"]["separators"] == ",." for f in figures(at))
