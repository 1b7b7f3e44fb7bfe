"""Readings: what a figure of uncertain unit or basis would mean under each possible reading.

Every reading is a hypothesis, labelled as such. Nothing else in the package uses one unless the caller picks it.
"""

from decimal import Decimal

import pandas as pd

from .._tables import vocabularies
from .expect import require_frame
from .wording import plain_number, written

MAX_SHARE = 3.0  # percent of world reserves: a single deposit holding more is implausible
BASES = ("ore", "contained metal")
COLUMNS = ["figure_id", "deposit", "territory", "part", "commodity", "qualifier", "as_reported", "reading", "unit_reading",
           "basis_reading", "hypothesis", "value_converted", "unit", "value_t", "world_t", "world_source", "share_of_world_percent",
           "share_of_world_high_percent", "grade_with",
           "implied_grade", "grade_unit", "estimate_check", "other_claims", "plausible", "why",
           "claimant", "claimant_name", "claimant_short", "publisher", "source_date", "flag_codes", "caveat"]
NEEDED = ["figure_id", "deposit_id", "deposit", "territory", "part", "commodity", "qualifier", "measure", "value", "value_as_written",
          "value_high_as_written", "unit_reported",
          "unit_status", "basis", "dimension", "value_converted", "value_t", "estimate_id", "slip_unit", "source_id", "claimant",
          "claimant_name", "claimant_short",
          "publisher", "source_date", "flag_codes", "caveat"]


def readings(figures: pd.DataFrame, context: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per candidate reading of every figure whose unit or basis is uncertain, or that is part of an estimate.

    A figure with an assumed or unknown unit is read in each unit its reported text could mean (units.csv
    ``readings``: 'tons' as metric, short or long; '13.6 units' as 13.6 tonnes). A figure with a suspected slip
    (``slip_unit``) is read as written ("literal") and as the unit probably meant ("slip"). A tonnage of unknown
    basis is read as ore and as contained metal, unless its unit rules one out (an ounce of gold is never ore).
    Each reading gives the converted value, its share of world reserves in percent (contained metal only, from
    ``context``, default: the world figures the frame carries), the grade implied against a figure of the other
    basis from the same source, in the unit the commodity's grades are read in (commodities.csv: g/t for gold,
    % for copper), the check of an estimate's ore, grade and metal against each other (31,141,200 t × 4.29 g/t =
    133.596 t beside the 133.5 t stated), the other claims about the same deposit or territory and commodity, and
    whether it is plausible, with the reason when not. A row without a value has no reading.

    The units, commodities and world figures are those the figures were loaded with (``figures.attrs``). A
    ``figures`` or ``context`` that is not a frame raises TypeError; one that lacks the columns of
    ``load_reserves()`` or ``load_context()``, or carries no vocabularies, ValueError.

    Examples
    --------
    >>> import reserves
    >>> readings = reserves.readings(reserves.load_reserves())
    >>> for row in readings[readings["figure_id"] == "demirli-copper-ngo"].head(2).itertuples():
    ...     print(row.hypothesis, "| plausible:", row.plausible)
    hypothesis: '100 million tons' read as 100 million tonnes of ore | plausible: True
    hypothesis: '100 million tons' read as 100 million tonnes of contained copper | plausible: False
    """
    require_frame(figures, NEEDED, "readings()", "load_reserves")
    known = vocabularies.of(figures, "readings()")
    context = known["context"] if context is None else context
    require_frame(context, ["commodity", "basis", "year", "value_t", "source_id"], "readings(context=...)", "load_context")
    units = known["units"].set_index("unit_reported")
    grade_units = known["commodities"].set_index("commodity")["grade_unit"]
    figures = figures.reset_index(drop=True)
    uncertain = figures[figures["value"].notna() & (
        (figures["unit_status"] != "stated") | ((figures["basis"] == "unknown") & (figures["dimension"] == "mass"))
        | figures["slip_unit"].notna() | figures["estimate_id"].notna())]
    rows = [reading for figure in uncertain.itertuples() for reading in _readings(figure, figures, units, grade_units, context)]
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({
        "value_converted": "Float64", "value_t": "Float64", "world_t": "Float64", "share_of_world_percent": "Float64",
        "share_of_world_high_percent": "Float64", "implied_grade": "Float64", "plausible": "boolean"})
    frame.attrs = {"table": "readings", "folder": figures.attrs.get("folder"), "vocabularies": known}  # the charts read its qualifiers
    return frame


def _units(figure, units: pd.DataFrame) -> list[tuple[str, str]]:
    """(reading, unit text) pairs: the candidates an assumed or unknown unit names (an assumed one with none is read as
    assumed), and a suspected slip's unit."""
    if figure.unit_status == "stated":
        found = [("as stated", figure.unit_reported)]
    else:
        named = units.at[figure.unit_reported, "readings"]
        found = [("candidate unit", unit) for unit in (named.split(";") if isinstance(named, str) else []) if unit]
        if not found and figure.unit_status == "assumed":
            found = [("as assumed", figure.unit_reported)]
    if pd.notna(figure.slip_unit):
        found = [("literal", unit) for _, unit in found] + [("slip", figure.slip_unit)]
    return found


def _readings(figure, figures: pd.DataFrame, units: pd.DataFrame, grade_units: pd.Series, context: pd.DataFrame):
    high = figure.value_high_as_written if isinstance(figure.value_high_as_written, str) else None
    as_reported = f"{written(figure.value_as_written)}{f' to {written(high)}' if high else ''} {figure.unit_reported}"
    world = _world(context, figure.commodity)
    others = _other_claims(figure, figures)
    grade_unit = grade_units.get(figure.commodity)
    grade_unit = grade_unit if isinstance(grade_unit, str) else None  # blank: a commodity whose grades no one reports
    for reading, unit in _units(figure, units):
        factor = units.at[unit, "factor"]
        if pd.isna(factor):  # a candidate no one can convert: the reading says so and stops there
            continue
        factor = Decimal(repr(float(factor)))  # decimal arithmetic on the numbers as written
        converted = float(Decimal(str(figure.value_as_written)) * factor)
        canonical = units.at[unit, "unit"]
        mass = canonical == "t"
        by_unit = units.at[unit, "basis"]
        bases = (by_unit,) if pd.notna(by_unit) else BASES if figure.basis == "unknown" and mass else (figure.basis,)
        for basis in bases:
            tonnes = converted if mass else None
            share = tonnes / world[0] * 100 if world and mass and basis == "contained metal" else None
            top = float(Decimal(high) * factor) / world[0] * 100 if share is not None and high else None
            partner, grade = _grade(figure, figures, basis, tonnes, grade_unit, units) if mass else (None, None)
            check = _estimate(figure, figures, basis, tonnes, units) if mass else ""
            why = _implausible(share, grade, grade_unit, figure.commodity, world)
            yield [figure.figure_id, figure.deposit, figure.territory, figure.part, figure.commodity, figure.qualifier, as_reported,
                   reading, unit, basis,
                   f"hypothesis: '{as_reported}' read as {written(figure.value_as_written)} {unit}{_of(basis, figure.commodity)}", converted,
                   canonical, tonnes, world[0] if world else None, world[1] if world else None, share, top, partner, grade,
                   grade_unit if grade is not None else None, check, others, not why, why, figure.claimant, figure.claimant_name,
                   figure.claimant_short, figure.publisher, figure.source_date, figure.flag_codes, figure.caveat]


def _of(basis: str, commodity: str) -> str:
    """' of ore', ' of contained copper'; nothing for a figure that is no tonnage."""
    return {"ore": " of ore", "contained metal": f" of contained {commodity}", "concentrate": " of concentrate"}.get(basis, "")


def _same_place(figure, figures: pd.DataFrame) -> pd.Series:
    """Rows about the same deposit (or, for a territory figure, the same territory) and commodity."""
    place = figures["deposit_id"] == figure.deposit_id if pd.notna(figure.deposit_id) else figures["territory"] == figure.territory
    return place.fillna(False).astype(bool) & (figures["commodity"] == figure.commodity)


def _other_claims(figure, figures: pd.DataFrame) -> str:
    """The other figures in tonnes for the same deposit or territory and commodity, with their claimants."""
    rows = figures[_same_place(figure, figures) & (figures["figure_id"] != figure.figure_id) & figures["value_t"].notna()]
    return "; ".join(f"{plain_number(t)} t ({who if pd.notna(who) else 'unattributed'})"
                     for t, who in zip(rows["value_t"], rows["claimant_name"]))


def _world(context: pd.DataFrame, commodity: str) -> tuple[float, str] | None:
    """Latest world reserves of a commodity, as contained metal, and its citation."""
    rows = context[(context["commodity"] == commodity) & (context["basis"] == "contained metal")]
    if rows.empty:
        return None
    latest = rows.sort_values("year").iloc[-1]
    return float(latest["value_t"]), f"{latest['source_id']}: {plain_number(latest['value_t'])} t in {latest['year']}"


def _in_unit(fraction: float, unit: str | None, units: pd.DataFrame) -> float:
    """A mass fraction (metal over ore) in a grade unit of units.csv: g/t (its factor 1) or % (10,000)."""
    return fraction * 1e6 / float(units.at[unit, "factor"]) if isinstance(unit, str) else fraction * 1e6


def _grade(figure, figures: pd.DataFrame, basis: str, tonnes: float, grade_unit: str | None,
           units: pd.DataFrame) -> tuple[str | None, float | None]:
    """Grade implied against a figure of the other basis, same deposit, commodity and source, in the commodity's grade unit."""
    other = "ore" if basis == "contained metal" else "contained metal"
    partners = figures[_same_place(figure, figures) & (figures["source_id"] == figure.source_id)
                       & (figures["basis"] == other) & figures["value_t"].notna()]
    if partners.empty or not tonnes:
        return None, None
    partner = partners.iloc[0]
    metal, ore = (tonnes, partner["value_t"]) if basis == "contained metal" else (partner["value_t"], tonnes)
    return partner["figure_id"], _in_unit(float(metal / ore), grade_unit, units)


def _estimate(figure, figures: pd.DataFrame, basis: str, tonnes: float, units: pd.DataFrame) -> str:
    """An estimate's ore times its grade against its metal: the three figures one source gives of one estimate."""
    if pd.isna(figure.estimate_id):
        return ""
    group = figures[figures["estimate_id"] == figure.estimate_id]
    grades = group[(group["measure"] == "grade") & (group["commodity"] == figure.commodity) & group["value_converted"].notna()]
    if grades.empty:
        return ""
    grade = grades.iloc[0]
    per_tonne = float(grade["value_converted"])  # g/t: the unit a grade converts to
    grade_text = f"{written(grade['value_as_written'])} {grade['unit_reported']}"
    if basis == "ore":
        metal = tonnes * per_tonne / 1e6
        stated = group[(group["dimension"] == "mass") & (group["basis"] != "ore") & (group["commodity"] == figure.commodity)
                       & (group["figure_id"] != figure.figure_id) & group["value_t"].notna()]
        beside = f"; the same estimate gives {plain_number(stated['value_t'].iloc[0])} t of it" if len(stated) else ""
        return f"{plain_number(tonnes)} t of ore × {grade_text} = {plain_number(metal)} t of {figure.commodity}{beside}"
    ores = group[(group["dimension"] == "mass") & (group["basis"] == "ore") & group["value_t"].notna()]
    if ores.empty:
        return ""
    ore = float(ores["value_t"].iloc[0])
    metal = ore * per_tonne / 1e6
    apart = abs(tonnes - metal) / metal * 100 if metal else float("inf")
    return (f"ore {plain_number(ore)} t × {grade_text} = {plain_number(metal)} t of {figure.commodity}, "
            f"beside {plain_number(tonnes)} t read here: {plain_number(apart, 2)} % apart")


def _implausible(share: float | None, grade: float | None, grade_unit: str | None, commodity: str, world) -> str:
    whole = 100 if grade_unit == "%" else 1e6  # a grade of all metal, no rock: 100 %, or a million g/t
    if grade is not None and grade > whole:
        return f"more {commodity} than ore: an implied grade of {plain_number(grade)} {grade_unit or 'g/t'}"
    if share is not None and share > MAX_SHARE:
        return (f"would be {plain_number(share, 3)} % of world {commodity} reserves ({world[1]}): "
                f"more than the few percent ({plain_number(MAX_SHARE)} %) a single deposit can plausibly hold")
    return ""
