import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnadd.modelfile import MAX_BYTES, ModelFileError, dump_model, load_model
from nnadd.perceptron import Perceptron
from nnadd.settings import DEFAULTS, Settings
from nnadd.training import MAX_RUN_EPOCHS, Trainer

DATA = Path(__file__).parent / "data"


def test_round_trip_gives_identical_weights():
    trainer = Trainer.from_seed(7, learning_rate=0.3)
    trainer.train(1234)
    chosen = Settings(epochs=5000, learning_rate=0.3, seed=7, speed="Fast")
    model = load_model(dump_model(trainer.network, trainer.epoch, chosen).encode())
    net = trainer.network
    assert (model.network.w1, model.network.w2, model.network.b) == (net.w1, net.w2, net.b)
    assert model.network.activation == "sigmoid" and model.epoch == 1234
    assert (model.settings.epochs, model.settings.learning_rate) == (5000, 0.3)
    assert (model.settings.seed, model.settings.speed) == (7, "Fast")


def test_good_files_load():
    good = load_model((DATA / "model-good.json").read_bytes())
    assert good.network.w1 == 4.977809471798557 and good.epoch == 10_000
    minimal = load_model((DATA / "model-minimal.json").read_bytes())
    assert minimal.network.activation == "linear"
    assert minimal.settings.learning_rate == DEFAULTS.learning_rate  # defaults fill in


@pytest.mark.parametrize(
    "name,words",
    [
        ("bad-not-json.json", "not valid JSON"),
        ("bad-truncated.json", "not valid JSON"),
        ("bad-array.json", "one JSON object"),
        ("bad-wrong-format.json", "not an nnadd model file"),
        ("bad-wrong-version.json", "version"),
        ("bad-activation.json", "sigmoid or linear"),
        ("bad-weights-string.json", "w1 must be a number"),
        ("bad-weights-three.json", "list of two numbers"),
        ("bad-weights-bool.json", "w1 must be a number"),
        ("bad-bias-missing.json", '"bias" must be a number'),
        ("bad-bias-null.json", '"bias" must be a number'),
        ("bad-epoch-negative.json", '"epoch" must be a whole number'),
        ("bad-epoch-float.json", '"epoch" must be a whole number'),
        ("bad-settings-lr-string.json", "learning_rate"),
        ("bad-settings-lr-zero.json", "out of range"),
        ("bad-settings-not-object.json", '"settings" must be a JSON object'),
        ("bad-nan.json", "NaN"),
        ("bad-infinity.json", "Infinity"),
        ("bad-huge-number.json", "finite"),
        ("bad-oversized.json", "at most 64 KiB"),
        ("bad-binary.json", "not text"),
        ("bad-deeply-nested.json", "nested too deeply"),
        # whole numbers that json reads but float() or int() cannot take
        ("bad-weights-huge-integer.json", "w1 must be a finite number"),
        ("bad-bias-huge-integer.json", '"bias" must be a finite number'),
        ("bad-bias-4301-digits.json", "number too long"),
        # more epochs than the trainer can hold: one limit for the whole program
        ("bad-epoch-too-many.json", '"epoch" must be a whole number from 0 to 10,000,000'),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(name, words):
    with pytest.raises(ModelFileError, match=words):
        load_model((DATA / name).read_bytes())


def test_size_limit_is_64_kib():
    assert MAX_BYTES == 65536
    assert (DATA / "bad-oversized.json").stat().st_size > MAX_BYTES


def _padded(size: int) -> bytes:
    """The good model file, padded with spaces (valid JSON) to exactly `size` bytes."""
    raw = (DATA / "model-good.json").read_bytes().rstrip()
    return raw + b" " * (size - len(raw))


def test_a_file_of_exactly_64_kib_loads_and_one_byte_more_is_refused():
    exactly = _padded(65_536)
    assert len(exactly) == 65_536
    assert load_model(exactly).epoch == 10_000
    with pytest.raises(ModelFileError, match="at most 64 KiB"):
        load_model(_padded(65_537))


def test_the_epoch_limit_is_the_trainers():
    from nnadd.training import MAX_RUN_EPOCHS

    good = json.loads((DATA / "model-good.json").read_text())
    assert (
        load_model(json.dumps({**good, "epoch": MAX_RUN_EPOCHS}).encode()).epoch == MAX_RUN_EPOCHS
    )
    with pytest.raises(ModelFileError, match="epoch"):
        load_model(json.dumps({**good, "epoch": MAX_RUN_EPOCHS + 1}).encode())
    # the settings' epochs too
    with pytest.raises(ModelFileError, match="epochs"):
        load_model(json.dumps({**good, "settings": {"epochs": MAX_RUN_EPOCHS + 1}}).encode())


@settings(max_examples=200, deadline=None)
@given(
    where=st.sampled_from(["w1", "w2", "bias", "epoch"]),
    digits=st.integers(min_value=310, max_value=6000),
    negative=st.booleans(),
)
def test_huge_whole_numbers_anywhere_are_refused_with_words(where, digits, negative):
    """Whole numbers past the largest float (about 1.8e308, 309 digits) or past
    Python's 4,300-digit limit, written into the file as text."""
    good = json.loads((DATA / "model-good.json").read_text())
    number = ("-" if negative else "") + "9" * digits
    marker = 123.25
    if where == "w1":
        good["weights"][0] = marker
    elif where == "w2":
        good["weights"][1] = marker
    else:
        good[where] = marker
    raw = json.dumps(good).replace(repr(marker), number).encode()
    if len(raw) > MAX_BYTES:
        return
    with pytest.raises(ModelFileError) as refused:
        load_model(raw)
    assert str(refused.value).endswith(".")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_any_bytes_load_or_are_refused_never_raise_otherwise(raw):
    try:
        model = load_model(raw)
    except ModelFileError as exc:
        assert str(exc)
    else:
        assert model.network.is_finite()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


# whole numbers of any size up to a few hundred digits: past the largest float too
big_integers = st.integers(min_value=-(10**400), max_value=10**400)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "format": st.just("nnadd model") | json_values,
            "version": st.just(1) | json_values,
            "activation": st.sampled_from(["sigmoid", "linear"]) | json_values,
            "weights": st.lists(st.floats() | big_integers, min_size=2, max_size=2) | json_values,
            "bias": st.floats() | big_integers | json_values,
            "epoch": st.integers(min_value=-(10**9), max_value=10**9) | big_integers | json_values,
            "settings": st.dictionaries(
                st.sampled_from(["epochs", "learning_rate", "seed", "activation", "speed"]),
                json_values,
            )
            | json_values,
        },
    )
)
def test_model_shaped_json_loads_or_is_refused(document):
    raw = json.dumps(document).encode()
    try:
        model = load_model(raw)
    except ModelFileError as exc:
        assert str(exc)
    else:
        net = model.network
        assert net.is_finite() and 0 <= model.epoch <= MAX_RUN_EPOCHS
        assert isinstance(model.settings.epochs, int)


def test_dump_of_untrained_network_loads():
    net = Perceptron.from_seed(42)
    assert load_model(dump_model(net, 0, DEFAULTS).encode()).network.w1 == net.w1
