"""Reading one CSV file into an Arrow table of verbatim text, exactly as a strict RFC 4180 reader reads it.

Every cell stays the text the file holds; types come later, from the contract.
First an exact check of the bytes (``bytecheck``, numpy, on both cores) decides that the
file is RFC 4180 records without invisible characters, and finds its longest record;
then pyarrow parses it on both cores, with quotes taken into account, in blocks larger
than any record, so a quoted line break never splits a record. pyarrow alone is lenient
("ab"c reads as abc, an unclosed quote runs to the end); the check is what makes the
parse exact. Only when a check fails is the file scanned again (``diagnose``) to say
where and why; line numbers come from the same scan.
"""

import codecs
import csv
import difflib
from collections import Counter
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import Kind, Problem, Problems
from . import bytecheck
from .characters import INVISIBLE, code
from .diagnose import BLANK_LINE, CR, LF, LONE_CR, Scan, diagnose, not_utf8

HEAD = 1 << 16  # bytes looked at first to tell an empty file
BLOCK = 16 << 20  # bytes pyarrow parses at a time: larger blocks cost memory, smaller ones time
CHECKED = bytecheck.BLOCK  # bytes the structure check reads at a time
PARALLEL = 8 << 20  # bytes from which the structure check runs on two threads

UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MANY_UNKNOWN = 5  # unknown columns named one by one; more are one problem (a wide or foreign header)


class TextTable:
    """The verbatim text of one CSV file as an Arrow table of strings."""

    def __init__(self, path: Path | None, arrow, scan: "Scan | None"):
        self.path, self.file, self.arrow, self._scan = path, str(path), arrow, scan
        self.columns = {}  # checks keep each column's encoding here, to reuse it

    def __len__(self) -> int:
        return self.arrow.num_rows

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The same text as a pandas frame (Arrow-backed strings, no copy)."""
        from pyarrow import large_string

        return self.arrow.to_pandas(types_mapper={large_string(): pd.StringDtype("pyarrow")}.get)

    def line(self, row: int) -> int:
        """Editor line number of a row (the header is line 1), even past quoted line breaks."""
        return self._scan.line_of_record(row + 1)


def empty(names: list[str]) -> TextTable:
    """A table of no rows with the columns ``names``: a table of claims that a folder does not have."""
    import pyarrow as pa

    return TextTable(None, pa.table({name: pa.array([], pa.large_string()) for name in names}), None)


def read(path: Path, names: list[str], problems: Problems) -> "TextTable | None":
    """Read ``path`` as a CSV with the columns ``names``; None when its structure is broken (problems say why)."""
    file, size = str(path), path.stat().st_size
    with path.open("rb") as stream:
        first = stream.read(HEAD)
        while LF not in first and len(first) < size:  # a header wider than HEAD: read on to its end
            first += stream.read(len(first))
        stream.seek(-1, 2) if size else None
        ends_with_lf = stream.read(1) == LF
    start = len(codecs.BOM_UTF8) if first.startswith(codecs.BOM_UTF8) else 0
    if not first[start:].strip() and (len(first) == size or not path.read_bytes()[start:].strip()):
        return _empty_file(file, names, problems)
    head = first[start:].split(LF, 1)[0]
    if not _encoding_ok(first, head, file, problems):
        return None
    if CR in head.rstrip(CR):  # the whole file on one line: lone carriage returns end its lines
        problems.add(Problem(file, 1, "(file)", "", LONE_CR, Kind.LINE_ENDING))
        return None
    header = _header(head, names, file, problems)
    if header is None or not _header_ok(header, names, file, problems):
        return None
    checked = bytecheck.check(path, start, CHECKED, threads=2 if size > PARALLEL else 1)
    if not checked.ok:
        diagnose(Scan(path, start, False), names, file, problems)
        return None
    # Every record fits in a block larger than the longest, so pyarrow never sees one straddle two blocks. pyarrow
    # drops the LF of a quoted CRLF that its own block boundary splits: a file holding a CR is parsed as one block.
    block = size + 1 if checked.has_cr else max(BLOCK, checked.longest + 1)
    arrow, error = _parse(path, start, names, ends_with_lf, block)
    if arrow is None:
        diagnose(Scan(path, start, True), names, file, problems, error)
        return None
    table = TextTable(path, arrow, Scan(path, start))
    _blank_lines(table, problems)
    return None if problems else table


def _empty_file(file: str, names: list[str], problems: Problems) -> None:
    problems.add(Problem(file, 1, "(file)", "", "the file is empty; it needs at least the header line: " + ",".join(names),
                         Kind.EMPTY_FILE))


def _parse(path: Path, start: int, names: list[str], ends_with_lf: bool, block: int):
    """(table, None), or (None, pyarrow's reason) when pyarrow refuses the file (a byte that is not UTF-8).

    The file passed the structure check, so pyarrow's quote-aware parse reads its records exactly; it runs on every
    core, in blocks larger than any record.
    """
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    source = str(path)
    if not ends_with_lf:  # pyarrow drops a quoted CR at the very end of a file without a final line break
        source = pa.BufferReader(pa.py_buffer(path.read_bytes()[start:] + LF))
    try:
        return arrow_csv.read_csv(
            source,
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1, block_size=min(block, 2**31 - 1), use_threads=True),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types={name: pa.large_string() for name in names}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False)), None
    except pa.ArrowInvalid as err:  # its reason is passed on to the problem that places the fault
        return None, str(err)


def _encoding_ok(data, head: bytes, file: str, problems: Problems) -> bool:
    """UTF-16 and other 16-bit encodings are named before anything else is read.

    Without a byte-order mark, UTF-16 shows as a NUL byte beside every ASCII letter; a stray NUL is no encoding
    but a character the header's check names.
    """
    nuls = head.count(0)
    if data[:2] in UTF16 or nuls and 3 * nuls >= len(head):
        why = "it starts with a UTF-16 byte-order mark" if data[:2] in UTF16 else "its header has NUL bytes between letters"
        problems.add(Problem(file, 1, "(file)", repr(bytes(data[:8])),
                             f"the file is not UTF-8 but looks like UTF-16 ({why}): save it as 'CSV UTF-8'", Kind.ENCODING))
        return False
    return True


def _header(head: bytes, names: list[str], file: str, problems: Problems) -> list[str] | None:
    """The names of the header line; None when it is not UTF-8, no CSV record, or a name holds an invisible character."""
    try:
        text = head.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as err:
        bad = head[err.start : err.end]
        problems.add(Problem(file, 1, "(header)", repr(bad), not_utf8(bad, head), Kind.ENCODING))
        return None
    try:
        header = next(csv.reader([text], strict=True), [])
    except csv.Error as err:
        problems.add(Problem(file, 1, "(header)", text[:80], f"the header line cannot be read ({err}): "
                             "write the column names on the first line, separated by commas: " + ",".join(names), Kind.HEADER))
        return None
    hidden = [(name, match.group()) for name in header for match in INVISIBLE.finditer(name)]
    problems.add_rows(Kind.CONTROL_CHARACTER, "(header)", hidden, lambda found: (
        file, 1, code(found[1]), f"invisible character {code(found[1])} in a column name: delete it"),
        column_of=lambda found: INVISIBLE.sub("", found[0]))  # the name it shows, not the one it is
    return None if hidden else header


def _header_ok(header: list[str], names: list[str], file: str, problems: Problems) -> bool:
    """The header names exactly ``names``, in order; linear in the header's width."""
    expected = ",".join(names)
    before = len(problems)
    if len(header) == 1 and len(names) > 1:
        for delimiter, called in ((";", "semicolon"), ("\t", "tab")):
            if delimiter in header[0]:
                problems.add(Problem(file, 1, "(header)", header[0][:80],
                                     f"the fields are separated by a {called}, not a comma: re-save the file as CSV with "
                                     f"commas (in Excel: 'CSV UTF-8 (comma delimited)')", Kind.DIALECT))
                return False
    seen, known = Counter(header), set(names)
    blank = seen.pop("", 0)
    if blank:  # empty cells of the header, typically commas at the end of the line from a spreadsheet
        problems.add(Problem(file, 1, "(header)", "", f"{blank} column{'s have' if blank > 1 else ' has'} no name (an empty "
                             f"cell of the header, or a comma at the end of the line): delete {'them' if blank > 1 else 'it'} "
                             f"and {'their' if blank > 1 else 'its'} cells; the columns are: {expected}", Kind.HEADER))
    for name, n in seen.items():
        if n > 1:
            problems.add(Problem(file, 1, name, name, f"column '{name}' appears {n} times; keep one", Kind.HEADER))
    missing = [n for n in names if n not in seen]
    unknown = [h for h in seen if h not in known]
    if len(unknown) > MANY_UNKNOWN:  # a header of thousands of columns, or of another table: one problem, short
        first = ", ".join(f"'{name}'" for name in unknown[:MANY_UNKNOWN])
        problems.add(Problem(file, 1, "(header)", ",".join(unknown[:MANY_UNKNOWN]), f"{len(unknown)} unknown columns ({first}, "
                             f"...): is this the right file? Remove them; the columns are: {expected}", Kind.HEADER))
        unknown = []
    for name in unknown:
        close = difflib.get_close_matches(name, missing, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it"
        problems.add(Problem(file, 1, name, name, f"unknown column '{name}': {hint} The columns are: {expected}", Kind.HEADER))
    for name in missing:
        problems.add(Problem(file, 1, name, "", f"column '{name}' is missing: add it where the columns place it (an optional column's cells may "
                             f"stay blank); the columns are: {expected}", Kind.HEADER))
    if len(problems) == before and header != names:
        problems.add(Problem(file, 1, "(header)", ",".join(header), f"columns are out of order; write them as: {expected}", Kind.HEADER))
    return len(problems) == before


def _blank_lines(table: TextTable, problems: Problems) -> None:
    """pyarrow reads a blank line as a row of blanks: name each one, among rows whose first field is blank.

    A row of empty fields (",,,") is no blank line: the checks of its columns speak of it.
    """
    import pyarrow.compute as pc

    if not len(table):
        return
    candidates = np.flatnonzero(pc.equal(table.arrow.column(0), "").to_numpy(zero_copy_only=False))
    if not len(candidates):
        return
    rows = table.arrow.take(candidates)
    empty = np.ones(len(candidates), dtype=bool)
    for column in rows.columns:
        empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    rows = candidates[empty]
    blank = rows[table._scan.widths()[1:][rows] == 0] if len(rows) else rows
    problems.add_rows(Kind.BLANK_ROW, "(row)", blank, lambda row: (table.file, table.line(int(row)), "", BLANK_LINE))
