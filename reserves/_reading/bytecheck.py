"""An exact RFC 4180 structure check of a CSV file's bytes with numpy, a block at a time.

It decides whether the data is records of RFC 4180 fields (last line break optional) with no forbidden character
(``characters.FORBIDDEN``), for any data that is valid UTF-8; UTF-8 validity itself is left to the parser
(pyarrow's ``check_utf8``). The tests hold it against the same grammar written as one regular expression.

The grammar is restated as local conditions on the bytes. Number the quotes of the data 0, 1, 2, ... In data the
grammar accepts, an even-numbered quote opens a quoted field and an odd-numbered one closes it (an escaped ``""``
is a close followed at once by a reopen), so the grammar holds exactly when:

1. every even-numbered quote starts a field: the byte before it is ``,``, LF or ``"`` (the closing half of an
   escaped pair), or it is the data's first byte;
2. every odd-numbered quote ends a field: the byte after it is ``,``, LF, CR or ``"``, or it is the data's last byte;
3. the number of quotes is even;
4. every CR not followed by LF lies inside quotes (an odd number of quotes before it); a CR at the very end counts
   as not followed by LF;
5. no forbidden character anywhere: the ASCII controls of ``FORBIDDEN`` (all but TAB, LF, CR) and DEL, and the
   UTF-8 encoding of every other code point of ``FORBIDDEN``.

Each condition needs only a few bytes around one quote, CR or lead byte, and the parity of the quotes before it.
So a block is judged for both parities at once (it starts outside quotes / inside quotes), blocks can be judged in
any order on any thread, and ``fold`` combines them in file order, where the parity before each block is known.

Every block is read with 1 byte of context before it and 3 after it (a quote needs its neighbours, a CR the byte
after it, a lead byte its up to 3 continuation bytes), into one reused buffer. Past the data's start and end the
context is a comma: before the start it lets a first quote open; after the end it lets a last quote close, and it
makes a final CR a lone one, which the grammar refuses outside quotes. A comma is never a continuation byte, so the
padding cannot complete a forbidden sequence.

API:
- ``check(path, start=0, block=BLOCK, threads=1) -> Result(ok, has_cr, longest)``; ``check_bytes(data, ...)`` the
  same on bytes in memory; ``check_reader(read_at, size, ...)`` on any source.
- ``judge(window, size, offset, scratch) -> Block``: one block with its context, for both parities;
  ``blocks(read_at, size, block, low, high)`` judges the blocks of a range (one reused buffer), so that each thread
  can take a range; ``fold(blocks) -> Result`` (or ``Fold`` one block at a time) combines them in order.
"""

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import numpy as np

from .characters import FORBIDDEN

BLOCK = 4 << 20  # bytes judged at a time: large enough that the per-block overhead is negligible, small for the cache
TAB, LF, CR, QUOTE, COMMA, DEL = 0x09, 0x0A, 0x0D, 0x22, 0x2C, 0x7F
BEFORE, AFTER = 1, 3  # bytes of context read before and after each block
PAD = COMMA  # what stands for the bytes before the data's start and after its end (see the module's notes)
FIRST_LEAD = 0xC2  # the smallest lead byte of a valid multi-byte UTF-8 sequence


def _tables():
    """(forbidden single bytes, length of the forbidden sequences each lead byte starts or 0, sorted encodings).

    An encoding is the big-endian integer of a character's UTF-8 bytes: C2 AD for U+00AD is 0xC2AD. Integers of
    different lengths cannot collide (2-byte ones are below 0xE000, 3-byte ones below 0xF0000000 and above 0xE00000).
    """
    single = np.zeros(256, dtype=bool)
    lead_length = np.zeros(256, dtype=np.uint8)
    codes = []
    for low, high in FORBIDDEN:
        for point in range(low, high + 1):
            encoded = chr(point).encode("utf-8")  # a surrogate in FORBIDDEN would raise here, as it should
            if len(encoded) == 1:
                single[point] = True
            else:
                lead_length[encoded[0]] = len(encoded)
                codes.append(int.from_bytes(encoded, "big"))
    return single, lead_length, np.unique(np.array(codes, dtype=np.uint32))


def _require(condition: bool, why: str) -> None:
    """What the block scan takes for granted of the tables (checked at import, also under ``python -O``)."""
    if not condition:
        raise RuntimeError(f"bytecheck's scan does not fit its FORBIDDEN table: {why}")


FORBIDDEN_BYTE, LEAD_LENGTH, FORBIDDEN_CODES = _tables()
# The block scan finds single bytes only below 0x20 (the mask) or as DEL (a separate search), and the grammar's own
# controls must stay allowed: if FORBIDDEN ever changes otherwise, the scan must change with it.
_require(set(np.flatnonzero(FORBIDDEN_BYTE)) <= set(range(0x20)) | {DEL} and FORBIDDEN_BYTE[DEL],
         "a forbidden ASCII byte other than the controls below 0x20 and DEL")
_require(not FORBIDDEN_BYTE[[TAB, LF, CR]].any(), "TAB, LF and CR belong to the grammar")

# The lead bytes of forbidden sequences: those of 2-byte sequences one by one, the longer ones as a range from
# LONG_LEAD up (0xE1: no forbidden character lies in U+0800..U+0FFF, whose lead is 0xE0).
SHORT_LEADS = [bytes([lead]) for lead in np.flatnonzero(LEAD_LENGTH == 2)]
LONG_LEAD = int(np.flatnonzero(LEAD_LENGTH > 2).min())
_require(all(FIRST_LEAD <= lead[0] < LONG_LEAD for lead in SHORT_LEADS), "the leads of 2-byte sequences")

# What each byte found by the block scan is; the order matters: the largest kind in a block is looked at first.
OTHER, FEED, RETURN, QUOTE_MARK, LEAD, BAD = range(6)  # OTHER: TAB, or a lead byte of no forbidden sequence
KIND = np.zeros(256, dtype=np.uint8)
KIND[LF], KIND[CR], KIND[QUOTE] = FEED, RETURN, QUOTE_MARK
KIND[LEAD_LENGTH > 0] = LEAD
KIND[FORBIDDEN_BYTE] = BAD

OPENS = np.zeros(256, dtype=bool)  # bytes that may stand before an opening quote
OPENS[[COMMA, LF, QUOTE]] = True
CLOSES = np.zeros(256, dtype=bool)  # bytes that may stand after a closing quote
CLOSES[[COMMA, LF, CR, QUOTE]] = True


class Result(NamedTuple):
    ok: bool  # the data is RFC 4180 records without forbidden characters (what ``_grammatical`` decides)
    has_cr: bool  # the data holds a CR byte
    longest: int  # bytes of the longest record, its line break included


class Records(NamedTuple):
    """Where records end inside one block, for one quote parity: offsets (in the data) of record-ending LFs."""

    first: int  # the first LF outside quotes
    last: int  # the last one
    longest: int  # the longest record between two of them, its LF included (0 when there is one LF)


class Block(NamedTuple):
    """The judgement of one block, for both quote parities at its start."""

    bad_if_even: bool  # the block breaks the grammar if it starts outside quotes (an even number of quotes before it)
    bad_if_odd: bool  # ... if it starts inside quotes
    quotes: int  # quotes in the block
    has_cr: bool  # the block holds a CR
    offset: int  # where the block starts in the data
    size: int  # its length in bytes
    ends_if_even: Records | None  # its record ends if it starts outside quotes; None when it has none
    ends_if_odd: Records | None  # ... if it starts inside quotes


class Scratch:
    """Arrays reused by ``judge`` from block to block: one per thread, never shared."""

    def __init__(self, block: int):
        self.mask = np.empty(block, dtype=bool)
        self.other = np.empty(block, dtype=bool)
        self.shifted = np.empty(block, dtype=np.uint8)


def judge(window: bytes | bytearray, size: int, offset: int = 0, scratch: Scratch | None = None) -> Block:
    """Judge one block, held in ``window[1 : 1 + size]``, for both quote parities.

    ``window[0]`` is the byte before the block (``PAD`` at the data's start) and ``window[1 + size : 4 + size]`` the
    3 bytes after it (``PAD`` past the data's end); what lies further in ``window`` is ignored. ``offset`` is where
    the block starts in the data; it only places the record ends. ``scratch`` (of at least ``size``) saves the
    allocation of three block-sized arrays per call; a thread's own, as ``judge`` writes into it.
    """
    if len(window) < size + BEFORE + AFTER:
        raise ValueError(f"the window holds {len(window)} bytes; a block of {size} needs {size + BEFORE + AFTER}")
    if scratch is None or len(scratch.mask) < size:
        scratch = Scratch(size)
    data = np.frombuffer(window, dtype=np.uint8, count=size + BEFORE + AFTER)
    # A forbidden character breaks the block whatever the parity; the rest is judged all the same, so that folding
    # every block gives the quotes' parity, has_cr and longest of any data, broken or not.
    forbidden = window.find(b"\x7f", BEFORE, BEFORE + size) >= 0  # DEL: one memchr, the only forbidden byte >= 0x20

    # Every byte that matters: controls (TAB, LF, CR and the forbidden ones), quotes, and the lead bytes that can
    # start a forbidden sequence. Continuation bytes are never hits: a sequence is judged from its lead byte, in the
    # lead's block. Controls and the leads of 3- and 4-byte sequences (0xE1 and up) are one range once the bytes are
    # shifted down by 0xE1 (wrapping): 0xE1..0xFF -> 0x00..0x1E, 0x00..0x1F -> 0x1F..0x3E. The three 2-byte leads of
    # forbidden sequences (0xC2, 0xCD, 0xD8) are compared only in the blocks that hold them (one memchr each):
    # leaving out the leads of allowed letters keeps text in Cyrillic or Latin with accents cheap.
    body, mask, other, shifted = data[BEFORE : BEFORE + size], scratch.mask[:size], scratch.other[:size], scratch.shifted[:size]
    np.subtract(body, np.uint8(LONG_LEAD), out=shifted)
    np.less(shifted, np.uint8(0x100 - LONG_LEAD + 0x20), out=mask)
    np.equal(body, np.uint8(QUOTE), out=other)
    np.bitwise_or(mask, other, out=mask)  # bitwise_or: logical_or is several times slower on bools
    for lead in SHORT_LEADS:
        if window.find(lead, BEFORE, BEFORE + size) >= 0:
            np.equal(body, np.uint8(lead[0]), out=other)
            np.bitwise_or(mask, other, out=mask)
    hits = np.flatnonzero(mask) + BEFORE  # positions in ``data``
    kinds = KIND[data[hits]]
    kept = np.flatnonzero(kinds)  # drop TABs and the leads (0xE1 and up) of no forbidden sequence
    hits, kinds = hits[kept], kinds[kept]
    top = int(kinds.max()) if len(kinds) else OTHER  # kinds are ordered: BAD, then LEAD, are the largest
    if top == BAD:
        forbidden = True
    elif top == LEAD and not forbidden:
        leads = hits[kinds == LEAD]
        forbidden = _forbidden_sequence(data, leads, LEAD_LENGTH[data[leads]])

    is_quote = kinds == QUOTE_MARK
    quotes = hits[is_quote]
    # Parity of the block's quotes up to each hit; for a hit that is no quote, the quotes strictly before it. Only
    # the parity is used, so a uint8 sum that wraps at 256 is enough.
    parity = np.cumsum(is_quote, dtype=np.uint8) & np.uint8(1)
    opens, closes = OPENS[data[quotes - 1]], CLOSES[data[quotes + 1]]
    # Quote j of the block is even-numbered in the data when j and the parity before the block agree.
    bad_if_even = forbidden or not (opens[0::2].all() and closes[1::2].all())
    bad_if_odd = forbidden or not (closes[0::2].all() and opens[1::2].all())
    returns = np.flatnonzero(kinds == RETURN)
    if len(returns):
        lone = parity[returns[data[hits[returns] + 1] != LF]]  # quotes before each CR not followed by LF, mod 2
        bad_if_even |= bool((lone == 0).any())  # outside quotes when the block starts outside
        bad_if_odd |= bool(lone.any())
    feeds = np.flatnonzero(kinds == FEED)
    inside = parity[feeds].view(bool)
    feeds = hits[feeds]
    at = offset - BEFORE  # from a position in ``data`` to an offset in the data
    return Block(bad_if_even, bad_if_odd, len(quotes), len(returns) > 0, offset, size,
                 _records(feeds[~inside], at), _records(feeds[inside], at))


def _forbidden_sequence(data: np.ndarray, leads: np.ndarray, lengths: np.ndarray) -> bool:
    """Some lead byte starts the UTF-8 encoding of a forbidden code point (``data`` has 3 bytes after every lead)."""
    word = data[leads].astype(np.uint32) << 24
    word |= data[leads + 1].astype(np.uint32) << 16
    word |= data[leads + 2].astype(np.uint32) << 8
    word |= data[leads + 3]
    word >>= (8 * (4 - lengths)).astype(np.uint32)  # keep the sequence's own bytes: 0xC2AD, not 0xC2AD2C2C
    found = np.searchsorted(FORBIDDEN_CODES, word)
    return bool((FORBIDDEN_CODES[np.minimum(found, len(FORBIDDEN_CODES) - 1)] == word).any())


def _records(feeds: np.ndarray, at: int) -> Records | None:
    if not len(feeds):
        return None
    longest = int(np.diff(feeds).max()) if len(feeds) > 1 else 0
    return Records(int(feeds[0]) + at, int(feeds[-1]) + at, longest)


class Fold:
    """Blocks' judgements combined in data order, one at a time (``check`` stops at the first refusal)."""

    def __init__(self):
        self.quotes, self.broken, self.has_cr = 0, False, False
        self.end = 0  # where the blocks seen so far end
        self.record_start = 0  # where the record under way starts
        self.longest = 0

    def add(self, block: Block) -> None:
        if block.offset != self.end:
            raise ValueError(f"blocks must be folded in order without gaps: got one at {block.offset}, expected {self.end}")
        odd = self.quotes % 2 == 1
        self.broken |= block.bad_if_odd if odd else block.bad_if_even
        self.has_cr |= block.has_cr
        ends = block.ends_if_odd if odd else block.ends_if_even
        if ends is not None:
            self.longest = max(self.longest, ends.first + 1 - self.record_start, ends.longest)
            self.record_start = ends.last + 1
        self.quotes += block.quotes
        self.end += block.size

    @property
    def ok(self) -> bool:
        """No block broke the grammar so far (an open quote at the end is judged by ``result`` only)."""
        return not self.broken

    def result(self) -> Result:
        ok = not self.broken and self.quotes % 2 == 0
        return Result(ok, self.has_cr, max(self.longest, self.end - self.record_start))


def fold(judged: Iterable[Block]) -> Result:
    """Combine the judgements of all the data's blocks, given in data order."""
    folded = Fold()
    for block in judged:
        folded.add(block)
    return folded.result()


# Reading. A reader ``read_at(view, offset)`` fills ``view`` with the data from ``offset`` on (an offset in the
# data, after ``start``) and returns how many bytes it wrote: fewer only at the data's end.
Reader = Callable[[memoryview, int], int]


def blocks(read_at: Reader, size: int, block: int = BLOCK, low: int = 0, high: int | None = None) -> Iterator[Block]:
    """The judgements of the blocks of the data's range [low, high), read into one buffer reused for all of them."""
    if block < 1:
        raise ValueError(f"block must be at least 1 byte, not {block}")
    high = size if high is None else high
    buffer = bytearray(block + BEFORE + AFTER)
    view, scratch = memoryview(buffer), Scratch(block)
    for offset in range(low, high, block):
        length = min(block, high - offset)
        wanted = min(length + AFTER, size - offset)  # the block and up to 3 bytes after it, never past the data
        if offset == 0:
            buffer[0] = PAD
            got = _read_fully(read_at, view[BEFORE : BEFORE + wanted], offset)
        else:
            got = _read_fully(read_at, view[: BEFORE + wanted], offset - BEFORE) - BEFORE
        if got != wanted:
            raise OSError(f"the data ended at {offset + got} bytes while reading it, not at {size}: did the file change?")
        view[BEFORE + wanted : BEFORE + length + AFTER] = bytes([PAD]) * (length + AFTER - wanted)
        yield judge(buffer, length, offset, scratch)


def _read_fully(read_at: Reader, view: memoryview, offset: int) -> int:
    done = 0
    while done < len(view):
        got = read_at(view[done:], offset + done)
        if not got:
            break
        done += got
    return done


def check_reader(read_at: Reader, size: int, block: int = BLOCK, threads: int = 1) -> Result:
    """Check ``size`` bytes of data served by ``read_at``.

    With one thread, reading stops at the first block that breaks the grammar, so ``has_cr`` and ``longest`` are
    then only those of the part read: they are meant for data that passes. With more threads, each judges a
    contiguous share of the blocks (all of them, with no early stop), and the judgements are folded in order.
    """
    if threads == 1:
        folded = Fold()
        for judged in blocks(read_at, size, block):
            folded.add(judged)
            if not folded.ok:
                break
        return folded.result()
    shares = _shares(size, block, threads)
    results: list[list[Block] | None] = [None] * len(shares)
    errors: list[BaseException] = []

    def work(index: int, low: int, high: int) -> None:
        try:
            results[index] = list(blocks(read_at, size, block, low, high))
        except BaseException as error:  # handed to the calling thread below, which raises it
            errors.append(error)

    workers = [threading.Thread(target=work, args=(i, low, high)) for i, (low, high) in enumerate(shares)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return fold(judged for share in results for judged in share)


def _shares(size: int, block: int, threads: int) -> list[tuple[int, int]]:
    """``threads`` contiguous ranges of about equal size, cut at multiples of ``block``: the same blocks as one thread's."""
    if threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    count = -(-size // block)
    cuts = [min(size, (count * i // threads) * block) for i in range(threads + 1)]
    return [(low, high) for low, high in zip(cuts, cuts[1:]) if high > low]


def check(path, start: int = 0, block: int = BLOCK, threads: int = 1) -> Result:
    """Check the file ``path`` from byte ``start`` on (after a BOM, say) a block at a time."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size - start
        return check_reader(lambda view, offset: os.preadv(fd, [view], start + offset), max(size, 0), block, threads)
    finally:
        os.close(fd)


def check_bytes(data: bytes, start: int = 0, block: int = BLOCK, threads: int = 1) -> Result:
    """The same check on ``data[start:]`` in memory (still copied block by block into the reused buffer)."""
    source = memoryview(data)[start:]

    def read_at(view: memoryview, offset: int) -> int:
        piece = source[offset : offset + len(view)]
        view[: len(piece)] = piece
        return len(piece)

    return check_reader(read_at, len(source), block, threads)

