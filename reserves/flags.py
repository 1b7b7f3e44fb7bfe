"""Flags and caveats of each row, generated from the flags table.

A flag applies where its ``when`` rule matches (derived) or where an editor
wrote its code in ``doubts``. Each row's caveat is the flags' caveat clauses in
one sentence, filled with the row's own text. Both are computed once per
distinct combination, not once per row.
"""

import re

import numpy as np
import pandas as pd

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def annotate(frame: pd.DataFrame, text: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """Add ``flags``, ``ambiguous`` and ``caveat`` to ``frame``.

    ``text`` holds the verbatim text of every column a caveat may quote.
    """
    bits = _bits(frame, text["doubts"], flags)
    templates = [(row.flag, row.caveat) for row in flags.itertuples()]
    quoted = sorted({name for _, caveat in templates for name in PLACEHOLDER.findall(caveat)} & set(text))
    key = pd.MultiIndex.from_arrays([bits, *(text[name] for name in quoted)], names=["bits", *quoted])
    codes, combos = key.factorize()
    codes_text, caveats = [], []
    for combo in combos:
        values = dict(zip(["bits", *quoted], combo))
        chosen = [(flag, caveat) for i, (flag, caveat) in enumerate(templates) if values["bits"] >> i & 1]
        codes_text.append(";".join(flag for flag, _ in chosen))
        caveats.append(_sentence([caveat.format_map(values) for _, caveat in chosen]))
    frame = frame.assign(
        flags=pd.array(np.array(codes_text, dtype=object)[codes], dtype="string"),
        ambiguous=pd.array(bits != 0, dtype="boolean"),
        caveat=pd.array(np.array(caveats, dtype=object)[codes], dtype="string"),
    )
    return frame


def _bits(frame: pd.DataFrame, doubts: pd.Series, flags: pd.DataFrame) -> np.ndarray:
    """One bit per flag (in flags-table order) for every row."""
    bits = np.zeros(len(frame), dtype=np.int64)
    position = {flag: i for i, flag in enumerate(flags["flag"])}
    for i, when in enumerate(flags["when"]):
        if pd.notna(when):
            column, values = when.split("=", 1)
            if column in frame:
                bits |= frame[column].astype(object).isin(values.split("|")).to_numpy().astype(np.int64) << i
    codes, uniques = pd.factorize(doubts)
    doubt_bits = np.array([sum(1 << position[c] for c in filter(None, text.split(";"))) for text in uniques], dtype=np.int64)
    return bits | (doubt_bits[codes] if len(codes) else 0)


def _sentence(clauses: list[str]) -> str:
    if not clauses:
        return ""
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."
