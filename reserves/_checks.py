"""Cell checks derived from a Table Schema field, vectorised over Arrow columns.

A column checked against a vocabulary or a foreign key is dictionary-encoded
once, and its checks run on its distinct values only; other checks (numbers,
lengths, the pattern of a key column) are single Arrow kernels over the column. No Python runs per
row: a message is formatted only for the first failing rows of each check.
"""

import difflib
import math
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _contract as contract
from ._csvfile import Table
from ._errors import Problem, Problems

NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
INTEGER = r"^-?\d{1,18}$"


def column_of(table: Table, name: str) -> "Column":
    """The checks' view of one column, made once per table."""
    if name not in table.columns:
        table.columns[name] = Column(table, name)
    return table.columns[name]


class Column:
    """One column's text, its blanks, and (once asked for) its distinct values with codes."""

    def __init__(self, table: Table, name: str):
        self._table, self.name = weakref.ref(table), name  # the table caches its columns: no reference cycle
        self.text = table.arrow.column(name)  # chunked as parsed: combining would copy every string
        self.blank = _numpy(pc.equal(self.text, ""))

    def encoded(self) -> tuple[np.ndarray, pa.Array]:
        if not hasattr(self, "_encoded"):
            encoded = pc.dictionary_encode(self.text).combine_chunks()  # one dictionary for all chunks
            self._encoded = (encoded.indices.to_numpy(), encoded.dictionary)
        return self._encoded

    def matches(self, regex: str) -> np.ndarray:
        """Rows whose text matches ``regex``: on the distinct values if already encoded, else over the rows.

        A key column is all distinct: encoding it only to match would copy every value.
        """
        if hasattr(self, "_encoded"):
            return self.on_distinct(_numpy(pc.match_substring_regex(self._encoded[1], regex)))
        return _numpy(pc.match_substring_regex(self.text, regex))

    def on_distinct(self, bad_distinct: np.ndarray) -> np.ndarray:
        """Spread a mask over distinct values back to the rows."""
        codes, _ = self.encoded()
        return bad_distinct[codes]

    def report(self, problems: Problems, kind: str, mask: np.ndarray, message) -> None:
        rows, table = np.flatnonzero(mask), self._table()

        def problem(row) -> Problem:
            value = self.text[int(row)].as_py()
            return Problem(table.file, table.line(int(row)), self.name, value, message(value))

        problems.add_many(f"{self.name}: {kind}", rows, problem)


def typed_column(table: Table, field: dict, valid: tuple[str, pa.Array] | None = None):
    """Check one column against its field and, for a foreign key, ``(file, valid keys)``.

    Returns the column typed, and the problems found.
    """
    problems = Problems()
    return _typed(column_of(table, field["name"]), field, problems, valid), problems


def _typed(column: Column, field: dict, problems: Problems, valid):
    rules, kind = contract.constraints(field), field["type"]
    failed = column.blank.copy()  # cells typed as missing: blanks, and bad values already reported
    if rules.get("required"):
        column.report(problems, "blank", column.blank, lambda v: "blank, but this column is required: fill it in")
    if kind in ("number", "integer"):
        values, bad = _parse_numbers(column, kind)
        column.report(problems, f"not a {kind}", bad, lambda v: _why_unparsed(kind, v))
        failed |= bad
        if "minimum" in rules:
            low = rules["minimum"]
            below = ~failed & (values < low)
            column.report(problems, "below minimum", below,
                          lambda v: f"'{v}' is below the minimum {low}" + (": the number must not be negative" if low == 0 else ""))
            failed |= below
        return pd.array(np.where(failed, np.nan, values), dtype=contract.dtype(field))
    for check, mask, message in _string_checks(column, rules, valid):
        mask &= ~failed
        column.report(problems, check, mask, message)
        failed |= mask
    if "enum" in rules:
        codes, distinct = column.encoded()
        position = pd.Index(rules["enum"]).get_indexer(distinct.to_pylist())
        return pd.Categorical.from_codes(np.where(failed, -1, position[codes] if len(codes) else codes), dtype=contract.dtype(field))
    return pd.array(pd.arrays.ArrowStringArray(_blanks_missing(column.text)), dtype=contract.dtype(field))


def _blanks_missing(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """The same strings with blanks marked missing: a validity bitmap over the parsed buffers, no copy."""
    chunks = []
    for chunk in text.chunks:
        present = pc.not_equal(chunk, "")
        if chunk.offset or present.offset or present.null_count:
            chunks.append(pc.if_else(present, chunk, pa.scalar(None, chunk.type)))
        else:
            chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [present.buffers()[1], *chunk.buffers()[1:]]))
    return pa.chunked_array(chunks, type=text.type)


def _numpy(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _parse_numbers(column: Column, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Values as float64 (NaN where not a number) and a mask of cells that do not parse."""
    syntax = column.matches(NUMBER if kind == "number" else INTEGER)
    text = column.text if syntax.all() else pc.if_else(pa.array(syntax), column.text, "0")  # copy only a bad column
    values = _numpy(pc.cast(text, pa.float64() if kind == "number" else pa.int64())).astype(float)
    return values, (~syntax | ~np.isfinite(values)) & ~column.blank


def _string_checks(column: Column, rules: dict, valid):
    """(kind of problem, mask over rows, message for a value) for each string rule."""
    if "enum" in rules:
        enum = rules["enum"]
        _, distinct = column.encoded()
        bad = ~np.isin(np.array(distinct.to_pylist(), dtype=object), enum)
        yield "not in vocabulary", column.on_distinct(bad) & ~column.blank, lambda v: f"'{v}' is not one of: {', '.join(enum)}{_did_you_mean(v, enum)}"
    if valid is not None:
        file, keys = valid
        _, distinct = column.encoded()
        bad = ~_numpy(pc.is_in(distinct, value_set=keys))
        yield "unknown reference", column.on_distinct(bad) & ~column.blank, lambda v: (
            f"'{v}' is not a {column.name} of {file}{_did_you_mean(v, keys.to_pylist())}: correct it, or add it to {file} first")
    if "pattern" in rules:
        pattern = rules["pattern"]
        yield "malformed", ~column.matches(f"^(?:{pattern})$") & ~column.blank, lambda v: f"'{v}' does not match the pattern {pattern}"
    if "maxLength" in rules:
        most = rules["maxLength"]
        yield "too long", _numpy(pc.utf8_length(column.text)) > most, lambda v: f"{len(v)} characters, at most {most} allowed: shorten it"


def _why_unparsed(kind: str, value: str) -> str:
    if kind == "number" and value.replace(",", "", 1).isdigit():
        return f"'{value}' has a comma: write a decimal point ({value.replace(',', '.')}) or, for thousands, no separator ({value.replace(',', '')})"
    if kind == "number" and _is_infinite_or_nan(value):
        return f"'{value}' is not a finite number: write the figure as reported"
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


def _all_distinct(values: pa.ChunkedArray) -> bool:
    """No value twice: sorted, no neighbours equal (faster and leaner than hashing a million keys)."""
    ordered = values.take(pc.sort_indices(values))
    return not pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))).as_py()


def duplicate_keys(table: Table, key: list[str], problems: Problems) -> None:
    """Primary-key values must be unique; a whole duplicated row is named as such."""
    if len(table) < 2 or len(key) == 1 and _all_distinct(table.arrow.column(key[0])):
        return  # the common case, decided without building a frame
    frame = table.frame
    rows = np.flatnonzero(frame.duplicated(key).to_numpy())

    def problem(row):
        first = int(np.flatnonzero((frame[key] == frame[key].iloc[row]).all(axis=1).to_numpy())[0])
        line = table.line(first)
        value = ",".join(frame[key].iloc[row])
        if frame.iloc[row].equals(frame.iloc[first]):
            return Problem(table.file, table.line(int(row)), key[0], value, f"duplicate row: the same as line {line}; delete one")
        return Problem(table.file, table.line(int(row)), key[0], value, f"duplicate {'/'.join(key)} '{value}': also on line {line}; give each row its own id")

    problems.add_many("duplicate id", rows, problem)
