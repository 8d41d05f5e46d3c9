"""Training data typed by a person: checked row by row, with the reason for any refusal.

Rows come from a table editor or a link, so a cell may be a number, a string, empty
(None) or NaN. Every refusal names the row (counted from 1) and the column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from nnadd.data import Example
from nnadd.i18n import _, ngettext, number

COLUMNS = ("x1", "x2", "target")  # the table's keys; column_words gives the headers shown


def column_words(name: str) -> str:
    """A column's header in the current language: x1 and x2 are the maths' symbols and
    stay; "target" is a word."""
    return _("target") if name == "target" else name


# A bound on the work one visitor's data can cause: each pair costs every epoch, the
# error surface and the reference run. The article uses 28.
MAX_ROWS = 100


class CheckedData(NamedTuple):
    rows: tuple[Example, ...]  # empty when anything was refused
    errors: list[str]  # refusals: the data cannot be used
    warnings: list[str]  # usable, but worth a sentence


def _number(cell: object) -> float | None:
    """The cell as a finite float, or None if it isn't one."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, str):
        try:
            value = float(cell.strip())
        except ValueError:
            return None
    elif isinstance(cell, (int, float)):
        value = float(cell)
    else:
        try:  # numpy and pandas scalars
            value = float(cell)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return value if math.isfinite(value) else None


def true_sum(x1: float, x2: float) -> float:
    """x1 + x2 as a person writes it: 0.2 + 0.1 is 0.3, not 0.30000000000000004.
    (The article's targets are these sums.)"""
    return round(x1 + x2, 10)


def check_rows(rows: Sequence[Sequence[object]], targets_are_sums: bool = True) -> CheckedData:
    """Check typed rows of (x1, x2, target). With `targets_are_sums`, the target column
    is ignored and each target is x1 + x2."""
    errors: list[str] = []
    warnings: list[str] = []
    if len(rows) < 1:
        return CheckedData((), [_("There must be at least one training pair.")], [])
    if len(rows) > MAX_ROWS:
        words = _("At most {most} training pairs, please (this has {rows}).").format(
            most=number(MAX_ROWS), rows=number(len(rows), ",")
        )
        return CheckedData((), [words], [])
    checked = []
    outside = []
    for i, row in enumerate(rows, start=1):
        cells = list(row) + [None] * (3 - len(row))
        wanted = COLUMNS[:2] if targets_are_sums else COLUMNS
        values = {}
        for name, cell in zip(COLUMNS, cells[:3], strict=True):
            if name not in wanted:
                continue
            value = _number(cell)
            if value is None:
                empty = cell is None or cell == "" or (isinstance(cell, float) and cell != cell)
                if empty:
                    # Translators: {column} is x1, x2 or target (the table's own headers)
                    said = _("Row {row}: {column} is empty, not a number.")
                else:
                    # Translators: {cell} is what was typed, quoted, e.g. 'abc'
                    said = _("Row {row}: {column} is {cell}, not a number.")
                errors.append(
                    said.format(row=number(i), column=column_words(name), cell=f"{cell!r:.30}")
                )
            values[name] = value
        if any(values.get(name) is None for name in wanted):
            continue
        x1, x2 = values["x1"], values["x2"]
        target = true_sum(x1, x2) if targets_are_sums else values["target"]
        checked.append(Example(x1, x2, target))
        if not all(0.0 <= v <= 1.0 for v in (x1, x2, target)):
            outside.append(i)
    if errors:
        return CheckedData((), errors, [])
    if outside:
        rows_named = ", ".join(number(row) for row in outside[:10])
        if len(outside) > 10:
            said = _(
                "Rows {rows} and more go outside [0, 1]. A sigmoid neuron can only output "
                "numbers between 0 and 1, so it cannot learn those targets."
            )
        else:
            said = ngettext(
                "Row {rows} goes outside [0, 1]. A sigmoid neuron can only output numbers "
                "between 0 and 1, so it cannot learn those targets.",
                "Rows {rows} go outside [0, 1]. A sigmoid neuron can only output numbers "
                "between 0 and 1, so it cannot learn those targets.",
                len(outside),
            )
        warnings.append(said.format(rows=rows_named))
    return CheckedData(tuple(checked), [], warnings)
