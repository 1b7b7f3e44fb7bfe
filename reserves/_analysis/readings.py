"""Readings: what a figure of uncertain unit or basis would mean under each possible reading.

Every reading is a hypothesis, labelled as such. Nothing else in the package
uses one unless the caller picks it.
"""

from decimal import Decimal

import pandas as pd

from .._tables import vocabularies
from .._tables.writer import number_text
from .expect import require_frame
from .wording import figure_text

MAX_SHARE = 0.03  # a single deposit holding more than a few percent of world reserves is implausible
BASES = ("ore", "contained metal")
COLUMNS = ["figure_id", "deposit", "territory", "commodity", "as_reported", "reading", "unit_reading", "basis_reading",
           "hypothesis", "value_converted", "unit", "value_t", "world_t", "world_source", "share_of_world", "grade_with",
           "implied_grade", "estimate_check", "other_claims", "plausible", "why",
           "claimant", "publisher", "source_date", "flag_codes", "caveat"]
NEEDED = ["figure_id", "deposit_id", "deposit", "territory", "commodity", "value", "unit_reported", "unit_status", "basis",
          "dimension", "value_t", "estimate_id", "slip_unit", "source_id", "claimant", "publisher", "source_date", "flag_codes", "caveat"]


def readings(figures: pd.DataFrame, context: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per candidate reading of every figure whose unit or basis is uncertain, or that is part of an estimate.

    A figure with an assumed or unknown unit is read in each unit its reported text
    could mean (units.csv ``readings``: 'tons' as metric, short or long; '13.6 units' as
    13.6 tonnes). A figure with a suspected slip (``slip_unit``) is read as written
    ("literal") and as the unit probably meant ("slip"). A mass of unknown basis is read
    as ore and as contained metal. Each reading gives the converted value, its share of
    world reserves (contained metal only, from ``context``, default: ``load_context()``),
    the grade implied against a figure of the other basis from the same source, the check
    of an estimate's ore, grade and metal against each other (31,141.2 kt × 4.29 g/t =
    133.6 t beside the 133.5 t stated), the other claims about the same deposit or
    territory and commodity, and whether it is plausible, with the reason when not.

    The units and world figures are those the figures were loaded with (``figures.attrs``). A ``figures``
    or ``context`` that is not a frame raises TypeError; one that lacks the columns of ``load_reserves()``
    or ``load_context()``, or carries no vocabularies, ValueError.

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
    uncertain = figures[(figures["unit_status"] != "stated") | ((figures["basis"] == "unknown") & (figures["dimension"] == "mass"))
                        | figures["slip_unit"].notna() | figures["estimate_id"].notna()]
    rows = [reading for figure in uncertain.itertuples() for reading in _readings(figure, figures, units, context)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"value_converted": "Float64", "value_t": "Float64", "world_t": "Float64", "share_of_world": "Float64",
                         "implied_grade": "Float64", "plausible": "boolean"})


def _units(figure, units: pd.DataFrame) -> list[tuple[str, str]]:
    """(reading, unit text) pairs: the candidates an assumed or unknown unit names, and a suspected slip's unit."""
    if figure.unit_status == "stated":
        found = [("as stated", figure.unit_reported)]
    else:
        found = [("candidate unit", unit) for unit in str(units.at[figure.unit_reported, "readings"]).split(";") if unit and unit != "nan"]
    if pd.notna(figure.slip_unit):
        found = [("literal", unit) for _, unit in found] + [("slip", figure.slip_unit)]
    return found


def _readings(figure, figures: pd.DataFrame, units: pd.DataFrame, context: pd.DataFrame):
    as_reported = figure_text(figure.value, figure.unit_reported)
    world = _world(context, figure.commodity)
    others = _other_claims(figure, figures)
    for reading, unit in _units(figure, units):
        converted = float(Decimal(number_text(figure.value)) * Decimal(number_text(units.at[unit, "factor"])))
        canonical = units.at[unit, "unit"]
        mass = canonical == "t"
        for basis in (BASES if figure.basis == "unknown" and mass else (figure.basis,)):
            what = "ore" if basis == "ore" else f"contained {figure.commodity}" if basis == "contained metal" else str(basis)
            tonnes = converted if mass else None
            share = tonnes / world[0] if world and mass and basis == "contained metal" else None
            partner, grade = _grade(figure, figures, basis, tonnes) if mass else (None, None)
            check = _estimate(figure, figures, basis, tonnes) if mass else ""
            why = _implausible(share, grade, figure.commodity, world)
            yield [figure.figure_id, figure.deposit, figure.territory, figure.commodity, as_reported, reading, unit, basis,
                   f"hypothesis: '{as_reported}' read as {figure_text(figure.value, unit)} of {what}", converted, canonical,
                   tonnes, world[0] if world else None, world[1] if world else None, share, partner, grade, check, others,
                   not why, why, figure.claimant, figure.publisher, figure.source_date, figure.flag_codes, figure.caveat]


def _same_place(figure, figures: pd.DataFrame) -> pd.Series:
    """Rows about the same deposit (or, for a territory figure, the same territory) and commodity."""
    place = figures["deposit_id"] == figure.deposit_id if pd.notna(figure.deposit_id) else figures["territory"] == figure.territory
    return place.fillna(False).astype(bool) & (figures["commodity"] == figure.commodity)


def _other_claims(figure, figures: pd.DataFrame) -> str:
    """The other figures in tonnes for the same deposit or territory and commodity, with their claimants."""
    rows = figures[_same_place(figure, figures) & (figures["figure_id"] != figure.figure_id) & figures["value_t"].notna()]
    return "; ".join(f"{figure_text(t, 't')} ({who})" for t, who in zip(rows["value_t"], rows["claimant"]))


def _world(context: pd.DataFrame, commodity: str) -> tuple[float, str] | None:
    """Latest world reserves of a commodity, as contained metal, and its citation."""
    rows = context[(context["commodity"] == commodity) & (context["basis"] == "contained metal")]
    if rows.empty:
        return None
    latest = rows.sort_values("year").iloc[-1]
    return float(latest["value_t"]), f"{latest['source_id']}: {latest['value_t']:,.0f} t in {latest['year']}"


def _grade(figure, figures: pd.DataFrame, basis: str, tonnes: float) -> tuple[str | None, float | None]:
    """Grade implied against a figure of the other basis, same deposit, commodity and source."""
    other = "ore" if basis == "contained metal" else "contained metal"
    partners = figures[_same_place(figure, figures) & (figures["source_id"] == figure.source_id)
                       & (figures["basis"] == other) & figures["value_t"].notna()]
    if partners.empty:
        return None, None
    partner = partners.iloc[0]
    metal, ore = (tonnes, partner["value_t"]) if basis == "contained metal" else (partner["value_t"], tonnes)
    return partner["figure_id"], float(metal / ore)


def _estimate(figure, figures: pd.DataFrame, basis: str, tonnes: float) -> str:
    """An estimate's ore times its grade against its metal: the three figures one source gives of one estimate."""
    if pd.isna(figure.estimate_id):
        return ""
    group = figures[figures["estimate_id"] == figure.estimate_id]
    grades = group[(group["dimension"] == "grade") & (group["commodity"] == figure.commodity)]
    if grades.empty:
        return ""
    grade = grades.iloc[0]
    per_tonne = float(grade["value_converted"])  # g/t
    if basis == "ore":
        metal = tonnes * per_tonne / 1e6
        stated = group[(group["dimension"] == "mass") & (group["basis"] != "ore") & (group["commodity"] == figure.commodity)
                       & (group["figure_id"] != figure.figure_id)]
        beside = f"; the same estimate gives {_tonnes(stated['value_t'].iloc[0])} of it" if len(stated) else ""
        return f"{_tonnes(tonnes)} of ore × {grade['value']:g} {grade['unit_reported']} = {_tonnes(metal)} of {figure.commodity}{beside}"
    ores = group[(group["dimension"] == "mass") & (group["basis"] == "ore")]
    if ores.empty:
        return ""
    ore = float(ores["value_t"].iloc[0])
    metal = ore * per_tonne / 1e6
    apart = abs(tonnes - metal) / metal if metal else float("inf")
    return (f"ore {_tonnes(ore)} × {grade['value']:g} {grade['unit_reported']} = {_tonnes(metal)} of {figure.commodity}, "
            f"beside {_tonnes(tonnes)} read here: {apart:.1%} apart")


def _tonnes(value: float) -> str:
    """A computed tonnage for a reader: six significant digits, no more than the arithmetic means."""
    return f"{value:,.6g} t"


def _implausible(share: float | None, grade: float | None, commodity: str, world) -> str:
    if grade is not None and grade > 1:
        return f"more {commodity} than ore: an implied grade of {grade:.0%}"
    if share is not None and share > MAX_SHARE:
        return (f"would be {share:.1%} of world {commodity} reserves ({world[1]}): "
                f"more than the few percent ({MAX_SHARE:.0%}) a single deposit can plausibly hold")
    return ""
