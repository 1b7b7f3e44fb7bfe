"""Flags and caveats of each row, generated from the flags table.

A flag applies where its ``when`` rule matches (derived) or where an editor
wrote its code in ``doubts``. Each row's caveat is the flags' caveat clauses in
one sentence, filled with the row's own text. Both are built once per distinct
combination of flags and quoted columns, and stored as categoricals.
"""

import functools
import operator
import re

import numpy as np
import pandas as pd

PLACEHOLDER = re.compile(r"\{(\w+)\}")
ANY = "*"  # a rule 'column=*' matches any value that is not blank
MOST_FLAGS = 63  # a row's flags are the bits of one int64; the flags table is checked to have no more


def annotate(frame: pd.DataFrame, flags: pd.DataFrame, factorize=None) -> pd.DataFrame:
    """Add ``flags``, ``ambiguous`` and ``caveat`` to ``frame``.

    ``factorize(name)`` gives a column's codes and distinct values (default:
    ``pd.factorize``), so a loader can hand over the encodings its checks made.
    """
    factorize = factorize or (lambda name: pd.factorize(frame[name]))
    bits = _bits(frame, flags, factorize)
    templates = list(zip(flags["flag"], flags["caveat"]))
    quoted = {}  # column -> (codes, distinct values, bits of the flags whose caveat quotes it)
    for i, (_, caveat) in enumerate(templates):
        for name in set(PLACEHOLDER.findall(caveat)) & set(frame.columns):
            codes, distinct = factorize(name) if name not in quoted else quoted[name][:2]
            quoted[name] = (codes, np.asarray(distinct, dtype=object), (quoted[name][2] if name in quoted else 0) | 1 << i)
    key = pd.factorize(bits)[0].astype(np.int64)
    for codes, distinct, users in quoted.values():  # a column counts only where a flag quotes it
        key = key * (len(distinct) + 1) + np.where(bits & users, codes, -1) + 1
    inverse, combos = pd.factorize(key)
    first = np.empty(len(combos), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(key))[::-1]  # the first row of each combination
    codes_text, caveats = [], []
    for row in first:
        values = {name: str(distinct[codes[row]]) if codes[row] >= 0 else "" for name, (codes, distinct, _) in quoted.items()}
        chosen = [(flag, caveat) for i, (flag, caveat) in enumerate(templates) if bits[row] >> i & 1]
        codes_text.append(";".join(flag for flag, _ in chosen))
        caveats.append(_sentence([caveat.format_map(values) for _, caveat in chosen]))
    return frame.assign(
        flag_codes=_categorical(codes_text, inverse),
        ambiguous=pd.array(bits != 0, dtype="boolean"),
        caveat=_categorical(caveats, inverse),
    )


def _categorical(texts: list[str], inverse: np.ndarray) -> pd.Categorical:
    categories, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(codes[inverse] if len(inverse) else inverse, categories=categories)


def _bits(frame: pd.DataFrame, flags: pd.DataFrame, factorize) -> np.ndarray:
    """One bit per flag (in flags-table order) for every row."""
    bits = np.zeros(len(frame), dtype=np.int64)
    position = {flag: i for i, flag in enumerate(flags["flag"])}
    for i, when in enumerate(flags["when"]):
        if pd.notna(when):
            column, values = when.split("=", 1)
            if column in frame:
                codes, distinct = factorize(column)
                distinct = pd.Index(distinct).astype(str)
                matching = distinct != "" if values == ANY else distinct.isin(values.split("|"))
                matching = np.append(matching, False)  # code -1: missing
                bits |= matching[codes].astype(np.int64) << i
    codes, distinct = factorize("doubts")
    doubt_bits = np.array([_or(1 << position[c] for c in str(text).split(";") if c) for text in distinct] + [0], dtype=np.int64)
    return bits | doubt_bits[codes]


def _or(bits) -> int:
    """Bits of the codes written, each once however often it is written ('secondary;secondary')."""
    return functools.reduce(operator.or_, bits, 0)


def _sentence(clauses: list[str]) -> str:
    if not clauses:
        return ""
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."
