"""Readings: what a figure of uncertain unit or basis would mean under each possible reading.

Every reading is a hypothesis, labelled as such. Nothing else in the package
uses one unless the caller picks it.
"""

from decimal import Decimal

import pandas as pd

from . import _tables as tables
from ._expect import require_frame
from ._loaders import load_context
from ._text import figure_text, number_text

MAX_SHARE = 0.03  # a single deposit holding more than a few percent of world reserves is implausible
BASES = ("ore", "contained metal")
COLUMNS = ["figure_id", "deposit", "commodity", "as_reported", "unit_reading", "basis_reading", "hypothesis", "value_t",
           "world_t", "world_source", "share_of_world", "grade_with", "implied_grade", "plausible", "why",
           "claimant", "publisher", "source_date", "flags", "caveat"]
NEEDED = ["figure_id", "deposit_id", "deposit", "commodity", "value", "unit_reported", "unit_status", "basis", "value_t",
          "source_id", "claimant", "publisher", "source_date", "flags", "caveat"]


def readings(figures: pd.DataFrame, context: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per candidate reading of every figure whose unit or basis is uncertain.

    A figure with an assumed or unknown unit is read in each unit its reported
    text could mean (units.csv ``readings``: 'tons' as metric, short or long);
    a figure of unknown basis is read as ore and as contained metal. Each
    reading gives the tonnage, its share of world reserves (contained metal
    only, from ``context``, default: ``load_context()``), the grade implied
    against a figure of the other basis for the same deposit and commodity from
    the same source, and whether it is plausible, with the reason when not.

    A ``figures`` or ``context`` that is not a frame raises TypeError; one that
    lacks the columns of ``load_reserves()`` or ``load_context()``, ValueError.
    """
    require_frame(figures, NEEDED, "readings()", "load_reserves")
    context = load_context() if context is None else context
    require_frame(context, ["commodity", "basis", "year", "value_t", "source_id"], "readings(context=...)", "load_context")
    units = tables.load("units").table.frame.set_index("unit_reported")
    uncertain = figures[(figures["unit_status"] != "stated") | (figures["basis"] == "unknown")]
    rows = [reading for figure in uncertain.itertuples() for reading in _readings(figure, figures, units, context)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"value_t": "Float64", "world_t": "Float64", "share_of_world": "Float64",
                         "implied_grade": "Float64", "plausible": "boolean"})


def _readings(figure, figures: pd.DataFrame, units: pd.DataFrame, context: pd.DataFrame):
    as_reported = figure_text(figure.value, figure.unit_reported)
    unit_texts = units.at[figure.unit_reported, "readings"].split(";") if figure.unit_status != "stated" else [figure.unit_reported]
    world = _world(context, figure.commodity)
    for unit in filter(None, unit_texts):
        tonnes = float(Decimal(number_text(figure.value)) * Decimal(units.at[unit, "factor_t"]))
        for basis in (BASES if figure.basis == "unknown" else (figure.basis,)):
            what = "ore" if basis == "ore" else f"contained {figure.commodity}"
            share = tonnes / world[0] if world and basis == "contained metal" else None
            partner, grade = _grade(figure, figures, basis, tonnes)
            why = _implausible(share, grade, figure.commodity, world)
            yield [figure.figure_id, figure.deposit, figure.commodity, as_reported, unit, basis,
                   f"hypothesis: '{as_reported}' read as {figure_text(figure.value, unit)} of {what}", tonnes,
                   world[0] if world else None, world[1] if world else None, share, partner, grade, not why, why,
                   figure.claimant, figure.publisher, figure.source_date, figure.flags, figure.caveat]


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
    partners = figures[(figures["deposit_id"] == figure.deposit_id) & (figures["commodity"] == figure.commodity)
                       & (figures["source_id"] == figure.source_id) & (figures["basis"] == other) & figures["value_t"].notna()]
    if partners.empty:
        return None, None
    partner = partners.iloc[0]
    metal, ore = (tonnes, partner["value_t"]) if basis == "contained metal" else (partner["value_t"], tonnes)
    return partner["figure_id"], float(metal / ore)


def _implausible(share: float | None, grade: float | None, commodity: str, world) -> str:
    if grade is not None and grade > 1:
        return f"more {commodity} than ore: an implied grade of {grade:.0%}"
    if share is not None and share > MAX_SHARE:
        return (f"would be {share:.1%} of world {commodity} reserves ({world[1]}): "
                f"more than the few percent ({MAX_SHARE:.0%}) a single deposit can plausibly hold")
    return ""
