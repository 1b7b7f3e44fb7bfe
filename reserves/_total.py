"""A total that refuses to add what cannot be added, and says what it left out."""

import pandas as pd

from ._expect import require_frame, require_value

NEEDED = ["value_t", "basis", "qualifier", "flags", "commodity", "deposit_id"]
OUT = {"more than": "lower bound", "at least": "lower bound", "at most": "upper bound", "about": "approximate"}


def total(figures: pd.DataFrame, by="commodity") -> pd.DataFrame:
    """Sum ``value_t`` per group of ``by``, commodity and basis, only over rows that can be added.

    A row is left out, and counted with its reason, when its unit is unknown, its
    basis is unknown, its qualifier makes it a bound or an approximation, it is
    not a reserve (flag ``not_reserve``), or another claim gives a figure for the
    same deposit and commodity in the same group: competing claims are
    alternatives, not parts. Plain ``.sum()`` would skip the first silently and
    add the others.

    Returns
    -------
    pandas.DataFrame
        One row per group, commodity and basis: ``total_t`` (blank when nothing could be
        added), ``figures`` summed, ``left_out`` and ``why`` (reasons with counts).

    Raises
    ------
    TypeError
        When ``figures`` is not a frame, or ``by`` is not a column name or a list of them.
    ValueError
        When ``figures`` lacks the columns of ``load_reserves()``, or ``by`` names no column of it.
    """
    require_frame(figures, NEEDED, "total()", "load_reserves")
    by = list(by) if isinstance(by, (list, tuple)) else [by]
    for column in by:
        require_value(column, figures.columns, "total()", "by", "column of the frame")
    keys = list(dict.fromkeys(by + ["commodity", "basis"]))  # never add across commodities or bases
    reason = pd.Series("", index=figures.index, dtype=object)
    reason[figures["value_t"].isna()] = "unit unknown"
    reason[(reason == "") & (figures["basis"] == "unknown")] = "basis unknown"
    reason[reason == ""] = figures["qualifier"].astype(object).map(OUT).fillna("")[reason == ""]
    reason[(reason == "") & figures["flags"].str.contains(r"\bnot_reserve\b", na=False)] = "not a reserve"
    addable = reason == ""
    competing = figures[addable].duplicated(list(dict.fromkeys(keys + ["deposit_id"])), keep=False)
    reason[competing[competing].index] = "competing claims for one deposit"
    rows = []
    for key, group in figures.groupby(keys, observed=True, sort=False, dropna=False):
        why = reason[group.index]
        summed = group.loc[why == "", "value_t"]
        counts = why[why != ""].value_counts(sort=False)
        rows.append([*key, summed.sum() if len(summed) else pd.NA, len(summed), int(counts.sum()),
                     "; ".join(f"{n} {r}" for r, n in counts.items())])
    return pd.DataFrame(rows, columns=keys + ["total_t", "figures", "left_out", "why"]).astype({"total_t": "Float64"})
