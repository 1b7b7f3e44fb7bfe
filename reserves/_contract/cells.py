"""Cell checks derived from a Table Schema field, vectorised over Arrow columns.

A column checked against a vocabulary or a foreign key is dictionary-encoded
once, and its checks run on its distinct values only; other checks (numbers,
lengths, the pattern of a key column) are single Arrow kernels over the column. No Python runs per
row: a message is formatted only for the first failing rows of each check.
"""

import math
import unicodedata
import weakref
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import Kind, Problems
from .._reading.characters import code
from .._reading.csvfile import TextTable
from . import descriptor as contract

NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
INTEGER = r"^[+-]?\d{1,16}$"  # longer texts are beyond 2**53, or padded with zeros
LONG_MANTISSA = r"^[+-]?\.?(\d\.?){16}"  # 16 or more digits: a double may not keep them all
SEPARATORS = {"\u066b": ".", "\u066c": ""}  # Arabic decimal and thousands separators, beside Arabic-Indic digits
EXACT_INTEGER = 2**53  # the largest whole number from which a double still holds every integer


def column_of(table: TextTable, name: str) -> "Column":
    """The checks' view of one column, made once per table."""
    if name not in table.columns:
        table.columns[name] = Column(table, name)
    return table.columns[name]


class Column:
    """One column's text, its blanks, and (once asked for) its distinct values with codes."""

    def __init__(self, table: TextTable, name: str):
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

    def rows_in(self, keys: pa.Array) -> np.ndarray:
        """Each distinct value's row among ``keys`` (a key column: its values unique), or -1; kept as ``key_rows``.

        The smaller side is hashed: a million keys are probed against the few values a column names, not hashed.
        """
        _, distinct = self.encoded()
        if len(keys) > len(distinct):
            position = pc.index_in(keys, value_set=distinct)
            found = np.flatnonzero(_numpy(position.is_valid()))
            self.key_rows = np.full(len(distinct), -1, dtype=np.int64)
            self.key_rows[_numpy(position.filter(position.is_valid()))] = found
        else:
            self.key_rows = _numpy(pc.fill_null(pc.index_in(distinct, value_set=keys), -1)).astype(np.int64)
        return self.key_rows

    def on_distinct(self, bad_distinct: np.ndarray) -> np.ndarray:
        """Spread a mask over distinct values back to the rows."""
        codes, _ = self.encoded()
        return bad_distinct[codes]

    def report(self, problems: Problems, kind: Kind, mask: np.ndarray, message) -> None:
        rows, table = np.flatnonzero(mask), self._table()

        def place(row):
            value = self.text[int(row)].as_py()
            return table.file, table.line(int(row)), value, message(value)

        problems.add_rows(kind, self.name, rows, place)


def distinct_pairs(first: np.ndarray, second: np.ndarray, second_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct pairs of two columns' codes (-1: blank), to judge each pair once: each pair's first and second code,
    and each row's pair."""
    width = second_size + 1
    pairs, rows = np.unique((first + 1) * width + second + 1, return_inverse=True)
    return pairs // width - 1, pairs % width - 1, rows


def typed_column(table: TextTable, field: dict, valid: tuple[str, pa.Array] | None = None, key: bool = False):
    """Check one column against its field and, for a foreign key, ``(file, valid keys)``; ``key``: its values are keys,
    compared as written, so each must be in one Unicode form without spaces around it.

    Returns the column typed, and the problems found.
    """
    problems = Problems()
    return _typed(column_of(table, field["name"]), field, problems, valid, key), problems


def _typed(column: Column, field: dict, problems: Problems, valid, key: bool):
    rules, kind = contract.constraints(field), field["type"]
    failed = column.blank.copy()  # cells typed as missing: blanks, and bad values already reported
    if rules.get("required"):
        column.report(problems, Kind.REQUIRED, column.blank, lambda v: "blank, but this column is required: fill it in")
    if kind in ("number", "integer"):
        values, failed = (_integers if kind == "integer" else _numbers)(column, failed, problems)
        if "minimum" in rules:
            low = rules["minimum"]
            below = ~failed & (values < low)
            column.report(problems, Kind.RANGE, below,
                          lambda v: f"'{v}' is below the minimum {low}" + (": the number must not be negative" if low == 0 else ""))
            failed |= below
        return pd.array(values, dtype=contract.dtype(field)) if kind == "number" else pd.arrays.IntegerArray(values, failed)
    for check, mask, message in _string_checks(column, field, rules, valid, key):
        mask &= ~failed
        column.report(problems, check, mask, message)
        failed |= mask
    if "enum" in rules:
        codes, distinct = column.encoded()
        position = pd.Index(rules["enum"]).get_indexer(distinct.to_pylist())
        return pd.Categorical.from_codes(np.where(failed, -1, position[codes] if len(codes) else codes), dtype=contract.dtype(field))
    return pd.array(pd.arrays.ArrowStringArray(_blanks_missing(column.text)), dtype=contract.dtype(field))


def _numbers(column: Column, failed: np.ndarray, problems: Problems) -> tuple[np.ndarray, np.ndarray]:
    """Values as float64, NaN where missing; a number a double cannot hold as written is refused, never rounded.

    Judged and converted on the column's distinct texts: figures repeat (13.6, 47.9) where ids and quotes do not.
    """
    codes, distinct = column.encoded()
    syntax = _numpy(pc.match_substring_regex(distinct, NUMBER))
    values = _cast(distinct, syntax, pa.float64())
    infinite = syntax & ~np.isfinite(values)
    underflow = syntax & (values == 0) & _numpy(pc.match_substring_regex(distinct, r"^[^eE]*[1-9]"))
    long = np.flatnonzero(syntax & ~infinite & ~underflow & _numpy(pc.match_substring_regex(distinct, LONG_MANTISSA)))
    inexact = np.zeros(len(distinct), dtype=bool)
    inexact[long] = [not _round_trips(v) for v in distinct.take(pa.array(long, pa.int64())).to_pylist()]
    unparsed, infinite, underflow, inexact = (on[codes] for on in (~syntax, infinite, underflow, inexact))
    unparsed &= ~column.blank
    column.report(problems, Kind.TYPE, unparsed, lambda v: _why_unparsed("number", v))
    column.report(problems, Kind.RANGE, infinite, lambda v: f"'{v}' is beyond the largest number a double holds "
                  "(about 1.8e308): write the figure as the source gives it, with its unit in unit_reported")
    column.report(problems, Kind.RANGE, underflow, lambda v: f"'{v}' is too small for a double and would be stored as 0: "
                  "write it in a larger unit (for example kg instead of t)")
    column.report(problems, Kind.PRECISION, inexact, lambda v: f"'{v}' has more significant digits than a double keeps "
                  f"(it would be stored as {float(v)!r}): write at most 15 significant digits and keep the full figure in note")
    failed = failed | unparsed | infinite | underflow | inexact
    return np.where(failed, np.nan, values[codes]), failed


def _integers(column: Column, failed: np.ndarray, problems: Problems) -> tuple[np.ndarray, np.ndarray]:
    """Values as int64 (0 where missing, with the mask of missing); above 2**53 refused, as a double cannot hold it.

    Judged and converted on the column's distinct texts, like numbers.
    """
    codes, distinct = column.encoded()
    syntax = _numpy(pc.match_substring_regex(distinct, INTEGER))
    values = _cast(pc.utf8_ltrim(distinct, "+"), syntax, pa.int64())  # Arrow's cast refuses a leading '+'; the number is the same
    long = ~syntax & _numpy(pc.match_substring_regex(distinct, r"^[+-]?0*[1-9]\d{16,}$"))  # 17 digits or more, not counting leading zeros
    beyond = (long | (syntax & (np.abs(values) > EXACT_INTEGER)))[codes]
    unparsed = (~syntax & ~long)[codes] & ~column.blank
    column.report(problems, Kind.TYPE, unparsed, lambda v: _why_unparsed("integer", v))
    column.report(problems, Kind.RANGE, beyond, lambda v: f"'{v}' is above 2**53 ({EXACT_INTEGER}), beyond the whole "
                  "numbers a double holds exactly: check the figure against its source")
    failed = failed | unparsed | beyond
    return np.where(failed, 0, values[codes]), failed


def _cast(texts: pa.Array, good: np.ndarray, kind: pa.DataType) -> np.ndarray:
    """The ``good`` texts as values of ``kind``, 0 for the others."""
    return _numpy(pc.cast(texts if good.all() else pc.if_else(pa.array(good), texts, "0"), kind))


def _round_trips(text: str) -> bool:
    """The shortest text of the double nearest ``text`` is the same number: nothing was rounded away."""
    return Decimal(repr(float(text))) == Decimal(text)


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


def _string_checks(column: Column, field: dict, rules: dict, valid, key: bool):
    """(kind of problem, mask over rows, message for a value) for each string rule."""
    if key:
        yield Kind.UNICODE, _unnormal(column), _why_unnormal
    if "enum" in rules:
        enum = rules["enum"]
        _, distinct = column.encoded()
        bad = ~np.isin(np.array(distinct.to_pylist(), dtype=object), enum)
        yield Kind.ENUM, column.on_distinct(bad) & ~column.blank, lambda v: f"'{v}' is not one of: {', '.join(enum)}{_did_you_mean(v, enum)}"
    if valid is not None:
        file, keys, target, meanings = valid
        bad = column.rows_in(keys) < 0
        yield Kind.FOREIGN_KEY, column.on_distinct(bad) & ~column.blank, lambda v: (
            f"'{v}' is not {_article(target)} {target} of {file}{_did_you_mean(v, keys.to_pylist(), meanings)}: "
            f"correct it, or add it to {file} first")
    if "pattern" in rules:
        pattern = rules["pattern"]
        yield Kind.PATTERN, ~column.matches(f"^(?:{pattern})$") & ~column.blank, lambda v: f"'{v}' does not match the pattern {pattern}"
    if field.get("calendarDate"):
        yield Kind.TYPE, _calendar(column) & ~column.blank, lambda v: (
            f"'{v}' is not a date of the calendar: write a real date, or only the year (and month) the source gives")
    if "maxLength" in rules:
        most = rules["maxLength"]
        yield Kind.LENGTH, _numpy(pc.utf8_length(column.text)) > most, lambda v: f"{len(v)} characters, at most {most} allowed: shorten it"


def _unnormal(column: Column) -> np.ndarray:
    """Rows whose key has spaces around it or is not in NFC; only non-ASCII texts can be out of NFC, so only they are
    normalised (ids are ASCII: a million of them cost one pass that finds no candidate)."""
    spaced = _numpy(pc.match_substring_regex(column.text, r"^[\s\p{Z}]|[\s\p{Z}]$"))
    wide = np.flatnonzero(~_numpy(pc.string_is_ascii(column.text)))
    if len(wide):
        texts = column.text.take(pa.array(wide))
        spaced[wide[~_numpy(pc.equal(pc.utf8_normalize(texts, "NFC"), texts))]] = True
    return spaced


def _why_unnormal(value: str) -> str:
    if value != value.strip():
        where = " and ".join(side for side, bad in (("before", value != value.lstrip()), ("after", value != value.rstrip())) if bad)
        return f"'{value}' has a space {where} it, which makes it another key than '{value.strip()}': remove the space"
    composed = unicodedata.normalize("NFC", value)
    marks = ", ".join(dict.fromkeys(code(c) for c in value if unicodedata.combining(c)))
    return (f"'{value}' is written in decomposed Unicode (letters followed by combining marks: {marks}), so it is another key "
            f"than the same word composed: retype it as '{composed}', or save the file in NFC")


def _article(word: str) -> str:
    return "an" if word[0] in "aeio" else "a"  # 'a unit_reported', 'an as_of_qualifier'


def _calendar(column: Column) -> np.ndarray:
    """Rows whose date (YYYY, YYYY-MM or YYYY-MM-DD) is not one of the calendar, judged on distinct values."""
    _, distinct = column.encoded()
    return column.on_distinct(np.array([not _is_date(v) for v in distinct.to_pylist()], dtype=bool))


def _is_date(text: str) -> bool:
    parts = text.split("-")
    if not text or not all(p.isascii() and p.isdigit() for p in parts):
        return True  # blank, or malformed: the pattern says so
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _why_unparsed(kind: str, value: str) -> str:
    foreign = [c for c in value if c.isdecimal() and not c.isascii()]
    if foreign:
        ascii_ = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else SEPARATORS.get(c, c) for c in value)
        return (f"'{value}' is written in digits of another script ({unicodedata.name(foreign[0], 'digit')}): "
                f"write ASCII digits: {ascii_}")
    if kind == "number" and value.replace(",", "", 1).isdigit():
        return f"'{value}' has a comma: write a decimal point ({value.replace(',', '.')}) or, for thousands, no separator ({value.replace(',', '')})"
    if kind == "number" and _is_infinite_or_nan(value):
        return f"'{value}' is not a finite number: write the figure as reported"
    digits = value.lstrip("+-")
    if kind == "integer" and digits.isascii() and digits.isdigit() and len(value) - len(digits) <= 1:  # one sign at most
        return f"'{value}' is padded with zeros to {len(digits)} digits: write {int(value)}"
    if kind == "integer":
        return f"'{value}' is not a whole number: write digits only"
    return f"'{value}' is not a number: write digits with a decimal point, no separators or units"


def _is_infinite_or_nan(value: str) -> bool:
    try:
        return not math.isfinite(float(value))
    except ValueError:  # not a number at all: the caller says so
        return False


def _did_you_mean(value: str, choices: list[str], meanings: list | None = None) -> str:
    """A suggestion that only mends a typing slip, and only when every nearest choice means the same.

    The nearest choices are those the fewest edits away, at most two (one for a text of three characters or fewer):
    'million tonnez' is one edit from 'million tonnes', while 'Eoz' is one from 'oz' and one from 'koz', and
    'Fillion metric tons' one from a million and one from a billion, so they get none; 'million ounces' is no slip
    for 'million tonnes' (a 32,000-fold error). ``meanings`` gives each choice's meaning (a unit's dimension and
    factor); without it each choice means itself, so only one choice may be nearest.
    """
    most = 1 if len(value) <= 3 else 2
    near = sorted((distance, choice) for choice in choices if (distance := _edits(value, choice, most)) <= most)
    nearest = [choice for distance, choice in near if distance == near[0][0]] if near else []
    meaning = dict(zip(choices, meanings)) if meanings is not None else {}
    if len({meaning.get(choice, choice) for choice in nearest}) != 1:
        return ""
    return f"; did you mean '{nearest[0]}'?"


def _edits(a: str, b: str, most: int) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from ``a`` to ``b``; any count above ``most`` as most + 1."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
        if min(row) > most:
            return most + 1
    return row[-1]


def all_distinct(table: TextTable, key: list[str]) -> bool:
    """No key twice, decided by hashing (linear in the rows): the text of a one-column key, else the codes of its columns."""
    if len(key) == 1:
        return len(pc.unique(table.arrow.column(key[0]))) == len(table)
    combined, size = np.zeros(len(table), dtype=np.int64), 1
    for name in key:
        codes, distinct = column_of(table, name).encoded()
        size *= len(distinct)
        if size >= 2**63:  # too many combinations for one number: decide on the frame
            return False
        combined = combined * len(distinct) + codes
    return len(pd.unique(combined)) == len(table)


def duplicate_keys(table: TextTable, key: list[str], problems: Problems, distinct: bool | None = None) -> None:
    """Primary-key (or unique) values must be unique; a whole duplicated row is named as such.

    ``distinct``: what ``all_distinct`` said, when it ran already.
    """
    if all_distinct(table, key) if distinct is None else distinct:
        return  # the common case, decided without building a frame
    frame = table.frame
    rows = np.flatnonzero(frame.duplicated(key).to_numpy())

    def place(row):
        first = int(np.flatnonzero((frame[key] == frame[key].iloc[row]).all(axis=1).to_numpy())[0])
        line = table.line(first)
        value = ",".join(frame[key].iloc[row])
        if frame.iloc[row].equals(frame.iloc[first]):
            return table.file, table.line(int(row)), value, f"duplicate row: the same as line {line}; delete one"
        return (table.file, table.line(int(row)), value,
                f"duplicate {'/'.join(key)} '{value}': also on line {line}; give each row its own {'/'.join(key)}")

    problems.add_rows(Kind.UNIQUE, key[0], rows, place)
