import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnadd.data import Example, article_data
from nnadd.links import FIELDS, format_data, parse_query, to_query
from nnadd.perceptron import Perceptron
from nnadd.settings import DEFAULTS, Settings, start_key, start_network


def test_defaults_round_trip():
    query = to_query(DEFAULTS)
    assert query == {
        "epochs": "10000", "learning_rate": "0.1", "seed": "42", "activation": "sigmoid",
        "speed": "Watch", "start": "seed",
    }  # fmt: skip
    assert parse_query(query) == (DEFAULTS, [])


def test_every_setting_round_trips_exactly():
    rows = (Example(0.1, 0.2, 0.3), Example(0.5, 0.25, 0.9))
    chosen = Settings(
        epochs=1234, learning_rate=0.123456789012345, seed=-99, activation="linear",
        speed="Fast", start="weights", w1=-0.1 / 3, w2=2.5, b=1e-7, data=rows, autostart=True,
    )  # fmt: skip
    back, warnings = parse_query(to_query(chosen))
    assert warnings == []
    assert back == chosen


def test_missing_parameters_take_defaults_without_warnings():
    assert parse_query({"seed": "7"}) == (Settings(seed=7), [])


@pytest.mark.parametrize(
    "name,value",
    [
        ("learning_rate", "abc"), ("learning_rate", "0"), ("learning_rate", "-1"),
        ("learning_rate", "nan"), ("learning_rate", "inf"), ("learning_rate", "1e9"),
        ("epochs", "-5"), ("epochs", "10000001"), ("epochs", "1e4"), ("epochs", "ten"),
        ("seed", "1e99"), ("seed", "4.5"), ("seed", "9" * 20), ("seed", ""),
        ("activation", "foo"), ("activation", "SIGMOID"), ("speed", "warp"),
        ("start", "random"), ("autostart", "maybe"),
        ("data", "1,2"), ("data", "a,b,c"), ("data", ""),
        ("epochs", "1" * 10_000), ("activation", "x" * 100_000),
    ],
)  # fmt: skip
def test_bad_parameter_falls_back_with_one_warning_naming_it(name, value):
    result, warnings = parse_query({name: value})
    assert result == DEFAULTS
    assert len(warnings) == 1
    assert f"{name}=" in warnings[0]
    assert len(warnings[0]) < 300  # a very long value is cut short in the message


@pytest.mark.parametrize("name,value", [("w1", "nan"), ("w2", "inf"), ("b", "1e5"), ("b", "x")])
def test_bad_typed_weight_falls_back_when_the_run_starts_from_typed_weights(name, value):
    result, warnings = parse_query({"start": "weights", name: value})
    assert result == Settings(start="weights")
    assert len(warnings) == 1 and f"{name}=" in warnings[0]
    # and is not even looked at when the run starts from the seed
    assert parse_query({name: value}) == (DEFAULTS, [])


def test_several_bad_parameters_give_one_warning_each():
    _, warnings = parse_query({"learning_rate": "abc", "epochs": "-5", "seed": "1e99",
                               "activation": "foo", "unknown": "x"})  # fmt: skip
    assert len(warnings) == 4


def test_list_values_take_the_last():
    assert parse_query({"seed": ["1", "2"]})[0].seed == 2


def test_edited_data_goes_in_the_link_and_the_articles_does_not():
    assert "data" not in to_query(Settings(data=article_data().training))
    rows = (Example(0.1, 0.1, 0.5),)
    query = to_query(Settings(data=rows))
    assert query["data"] == "0.1,0.1,0.5" == format_data(rows)


def test_start_network_from_seed_or_typed():
    assert start_network(Settings(seed=5)) == Perceptron.from_seed(5)
    typed = Settings(start="weights", w1=0.5, w2=-1.0, b=0.25, activation="linear")
    assert start_network(typed) == Perceptron(0.5, -1.0, 0.25, "linear")
    # typed weights only matter when the run starts from them
    assert start_key(Settings(w1=3.0)) == start_key(DEFAULTS)
    assert start_key(Settings(start="weights", w1=3.0)) != start_key(Settings(start="weights"))


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(FIELDS)) | st.text(max_size=5),
        st.text(max_size=40) | st.lists(st.text(max_size=10), max_size=3),
    )
)
def test_any_query_gives_valid_settings_or_defaults_with_warnings(query):
    result, warnings = parse_query(query)
    assert isinstance(result, Settings)
    for name in FIELDS:
        if getattr(result, name) != getattr(DEFAULTS, name):
            assert name in query  # only a given parameter changes a setting
            assert name not in ("w1", "w2", "b") or result.start == "weights"
    assert len(warnings) <= len(query)
    # whatever came in, what goes out parses back to the same settings
    assert parse_query(to_query(result)) == (result, [])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_single_value_for_each_parameter(text):
    for name in FIELDS:
        result, warnings = parse_query({"start": "weights", name: text})
        if warnings:  # refused: the default, and the warning names the parameter
            assert len(warnings) == 1 and f"{name}=" in warnings[0]
            assert getattr(result, name) == getattr(DEFAULTS, name)


def test_one_table_gives_the_sidebar_its_bounds_and_the_first_visit_its_widgets():
    """The link table (links.FIELDS) is the one place a setting's bounds are written:
    the sidebar's number boxes take theirs from it, and every widget it names is a key
    the session keeps."""
    from streamlit.testing.v1 import AppTest

    from nnadd.links import FIELDS, WIDGETS_FROM_LINK
    from nnadd.ui.session import KEYS

    assert set(WIDGETS_FROM_LINK.values()) <= set(KEYS)
    app = AppTest.from_file("../app.py", default_timeout=60)
    app.query_params["start"] = "weights"
    app.run()
    assert not app.exception
    for name in ("epochs", "learning_rate", "seed", "w1", "w2", "b"):
        box = app.number_input(key=FIELDS[name].widget)
        assert (box.min, box.max) == (FIELDS[name].low, FIELDS[name].high), name
