"""A total that refuses to add what cannot be added, and says what it left out."""

import pandas as pd

from .._tables import vocabularies
from .expect import require_frame, require_value

NEEDED = ["value_converted", "unit", "measure", "basis", "scope", "resource_class", "flag_codes", "commodity", "deposit_id",
          "territory_id", "part"]
LIKE = ["commodity", "measure", "basis", "unit", "scope", "resource_class"]  # only like is added to like: C1 apart from C2


def total(figures: pd.DataFrame, by: str | list[str] = "commodity") -> pd.DataFrame:
    """Sum ``value_converted`` per group of ``by``, adding only like to like, and only rows that can be added.

    Figures are added only within one commodity, measure, basis, canonical unit, scope
    (deposit, part of one, territory) and resource class (C1 apart from C2, as each is
    stated). A row is left out, and counted with its reason, when it carries a flag whose
    ``total`` column in flags.csv gives a reason (unit unknown, basis unknown, a bound, an
    approximation, a range, a suspected slip, a misreport), when its measure
    is not additive (measures.csv: a grade, a rate, a mine life), or when another claim gives
    a figure for the same deposit or territory in the same group: competing claims are
    alternatives, not parts. A territory's figure is left out when the group adds a figure of a
    territory it lies inside (territories.csv ``within``, at any depth): a district's reserves are
    already in its region's. Plain ``.sum()`` would skip the first silently and add the rest.
    The vocabularies are those the figures were loaded with (``figures.attrs``).

    Returns
    -------
    pandas.DataFrame
        One row per group: its keys, ``total`` in ``unit`` (blank when nothing could be
        added), ``figures`` summed, ``left_out`` and ``why`` (reasons with counts).

    Raises
    ------
    TypeError
        When ``figures`` is not a frame, or ``by`` is not a column name or a list of them.
    ValueError
        When ``figures`` lacks the columns of ``load_reserves()``, or ``by`` names no column of it, or carries no
        vocabularies (a frame not returned by a loader).

    Examples
    --------
    >>> import reserves
    >>> figures = reserves.load_reserves()
    >>> vejnaly = reserves.total(figures[figures["deposit_id"] == "vejnaly"], by="deposit")
    >>> gold = vejnaly[(vejnaly["commodity"] == "gold") & (vejnaly["measure"] == "reserve")]
    >>> print(gold[["basis", "resource_class", "total", "why"]].to_string(index=False))
              basis resource_class     total                            why
            unknown            NaN      <NA> 2 basis unknown; 1 misreported
                ore             C1  183000.0
            unknown             C1      <NA>               1 suspected slip
                ore             C2  433000.0
            unknown             C2      <NA>               1 suspected slip
    contained metal          C1+C2       6.5
    """
    require_frame(figures, NEEDED, "total()", "load_reserves")
    by = list(by) if isinstance(by, (list, tuple)) else [by]
    for column in by:
        require_value(column, figures.columns, "total()", "by", "column of the frame")
    keys = list(dict.fromkeys(by + LIKE))
    known = vocabularies.of(figures, "total()")
    figures = figures.reset_index(drop=True)  # rows by position: a repeated index (pd.concat) must not mix them up
    reason = _reasons(figures, known)
    addable = reason == ""
    competing = figures[addable].duplicated(list(dict.fromkeys(keys + ["deposit_id", "territory_id", "part"])), keep=False)
    reason[competing[competing].index] = "competing claims for one deposit or territory"
    reason[_inside_another(figures, reason == "", keys, known["territories"])] = "inside another territory of the sum"
    rows = []
    for key, group in figures.groupby(keys, observed=True, sort=False, dropna=False):
        why = reason[group.index]
        summed = group.loc[why == "", "value_converted"]
        counts = why[why != ""].value_counts(sort=False)
        rows.append([*key, summed.sum() if len(summed) else pd.NA, len(summed), int(counts.sum()),
                     "; ".join(f"{n} {r}" for r, n in counts.items())])
    return pd.DataFrame(rows, columns=keys + ["total", "figures", "left_out", "why"]).astype({"total": "Float64"})


def _inside_another(figures: pd.DataFrame, addable: pd.Series, keys: list[str], territories: pd.DataFrame) -> list:
    """The addable rows whose territory lies inside the territory of another addable row of their group."""
    within = dict(zip(territories["territory_id"], territories["within"]))
    places = figures.loc[addable & figures["territory_id"].notna(), keys + ["territory_id"]]
    inside = []
    for _, group in places.groupby(keys, observed=True, sort=False, dropna=False):
        present = set(group["territory_id"])
        for row, territory in group["territory_id"].items():
            outer, seen = within.get(territory), {territory}
            while isinstance(outer, str) and outer not in seen:  # validate refuses a cycle; a hand-made frame may hold one
                if outer in present:
                    inside.append(row)
                    break
                seen.add(outer)
                outer = within.get(outer)
    return inside


def _reasons(figures: pd.DataFrame, known) -> pd.Series:
    """Why each row cannot be added ('' when it can): its first flag with a total reason, else a measure not additive."""
    flags = known["flags"].dropna(subset=["total"])
    reason = pd.Series("", index=figures.index, dtype=object)
    carried = figures["flag_codes"].astype(str).str.split(";")
    for flag, why in zip(flags["flag"], flags["total"]):
        reason[(reason == "") & carried.map(lambda codes, flag=flag: flag in codes)] = why
    additive = known["measures"].set_index("measure")["additive"]
    measure = figures["measure"].astype(object)
    reason[(reason == "") & measure.map(additive).ne("yes")] = "not additive (" + measure + ")"
    return reason
