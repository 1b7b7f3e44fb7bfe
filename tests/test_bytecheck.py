"""The reader's exact byte check against the same grammar written as one regular expression (RE2, linear time).

The grammar is RFC 4180 (records of fields, quoted fields with doubled quotes, the last line break optional) with
the forbidden characters excluded from every field. Agreement is judged only on valid UTF-8 without surrogates:
RE2 refuses invalid UTF-8 and the byte check leaves it to pyarrow. Every case is written to a file and checked with
block sizes 1, 2, 3, 5, 8, 64 and 1 MiB, so that quotes, CRLF pairs and UTF-8 sequences straddle block ends, from
the file's start or after a UTF-8 BOM (start=3).
"""

import codecs
import csv
import io
import random
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reserves._reading import bytecheck
from reserves._reading.bytecheck import AFTER, PAD, check, check_bytes, fold, judge
from reserves._reading.characters import FORBIDDEN

_CLASS = "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in FORBIDDEN)
_FIELD = f'(?:"(?:[^"{_CLASS}]|"")*"|[^",\\r\\n{_CLASS}]*)'
_RECORD = f"{_FIELD}(?:,{_FIELD})*"
GRAMMAR = f"^(?:{_RECORD}\\r?\\n)*(?:{_RECORD})?$"  # RFC 4180, last line break optional


def grammatical(path, start: int) -> tuple[bool, bool]:
    """(the data matches the grammar, it holds a CR): the oracle."""
    data = path.read_bytes()[start:]
    buffer = pa.py_buffer(data)
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, pa.array([0, len(data)], pa.int64()).buffers()[1], buffer])
    return pc.match_substring_regex(text, GRAMMAR)[0].as_py(), b"\r" in data


BLOCKS = (1, 2, 3, 5, 8, 64, 1 << 20)
BOM = codecs.BOM_UTF8
COUNTS = Counter()  # cases judged, by test and verdict: printed at the end (run pytest with -s to see it)

# Pieces that matter to the grammar or to the forbidden characters, and harmless neighbours of forbidden ones.
STRUCTURE = ['"', '""', ",", "\n", "\r\n", "\r", "\t"]
LETTERS = ["a", "b", "xy", " ", "1", "ə", "ж", "«", "’", "\u00a0", "\u00ac", "\u00ae", "\u0100", "\u2027", "\u202f",
           "\u205f", "\ufffd", "\U0001f600", "\U000e1000", "\U0010ffff", "\u0800", "\u1000", "\U0001d172"]
FORBIDDEN_PIECES = ["\u200b", "\u00ad", "\ufeff", "\u0085", "\x00", "\x7f", "\x1f", "\x0b", "\u0080", "\u009f",
                    "\u034f", "\u061c", "\u2028", "\u202e", "\u2060", "\ufe0f", "\ufffe", "\uffff", "\U000e0041",
                    "\U000e0fff", "\U0001d173", "\u3164", "\u115f", "\u180b"]
PIECES = STRUCTURE + LETTERS + FORBIDDEN_PIECES


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    yield tmp_path_factory.mktemp("bytecheck")
    print("\ncases:", ", ".join(f"{name} {n}" for name, n in sorted(COUNTS.items())), f"(total {COUNTS.total()})")


def plain_records(data: bytes) -> list[int]:
    """Lengths of the records, line break included, by a byte-by-byte scan of the quotes' parity."""
    lengths, start, inside = [], 0, False
    for i, byte in enumerate(data):
        if byte == ord('"'):
            inside = not inside
        elif byte == ord("\n") and not inside:
            lengths.append(i + 1 - start)
            start = i + 1
    lengths.append(len(data) - start)  # the last record, empty when the data ends with a line break
    return lengths


def windows_fold(data: bytes, cuts: list[int]) -> bytecheck.Result:
    """Judge the blocks between ``cuts`` one by one through ``judge``, each from its own window, and fold them."""
    judged = []
    for low, high in zip(cuts, cuts[1:]):
        before = data[low - 1 : low] if low else bytes([PAD])
        after = data[high : high + AFTER].ljust(AFTER, bytes([PAD]))
        judged.append(judge(before + data[low:high] + after, high - low, low))
    return fold(judged)


def agree(folder, data: bytes, bom: bool, rng: random.Random, name: str) -> bool:
    """Assert that bytecheck agrees with the package on ``data``; return the verdict."""
    raw, start = (BOM + data, 3) if bom else (data, 0)
    path = folder / "case.csv"
    path.write_bytes(raw)
    expected, expected_cr = grammatical(path, start)
    longest = max(plain_records(data))
    for block in BLOCKS:
        got = check(path, start, block)
        assert got.ok == expected, (data, bom, block, got, expected)
        if expected:  # a refused file's has_cr and longest stop where the check stopped
            assert got == (True, expected_cr, longest), (data, bom, block, got)
    assert expected_cr == (b"\r" in data) or not expected
    block = rng.choice(BLOCKS)
    assert check_bytes(raw, start, block) == check(path, start, block)
    # Any cutting into blocks, judged through ``judge`` alone, folds to the same verdict; and over all the blocks
    # (nothing skipped after a refusal) has_cr and longest hold for refused data as well.
    cuts = sorted({0, len(data), *(rng.randrange(len(data) + 1) for _ in range(rng.randrange(4)))})
    assert windows_fold(data, cuts) == (expected, b"\r" in data, longest), (data, cuts)
    COUNTS[f"{name} {'accepted' if expected else 'refused'}"] += 1
    return expected


# (a) generated from the pieces, by hypothesis.

SETTINGS = settings(max_examples=600, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=24), bom=st.booleans(), seed=st.integers(0, 2**32))
def test_pieces(folder, pieces, bom, seed):
    agree(folder, "".join(pieces).encode("utf-8"), bom, random.Random(seed), "a-pieces")


def _field(safe):
    text = st.lists(st.sampled_from(safe), max_size=4).map("".join)
    quoted = st.lists(st.sampled_from(PIECES[:6] + LETTERS + ['""'] * 3), max_size=4).map(
        lambda parts: '"' + "".join(parts).replace('"', '""') + '"')
    return st.one_of(text, quoted)


_RECORDS = st.lists(st.lists(_field(LETTERS), min_size=1, max_size=4).map(",".join), max_size=5)


@settings(SETTINGS, max_examples=400)
@given(records=_RECORDS, ending=st.sampled_from(["\n", "\r\n"]), last=st.booleans(),
       noise=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(PIECES)), max_size=2),
       bom=st.booleans(), seed=st.integers(0, 2**32))
def test_records(folder, records, ending, last, noise, bom, seed):
    """Records of the grammar (quoted fields with doubled quotes), sometimes with a piece or two dropped in."""
    text = ending.join(records) + (ending if last and records else "")
    for where, piece in noise:
        where %= len(text) + 1
        text = text[:where] + piece + text[where:]
    agree(folder, text.encode("utf-8"), bom, random.Random(seed), "a-records")


# (b) valid CSVs written by csv.writer, then damaged by 0-3 random edits.

CELL = ["a", "b", "Z", "7", " ", ",", '"', "\n", "\r\n", "\r", "\t", "ə", "ж", "«", "»", "’", "é", "—"]
EDITS = PIECES + ['"', '"', ",", "\n"]  # stray quotes, line breaks and commas more often
BYTES = [b"\x80", b"\xc2", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xff", b'"', b"\r"]  # most make invalid UTF-8


def written(rng: random.Random) -> tuple[bytes, str]:
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    ending = rng.choice(["\n", "\r\n"])
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=quoting, lineterminator=ending)
    width = rng.randint(1, 4)
    for _ in range(rng.randint(0, 6)):
        writer.writerow(["".join(rng.choice(CELL) for _ in range(rng.randint(0, 5))) for _ in range(width)])
    text = out.getvalue()
    if rng.random() < 0.3 and text.endswith(ending):
        text = text[: -len(ending)]
    edits = rng.choice([0, 0, 1, 2, 3])
    for _ in range(edits):
        where = rng.randint(0, len(text))
        what = rng.random()
        if what < 0.5:
            text = text[:where] + rng.choice(EDITS) + text[where:]
        elif what < 0.75:
            text = text[:where] + text[where + 1 :]
        else:
            text = text[:where] + rng.choice(EDITS) + text[where + 1 :]
    data = text.encode("utf-8")
    if rng.random() < 0.1:  # a byte-level edit: mostly invalid UTF-8, which is skipped below
        where = rng.randint(0, len(data))
        data = data[:where] + rng.choice(BYTES) + data[where + rng.randint(0, 1) :]
    return data, f"{'minimal' if quoting == csv.QUOTE_MINIMAL else 'all'} {edits} edits"


@pytest.mark.parametrize("seed", range(6))
def test_written(folder, seed):
    rng = random.Random(seed)
    for _ in range(220):
        data, _kind = written(rng)
        try:
            data.decode("utf-8")  # strict: refuses invalid bytes and encoded surrogates alike
        except UnicodeDecodeError:
            COUNTS["b-written skipped (not UTF-8)"] += 1
            continue
        agree(folder, data, rng.random() < 0.3, rng, "b-written")


# (c) longest, and the parts of the API not exercised above.

@pytest.mark.parametrize("seed", range(3))
def test_longest_long_records(folder, seed):
    """Records longer than the blocks, quoted line breaks inside them, against the plain scan."""
    rng = random.Random(seed)
    for _ in range(80):
        records = []
        for _ in range(rng.randint(1, 4)):
            field = "".join(rng.choice(["x", "ж", "\n", '""', ","]) for _ in range(rng.randint(0, 90)))
            records.append(f'a,"{field}",b')
        ending = rng.choice(["\n", "\r\n"])
        data = (ending.join(records) + rng.choice(["", ending])).encode("utf-8")
        assert agree(folder, data, False, rng, "c-long")
        assert check_bytes(data, 0, 7).longest == max(plain_records(data))


def test_threads_agree(folder):
    """Two threads, each judging half of the blocks, fold to the same result as one."""
    rng = random.Random(7)
    for _ in range(300):
        data, _kind = written(rng)
        if not _valid(data):
            continue
        path = folder / "threads.csv"
        path.write_bytes(data)
        block = rng.choice(BLOCKS[:6])
        one, two = check(path, 0, block), check(path, 0, block, threads=2)
        assert one.ok == two.ok == grammatical(path, 0)[0]
        assert two.longest == max(plain_records(data)) and two.has_cr == (b"\r" in data)
        assert check(path, 0, block, threads=3).ok == one.ok
        if one.ok:
            assert one == two
        COUNTS["threads"] += 1


def _valid(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_every_forbidden_code_point(folder):
    """Each forbidden code point is refused, in an unquoted field and inside quotes; its neighbours are not."""
    for low, high in FORBIDDEN:
        for point in range(low, high + 1):
            char = chr(point).encode("utf-8")
            assert not check_bytes(b"a" + char + b",b\n").ok, hex(point)
            assert not check_bytes(b'"' + char + b'"', block=1).ok, hex(point)
        for point in (low - 1, high + 1):
            if point in (ord('"'), ord(","), ord("\r"), ord("\n")) or 0xD800 <= point < 0xE000 or point < 0:
                continue
            data = f"x{chr(point)}y,\"{chr(point)}\"\n".encode()
            path = folder / "neighbour.csv"
            path.write_bytes(data)
            assert check(path).ok == grammatical(path, 0)[0], hex(point)
            COUNTS["forbidden neighbours"] += 1
    COUNTS["forbidden code points"] += sum(high - low + 1 for low, high in FORBIDDEN)


def test_judge_needs_its_context():
    with pytest.raises(ValueError):
        judge(b",ab,,", 2)  # 2 bytes need 1 before and 3 after
    with pytest.raises(ValueError):
        fold([judge(b",ab,,,", 2, 0), judge(b",ab,,,", 2, 5)])  # a gap between the blocks
