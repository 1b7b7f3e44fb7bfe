"""Where a file that failed a check is broken: the error path of the reader.

A numpy scan of the file's quotes, line breaks and commas, made once (under a lock, as the checks of
columns run side by side) and only when a problem needs a place, gives the line and column of every
problem: an encoding, an invisible character, a quote out of place, a lone carriage return, a record
of the wrong width.
"""

import mmap
import threading
from pathlib import Path

import numpy as np

from .._errors import Kind, Problem, Problems
from .characters import INVISIBLE, code

SCAN = 64 << 20  # bytes the error path scans at a time
LF, CR = b"\n", b"\r"
QUOTE, BOUNDARY = ord('"'), frozenset(b",\n\r")  # a quoted field opens after a boundary and closes before one
BLANK_LINE = "blank line; delete it"
LONE_CR = "a line ends with a lone carriage return (CR, old Mac line endings): re-save the file with LF or CRLF line endings"


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


def diagnose(scan: Scan, names: list[str], file: str, problems: Problems, reason: str = "") -> None:
    """Say where a file that failed a check is broken: encoding, characters, quotes, line endings, record widths."""
    before = len(problems)
    scan._run()
    text = _decoded(scan, names, file, problems)
    if text is not None:
        _characters(text, scan, names, file, problems)
        _quotes(scan, names, file, problems)
        if not problems:
            _widths(scan, names, file, problems)
    if len(problems) == before:  # a check failed that the scan cannot place: never pass it silently
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
        problems.add(Problem(file, scan.line_of(position), _column(scan, names, position), repr(bad), not_utf8(bad, raw), Kind.ENCODING))
        return None


def not_utf8(bad: bytes, raw: bytes) -> str:
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

    def place(i):
        named = code(found[i].group())
        fix = f"invisible character {named}: delete it, or write what it stands for in plain text"
        return file, scan.line_of(scan.start + offsets[i]), named, fix

    problems.add_rows(Kind.CONTROL_CHARACTER, "(text)", range(len(found)), place,
                      column_of=lambda i: _column(scan, names, scan.start + offsets[i]))


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
    problems.add_rows(kind, "(row)", positions, lambda p: (file, scan.line_of(int(p)), "", message),
                      column_of=lambda p: _column(scan, names, int(p)))


def _widths(scan: Scan, names: list[str], file: str, problems: Problems) -> None:
    widths = scan.widths()[1:]  # the header was checked already
    blank, bad = np.flatnonzero(widths == 0), np.flatnonzero((widths != len(names)) & (widths != 0))
    problems.add_rows(Kind.BLANK_ROW, "(row)", blank, lambda i: (file, scan.line_of(int(scan.starts[i + 1])), "", BLANK_LINE))

    def place(i):
        start = int(scan.starts[i + 1])
        line = scan.line_of(start)
        end = scan.starts[i + 2] - 1 if i + 2 < len(scan.starts) else scan.size - (scan.data[-1:] == LF)  # before its line break
        last = scan.line_of(int(end))
        where = f"the row spans lines {line}-{last}, so a quote may be unbalanced; " if last > line else ""
        fix = "a field is missing" if widths[i] < len(names) else "quote any field that contains a comma"
        value = bytes(scan.data[start : min(end, start + 80)]).decode("utf-8", "replace")
        return file, line, value, f"{widths[i]} fields, expected {len(names)}: {where}{fix}"

    problems.add_rows(Kind.ROW_WIDTH, "(row)", bad, place)
