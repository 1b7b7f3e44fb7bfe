"""Reading one CSV file into an Arrow table of verbatim text, with its structure checked.

Every cell stays the text the file holds; types come later, from the contract.
pyarrow parses the file (both cores, no Python per row) and refuses any record of
the wrong width; only on that error path is the file scanned again, record by
record, to say where and why. Line numbers are those an editor shows, counted
only when a problem needs one.
"""

import codecs
import csv
import difflib
import io
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ._errors import Problem, Problems

HEAD = 1 << 16  # bytes read to find the header line
BLOCK = 16 << 20  # bytes pyarrow parses at a time: larger blocks cost memory, smaller ones time


class Table:
    """The verbatim text of one CSV file as an Arrow table of strings."""

    def __init__(self, path: Path, arrow):
        self.path, self.file, self.arrow = path, str(path), arrow
        self.columns = {}  # checks keep each column's encoding here, to reuse it
        self._starts = None  # line of each record, once a problem asks

    def __len__(self) -> int:
        return self.arrow.num_rows

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The same text as a pandas frame (Arrow-backed strings, no copy)."""
        from pyarrow import string

        return self.arrow.to_pandas(types_mapper={string(): pd.StringDtype("pyarrow")}.get)

    def line(self, row: int) -> int:
        """Editor line number of a row (the header is line 1), counted only as far as a problem needs."""
        if self._starts is None:
            with self.path.open("rb") as stream:
                newlines = sum(block.count(b"\n") for block in iter(lambda: stream.read(HEAD), b""))
            if newlines in (len(self), len(self) + 1):  # no quoted line breaks: row i sits on line i + 2
                self._starts = range(1, len(self) + 2)
            else:
                self._records, self._starts = record_starts(self.path), []
        while len(self._starts) <= row + 1:
            self._starts.append(next(self._records))
        return self._starts[row + 1]


def record_starts(path: Path):
    """Line on which each CSV record starts, header first, read one record at a time."""
    with path.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        line = 1
        for _ in reader:
            yield line
            line = reader.line_num + 1


def read(path: Path, names: list[str], problems: Problems) -> Table | None:
    """Read ``path`` as a CSV with the columns ``names``; None when its structure is broken."""
    from pyarrow import ArrowInvalid  # heavy: imported on the first read only

    file = str(path)
    with path.open("rb") as stream:
        head = stream.read(HEAD).removeprefix(codecs.BOM_UTF8)
    if not head.strip():
        problems.add(Problem(file, 1, "(file)", "", "the file is empty; it needs at least the header line: " + ",".join(names), "empty file"))
        return None
    header = next(csv.reader([head.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")]))
    if not _header_ok(header, names, file, problems):
        return None
    try:
        try:  # the fast parse splits the file in blocks, which a quoted line break defeats
            arrow = _parse(path, header, newlines_in_values=False)
        except ArrowInvalid:
            arrow = _parse(path, header, newlines_in_values=True)
    except ArrowInvalid as err:
        _locate(_bytes(path), names, file, problems, str(err))
        return None
    return Table(path, arrow)


def _parse(path: Path, header: list[str], newlines_in_values: bool):
    from pyarrow import csv as arrow_csv, large_string  # pandas keeps large strings: no conversion later

    threads = path.stat().st_size > BLOCK  # a file of one block gains nothing from starting threads
    return arrow_csv.read_csv(
        path,
        read_options=arrow_csv.ReadOptions(column_names=header, skip_rows=1, block_size=BLOCK, use_threads=threads),
        parse_options=arrow_csv.ParseOptions(newlines_in_values=newlines_in_values, ignore_empty_lines=False),
        convert_options=arrow_csv.ConvertOptions(column_types={name: large_string() for name in header}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))


def _bytes(path: Path) -> bytes:
    return path.read_bytes().removeprefix(codecs.BOM_UTF8)


def blank_lines(table: Table, candidates: np.ndarray, problems: Problems) -> None:
    """pyarrow reads a blank line as a row of blanks: name each one, among rows whose first field is blank."""
    import pyarrow.compute as pc

    if not len(candidates):
        return
    rows = table.arrow.take(candidates)
    empty = np.ones(len(candidates), dtype=bool)
    for column in rows.columns:
        empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    problems.add_many("blank line", candidates[empty], lambda row: _blank_line(table.file, table.line(row)))


def _locate(raw: bytes, names: list[str], file: str, problems: Problems, reason: str) -> None:
    """Say where a file that pyarrow refused is broken: bytes that are not UTF-8, or a record's width."""
    text = _decode(raw, file, names, problems)
    if text is not None and _records_ok(text, len(names), file, problems):
        problems.add(Problem(file, 1, "(file)", "", f"the file cannot be read as CSV ({reason}); save it as UTF-8 CSV", "unreadable"))


def _decode(raw: bytes, file: str, names: list[str], problems: Problems) -> str | None:
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
    for name in (h for h in header if h not in names):
        close = difflib.get_close_matches(name, [n for n in names if n not in header], n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it"
        problems.add(Problem(file, 1, name, name, f"unknown column '{name}': {hint} The columns are: {expected}", "unknown column"))
    for name in names:
        if name not in header:
            problems.add(Problem(file, 1, name, "", f"column '{name}' is missing; the columns are: {expected}", "missing column"))
    if sum(problems.counts.values()) == before and header != names:
        problems.add(Problem(file, 1, "(header)", ",".join(header), f"columns are out of order; write them as: {expected}", "column order"))
    return sum(problems.counts.values()) == before


def _records_ok(text: str, width: int, file: str, problems: Problems) -> bool:
    """Every record has ``width`` fields and every quote is closed; else say where not."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start, before = 1, sum(problems.counts.values())
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return sum(problems.counts.values()) == before
        except csv.Error as err:
            problems.add(Problem(file, start, "(row)", "", f"{err}: a quote opened on line {start} is not closed properly; "
                                 "close it, and double any quote inside a quoted field (\"\")", "unbalanced quote"))
            return False
        if len(record) != width:
            problems.add(_width_problem(file, start, reader.line_num, record, width))
        start = reader.line_num + 1


def _blank_line(file: str, line: int) -> Problem:
    return Problem(file, line, "(row)", "", "blank line; delete it", "blank line")


def _width_problem(file: str, start: int, end: int, record: list[str], width: int) -> Problem:
    if not record:
        return _blank_line(file, start)
    where = f"the row spans lines {start}-{end}, so a quote may be unbalanced; " if end > start else ""
    fix = "a field is missing" if len(record) < width else "quote any field that contains a comma"
    return Problem(file, start, "(row)", ",".join(record)[:80],
                   f"{len(record)} fields, expected {width}: {where}{fix}", "wrong number of fields")
