"""The reader loads exactly the records a strict RFC 4180 reader (Python's csv) reads, or fails: differential tests.

pyarrow parses in blocks; here blocks are a few hundred bytes, so generated files span many of them and
quoted line breaks, quotes and commas fall at every offset around a block boundary.
"""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reserves._errors import Problems
from reserves._reading import csvfile

NAMES = ["a", "b", "c"]
SMALL_BLOCK = 256


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(csvfile, "BLOCK", SMALL_BLOCK)  # pyarrow's blocks
    monkeypatch.setattr(csvfile, "CHECKED", 64)  # the structure check's


def read(path):
    """The records the reader gives (header first), or None with the problems when it refuses the file."""
    problems = Problems()
    table = csvfile.read(path, NAMES, problems)
    if table is None:
        assert problems, "a refused file must say why"
        return None, problems
    assert not problems
    rows = [list(row.values()) for row in table.arrow.to_pylist()]
    return [NAMES] + rows, problems


def strict(text: str):
    """What Python's csv module reads in strict mode, or None where it refuses the text."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None


cells = st.text(alphabet=st.sampled_from(list('ab ,"\n\rÉД金\t;')), max_size=12)
records = st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=60)
dialects = st.tuples(st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans())


def written(rows, dialect) -> bytes:
    """RFC 4180 text: csv.writer would leave a lone CR unquoted when the line terminator is LF."""
    terminator, quote_all, last_newline = dialect

    def field(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if quote_all or any(c in cell for c in ',"\r\n') else cell

    text = terminator.join(",".join(map(field, row)) for row in [NAMES] + rows)
    return (text + terminator if last_newline else text).encode("utf-8")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records, dialects)
def test_any_file_a_csv_writer_writes_loads_record_for_record(tmp_path, rows, dialect):
    path = tmp_path / "t.csv"
    path.write_bytes(written(rows, dialect))
    got, problems = read(path)
    assert got == [NAMES] + rows, problems.shown


edits = st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(['"', ",", "\n", "\r", "x", "", '""'])), min_size=1, max_size=3)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records, dialects, edits)
def test_a_damaged_file_loads_as_the_strict_reader_reads_it_or_fails(tmp_path, rows, dialect, changes):
    data = written(rows, dialect).decode("utf-8")
    for offset, text in changes:  # insert text, or ("") delete one character, at an offset
        offset %= len(data) + 1
        data = data[:offset] + text + data[offset + (text == "") :]
    path = tmp_path / "t.csv"
    path.write_bytes(data.encode("utf-8"))
    got, _ = read(path)
    if got is not None:
        assert got == strict(data)


@pytest.mark.parametrize("width", [1, 200])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quoted_line_break_at_every_offset_of_a_block(tmp_path, width, newline):
    """The record with a line break inside quotes starts at every offset before, on and after a block boundary."""
    path = tmp_path / "t.csv"
    for pad in range(0, SMALL_BLOCK + 8):
        rows = [["x" * (pad % 50), "y" * (pad // 50), "z"]] * 3 + [["q", f'"{"w" * width}{newline}over","two lines"', "r"]] * 3
        path.write_bytes(written(rows, (newline, False, True)))
        got, problems = read(path)
        assert got == [NAMES] + rows, (pad, problems.shown)


def test_fields_larger_than_any_block_load_whole(tmp_path):
    big = "x" * (SMALL_BLOCK * 40) + "\n" + "y" * (SMALL_BLOCK * 3)
    path = tmp_path / "t.csv"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([NAMES, ["1", big, "2"], ["3", "4", big]])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    assert read(path)[0] == [NAMES, ["1", big, "2"], ["3", "4", big]]


@pytest.mark.parametrize("text, line, column, words", [
    ('a,b,c\n1,2,3\n4,5"x,6\n', 3, "b", "a quote inside a field that does not start with one"),
    ('a,b,c\n1,"2"x,3\n', 2, "b", "text after the closing quote"),
    ('a,b,c\n1,2,3\n4,5,"6\n7,8,9\n', 3, "c", "a quote opened on line 3 is never closed"),
    ('a,b,c\n1,2,"3\n"\n4,5,"6\n"x\n', 5, "c", "text after the closing quote"),
    ("a,b,c\r1,2,3\r", 1, "(file)", "lone carriage return"),
    ("a,b,c\n1,2,3\r4,5,6\n", 2, "c", "lone carriage return"),
    ('a,b,c\n1,"two\nlines",3\n4,5\n', 4, "(row)", "2 fields, expected 3"),
    ('a,b,c\n1,"two\nlines",3\n\n4,5,6\n', 4, "(row)", "blank line"),
    ("a,b,c\n1,2,3\n4,5,6", 3, "(row)", None),  # no newline at the end: loads
])
def test_structure_problems_name_the_line_and_column(tmp_path, text, line, column, words):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    got, problems = read(path)
    if words is None:
        assert got == strict(text)
        return
    assert any(p.line == line and p.column == column and words in p.message for p in problems.shown), problems.shown
