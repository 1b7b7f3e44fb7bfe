"""Reading one CSV file into an Arrow table of verbatim text, exactly as a strict RFC 4180 reader reads it.

Every cell stays the text the file holds; types come later, from the contract.
Two passes run side by side over the memory-mapped file: one regular expression
(RE2, linear time) checks the whole file against the RFC 4180 grammar with
invisible characters excluded, and pyarrow parses it on both cores, in blocks
found with quotes taken into account, so a quoted line break never splits a
record. pyarrow alone is lenient ("ab"c reads as abc, an unclosed quote runs to
the end); the grammar check is what makes the parse exact. Only when a check
fails is the file scanned again, with numpy, to say where and why; line numbers
come from the same scan, made once and only when a problem needs one.
"""

import codecs
import csv
import difflib
import mmap
import re
import threading
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ._errors import Kind, Problem, Problems

HEAD = 1 << 16  # bytes looked at first to tell an empty file
BLOCK = 16 << 20  # bytes pyarrow parses at a time: larger blocks cost memory, smaller ones time
SCAN = 64 << 20  # bytes the error path scans at a time

# Characters no cell may hold: controls other than tab, line break and carriage return, C1 controls (cp1252
# text decoded twice), invisible or bidirectional formatting characters, which change text without showing, and
# what shows as nothing either: fillers, variation selectors, tag characters (text hidden inside text), noncharacters.
FORBIDDEN = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
             (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F),
             (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF),
             (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]
_RE2_CLASS = "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in FORBIDDEN)
_FIELD = f'(?:"(?:[^"{_RE2_CLASS}]|"")*"|[^",\\r\\n{_RE2_CLASS}]*)'
_RECORD = f"{_FIELD}(?:,{_FIELD})*"
GRAMMAR = f"^(?:{_RECORD}\\r?\\n)*(?:{_RECORD})?$"  # RFC 4180, last line break optional
INVISIBLE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in FORBIDDEN) + "]")
UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
LF, CR = b"\n", b"\r"
QUOTE, BOUNDARY = ord('"'), frozenset(b",\n\r")  # a quoted field opens after a boundary and closes before one
MANY_UNKNOWN = 5  # unknown columns named one by one; more are one problem (a wide or foreign header)
LONE_CR = "a line ends with a lone carriage return (CR, old Mac line endings): re-save the file with LF or CRLF line endings"


class Table:
    """The verbatim text of one CSV file as an Arrow table of strings."""

    def __init__(self, path: Path, arrow, scan: "Scan"):
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


class Scan:
    """Where the records, quotes and line breaks of a file are: found once, only when a problem needs a place.

    Safe to share between the threads that check columns side by side: the scan runs once, under a lock.
    ``grammatical``: the file passed the grammar check, so every quote opens or closes a quoted field (a doubled
    quote closes and reopens one); else the quotes are read one by one, so a misplaced quote does not shift
    the records and fields found after it.
    """

    def __init__(self, path: Path, start: int, grammatical: bool = True):
        self.path, self.start, self.grammatical = path, start, grammatical
        self._lock = threading.Lock()
        self._done = False

    def _run(self) -> None:
        with self._lock:
            if self._done:
                return
            with self.path.open("rb") as stream:  # mapped only now: a valid file is never held whole in memory
                self.data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            bytes_ = np.frombuffer(self.data, dtype=np.uint8)
            self.quotes, self.newlines, self.returns, self.commas = (_positions(bytes_, ord(c)) for c in '"\n\r,')
            self.size = len(bytes_)
            self.toggles, self.stray, self.text_after = (
                (self.quotes, self.quotes[:0], self.quotes[:0]) if self.grammatical else _read_quotes(self.data, self.quotes, self.start))
            ends = self.newlines[self.outside(self.newlines)]
            starts = np.concatenate([[self.start], ends + 1])
            self.starts = starts[starts < self.size] if len(starts) > 1 else starts
            self._done = True

    def outside(self, positions: np.ndarray) -> np.ndarray:
        """Mask of the positions that lie outside quoted fields (an even number of opening and closing quotes before them)."""
        return np.searchsorted(self.toggles, positions) % 2 == 0

    def line_of(self, position: int) -> int:
        self._run()
        return int(np.searchsorted(self.newlines, position)) + 1

    def line_of_record(self, record: int) -> int:
        self._run()
        return self.line_of(int(self.starts[record]))

    def record_of(self, position: int) -> int:
        self._run()
        return int(np.searchsorted(self.starts, position, side="right")) - 1

    def field_of(self, position: int) -> int:
        """Index of the field ``position`` lies in, within its record."""
        start = self.starts[self.record_of(position)]
        commas = self.commas[(self.commas >= start) & (self.commas < position)]
        return int(self.outside(commas).sum())

    def widths(self) -> np.ndarray:
        """Fields of each record; 0 for a blank record."""
        self._run()
        commas = self.commas[self.outside(self.commas)]
        widths = np.bincount(np.searchsorted(self.starts, commas, side="right") - 1, minlength=len(self.starts)) + 1
        last_end = self.size - 1 if self.data[-1:] == LF else self.size
        lengths = np.append(self.starts[1:] - 1, last_end) - self.starts  # bytes before the line break
        first = np.frombuffer(self.data, np.uint8)[np.minimum(self.starts, self.size - 1)]
        return np.where((lengths == 0) | ((lengths == 1) & (first == ord("\r"))), 0, widths)


def _read_quotes(data, quotes: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Quotes as a lenient reader (Python's csv) reads them: (those that open or close a quoted field, those
    inside an unquoted field, read as text, closing quotes followed by text). A quote opens a field only at its
    start; inside one, a doubled quote is text and a single one closes it. One pass, on the error path only.
    """
    toggles, stray, text_after = [], [], []
    inside, skip, size = False, -1, len(data)
    for q in quotes.tolist():
        if q == skip:
            continue
        if not inside:
            if q == start or data[q - 1] in BOUNDARY:
                toggles.append(q)
                inside = True
            else:
                stray.append(q)
        elif q + 1 < size and data[q + 1] == QUOTE:
            skip = q + 1
        else:
            toggles.append(q)
            inside = False
            if q + 1 < size and data[q + 1] not in BOUNDARY:
                text_after.append(q)
    return tuple(np.array(found, dtype=np.int64) for found in (toggles, stray, text_after))


def _positions(bytes_: np.ndarray, byte: int) -> np.ndarray:
    """Offsets of every ``byte`` in the file, found a slice at a time to bound memory."""
    found = [np.flatnonzero(bytes_[i : i + SCAN] == byte) + i for i in range(0, len(bytes_), SCAN)]
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def read(path: Path, names: list[str], problems: Problems) -> Table | None:
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
        return _empty(file, names, problems)
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
        _locate(Scan(path, start, grammatical), names, file, problems, error if grammatical else "")
        return None
    table = Table(path, arrow, Scan(path, start))
    _blank_lines(table, problems)
    return None if problems else table


def _empty(file: str, names: list[str], problems: Problems) -> None:
    problems.add(Problem(file, 1, "(file)", "", "the file is empty; it needs at least the header line: " + ",".join(names),
                         Kind.EMPTY_FILE))


def _grammatical(path: Path, start: int) -> tuple[bool, bool]:
    """(the file is RFC 4180 CSV without forbidden characters, it holds a CR), read a block at a time.

    Each block is checked up to its last line break. A block that matches ends on a record boundary (the
    grammar cannot match part of a quoted field), so the next block starts on one; a block that does not
    match may only end inside a quoted field, and is checked again up to its last line break outside quotes.
    The blocks pass together exactly when the whole file would, and only one is in memory at a time.
    """
    has_cr, rest = False, b""
    with path.open("rb") as stream:
        stream.seek(start)
        while block := stream.read(BLOCK):
            has_cr = has_cr or CR in block
            text = rest + block
            end = text.rfind(LF)
            if end >= 0 and not _matches(memoryview(text)[: end + 1]):
                end = _record_end(text)
                if end >= 0 and not _matches(memoryview(text)[: end + 1]):
                    return False, has_cr
            rest = text[end + 1 :]  # all of text when no record ends in it: a field larger than a block
    return _matches(rest), has_cr


def _record_end(text: bytes) -> int:
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
                read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1, block_size=block, use_threads=size > block),
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
        problems.add(Problem(file, 1, "(header)", repr(bad), _not_utf8(bad, head), Kind.ENCODING))
        return None
    try:
        header = next(csv.reader([text], strict=True), [])
    except csv.Error as err:
        problems.add(Problem(file, 1, "(header)", text[:80], f"the header line cannot be read ({err}): "
                             "write the column names on the first line, separated by commas: " + ",".join(names), Kind.HEADER))
        return None
    hidden = [(name, match.group()) for name in header for match in INVISIBLE.finditer(name)]
    problems.add_many(Kind.CONTROL_CHARACTER, "(header)", hidden, lambda found: Problem(  # the name it shows, not the one it is
        file, 1, INVISIBLE.sub("", found[0]), _code(found[1]), f"invisible character {_code(found[1])} in a column name: "
        "delete it", Kind.CONTROL_CHARACTER))
    return None if hidden else header


def _header_ok(header: list[str], names: list[str], file: str, problems: Problems) -> bool:
    """The header names exactly ``names``, in order; linear in the header's width."""
    expected = ",".join(names)
    before = sum(problems.counts.values())
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
    if sum(problems.counts.values()) == before and header != names:
        problems.add(Problem(file, 1, "(header)", ",".join(header), f"columns are out of order; write them as: {expected}", Kind.HEADER))
    return sum(problems.counts.values()) == before


def _locate(scan: Scan, names: list[str], file: str, problems: Problems, reason: str = "") -> None:
    """Say where a file that failed a check is broken: encoding, characters, quotes, line endings, record widths."""
    before = sum(problems.counts.values())
    scan._run()
    text = _decoded(scan, names, file, problems)
    if text is not None:
        _characters(text, scan, names, file, problems)
        _quotes(scan, names, file, problems)
        if not problems:
            _widths(scan, names, file, problems)
    if sum(problems.counts.values()) == before:  # a check failed that the scan cannot place: never pass it silently
        problems.add(Problem(file, 1, "(file)", "", f"the file cannot be read as CSV ({reason or 'not RFC 4180'}); "
                             "save it as UTF-8 CSV with commas", Kind.ROW_WIDTH))


def _column(scan: Scan, names: list[str], position: int) -> str:
    index = scan.field_of(position)
    return names[index] if index < len(names) else f"field {index + 1}"


def _decoded(scan: Scan, names: list[str], file: str, problems: Problems) -> str | None:
    raw = scan.data[scan.start :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        position = scan.start + err.start
        bad = raw[err.start : err.end]
        problems.add(Problem(file, scan.line_of(position), _column(scan, names, position), repr(bad), _not_utf8(bad, raw), Kind.ENCODING))
        return None


def _not_utf8(bad: bytes, raw: bytes) -> str:
    return f"byte {bad!r} is not UTF-8 text{_guess_encoding(raw)}; save the file as UTF-8 (in Excel: 'CSV UTF-8')"


def _guess_encoding(raw: bytes) -> str:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return ": the file looks like Windows-1252 (cp1252) or Latin-1"


def _characters(text: str, scan: Scan, names: list[str], file: str, problems: Problems) -> None:
    found = list(INVISIBLE.finditer(text))
    if not found:
        return
    offsets = _byte_offsets(text, [m.start() for m in found[:20]])

    def problem(i):
        char, position = found[i].group(), scan.start + offsets[i]
        code = _code(char)
        return Problem(file, scan.line_of(position), _column(scan, names, position), code,
                       f"invisible character {code}: delete it, or write what it stands for in plain text", Kind.CONTROL_CHARACTER)

    problems.add_many(Kind.CONTROL_CHARACTER, "(text)", range(len(found)), problem)


def _code(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE': what an editor can search for, as the character itself does not show."""
    unnamed = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "NONCHARACTER"
    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}"


def _byte_offsets(text: str, indices: list[int]) -> list[int]:
    return [len(text[:i].encode("utf-8")) for i in indices]


def _quotes(scan: Scan, names: list[str], file: str, problems: Problems) -> None:
    """Quotes that open a field other than at its start, text after a closing quote, a quote never closed, lone CRs."""
    scan._run()
    data, size = np.frombuffer(scan.data, np.uint8), scan.size
    for positions, message in (
        (scan.stray, "a quote inside a field that does not start with one: quote the whole field and double the "
                     'quote inside ("" for ")'),
        (scan.text_after, "text after the closing quote of a field: put the whole field inside the quotes, with any "
                          'quote inside doubled ("")'),
    ):
        _report_positions(scan, names, file, problems, positions, Kind.QUOTE, message)
    if len(scan.toggles) % 2:
        opened = int(scan.toggles[-1])
        problems.add(Problem(file, scan.line_of(opened), _column(scan, names, opened), "",
                             f'a quote opened on line {scan.line_of(opened)} is never closed: close it, and double any quote '
                             'inside a quoted field ("")', Kind.QUOTE))
    returns = scan.returns[scan.outside(scan.returns)]
    lone = returns[(returns + 1 >= size) | (data[np.minimum(returns + 1, size - 1)] != ord("\n"))]
    _report_positions(scan, names, file, problems, lone, Kind.LINE_ENDING, LONE_CR)


def _report_positions(scan, names, file, problems, positions, kind, message) -> None:
    problems.add_many(kind, "(row)", positions, lambda p: Problem(
        file, scan.line_of(int(p)), _column(scan, names, int(p)), "", message, kind))


def _widths(scan: Scan, names: list[str], file: str, problems: Problems) -> None:
    widths = scan.widths()[1:]  # the header was checked already
    bad = np.flatnonzero(widths != len(names))

    def problem(i):
        start = int(scan.starts[i + 1])
        line = scan.line_of(start)
        if widths[i] == 0:
            return Problem(file, line, "(row)", "", "blank line; delete it", Kind.BLANK_ROW)
        end = scan.starts[i + 2] - 1 if i + 2 < len(scan.starts) else scan.size - (scan.data[-1:] == LF)  # before its line break
        last = scan.line_of(int(end))
        where = f"the row spans lines {line}-{last}, so a quote may be unbalanced; " if last > line else ""
        fix = "a field is missing" if widths[i] < len(names) else "quote any field that contains a comma"
        value = bytes(scan.data[start : min(end, start + 80)]).decode("utf-8", "replace")
        return Problem(file, line, "(row)", value, f"{widths[i]} fields, expected {len(names)}: {where}{fix}", Kind.ROW_WIDTH)

    problems.add_many(Kind.ROW_WIDTH, "(row)", bad, problem)


def _blank_lines(table: Table, problems: Problems) -> None:
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
    problems.add_many(Kind.BLANK_ROW, "(row)", blank, lambda row: Problem(
        table.file, table.line(int(row)), "(row)", "", "blank line; delete it", Kind.BLANK_ROW))
