"""Reading one CSV file into a frame of verbatim text, with its structure checked.

Every cell stays the text the file holds; types come later, from the contract.
Line numbers are those an editor shows, so they are counted only when a problem
needs one.
"""

import codecs
import csv
import difflib
import io
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, Problems


class Table:
    """The verbatim text of one CSV file, as a frame of strings."""

    def __init__(self, file: str, text: str, frame: pd.DataFrame):
        self.file, self.text, self.frame = file, text, frame

    @cached_property
    def lines(self) -> np.ndarray:
        """Editor line number of every row (the header is line 1)."""
        n = len(self.frame)
        physical = self.text.count("\n") + (not self.text.endswith("\n"))
        if physical == n + 1:  # no quoted line breaks: row i sits on line i + 2
            return np.arange(2, n + 2)
        return record_starts(self.text)[1:]


def record_starts(text: str) -> np.ndarray:
    """Line on which each CSV record starts, header included."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, line = [], 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.array(starts)


def read(path: Path, names: list[str], problems: Problems) -> Table | None:
    """Read ``path`` as a CSV with the columns ``names``; None when its structure is broken."""
    file = str(path)
    text = _decode(path.read_bytes(), file, names, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(Problem(file, 1, "(file)", "", "the file is empty; it needs at least the header line: " + ",".join(names), "empty file"))
        return None
    header = next(csv.reader(io.StringIO(text, newline="")))
    if not _header_ok(header, names, file, problems) or not _records_ok(text, len(names), file, names, problems):
        return None
    frame = pd.read_csv(io.StringIO(text, newline=""), dtype=str, na_filter=False, skip_blank_lines=False, header=0)
    frame.columns = header
    return Table(file, text, frame)


def _decode(raw: bytes, file: str, names: list[str], problems: Problems) -> str | None:
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        start = raw.rfind(b"\n", 0, err.start) + 1
        prefix = raw[start : err.start].decode("utf-8", "replace")
        index = len(next(csv.reader([prefix]), [""])) - 1
        column = names[index] if index < len(names) else f"field {index + 1}"
        bad = raw[err.start : err.end]
        problems.add(Problem(file, raw.count(b"\n", 0, err.start) + 1, column, repr(bad),
                             f"byte {bad!r} is not UTF-8 text; save the file as UTF-8", "not UTF-8"))
        return None


def _header_ok(header: list[str], names: list[str], file: str, problems: Problems) -> bool:
    expected = ",".join(names)
    before = sum(problems.counts.values())
    for name in sorted({h for h in header if header.count(h) > 1}):
        problems.add(Problem(file, 1, name, name, f"column '{name}' appears {header.count(name)} times; keep one", "duplicate column"))
    extra = [h for h in header if h not in names]
    for name in extra:
        close = difflib.get_close_matches(name, [n for n in names if n not in header], n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it"
        problems.add(Problem(file, 1, name, name, f"unknown column '{name}': {hint} The columns are: {expected}", "unknown column"))
    for name in names:
        if name not in header:
            problems.add(Problem(file, 1, name, "", f"column '{name}' is missing; the columns are: {expected}", "missing column"))
    if sum(problems.counts.values()) == before and header != names:
        problems.add(Problem(file, 1, "(header)", ",".join(header), f"columns are out of order; write them as: {expected}", "column order"))
    return sum(problems.counts.values()) == before


def _records_ok(text: str, width: int, file: str, names: list[str], problems: Problems) -> bool:
    """Every record has ``width`` fields and every quote is closed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        if (np.fromiter(map(len, reader), dtype=np.int64) == width).all():
            return True
    except csv.Error:
        pass  # located below, record by record, with its line
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return False
        except csv.Error as err:
            problems.add(Problem(file, start, "(row)", "", f"{err}: a quote opened on line {start} is not closed properly; "
                                 "close it, and double any quote inside a quoted field (\"\")", "unbalanced quote"))
            return False
        if len(record) != width:
            problems.add(_width_problem(file, start, reader.line_num, record, width))
        start = reader.line_num + 1


def _width_problem(file: str, start: int, end: int, record: list[str], width: int) -> Problem:
    if not record:
        return Problem(file, start, "(row)", "", "blank line; delete it", "blank line")
    where = f"the row spans lines {start}-{end}, so a quote may be unbalanced; " if end > start else ""
    fix = "a field is missing" if len(record) < width else "quote any field that contains a comma"
    return Problem(file, start, "(row)", ",".join(record)[:80],
                   f"{len(record)} fields, expected {width}: {where}{fix}", "wrong number of fields")
