"""Flags and caveats of each row, generated from the flags table.

A flag applies where its ``when`` rule matches (derived) or where an editor
wrote its code in ``doubts``. Each row's caveat is the flags' caveat clauses in
one sentence, filled with the row's own text. Both are built once per distinct
combination of flags and quoted columns, and stored as categoricals.

A row's flags are a row of a boolean matrix, one column per flag: there is no
limit to how many flags a folder may define.
"""

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

PLACEHOLDER = re.compile(r"\{(\w+)\}")
ANY = "*"  # a rule 'column=*' matches any value that is not blank
BLANK = ""  # a rule 'column=' matches a blank cell

Factorize = Callable[[str], tuple[np.ndarray, object]]


def annotate(frame: pd.DataFrame, flags: pd.DataFrame, factorize: Factorize | None = None) -> pd.DataFrame:
    """Add ``flag_codes``, ``ambiguous`` and ``caveat`` to ``frame``.

    ``factorize(name)`` gives a column's codes (-1 where blank) and distinct values (default:
    ``pd.factorize``), so a loader can hand over the encodings its checks made.
    """
    factorize = factorize or (lambda name: pd.factorize(frame[name]))
    carried = carried_flags(frame, flags, factorize)
    templates = list(zip(flags["flag"], flags["caveat"]))
    key = combinations(carried)
    quoted = sorted(set().union(*(PLACEHOLDER.findall(caveat) for _, caveat in templates)) & set(frame.columns))
    values = {}  # column -> (codes, distinct values): the columns a caveat quotes
    for name in quoted:
        users = [i for i, (_, caveat) in enumerate(templates) if name in PLACEHOLDER.findall(caveat)]
        codes, distinct = factorize(name)
        values[name] = (codes, np.asarray(distinct, dtype=object))
        counted = np.where(carried[:, users].any(axis=1), codes, -1)  # a column counts only where a flag quotes it
        key = pd.factorize(key * (len(distinct) + 1) + counted + 1)[0].astype(np.int64)
    inverse, first = _first_rows(key)
    codes_text, caveats = [], []
    for row in first:
        filled = {name: str(distinct[codes[row]]) if codes[row] >= 0 else "" for name, (codes, distinct) in values.items()}
        chosen = [(flag, caveat) for i, (flag, caveat) in enumerate(templates) if carried[row, i]]
        codes_text.append(";".join(flag for flag, _ in chosen))
        caveats.append(_sentence([caveat.format_map(filled) for _, caveat in chosen]))
    return frame.assign(
        flag_codes=_categorical(codes_text, inverse),
        ambiguous=pd.array(carried.any(axis=1), dtype="boolean"),
        caveat=_categorical(caveats, inverse),
    )


def carried_flags(frame: pd.DataFrame, flags: pd.DataFrame, factorize: Factorize) -> np.ndarray:
    """A boolean matrix, one row per row of ``frame`` and one column per flag (in flags-table order): which flags apply."""
    carried = np.zeros((len(frame), len(flags)), dtype=bool)
    position = {flag: i for i, flag in enumerate(flags["flag"])}
    for i, when in enumerate(flags["when"]):
        if pd.notna(when):
            column, values = when.split("=", 1)
            if column in frame:
                codes, distinct = factorize(column)
                distinct = pd.Index(distinct).astype(str)
                if values == BLANK:
                    carried[:, i] = codes < 0
                    continue
                matching = distinct != "" if values == ANY else distinct.isin(values.split("|"))
                carried[:, i] = np.append(matching, False)[codes]  # code -1: blank
    codes, distinct = factorize("doubts")
    written = np.zeros((len(distinct) + 1, len(flags)), dtype=bool)  # the last row: blank doubts
    for d, text in enumerate(distinct):
        for code in filter(None, str(text).split(";")):  # a code written twice ('secondary;secondary') is one flag
            written[d, position[code]] = True
    return carried | written[codes]


def combinations(carried: np.ndarray) -> np.ndarray:
    """One code per distinct row of ``carried``: its columns packed 64 to a word, the words factorized together."""
    key = np.zeros(len(carried), dtype=np.int64)
    for start in range(0, carried.shape[1], 64):
        word = np.zeros(len(carried), dtype=np.uint64)
        for bit, column in enumerate(range(start, min(start + 64, carried.shape[1]))):
            word |= carried[:, column].astype(np.uint64) << np.uint64(bit)
        codes, uniques = pd.factorize(word)
        key = pd.factorize(key * len(uniques) + codes)[0].astype(np.int64)
    return key


def _first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's combination (numbered in order of first appearance) and the first row of each combination.

    ``pd.factorize`` numbers values in their order of appearance, so a combination first appears exactly where the
    running maximum of the numbers rises.
    """
    inverse = pd.factorize(key)[0]
    first = np.flatnonzero(np.diff(np.maximum.accumulate(inverse), prepend=-1) > 0) if len(inverse) else inverse
    return inverse, first


def _categorical(texts: list[str], inverse: np.ndarray) -> pd.Categorical:
    categories, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(codes[inverse] if len(inverse) else inverse, categories=categories)


def _sentence(clauses: list[str]) -> str:
    if not clauses:
        return ""
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."
