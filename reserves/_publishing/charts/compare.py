"""Charts that set claims side by side: one deposit's claims, territory totals, classes, readings against the world."""

import pandas as pd
from matplotlib.figure import Figure

from ..._analysis.expect import require_frame, require_value
from ..._analysis.readings import MAX_SHARE
from ..._analysis.wording import plain_number
from . import marks
from .base import chart, styled, who_when
from .layout import Mark, Panel, Row
from .quantities import is_quantity, mark_kinds, panels

CLAIMS = ["deposit", "deposit_id", "territory", "part", "commodity", "measure", "value", "value_high", "value_as_written",
          "value_high_as_written", "unit_reported", "unit", "value_converted", "basis", "qualifier", "resource_class", "in_situ",
          "dimension", "scope", "ambiguous", "claimant", "claimant_name", "claimant_short", "publisher", "source_date", "caveat"]
SHARES = ["figure_id", "deposit", "territory", "commodity", "qualifier", "part", "as_reported", "share_of_world_percent",
          "share_of_world_high_percent", "world_source",
          "plausible", "claimant", "claimant_name", "claimant_short", "publisher", "source_date", "flag_codes", "caveat"]


@styled
def claims_compared(figures: pd.DataFrame, deposit_id: str, commodity: str) -> Figure:
    """Every claim of a quantity in the ground about one deposit and commodity, by claimant and date.

    One panel per kind of quantity (reserve, resource, in the ground, increment; ore, contained metal or basis not
    stated); each claim a mark by how its wording bounds it, its value beside it as written, with its part
    ('tailings: more than 100 tonnes'). A figure no unit converts keeps its row, in words.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> figure = charts.claims_compared(reserves.load_reserves(), "vejnaly", "gold")
    >>> figure.title_text
    'Vejnaly: every claim about its gold in the ground'
    """
    require_frame(figures, CLAIMS, "claims_compared()", "load_reserves")
    require_value(deposit_id, figures["deposit_id"], "claims_compared()", "deposit_id", "row of the frame")
    rows = figures[figures["deposit_id"] == deposit_id]
    require_value(commodity, rows["commodity"], "claims_compared()", "commodity", f"row of deposit_id {deposit_id!r}")
    rows = rows[(rows["commodity"] == commodity) & is_quantity(rows)].sort_values("source_date", kind="stable", na_position="last")
    name = figures.loc[figures["deposit_id"] == deposit_id, "deposit"].iloc[0]
    labels = who_when(rows)
    return chart(f"{name}: every claim about its {commodity} in the ground", rows, labels, panels(rows, labels))


@styled
def territory_totals(figures: pd.DataFrame) -> Figure:
    """Every figure of a quantity in the ground about a territory (a district, a region, a company's mines), apart
    from the deposits inside it: a panel per kind of quantity, never added to a deposit's figure.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.territory_totals(reserves.load_reserves()).title_text
    'Totals reported for territories, not for single deposits'
    """
    require_frame(figures, CLAIMS, "territory_totals()", "load_reserves")
    rows = figures[figures["deposit_id"].isna() & is_quantity(figures)].sort_values(["territory", "commodity"], kind="stable")
    if rows.empty:
        raise ValueError("territory_totals(): no figure of the frame is about a territory (territory_id); nothing to draw")
    labels = rows["territory"].astype(object) + " (" + who_when(rows) + ")"
    return chart("Totals reported for territories, not for single deposits", rows, labels, panels(rows, labels))


@styled
def classes_compared(figures: pd.DataFrame) -> Figure:
    """Figures that name their resource or reserve class (C1+C2 against P1, measured and indicated), by place.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.classes_compared(reserves.load_reserves()).title_text
    'Figures by the class their source gives them'
    """
    require_frame(figures, CLAIMS, "classes_compared()", "load_reserves")
    rows = figures[figures["resource_class"].notna() & is_quantity(figures)]
    if rows.empty:
        raise ValueError("classes_compared(): no figure of the frame names a resource_class; nothing to draw")
    place = rows["deposit"].astype(object).fillna(rows["territory"].astype(object))
    labels = place + ": " + rows["resource_class"].astype(str) + " (" + who_when(rows) + ")"
    return chart("Figures by the class their source gives them", rows, labels, panels(rows, labels))


@styled
def world_shares(readings: pd.DataFrame, commodity: str = "copper") -> Figure:
    """Each uncertain figure of a quantity in the ground, read as contained metal, as a share of world reserves.

    A hypothesis per figure, at its first unit reading (metric tonnes); its mark says how the figure's wording
    bounds it. The dashed line is the share above which one deposit is implausible.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> readings = reserves.readings(reserves.load_reserves())
    >>> charts.world_shares(readings, "copper").title_text
    'Reported copper figures read as contained copper: share of world reserves'
    """
    require_frame(readings, SHARES, "world_shares()", "readings")
    require_value(commodity, readings["commodity"], "world_shares()", "commodity", "row of the frame")
    rows = readings[(readings["commodity"] == commodity) & readings["share_of_world_percent"].notna()]
    mined = rows["flag_codes"].str.contains(r"\bnot_reserve\b", na=False)
    left = rows[mined].drop_duplicates("figure_id")
    notes = [f"Not drawn: {text} ({who}): not a quantity in the ground." for text, who in zip(left["as_reported"], who_when(left))]
    first = rows[~mined].drop_duplicates("figure_id")
    if first.empty:
        raise ValueError(f"world_shares(): no figure of {commodity} in the ground has a share of world reserves; nothing to draw")
    world = first["world_source"].iloc[0]
    place = first["deposit"].astype(object).fillna(first["territory"].astype(object))
    labels = place + " (" + who_when(first) + ")"
    kind = mark_kinds(first)
    bound = [k in ("approximate", "lower bound", "upper bound") for k in kind]
    high = first["share_of_world_high_percent"]
    said = lambda q, b: f"{q} " if b else ""  # the qualifier, for a bound or an approximation
    texts = [f"{said(q, b)}{text} → {said(q, b)}{plain_number(share, 3)}{' to ' + plain_number(top, 3) if pd.notna(top) else ''} %"
             + ("" if plausible else ": implausible")
             for q, b, text, share, top, plausible in zip(first["qualifier"], bound, first["as_reported"], first["share_of_world_percent"],
                                                          high, first["plausible"])]
    flagged = first["flag_codes"].fillna("").astype(bool)
    panel = Panel(f"Read as contained {commodity} · share of world reserves ({world})",
                  [Row(labels[i], text, Mark(float(share), k, bool(f), None if pd.isna(top) else float(top)))
                   for i, text, share, top, k, f in zip(first.index, texts, first["share_of_world_percent"], high, kind, flagged)],
                  axis=f"percent of world {commodity} reserves (log scale)", scale="log", threshold=(MAX_SHARE, ""))
    notes.insert(0, f"World reserves: {world} (contained metal). Each mark is a hypothesis: the figure read as contained {commodity}, "
                    "in metric tonnes.")
    return chart(f"Reported {commodity} figures read as contained {commodity}: share of world reserves", first, labels, [panel], notes,
                 legend=[marks.threshold(f"{plain_number(MAX_SHARE)} % of world reserves, more than one deposit can plausibly hold")])
