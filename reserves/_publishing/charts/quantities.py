"""Figures on axes, one kind of quantity per axis: a panel per commodity, measure, basis and unit.

Tonnes of ore, tonnes of contained gold, tonnes of unstated basis, a grade, a reserve and an increment are
different quantities: each gets its own panel, headed by what it is. A figure no unit can convert keeps its row,
in its own words, in a panel of text. Every figure's value stands beside its mark as written, with its part,
its qualifier and its class.
"""

import pandas as pd

from ..._analysis.wording import as_reported
from ..._tables import vocabularies
from .layout import Mark, Panel, Row
from .marks import kinds

UNIT_WORDS = {"t": "tonnes", "m3": "cubic metres", "g/t": "grams per tonne", "t/y": "tonnes per year", "t/d": "tonnes per day",
              "m3/y": "cubic metres per year", "m3/d": "cubic metres per day", "y": "years", "%": "percent"}  # the canonical units
LOG = 10  # a panel whose values span more than this factor is drawn on a log axis


def value_texts(rows: pd.DataFrame) -> pd.Series:
    """Each figure as a reader should see it beside its mark: 'tailings: more than 100 tonnes (C1+C2)'."""
    part = rows["part"].astype(object).map(lambda p: f"{p}: ", na_action="ignore").fillna("") if "part" in rows else ""
    named = rows["resource_class"].astype(object).map(lambda c: f" ({c})", na_action="ignore").fillna("") if "resource_class" in rows else ""
    return part + qualifier_words(rows) + as_reported(rows) + named


def qualifier_words(rows: pd.DataFrame) -> pd.Series:
    """'more than ', 'about ', 'at most ': the qualifier a value's text must say, where its mark is no exact figure's or
    range's ('between' shows in the text itself, '2 to 2.5')."""
    words = [f"{q} " if k in ("approximate", "lower bound", "upper bound") else "" for q, k in zip(rows["qualifier"], mark_kinds(rows))]
    return pd.Series(words, index=rows.index, dtype=object)


def mark_kinds(rows: pd.DataFrame) -> pd.Series:
    known = kinds(vocabularies.of(rows, "a chart")["qualifiers"])
    return rows["qualifier"].astype(object).map(known)


def panels(rows: pd.DataFrame, labels: pd.Series, heading: str = "{measure}") -> list[Panel]:
    """The rows as panels, in the order of their first rows: one per commodity, measure, basis and canonical unit."""
    known = vocabularies.of(rows, "a chart")
    grade_units = known["commodities"].set_index("commodity")["grade_unit"]
    factors = known["units"].set_index("unit_reported")["factor"]
    values, kind = value_texts(rows), mark_kinds(rows)
    convertible = rows["value_converted"].notna()
    found: list[Panel] = []
    keys = list(zip(rows["commodity"].astype(str), rows["measure"].astype(str), rows["basis"].astype(str), rows["unit"].astype(str)))
    for key in dict.fromkeys(k for k, c in zip(keys, convertible) if c):
        commodity, measure, basis, unit = key
        group = rows[[k == key and c for k, c in zip(keys, convertible)]]
        shown = grade_units.get(commodity) if unit == "g/t" else None  # a grade in the unit its commodity's grades are read in
        shown = shown if isinstance(shown, str) and shown in factors.index else unit
        scale = float(factors[shown]) if unit == "g/t" and shown != unit else 1.0
        marks = [Mark(float(r.value_converted), k, bool(r.ambiguous),
                      None if pd.isna(r.value_high) else float(r.value_high) * float(factors[r.unit_reported]))
                 for r, k in zip(group.itertuples(), kind[group.index])]
        span = [v for m in marks for v in (m.x, m.high) if v]
        log = len(span) > 1 and min(span) > 0 and max(span) / min(span) > LOG
        found.append(Panel(heading.format(measure=measure.capitalize(), commodity=commodity) + " · " + _quantity(commodity, basis, shown),
                           [Row(labels[i], values[i], m, i) for i, m in zip(group.index, marks)],
                           axis=_quantity(commodity, basis, shown) + (" (log scale)" if log else " (from zero)"),
                           scale="log" if log else "linear", unit=scale))
    unplaced = rows[~convertible]
    if len(unplaced):
        found.append(Panel("On no axis: no unit the figure's text names can be converted",
                           [Row(labels[i], f"{values[i]}: unit unknown", None, i) for i in unplaced.index], scale=None))
    return found


def _quantity(commodity: str, basis: str, unit: str) -> str:
    """What an axis measures: 'tonnes of contained gold', 'tonnes, of ore or of contained gold: not stated'."""
    words = UNIT_WORDS.get(unit, unit)
    if basis == "contained metal":
        return f"{words} of contained {commodity}"
    if basis in ("ore", "concentrate"):
        return f"{words} of {basis} ({commodity})"
    if basis == "unknown":
        return f"{words}, of ore or of contained {commodity}: not stated"
    return f"{words}, {commodity}"


def is_quantity(rows: pd.DataFrame) -> pd.Series:
    """Figures of a quantity in the ground (not a grade, a share or a rate), of any unit."""
    return (rows["in_situ"] == "yes") & rows["dimension"].isin(["mass", "volume", "unknown"])
