"""Links that reproduce a run: every setting as a URL query parameter, and back.

parse_query never raises. A parameter that is missing takes its default; one that is
bad or out of range takes its default too, with a warning that names it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import fields, replace

from nnadd.data import Example, article_data
from nnadd.editing import check_rows
from nnadd.pacing import SPEEDS
from nnadd.perceptron import ACTIVATIONS
from nnadd.settings import (
    DEFAULTS,
    MAX_LEARNING_RATE,
    MAX_SEED,
    MAX_WEIGHT,
    MIN_LEARNING_RATE,
    STARTS,
    Settings,
)
from nnadd.training import MAX_RUN_EPOCHS, SettingsError, check_epochs, check_learning_rate

MAX_VALUE_LENGTH = 64  # characters in one setting (the data has its own limit)
MAX_DATA_LENGTH = 12_000


def _whole(text: str) -> int:
    if not text.strip().lstrip("+-").isdigit():
        raise ValueError(text)
    return int(text)


def _epochs(text: str) -> int:
    return check_epochs(_whole(text))


def _learning_rate(text: str) -> float:
    lr = check_learning_rate(float(text))
    if not MIN_LEARNING_RATE <= lr <= MAX_LEARNING_RATE:
        raise ValueError(text)
    return lr


def _seed(text: str) -> int:
    seed = _whole(text)
    if abs(seed) > MAX_SEED:
        raise ValueError(text)
    return seed


def _choice(options: Mapping[str, object] | tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise ValueError(text)
        return text

    return parse


def _weight(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and abs(value) <= MAX_WEIGHT):
        raise ValueError(text)
    return value


def _flag(text: str) -> bool:
    if text.lower() in ("1", "true", "yes"):
        return True
    if text.lower() in ("0", "false", "no"):
        return False
    raise ValueError(text)


def format_data(rows: tuple[Example, ...]) -> str:
    """x1,x2,target;x1,x2,target;... with each number in its shortest exact form."""
    return ";".join(f"{x1!r},{x2!r},{t!r}" for x1, x2, t in rows)


def _data(text: str) -> tuple[Example, ...]:
    if len(text) > MAX_DATA_LENGTH:
        raise ValueError("too long")
    rows = [part.split(",") for part in text.split(";")]
    if any(len(r) != 3 for r in rows):
        raise ValueError(text)
    checked = check_rows(rows, targets_are_sums=False)
    if checked.errors:
        raise ValueError(checked.errors[0])
    return checked.rows


PARSERS: dict[str, Callable[[str], object]] = {
    "epochs": _epochs,
    "learning_rate": _learning_rate,
    "seed": _seed,
    "activation": _choice(ACTIVATIONS),
    "speed": _choice(SPEEDS),
    "start": _choice(STARTS),
    "w1": _weight,
    "w2": _weight,
    "b": _weight,
    "data": _data,
    "autostart": _flag,
}

WHAT = {
    "epochs": f"a whole number from 0 to {MAX_RUN_EPOCHS:,}",
    "learning_rate": f"a number from {MIN_LEARNING_RATE} to {MAX_LEARNING_RATE:g}",
    "seed": f"a whole number between -{MAX_SEED:,} and {MAX_SEED:,}",
    "activation": " or ".join(ACTIVATIONS),
    "speed": " or ".join(SPEEDS),
    "start": " or ".join(STARTS),
    "w1": f"a number between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}",
    "w2": f"a number between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}",
    "b": f"a number between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}",
    "data": "rows of three numbers, x1,x2,target, separated by ;",
    "autostart": "1 or 0",
}


def _shown_default(name: str) -> str:
    value = getattr(DEFAULTS, name)
    if name == "data":
        return "the article's data"
    if isinstance(value, bool):
        return "1" if value else "0"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _last(raw: object) -> str:
    """A parameter's value as text; of a repeated parameter, the last one."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    return raw if isinstance(raw, str) else str(raw)


def parse_query(query: Mapping[str, object]) -> tuple[Settings, list[str]]:
    """Settings from URL query parameters, and one warning per bad parameter.

    Values may be strings or lists of strings (the last one counts). Unknown
    parameters are ignored."""
    values: dict[str, object] = {}
    warnings: list[str] = []
    typed_start = "start" in query and _last(query["start"]) == "weights"
    for name, parse in PARSERS.items():
        if name not in query or (name in ("w1", "w2", "b") and not typed_start):
            continue  # typed weights only count when the run starts from them
        text = _last(query[name])
        limit = MAX_DATA_LENGTH if name == "data" else MAX_VALUE_LENGTH
        try:
            if len(text) > limit:
                raise ValueError("too long")
            values[name] = parse(text)
        except (ValueError, OverflowError, SettingsError):
            shown = text if len(text) <= 24 else text[:21] + "..."
            warnings.append(
                f"The link's {name}={shown!r} is not {WHAT[name]}, so {name} is "
                f"{_shown_default(name)}."
            )
    return replace(DEFAULTS, **values), warnings


def to_query(settings: Settings) -> dict[str, str]:
    """The URL query parameters for these settings: every setting that shapes the run,
    the typed weights only when the run starts from them, the data only when edited,
    autostart only when on."""
    query = {
        "epochs": str(settings.epochs),
        "learning_rate": repr(settings.learning_rate),
        "seed": str(settings.seed),
        "activation": settings.activation,
        "speed": settings.speed,
        "start": settings.start,
    }
    if settings.start == "weights":
        query.update(w1=repr(settings.w1), w2=repr(settings.w2), b=repr(settings.b))
    if settings.data is not None and settings.data != article_data().training:
        query["data"] = format_data(settings.data)
    if settings.autostart:
        query["autostart"] = "1"
    return query


SETTING_NAMES = tuple(f.name for f in fields(Settings))
