"""Cell checks derived from a Table Schema field, run on distinct values only.

Each column is factorized once; every check and every conversion runs on its
distinct values and is spread back to the rows through the codes, so a column of
a million cells with a handful of distinct values costs a handful of checks.
"""

import difflib
import math

import numpy as np
import pandas as pd

from . import contract
from .csvfile import Table
from .errors import Problem, Problems


def typed_column(table: Table, field: dict, problems: Problems, valid: tuple[str, pd.Series] | None = None):
    """Check one column against its field and, for a foreign key, ``(file, valid keys)``; return it typed."""
    name, rules = field["name"], contract.constraints(field)
    codes, uniques = pd.factorize(table.frame[name])
    text = pd.Series(uniques, dtype=object)
    blank = (text == "").to_numpy()
    values, bad = _parse(field["type"], text, blank)
    failed = blank.copy()  # cells typed as missing: blanks, and bad values already reported
    for kind, mask, message in _rules(name, field["type"], rules, text, values, blank, bad, valid):
        failed |= mask
        rows = np.flatnonzero(mask[codes])
        if len(rows):
            problems.add_many(f"{name}: {kind}", rows, lambda row: Problem(
                table.file, int(table.lines[row]), name, text[codes[row]], message(text[codes[row]])))
    values = values.where(~failed)
    return pd.array(values.to_numpy()[codes], dtype=contract.dtype(field)) if len(codes) else pd.array([], dtype=contract.dtype(field))


def _parse(kind: str, text: pd.Series, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """Typed distinct values and a mask of those that do not parse."""
    if kind == "number":
        values = pd.to_numeric(text.where(text.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")), errors="coerce")
        return values, (~np.isfinite(values) & ~blank).to_numpy()
    if kind == "integer":
        values = pd.to_numeric(text.where(text.str.fullmatch(r"[+-]?\d+")), errors="coerce")
        return values, (values.isna() & ~blank).to_numpy()
    if kind == "date":
        values = pd.to_datetime(text.where(~blank), format="%Y-%m-%d", errors="coerce")
        return values, (values.isna() & ~blank).to_numpy()
    return text, np.zeros(len(text), dtype=bool)


def _rules(name, kind, rules, text, values, blank, bad, valid):
    """(kind of problem, mask over distinct values, message for a value) for every check."""
    if rules.get("required"):
        yield "blank", blank, lambda v: "blank, but this column is required: fill it in"
    yield f"not a {kind}", bad, lambda v: _why_unparsed(kind, v)
    checked = ~blank & ~bad
    if "minimum" in rules:
        low = rules["minimum"]
        yield "below minimum", checked & (values < low).to_numpy(), lambda v: f"'{v}' is below the minimum {low}" + (": the number must not be negative" if low == 0 else "")
    if "enum" in rules:
        enum = rules["enum"]
        yield "not in vocabulary", checked & ~text.isin(enum).to_numpy(), lambda v: f"'{v}' is not one of: {', '.join(enum)}{_did_you_mean(v, enum)}"
    if "pattern" in rules:
        pattern = rules["pattern"]
        yield "malformed", checked & ~text.str.fullmatch(pattern).to_numpy(dtype=bool), lambda v: f"'{v}' does not match the pattern {pattern}"
    if "maxLength" in rules:
        most = rules["maxLength"]
        yield "too long", checked & (text.str.len() > most).to_numpy(), lambda v: f"{len(v)} characters, at most {most} allowed: shorten it"
    if valid is not None:
        file, keys = valid
        yield "unknown reference", checked & ~text.isin(keys).to_numpy(), lambda v: (
            f"'{v}' is not a {name} of {file}{_did_you_mean(v, list(keys))}: correct it, or add it to {file} first")


def _why_unparsed(kind: str, value: str) -> str:
    if kind == "number" and value.replace(",", "", 1).isdigit():
        return f"'{value}' has a comma: write a decimal point ({value.replace(',', '.')}) or, for thousands, no separator ({value.replace(',', '')})"
    if kind == "number" and _is_infinite_or_nan(value):
        return f"'{value}' is not a finite number: write the figure as reported"
    if kind == "date":
        return f"'{value}' is not a date: write it as YYYY-MM-DD"
    if kind == "integer":
        return f"'{value}' is not a whole number: write digits only"
    return f"'{value}' is not a number: write digits with a decimal point, no separators or units"


def _is_infinite_or_nan(value: str) -> bool:
    try:
        return not math.isfinite(float(value))
    except ValueError:  # not a number at all: the caller says so
        return False


def _did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def duplicate_keys(table: Table, key: list[str], problems: Problems) -> None:
    """Primary-key values must be unique; a whole duplicated row is named as such."""
    frame = table.frame
    rows = np.flatnonzero(frame.duplicated(key).to_numpy())

    def problem(row):
        first = int(np.flatnonzero((frame[key] == frame[key].iloc[row]).all(axis=1).to_numpy())[0])
        line = int(table.lines[first])
        value = ",".join(frame[key].iloc[row])
        if frame.iloc[row].equals(frame.iloc[first]):
            return Problem(table.file, int(table.lines[row]), key[0], value, f"duplicate row: the same as line {line}; delete one")
        return Problem(table.file, int(table.lines[row]), key[0], value, f"duplicate {'/'.join(key)} '{value}': also on line {line}; give each row its own id")

    if len(rows):
        problems.add_many("duplicate id", rows, problem)
