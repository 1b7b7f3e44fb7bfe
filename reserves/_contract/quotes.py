"""Where a figure's number stands in its quote, and the words around it: Arrow kernels over every row at once.

A quote writes its numbers as its language does: '275,000', '13,6', '10 957', '31141.2 thousand', '457 min ton',
'two and a half', 'Fourty'. Each quote's digit groups are joined ('10 957'), the quote is split into its numbers and
the text between them, and every reading of each number (a comma as thousands or as decimal separator, the scale
word that follows it applied or not) is compared with the row's value. A number written in words is read with
``number_words.csv`` (a vocabulary a folder can extend), only in the rows the digits did not settle.

The rule of a figure's basis reads the words around its number: the text after it, up to the next number, and
before it, from the number before.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NUMBER = r"\d+(?:[.,]\d+)*"
MARK = "\x1f"  # a control character no cell may hold (characters.FORBIDDEN): it marks where a number stands
GROUPS = r"(\d)[ \x{a0}\x{202f}](\d{3}(?:\D|$))"  # '10 957', '944 369': a space, no-break or thin space between groups
SIDE_BY_SIDE = 50_000  # rows from which a file's quotes are read in pieces of this size, two at once
RELATIVE = 1e-9  # a reading matches a value within this relative difference (a scale applied in double precision)


@dataclass
class Located:
    """For each row: whether its value stands in its quote, and the text around the first number that is its value.

    A quote of n numbers has n + 1 segments, the texts before, between and after them; ``segments`` holds every
    row's, one after another, and ``at`` the place there of the segment just before each row's number.
    """

    found: np.ndarray  # bool per row
    before: pa.Array  # the text between the number before (or the quote's start) and this one; '' where not found
    after: pa.Array  # the text from this number to the next one (or the quote's end)
    segments: pa.Array  # every segment of every row, flat
    starts: np.ndarray  # per row: the place of its first segment in ``segments``
    at: np.ndarray  # per row: the place of the segment before its number (its first segment where not found)
    again: list[tuple[np.ndarray, "Located"]] = field(default_factory=list)  # rows located again (numbers in words)

    def merge(self, rows: np.ndarray, again: "Located") -> None:
        """Take the rows ``rows`` as ``again`` (located in their quotes with numbers in words written as digits) found them."""
        self.found[rows] = again.found
        self.before = _put(self.before, rows, again.before)
        self.after = _put(self.after, rows, again.after)
        self.again.append((rows, again))

    def part(self, start: int, stop: int) -> "Located":
        """The rows ``start`` to ``stop`` as a Located of their own."""
        ends = np.append(self.starts, len(self.segments))
        first, last = ends[start], ends[stop]
        part = Located(self.found[start:stop], self.before[start:stop], self.after[start:stop], self.segments[first:last],
                       self.starts[start:stop] - first, self.at[start:stop] - first)
        for rows, again in self.again:
            i, j = np.searchsorted(rows, [start, stop])
            part.again.append((rows[i:j] - start, again.part(i, j)))
        return part

    def governed(self, verbs: str) -> np.ndarray:
        """Rows whose number a verb of ``verbs`` (a regular expression) governs: one stands in the text before it, or
        before a list the number is an item of ('containing 275,000 t of copper and 3,200 t of molybdenum')."""
        segments = self.segments
        here = _numpy(pc.match_substring_regex(segments, verbs, ignore_case=True))
        listed = _numpy(pc.match_substring_regex(segments, r"(?:,|(?:^|\PL)and)\s*$")) & ~_numpy(
            pc.match_substring_regex(segments, r"[.;:!?]"))
        breaks = ~listed
        breaks[self.starts] = True  # a list never runs on from one quote into the next
        index = np.arange(len(segments))
        head = np.maximum.accumulate(np.where(breaks, index, 0))  # where each segment's list starts
        count = np.cumsum(here)
        result = ((count - count[head] + here[head]) > 0)[self.at] & self.found
        for rows, again in self.again:
            result[rows] = again.governed(verbs)
        return result


def normalised(quotes: pa.Array) -> pa.Array:
    """Digit groups joined, so that each number is one token ('10 957' -> '10957'), and digits inside a word ('m3',
    'C1', 'P1') put out of the way ('m_'): they are no figure's number, and would cut the words around one."""
    quotes = pc.replace_substring_regex(quotes, r"(\pL)\d+", r"\1_")  # first: 'C1 100' is C1 and 100, not C1100
    joined = pc.replace_substring_regex(quotes, GROUPS, r"\1\2")
    rows = np.flatnonzero(_numpy(pc.not_equal(quotes, joined)))  # '1 000 000' takes more passes, in the few rows with groups
    if len(rows):
        again = joined.take(pa.array(rows))
        for _ in range(2):  # a match cannot overlap the one before it: three passes join four groups
            again = pc.replace_substring_regex(again, GROUPS, r"\1\2")
        joined = _put(joined, rows, again)
    return joined


def split(quotes: pa.Array) -> tuple[pa.ListArray, pa.ListArray]:
    """Each quote's numbers, in order, and the texts before, between and after them (one more than its numbers).

    One pass of the pattern marks each number with a character no cell may hold (``MARK``); a plain split at the
    marks then gives text, number, text, ..., text, so numbers and texts come from the same matches.
    """
    parts = pc.split_pattern(pc.replace_substring_regex(quotes, NUMBER, MARK + r"\0" + MARK), MARK)
    flat, offsets = pc.list_flatten(parts), parts.offsets.to_numpy()
    rows = np.arange(len(offsets))  # a row of n numbers has 2n + 1 parts: texts at even places, numbers at odd ones
    place = np.arange(len(flat)) - np.repeat(offsets[:-1], np.diff(offsets))
    even = pa.array(place % 2 == 0)
    numbers = pa.LargeListArray.from_arrays(pa.array((offsets - rows) // 2, pa.int64()), flat.filter(pc.invert(even)))
    texts = pa.LargeListArray.from_arrays(pa.array((offsets + rows) // 2, pa.int64()), flat.filter(even))
    return numbers, texts


def readings(tokens: pa.Array, following: pa.Array, words: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every way a number token can be read: (as written, with ',' as thousands separator where it stands before
    groups of three digits; with ',' or '.' read the other way where that is a reading too; the scale the word that
    follows it gives ('thousand', 'min', 'тысяч'), 1 when none), each a float (NaN where there is no such reading)."""
    thousands = pc.match_substring_regex(tokens, r"^\d{1,3}(,\d{3})+(\.\d+)?$")
    plain = pc.if_else(thousands, pc.replace_substring(tokens, ",", ""), pc.replace_substring(tokens, ",", "."))
    one_group = pc.match_substring_regex(tokens, r"^\d{1,3}[.,]\d{3}$|^\d{1,3}(\.\d{3})+$")  # '2,169': 2169 or 2.169
    other = pc.if_else(thousands, pc.replace_substring(tokens, ",", "."), pc.replace_substring(tokens, ".", ""))
    first = _floats(plain)
    second = np.where(_numpy(one_group), _floats(other), np.nan)
    scale = np.ones(len(tokens))
    scales = words[words["kind"] == "scale"]
    for value, group in scales.groupby("value"):
        scale[_numpy(pc.match_substring_regex(following, rf"(?i)^\s*(?:{_alternatives(';'.join(group['word']))})(?:\PL|$)"))] = value
    return first, second, scale


def _floats(texts: pa.Array) -> np.ndarray:
    """Texts as floats; NaN where a text is no decimal number (two decimal points)."""
    good = pc.match_substring_regex(texts, r"^\d+(\.\d+)?$")
    return pc.cast(pc.if_else(good, texts, pa.scalar(None, pa.large_string())), pa.float64()).to_numpy(zero_copy_only=False)


def locate(quotes: pa.Array, values: np.ndarray, words: pd.DataFrame) -> Located:
    """Find each row's value (a float; NaN: nothing to find) among the numbers of its quote.

    Only the rows with a value are read (a range's high end is blank in most rows); a large file's, in pieces.
    """
    rows = np.flatnonzero(~np.isnan(values))
    if len(rows) < len(values):
        return _spread(locate(quotes.take(pa.array(rows)), values[rows], words), rows, len(values))
    if len(values) < SIDE_BY_SIDE:
        return _locate(quotes, values, words)
    return _joined(_side_by_side(len(values), lambda part: _locate(quotes[part], values[part], words)))


def _side_by_side(rows: int, work) -> list:
    """``work(piece)`` for the rows in pieces of at most SIDE_BY_SIDE (at least two), two pieces at a time, in order:
    Arrow's kernels release the GIL, and each piece's working arrays are freed before the next."""
    count = max(2, -(-rows // SIDE_BY_SIDE))
    bounds = np.linspace(0, rows, count + 1).astype(int)
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(work, [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]))


def _locate(quotes: pa.Array, values: np.ndarray, words: pd.DataFrame) -> Located:
    tokens, segments = split(normalised(quotes))
    flat, parent = pc.list_flatten(tokens), pc.list_parent_indices(tokens).to_numpy()
    flat_segments, starts = pc.list_flatten(segments), segments.offsets.to_numpy()[:-1]
    place = np.arange(len(flat)) - tokens.offsets.to_numpy()[parent]  # each number's place among its quote's numbers
    following = flat_segments.take(pa.array(starts[parent] + place + 1)) if len(flat) else flat_segments[:0]
    first, second, scale = readings(flat, following, words)
    wanted = values[parent]
    found_token = _close(first, wanted) | _close(second, wanted) | _close(first * scale, wanted) | _close(second * scale, wanted)
    found = np.zeros(len(values), dtype=bool)
    position = np.zeros(len(values), dtype=np.int64)
    hits = np.flatnonzero(found_token)
    rows, first_hit = np.unique(parent[hits], return_index=True)  # the first number of each row that matches
    found[rows] = True
    position[rows] = hits[first_hit] - tokens.offsets.to_numpy()[rows]
    at = starts + position
    beside = np.minimum(at + found, len(flat_segments) - 1)  # the segment after the number (any, where not found)
    before = pc.if_else(pa.array(found), flat_segments.take(pa.array(at)), "")
    after = pc.if_else(pa.array(found), flat_segments.take(pa.array(beside)), "")
    return Located(found, before, after, flat_segments, starts, at)


def _joined(parts: list[Located]) -> Located:
    """The rows of each of ``parts``, in order, as one."""
    shifts = np.cumsum([0] + [len(part.segments) for part in parts[:-1]])
    return Located(np.concatenate([part.found for part in parts]), pa.concat_arrays([part.before for part in parts]),
                   pa.concat_arrays([part.after for part in parts]), pa.concat_arrays([part.segments for part in parts]),
                   np.concatenate([part.starts + shift for part, shift in zip(parts, shifts)]),
                   np.concatenate([part.at + shift for part, shift in zip(parts, shifts)]))


def _spread(some: Located, rows: np.ndarray, length: int) -> Located:
    """``some``, located for the rows ``rows`` only, as the whole table's: nothing found in the other rows, each of which
    has one empty segment, so that every row's segments follow the row before's."""
    counts = np.ones(length, dtype=np.int64)
    counts[rows] = np.diff(np.append(some.starts, len(some.segments)))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    source = np.full(int(counts.sum()), len(some.segments), dtype=np.int64)  # an empty segment, appended below
    inside = np.repeat(np.isin(np.arange(length), rows), counts)
    source[inside] = np.arange(len(some.segments))
    blank = pa.repeat(pa.scalar("", some.before.type), length)
    segments = pa.concat_arrays([some.segments.cast(blank.type), blank[:1]]).take(pa.array(source))
    found, at = np.zeros(length, dtype=bool), starts.copy()
    found[rows], at[rows] = some.found, starts[rows] + some.at - some.starts
    return Located(found, _put(blank, rows, some.before), _put(blank, rows, some.after), segments, starts, at)


def _put(values: pa.Array, rows: np.ndarray, new: pa.Array) -> pa.Array:
    """``values`` with the rows ``rows`` replaced by ``new``, in order."""
    if not len(rows):
        return values
    positions = np.full(len(values), -1, dtype=np.int64)
    positions[rows] = np.arange(len(rows))
    return pc.if_else(pa.array(positions >= 0), new.take(pa.array(np.maximum(positions, 0))), values)


def _numpy(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _close(readings: np.ndarray, values: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.abs(readings - values) <= RELATIVE * np.abs(values)


def spelled_out(quotes: list[str], words: pd.DataFrame) -> list[str]:
    """The quotes with their numbers written in words as digits: 'two and a half' -> '2.5', 'Fourty' -> '40'.

    Plain Python, for the few rows whose value the digits did not settle.
    """
    numbers = dict(zip(words.loc[words["kind"] == "number", "word"].str.casefold(), words.loc[words["kind"] == "number", "value"]))
    additions = words[words["kind"] == "addition"]
    if numbers:
        pattern = re.compile(rf"(?<!\w)({_alternatives(';'.join(numbers))})(?!\w)", re.IGNORECASE)
        quotes = [pattern.sub(lambda m: _digits(numbers[m.group(1).casefold()]), q) for q in quotes]
    for word, value in zip(additions["word"], additions["value"]):
        addition = re.compile(rf"(\d+)\s+{re.escape(word)}(?!\w)", re.IGNORECASE)
        quotes = [addition.sub(lambda m, v=value: _digits(int(m.group(1)) + v), q) for q in quotes]
    return quotes


def _digits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def stated_basis(located: Located, after: pa.Array, bases: pd.DataFrame, commodity: np.ndarray,
                 commodities: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The basis the words around each figure's number state (None where they state none), and how they state it: for
    a large file, in pieces, two side by side (see ``_stated_basis``)."""
    rows = len(located.found)
    if rows < SIDE_BY_SIDE:
        return _stated_basis(located, after, bases, commodity, commodities)
    done = _side_by_side(rows, lambda part: _stated_basis(located.part(part.start, part.stop), after[part], bases, commodity[part],
                                                          commodities))
    return np.concatenate([stated for stated, _ in done]), np.concatenate([why for _, why in done])


def _stated_basis(located: Located, after: pa.Array, bases: pd.DataFrame, commodity: np.ndarray,
                  commodities: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The basis the words around each figure's number state (None where they state none), and how they state it.

    ``after`` is the text after each figure's number (after its range's high end, for a range), up to a semicolon,
    which ends a list's item. In order: a noun of a basis right after the number and its unit, the nearest one first
    and the longer one on a tie ('56 million tons of ore', '20,000 tons of ore concentrates'); a noun as a label right
    before the number ('ore – 183 thousand tons'); a verb before the number, or before the list it is an item of, when
    the commodity is named right after the number ('containing 275,000 metric tons of copper').
    """
    rows = len(located.found)
    stated, why = np.full(rows, None, dtype=object), np.full(rows, "", dtype=object)
    after = pc.replace_substring_regex(after, "(?s);.*", "")  # a semicolon ends a list's item: 'gold - 2,169 tons; C2 ...'
    start, length = np.full(rows, np.iinfo(np.int64).max), np.zeros(rows, dtype=np.int64)
    for basis, words in zip(bases["basis"], bases["words"]):
        if pd.isna(words):
            continue
        nouns = _alternatives(words)
        pattern = rf"(?i)(?:^|\PL)(?P<word>{nouns})(?:\PL|$)"
        at = _numpy(pc.find_substring_regex(after, pattern))
        word = pc.extract_regex(after, pattern).field("word")
        size = _numpy(pc.fill_null(pc.utf8_length(word), 0))
        nearer = located.found & (at >= 0) & ((at < start) | ((at == start) & (size > length)))
        start[nearer], length[nearer], stated[nearer] = at[nearer], size[nearer], basis
        why[nearer] = [f"the quote states it right after the figure ('{text}')" for text in word.filter(pa.array(nearer)).to_pylist()]
        label = located.found & (start == np.iinfo(np.int64).max) & _numpy(pc.match_substring_regex(
            located.before, rf"(?i)(?:^|\PL)(?:{nouns})\s*[–—:-]\s*$"))
        stated[label & pd.isna(stated)] = basis
        why[label & (why == "")] = "the quote names it right before the figure, as its label"
    for basis, verbs in zip(bases["basis"], bases["verbs"]):
        if pd.isna(verbs):
            continue
        governed = located.governed(rf"(?:^|\PL)(?:{_alternatives(verbs)})(?:\PL|$)") & pd.isna(stated)
        for name in np.unique(commodity[governed]):
            metal = commodities["metal_words"].get(name) if name in commodities.index else None
            names = _alternatives(";".join([name] + ([metal] if isinstance(metal, str) else [])))
            these = np.flatnonzero(governed & (commodity == name))
            named = _numpy(pc.match_substring_regex(after.take(pa.array(these)),
                                                   rf"(?i)^[^.;:]*?(?:^|\PL)of\s+(?:the\s+)?(?:{names})(?:\PL|$)"))
            stated[these[named]] = basis
            why[these[named]] = "a verb before it says the place contains the commodity named after it"
    return stated, why


def _alternatives(words: str) -> str:
    """';'-separated words as a regular expression that matches any of them, longest first."""
    return "|".join(re.escape(w.strip()) for w in sorted(words.split(";"), key=len, reverse=True) if w.strip())
