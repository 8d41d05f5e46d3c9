"""Links that reproduce a run: every setting as a URL query parameter, and back.

parse_query never raises. A parameter that is missing takes its default; one that is
bad or out of range takes its default too, with a warning that names it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import NamedTuple

from nnadd.data import Example, article_data
from nnadd.editing import check_rows
from nnadd.i18n import _, number
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
from nnadd.training import (
    MAX_RUN_EPOCHS,
    SettingsError,
    check_epochs,
    check_learning_rate,
    either,
)

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


class LinkField(NamedTuple):
    """One setting in the page's address: how its text is read and checked, what a good
    value is (for the warning), how it is written (None: left out of the link), the
    widget that holds it on the Playground, and that widget's bounds."""

    name: str
    parse: Callable[[str], object]
    what: Callable[[], str]  # a good value, in words made when a warning is written
    write: Callable[[Settings], str | None]
    widget: str | None = None  # the widget's key; None: no widget holds it as it is
    low: float | None = None  # the widget's bounds, the same as parse's
    high: float | None = None
    typed_start_only: bool = False  # read only when the run starts from typed weights


def _typed(name: str) -> Callable[[Settings], str | None]:
    return lambda s: repr(getattr(s, name)) if s.start == "weights" else None


def _edited_data(settings: Settings) -> str | None:
    if settings.data is None or settings.data == article_data().training:
        return None
    return format_data(settings.data)


def _between(low: float, high: float, spec: str) -> Callable[[], str]:
    return lambda: _("a number between {low} and {high}").format(
        low=number(low, spec), high=number(high, spec)
    )


def _one_of(names) -> Callable[[], str]:
    return lambda: either(list(names))  # the link's own values, not translated


_WEIGHT_WHAT = _between(-MAX_WEIGHT, MAX_WEIGHT, "g")

# Every setting of a run, in the link's order. Parsing, the warnings, to_query, the
# first visit's widget values and the sidebar's bounds all come from this table.
FIELDS = {
    f.name: f
    for f in (
        LinkField(
            "epochs", _epochs,
            lambda: _("a whole number from 0 to {most}").format(most=number(MAX_RUN_EPOCHS, ",")),
            lambda s: str(s.epochs), "epochs", 0, MAX_RUN_EPOCHS,
        ),
        LinkField(
            "learning_rate", _learning_rate,
            lambda: _("a number from {low} to {high}").format(
                low=number(MIN_LEARNING_RATE), high=number(MAX_LEARNING_RATE, "g")
            ),
            lambda s: repr(s.learning_rate), "learning_rate", MIN_LEARNING_RATE,
            MAX_LEARNING_RATE,
        ),
        LinkField(
            "seed", _seed,
            lambda: _("a whole number between {low} and {high}").format(
                low=number(-MAX_SEED, ","), high=number(MAX_SEED, ",")
            ),
            lambda s: str(s.seed), "seed", -MAX_SEED, MAX_SEED,
        ),
        LinkField(
            "activation", _choice(ACTIVATIONS), _one_of(ACTIVATIONS),
            lambda s: s.activation, "activation",
        ),
        LinkField("speed", _choice(SPEEDS), _one_of(SPEEDS), lambda s: s.speed, "speed"),
        LinkField("start", _choice(STARTS), _one_of(STARTS), lambda s: s.start, "start"),
        *(
            LinkField(
                name, _weight, _WEIGHT_WHAT, _typed(name), f"start_{name}", -MAX_WEIGHT,
                MAX_WEIGHT, typed_start_only=True,
            )
            for name in ("w1", "w2", "b")
        ),
        LinkField(
            "data", _data,
            # Translators: "x1,x2,target" is how the link writes a row: keep it as it is
            lambda: _("rows of three numbers, x1,x2,target, separated by ;"),
            _edited_data,
        ),
        LinkField(
            "autostart", _flag, _one_of(("1", "0")), lambda s: "1" if s.autostart else None,
            "autostart",
        ),
    )
}  # fmt: skip
# The widgets the link sets on a session's first visit, by the setting each holds.
WIDGETS_FROM_LINK = {name: f.widget for name, f in FIELDS.items() if f.widget}


def _shown_default(name: str) -> str:
    value = getattr(DEFAULTS, name)
    if name == "data":
        return _("the article's data")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return number(value, ",") if isinstance(value, int) else number(value)
    return str(value)  # a name the link writes (sigmoid, Watch, seed): not translated


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
    for name, field in FIELDS.items():
        if name not in query or (field.typed_start_only and not typed_start):
            continue  # typed weights only count when the run starts from them
        text = _last(query[name])
        limit = MAX_DATA_LENGTH if name == "data" else MAX_VALUE_LENGTH
        try:
            if len(text) > limit:
                raise ValueError("too long")
            values[name] = field.parse(text)
        except (ValueError, OverflowError, SettingsError):
            shown = text if len(text) <= 24 else text[:21] + "..."
            # Translators: {name}={value} is the link's own text (learning_rate='abc'): keep it
            said = _("The link's {name}={value} is not {what}, so {name} is {default}.")
            warnings.append(
                said.format(
                    name=name, value=repr(shown), what=field.what(), default=_shown_default(name)
                )
            )
    return replace(DEFAULTS, **values), warnings


def to_query(settings: Settings) -> dict[str, str]:
    """The URL query parameters for these settings: every setting that shapes the run,
    the typed weights only when the run starts from them, the data only when edited,
    autostart only when on."""
    written = {name: field.write(settings) for name, field in FIELDS.items()}
    return {name: text for name, text in written.items() if text is not None}


SETTING_NAMES = tuple(f.name for f in fields(Settings))
