"""Reading one CSV file into an Arrow table of verbatim text, exactly as a strict RFC 4180 reader reads it.

Every cell stays the text the file holds; types come later, from the contract.
Two passes run side by side: one regular expression (RE2, linear time) checks the
file, a block at a time, against the RFC 4180 grammar with invisible characters
excluded, and pyarrow parses it on both cores, with quotes taken into account, so
a quoted line break never splits a record. pyarrow alone is lenient ("ab"c reads
as abc, an unclosed quote runs to the end); the grammar check is what makes the
parse exact. Only when a check fails is the file scanned again (``diagnose``) to
say where and why; line numbers come from the same scan.
"""

import codecs
import csv
import difflib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import Kind, Problem, Problems
from .characters import FORBIDDEN, INVISIBLE, code
from .diagnose import BLANK_LINE, CR, LF, LONE_CR, Scan, diagnose, not_utf8

HEAD = 1 << 16  # bytes looked at first to tell an empty file
BLOCK = 16 << 20  # bytes pyarrow parses at a time: larger blocks cost memory, smaller ones time

_RE2_CLASS = "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in FORBIDDEN)
_FIELD = f'(?:"(?:[^"{_RE2_CLASS}]|"")*"|[^",\\r\\n{_RE2_CLASS}]*)'
_RECORD = f"{_FIELD}(?:,{_FIELD})*"
GRAMMAR = f"^(?:{_RECORD}\\r?\\n)*(?:{_RECORD})?$"  # RFC 4180, last line break optional
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
    with ThreadPoolExecutor(1) as pool:  # the grammar check runs beside the parse, which leaves a core idle
        checked = pool.submit(_grammatical, path, start)
        arrow, error = _parse(path, start, names, ends_with_lf, BLOCK)
        grammatical, has_cr = checked.result()
    if grammatical and has_cr and size > BLOCK:  # pyarrow drops the LF of a quoted CRLF that a block boundary splits
        arrow, error = _parse(path, start, names, ends_with_lf, size + 1)
    if not grammatical or arrow is None:
        diagnose(Scan(path, start, grammatical), names, file, problems, error if grammatical else "")
        return None
    table = TextTable(path, arrow, Scan(path, start))
    _blank_lines(table, problems)
    return None if problems else table


def _empty_file(file: str, names: list[str], problems: Problems) -> None:
    problems.add(Problem(file, 1, "(file)", "", "the file is empty; it needs at least the header line: " + ",".join(names),
                         Kind.EMPTY_FILE))


def _grammatical(path: Path, start: int) -> tuple[bool, bool]:
    """(the file is RFC 4180 CSV without forbidden characters, it holds a CR), read a block at a time.

    Each block is checked up to its last line break. A block that matches ends on a record boundary (the
    grammar cannot match part of a quoted field), so the next block starts on one; a block that does not
    match may only end inside a quoted field, and is checked again up to its last line break outside quotes.
    The blocks pass together exactly when the whole file would, and only one is in memory at a time.
    """
    has_cr, held = False, 0  # held: bytes of an unfinished record, carried to the front of the buffer
    buffer = bytearray(BLOCK)  # one buffer, read into again and again: no new memory per block
    with path.open("rb", buffering=0) as stream:
        stream.seek(start)
        while True:
            if held > len(buffer) // 2:  # a record larger than half a block: room for it and more
                buffer = buffer[:held] + bytearray(len(buffer))
            read = stream.readinto(memoryview(buffer)[held:])
            if not read:
                return _matches(memoryview(buffer)[:held]), has_cr
            has_cr = has_cr or buffer.find(CR, held, held + read) >= 0
            filled, view = held + read, memoryview(buffer)
            end = buffer.rfind(LF, 0, filled)
            if end >= 0 and not _matches(view[: end + 1]):
                end = _record_end(view[:filled])
                if end >= 0 and not _matches(view[: end + 1]):
                    return False, has_cr
            held = filled - end - 1  # all that was read when no record ends in it: a field larger than a block
            if end >= 0:
                buffer[:held] = bytes(view[end + 1 : filled])  # a copy: the two ranges may overlap


def _record_end(text) -> int:
    """Offset of the last line break outside quotes (an even number of quotes before it), or -1."""
    codes = np.frombuffer(text, np.uint8)
    breaks = np.flatnonzero(codes == ord("\n"))
    outside = breaks[np.searchsorted(np.flatnonzero(codes == ord('"')), breaks) % 2 == 0]
    return int(outside[-1]) if len(outside) else -1


def _matches(text) -> bool:
    """``text`` is records of the grammar (checked as UTF-8 text by RE2: invalid UTF-8 never matches)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    buffer = pa.py_buffer(text)
    offsets = pa.array([0, buffer.size], pa.int64()).buffers()[1]
    return pc.match_substring_regex(pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer]), GRAMMAR)[0].as_py()


def _parse(path: Path, start: int, names: list[str], ends_with_lf: bool, block: int):
    """(table, None), or (None, pyarrow's reason) when pyarrow refuses the file."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    source, size = str(path), path.stat().st_size
    if not ends_with_lf:  # pyarrow drops a quoted CR at the very end of a file without a final line break
        source = pa.BufferReader(pa.py_buffer(path.read_bytes()[start:] + LF))
    block = min(block, 2**31 - 1)
    while True:
        try:
            return arrow_csv.read_csv(
                source,
                read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1, block_size=block, use_threads=False),
                parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=arrow_csv.ConvertOptions(
                    column_types={name: pa.large_string() for name in names}, null_values=[],
                    strings_can_be_null=False, quoted_strings_can_be_null=False)), None
        except pa.ArrowInvalid as err:
            if "straddl" in str(err) and block < size:  # a record larger than a block: no fixed limit
                block = min(max(block * 4, size + 1), 2**31 - 1)
                if not isinstance(source, str):
                    source.seek(0)
                continue
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
        problems.add(Problem(file, 1, name, "", f"column '{name}' is missing; the columns are: {expected}", Kind.HEADER))
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
