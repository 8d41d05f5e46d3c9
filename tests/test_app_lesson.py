"""Issue 6 through AppTest: links, typed starts, edited data, model files, kept runs."""

from pathlib import Path

import pytest

from nnadd.data import article_data
from nnadd.links import to_query
from nnadd.modelfile import load_model
from nnadd.perceptron import Perceptron
from nnadd.settings import DEFAULTS
from nnadd.training import Trainer
from tests.helpers import metric, open_app, text, trainer_of, training_chart, weights

FILES = Path(__file__).parent / "data"


def test_a_link_restores_every_setting_and_the_url_follows_the_controls():
    at = open_app({"epochs": "500", "learning_rate": "0.3", "seed": "7",
                   "activation": "linear", "speed": "Fast"})  # fmt: skip
    assert not at.exception and not at.warning
    assert at.number_input(key="epochs").value == 500
    assert at.number_input(key="learning_rate").value == 0.3
    assert at.number_input(key="seed").value == 7
    assert at.selectbox(key="activation").value == "linear"
    assert at.radio(key="speed").value == "Fast"
    assert weights(at) == (
        *[getattr(Perceptron.from_seed(7, "linear"), k) for k in ("w1", "w2", "b")],
    )
    at.number_input(key="seed").set_value(8).run()
    assert at.query_params["seed"] == "8"
    assert at.query_params["learning_rate"] == "0.3"


def test_the_same_link_gives_the_same_numbers():
    query = {"epochs": "300", "seed": "11", "speed": "Fast", "autostart": "1"}
    one, two = open_app(query), open_app(query)
    assert trainer_of(one).epoch == 300
    assert weights(one) == weights(two)
    ref = Trainer.from_seed(11)
    ref.train(300)
    assert weights(one) == weights(ref)


@pytest.mark.parametrize(
    "name,value",
    [("learning_rate", "abc"), ("epochs", "-5"), ("seed", "1e99"), ("activation", "foo"),
     ("speed", "x" * 5000), ("epochs", "9" * 300), ("autostart", "yes please")],
)  # fmt: skip
def test_each_bad_parameter_falls_back_with_one_warning(name, value):
    at = open_app({name: value})
    assert not at.exception
    assert len(at.warning) == 1 and f"{name}=" in text(at.warning[0])
    assert trainer_of(at).epoch == 0
    assert at.session_state[name] == getattr(DEFAULTS, name)
    # the warning is said once; the link now holds the default
    at.run()
    assert not at.warning
    expected = to_query(DEFAULTS)
    if name in expected:
        assert at.query_params[name] == expected[name]
    else:  # autostart is only in a link when it is on
        assert name not in at.query_params


def test_typed_starting_weights_from_the_link_and_the_sidebar():
    at = open_app({"start": "weights", "w1": "0.5", "w2": "-0.25", "b": "0.125"})
    assert weights(at) == (0.5, -0.25, 0.125)
    at.number_input(key="start_w1").set_value(1.5).run()
    assert weights(at) == (1.5, -0.25, 0.125)
    assert any("typed starting weights changed" in i.value for i in at.info)
    assert at.query_params["w1"] == "1.5"
    at.radio(key="start").set_value("seed").run()
    assert weights(at) == tuple(getattr(Perceptron.from_seed(42), k) for k in ("w1", "w2", "b"))


def test_uploading_a_model_continues_from_it():
    at = open_app({})
    raw = (FILES / "model-good.json").read_bytes()
    at.file_uploader(key="model_upload").set_value(("model.json", raw, "application/json")).run()
    assert not at.exception
    model = load_model(raw)
    assert weights(at) == weights(model)
    assert trainer_of(at).epoch == 10_000
    assert metric(at, "Test pairs") == "21/25 correct"
    assert any("Loaded model.json" in text(i) for i in at.info)


SETTING_KEYS = ("epochs", "learning_rate", "seed", "activation", "speed")


@pytest.mark.parametrize(
    "name",
    [
        "bad-nan.json", "bad-oversized.json", "bad-not-json.json", "bad-weights-string.json",
        # each of these once crashed the page after the settings had changed
        "bad-weights-huge-integer.json", "bad-bias-huge-integer.json",
        "bad-bias-4301-digits.json", "bad-epoch-too-many.json",
    ],
)  # fmt: skip
def test_a_bad_model_file_is_refused_and_nothing_changes(name):
    at = open_app({"speed": "Fast", "epochs": "100", "seed": "7", "autostart": "1"})
    before = weights(at)
    settings_before = {key: at.session_state[key] for key in SETTING_KEYS}
    assert trainer_of(at).epoch == 100
    raw = (FILES / name).read_bytes()
    at.file_uploader(key="model_upload").set_value((name, raw, "application/json")).run()
    assert not at.exception
    assert weights(at) == before and trainer_of(at).epoch == 100
    assert {key: at.session_state[key] for key in SETTING_KEYS} == settings_before
    assert settings_before["seed"] == 7 and settings_before["speed"] == "Fast"
    assert any(f"{name} was not loaded" in text(e) for e in at.error)


def test_edited_data_with_a_bad_cell_is_refused_naming_the_row():
    at = open_app({})
    before = weights(at)
    at.session_state["data_editor_0"] = {"edited_rows": {2: {"x1": None}}, "added_rows": [],
                                         "deleted_rows": []}  # fmt: skip
    at.run()
    assert not at.exception
    assert any("Row 3: x1 is empty" in text(e) for e in at.sidebar.error)
    assert weights(at) == before
    assert trainer_of(at).data == article_data().training


def test_wrong_labels_change_the_data_and_reset():
    at = open_app({})
    at.toggle(key="targets_are_sums").set_value(False).run()
    at.session_state["data_editor_0"] = {"edited_rows": {0: {"target": 0.0}}, "added_rows": [],
                                         "deleted_rows": [5]}  # fmt: skip
    at.run()
    data = trainer_of(at).data
    assert len(data) == 27 and data[0] == (0.5, 0.5, 0.0)
    assert any("training data changed" in i.value for i in at.info)
    assert "data" in at.query_params


def test_out_of_range_rows_warn_and_restore_undoes_everything():
    at = open_app({})
    at.session_state["data_editor_0"] = {
        "edited_rows": {}, "added_rows": [{"x1": 0.9, "x2": 0.8}], "deleted_rows": []
    }  # fmt: skip
    at.run()
    assert len(trainer_of(at).data) == 29
    assert any(
        text(w) == "Row 29 goes outside [0, 1]. A sigmoid neuron can only output numbers "
        "between 0 and 1, so it cannot learn those targets."
        for w in at.sidebar.warning
    )
    at.button(key="restore").click().run()
    assert trainer_of(at).data == article_data().training
    assert "data" not in at.query_params


def test_deleting_every_row_is_refused():
    at = open_app({})
    at.session_state["data_editor_0"] = {"edited_rows": {}, "added_rows": [],
                                         "deleted_rows": list(range(28))}  # fmt: skip
    at.run()
    assert any("at least one training pair" in text(e) for e in at.sidebar.error)
    assert len(trainer_of(at).data) == 28


def test_keep_runs_overlay_their_error_on_the_chart():
    at = open_app({"speed": "Fast", "epochs": "200", "autostart": "1"})
    at.button(key="keep_run").click().run()
    at.number_input(key="seed").set_value(3).run()
    at.button(key="train").click().run()
    at.button(key="keep_run").click().run()
    kept = at.session_state["playground"]["kept"]
    assert [label for label, _ in kept] == [
        "seed 42, lr 0.1, sigmoid, 200 epochs", "seed 3, lr 0.1, sigmoid, 200 epochs",
    ]  # fmt: skip
    spec, _ = training_chart(at)
    names = [t["name"] for t in spec["data"]]
    assert "kept: seed 42, lr 0.1, sigmoid, 200 epochs" in names
    at.button(key="forget_runs").click().run()
    assert at.session_state["playground"]["kept"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"activation": "[Log in](https://e.vil)"},
        {"seed": "![x](https://e.vil/a.png)"},
        {"speed": "https://e.vil"},
        {"data": "0.1,0.2,[click](https://e.vil)"},
    ],
)
def test_a_link_cannot_plant_a_link_in_the_pages_warning(query):
    """The review's link put a clickable link to another site inside the page's own
    warning. Rendered by an independent Markdown renderer, the warning holds no link
    and no image, and shows the value as typed."""
    from markdown_it import MarkdownIt

    at = open_app(query)
    assert not at.exception and len(at.warning) == 1
    html = MarkdownIt("gfm-like", {"linkify": True}).render(at.warning[0].value)
    assert "<a" not in html and "<img" not in html
    value = next(iter(query.values()))
    assert value[:21] in text(at.warning[0])


def test_a_model_file_name_is_shown_as_text():
    at = open_app({})
    name = "[Log in](https://e.vil).json"
    raw = (FILES / "bad-nan.json").read_bytes()
    at.file_uploader(key="model_upload").set_value((name, raw, "application/json")).run()
    from markdown_it import MarkdownIt

    (error,) = at.error
    assert "<a" not in MarkdownIt("gfm-like", {"linkify": True}).render(error.value)
    assert text(error).startswith(f"{name} was not loaded")


def test_a_typed_cell_is_quoted_as_text_in_the_row_message():
    at = open_app({})
    at.session_state["data_editor_0"] = {
        "edited_rows": {"2": {"x1": "[x](https://e.vil)"}}, "added_rows": [], "deleted_rows": []
    }  # fmt: skip
    at.run()
    from markdown_it import MarkdownIt

    messages = [e for e in at.sidebar.error if "Row 3" in text(e)]
    assert messages, [text(e) for e in at.sidebar.error]
    for e in messages:
        assert "<a" not in MarkdownIt("gfm-like", {"linkify": True}).render(e.value)
