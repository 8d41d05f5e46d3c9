"""Model files: a trained network and the settings that made it, as JSON.

    {"format": "nnadd model", "version": 1, "activation": "sigmoid",
     "weights": [w1, w2], "bias": b, "epoch": 10000,
     "settings": {"epochs": 10000, "learning_rate": 0.1, "seed": 42, ...}}

load_model refuses anything else with a ModelFileError whose message a page can show.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any, NamedTuple

from nnadd.i18n import N_, _, number
from nnadd.links import FIELDS
from nnadd.perceptron import ACTIVATIONS, Perceptron
from nnadd.settings import DEFAULTS, Settings
from nnadd.training import MAX_RUN_EPOCHS, either

FORMAT = "nnadd model"
VERSION = 1
MAX_BYTES = 64 * 1024
SETTING_KEYS = ("epochs", "learning_rate", "seed", "activation", "speed")


class ModelFileError(ValueError):
    """Why a model file was refused, in plain words."""


class Model(NamedTuple):
    network: Perceptron
    epoch: int
    settings: Settings  # the file's settings; the defaults for any it leaves out


def dump_model(network: Perceptron, epoch: int, settings: Settings) -> str:
    """The model as JSON text. Floats keep full precision, so a round trip is exact."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "activation": network.activation,
            "weights": [network.w1, network.w2],
            "bias": network.b,
            "epoch": epoch,
            "settings": {
                "epochs": settings.epochs,
                "learning_rate": settings.learning_rate,
                "seed": settings.seed,
                "activation": network.activation,
                "speed": settings.speed,
            },
        },
        indent=2,
    )


# Python's json module says what is wrong in English, with these words: translated here
# (an unknown one is shown as Python says it).
JSON_PROBLEMS = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Extra data"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Illegal trailing comma before end of object"),
    N_("Illegal trailing comma before end of array"),
)


def _json_problem(msg: str) -> str:
    return _(msg) if msg in JSON_PROBLEMS else msg


def _refuse_constant(name: str) -> Any:
    raise ModelFileError(
        _("The file holds {name}, which is not a number a network can use.").format(name=name)
    )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite_number(value: object, what: str) -> float:
    """`what` names the value as the file writes it (w1, "bias"): not translated."""
    if not _is_number(value):
        raise ModelFileError(
            _("{what} must be a number, not {value}.").format(
                what=what, value=json.dumps(value)[:40]
            )
        )
    try:
        weight = float(value)  # type: ignore[arg-type]
    except OverflowError:  # a whole number beyond the largest float, about 1.8e308
        raise ModelFileError(_("{what} must be a finite number.").format(what=what)) from None
    if not math.isfinite(weight):
        raise ModelFileError(_("{what} must be a finite number.").format(what=what))
    return weight


def load_model(raw: bytes) -> Model:
    """Check a model file against the format above, and read it."""
    if len(raw) > MAX_BYTES:
        raise ModelFileError(
            _("The file is {size} KiB; a model file is at most {most} KiB.").format(
                size=number(len(raw) / 1024, ".0f"), most=number(MAX_BYTES // 1024)
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelFileError(_("The file is not text (UTF-8), so not a model file.")) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ModelFileError:
        raise  # NaN or Infinity, refused by _refuse_constant with its own words
    except json.JSONDecodeError as exc:
        # Translators: {problem} is one of the JSON faults below, e.g. "Expecting value"
        said = _("The file is not valid JSON (line {line}, column {column}: {problem}).")
        raise ModelFileError(
            said.format(
                line=number(exc.lineno), column=number(exc.colno), problem=_json_problem(exc.msg)
            )
        ) from None
    except RecursionError:
        raise ModelFileError(_("The file is nested too deeply to be a model file.")) from None
    except ValueError:  # Python refuses whole numbers of more than 4,300 digits
        raise ModelFileError(_("The file holds a number too long to be a weight.")) from None
    if not isinstance(data, dict):
        raise ModelFileError(_("A model file is one JSON object, {...}."))
    if data.get("format") != FORMAT:
        # Translators: keep "format": "{format}" as it is: it is what the file must hold
        said = _('This is not an nnadd model file (no "format": "{format}").')
        raise ModelFileError(said.format(format=FORMAT))
    if data.get("version") != VERSION:
        raise ModelFileError(
            _("This model file's version is not {version}.").format(version=number(VERSION))
        )
    activation = data.get("activation")
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        # Translators: "activation" is the file's own key: keep it, and the names, as they are
        raise ModelFileError(_('"activation" must be {names}.').format(names=either(ACTIVATIONS)))
    weights = data.get("weights")
    if not isinstance(weights, list) or len(weights) != 2:
        raise ModelFileError(_('"weights" must be a list of two numbers, [w1, w2].'))
    w1 = _finite_number(weights[0], "w1")
    w2 = _finite_number(weights[1], "w2")
    b = _finite_number(data.get("bias"), '"bias"')
    epoch = data.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or not 0 <= epoch <= MAX_RUN_EPOCHS:
        raise ModelFileError(
            _('"epoch" must be a whole number from 0 to {most}.').format(
                most=number(MAX_RUN_EPOCHS, ",")
            )
        )
    settings = _settings(data.get("settings", {}), activation)
    return Model(Perceptron(w1, w2, b, activation), epoch, settings)


def _settings(raw: object, activation: str) -> Settings:
    if not isinstance(raw, dict):
        raise ModelFileError(_('"settings" must be a JSON object.'))
    values: dict[str, object] = {}
    for key in SETTING_KEYS:
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            # Translators: {key} is the file's own name of a setting (learning_rate): keep it
            raise ModelFileError(_('The setting "{key}" has the wrong type.').format(key=key))
        if key in ("epochs", "seed") and not isinstance(value, int):
            raise ModelFileError(_('The setting "{key}" must be a whole number.').format(key=key))
        if key in ("activation", "speed") and not isinstance(value, str):
            raise ModelFileError(_('The setting "{key}" must be text.').format(key=key))
        if key == "learning_rate" and not _is_number(value):
            raise ModelFileError(_('The setting "{key}" must be a number.').format(key=key))
        try:  # the same checks as a link's parameters
            values[key] = FIELDS[key].parse(repr(value) if isinstance(value, float) else str(value))
        except (ValueError, OverflowError):
            raise ModelFileError(
                _('The setting "{key}" is out of range.').format(key=key)
            ) from None
    values["activation"] = activation  # the network's own activation wins
    return replace(DEFAULTS, **values)
