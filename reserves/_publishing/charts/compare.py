"""Charts that set claims side by side: one deposit's claims on a log scale, and readings against world reserves."""

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..._analysis.expect import require_frame, require_value
from ..._analysis.readings import MAX_SHARE
from ..._analysis.wording import as_reported, claimants, plain_number
from .base import FLAGGED, PLAIN, dates, in_the_ground, label, new_figure, rows_axis, styled
from .reported import DRAWN

BASIS_COLOURS = {"ore": "#a6a6a6", "concentrate": "#8fb3d9", "contained metal": "#d9a441", "unknown": "#ffffff",
                 "not applicable": "#c9c9c9"}
SHARES = ["figure_id", "deposit", "territory", "commodity", "as_reported", "share_of_world_percent", "world_source", "plausible",
          "claimant", "claimant_name", "claimant_short",
          "publisher", "source_date", "flag_codes", "caveat"]  # the columns of readings() this chart reads
CLAIMS = DRAWN + ["deposit_id", "territory", "qualifier", "resource_class", "in_situ", "dimension", "scope"]
PLAUSIBLE, IMPLAUSIBLE = {"facecolor": "#d9a441"}, {"facecolor": "#e8a0a0"}  # colour: the reading; hatching: the figure's flags


def claim_labels(rows: pd.DataFrame) -> pd.Series:
    """Claimant and date of each claim."""
    return (claimants(rows, short=True) + ", " + dates(rows)).str.wrap(38)


@styled
def claims_compared(figures: pd.DataFrame, deposit_id: str, commodity: str) -> Figure:
    """Every claim of a quantity in the ground about one deposit and commodity, by claimant and date, on a log scale.

    Bar colour is the basis (ore, concentrate, contained metal, unknown); hatching marks a
    flagged figure. A figure whose unit cannot be put in tonnes keeps its row, in its own
    words, with no bar. Rates, plans and grades are not quantities in the ground: they are not drawn.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> figure = charts.claims_compared(reserves.load_reserves(), "vejnaly", "gold")
    >>> figure.texts[0].get_text()
    'Vejnaly: every claim about its gold in the ground, side by side'
    """
    require_frame(figures, CLAIMS, "claims_compared()", "load_reserves")
    require_value(deposit_id, figures["deposit_id"], "claims_compared()", "deposit_id", "row of the frame")
    rows = figures[figures["deposit_id"] == deposit_id]
    require_value(commodity, rows["commodity"], "claims_compared()", "commodity", f"row of deposit_id {deposit_id!r}")
    rows = in_the_ground(rows[rows["commodity"] == commodity]).sort_values("source_date", kind="stable", na_position="last")
    title = f"{rows['deposit'].iloc[0] if len(rows) else deposit_id}: every claim about its {commodity} in the ground, side by side"
    return _log_bars(rows, title, claim_labels(rows))


@styled
def territory_totals(figures: pd.DataFrame) -> Figure:
    """Every figure of a quantity in the ground about a territory (a district, 'the occupied territories'), on a log scale.

    A territory total is no deposit's figure: it is drawn apart, by territory and commodity,
    so it is never added to or compared as one with the deposits inside it.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.territory_totals(reserves.load_reserves()).texts[0].get_text()
    'Totals reported for territories, not for single deposits'
    """
    require_frame(figures, CLAIMS, "territory_totals()", "load_reserves")
    rows = in_the_ground(figures[figures["scope"] != "deposit"])
    rows = rows[rows["deposit_id"].isna()].sort_values(["territory", "commodity"], kind="stable")
    if rows.empty:
        raise ValueError("territory_totals(): no figure of the frame is about a territory (territory_id); nothing to draw")
    labels = (rows["territory"].astype(object) + " " + rows["commodity"].astype(str) + " (" + claim_labels(rows) + ")").str.wrap(44)
    return _log_bars(rows, "Totals reported for territories, not for single deposits", labels)


@styled
def classes_compared(figures: pd.DataFrame) -> Figure:
    """Figures that name their resource or reserve class (C1+C2 against P1), by deposit or territory, on a log scale.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.classes_compared(reserves.load_reserves()).texts[0].get_text()
    'Figures by the class their source gives them'
    """
    require_frame(figures, CLAIMS, "classes_compared()", "load_reserves")
    rows = in_the_ground(figures[figures["resource_class"].notna()])
    if rows.empty:
        raise ValueError("classes_compared(): no figure of the frame names a resource_class; nothing to draw")
    place = rows["deposit"].astype(object).fillna(rows["territory"].astype(object))
    labels = (place + " " + rows["commodity"].astype(str) + ": " + rows["resource_class"].astype(str) + " (" + claim_labels(rows) + ")")
    return _log_bars(rows, "Figures by the class their source gives them", labels.str.wrap(44))


def _log_bars(rows: pd.DataFrame, title: str, labels: pd.Series) -> Figure:
    """One bar per figure on a log tonnes axis, coloured by basis, hatched when flagged; unconvertible units in words."""
    drawn = rows[rows["value_t"].notna()]
    marks = [({"facecolor": colour, **PLAIN}, f"basis: {basis}") for basis, colour in BASIS_COLOURS.items()
             if (drawn["basis"] == basis).any()] + [(FLAGGED, "hatched: flagged (caveats below)")]
    fig = new_figure(title, rows, labels, [], height=0.42 * len(rows) + 1.2, marks=marks)
    ax = fig.subplots()
    left, right = (drawn["value_t"].min() / 3, drawn["value_t"].max() * 6) if len(drawn) else (1, 1e9)  # room for the labels
    for i, (text, row) in enumerate(zip(as_reported(rows), rows.itertuples())):
        qualifier = "" if row.qualifier == "exact" else f"{row.qualifier} "
        named = f" ({row.resource_class})" if pd.notna(row.resource_class) else ""
        if pd.isna(row.value_t):  # kept in its place, in its own words, off the tonnes axis
            label(ax, left, i, f"{qualifier}{text}{named}: unit unknown, cannot be placed on this axis")
            continue
        ax.barh(i, row.value_t, color=BASIS_COLOURS.get(row.basis, "#ffffff"), **(FLAGGED if row.ambiguous else PLAIN))
        label(ax, row.value_t, i, f"{qualifier}{text}{named}")
    rows_axis(ax, labels.tolist(), fontsize=7.5)
    ax.set_xscale("log")
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    ax.set_xlabel("tonnes as reported (log scale), whatever they measure")
    return fig


@styled
def world_shares(readings: pd.DataFrame, commodity: str = "copper") -> Figure:
    """Each uncertain figure read as contained metal, as a share of world reserves.

    One bar per figure, at its first unit reading (metric); the whisker spans its
    other unit readings (short and long tons). Colour says whether the reading is
    plausible (orange) or not (red); hatching, as in every chart, that the figure
    carries flags. The dashed line is the share above which one deposit is implausible.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> readings = reserves.readings(reserves.load_reserves())
    >>> charts.world_shares(readings, "copper").texts[0].get_text()
    'Reported copper figures read as contained copper: share of world reserves'
    """
    require_frame(readings, SHARES, "world_shares()", "readings")
    require_value(commodity, readings["commodity"], "world_shares()", "commodity", "row of the frame")
    rows = readings[(readings["commodity"] == commodity) & readings["share_of_world_percent"].notna()]
    mined = rows["flag_codes"].str.contains(r"\bnot_reserve\b", na=False)
    drawn = pd.DataFrame({"text": rows.loc[mined, "as_reported"], "who": claimants(rows[mined])}).drop_duplicates()
    notes = [f"Not drawn: {text} ({who}): not a quantity in the ground." for text, who in drawn.itertuples(index=False)]
    rows = rows[~mined]
    span = rows.groupby("figure_id", sort=False)["share_of_world_percent"].agg(["min", "max"])
    first = rows.drop_duplicates("figure_id").set_index("figure_id")
    place = first["deposit"].astype(object).fillna(first["territory"].astype(object))
    labels = place + ": " + first["as_reported"] + "\n(" + first["publisher"] + ", " + dates(first) + ")"
    world = first["world_source"].iloc[0] if len(first) else "no world figure"
    notes.insert(0, f"World reserves: {world} (contained metal). Each bar is a hypothesis: the figure read as contained {commodity}.")
    fig = new_figure(f"Reported {commodity} figures read as contained {commodity}: share of world reserves",
                     first, labels, notes, height=0.5 * len(first) + 1.2,
                     marks=[({**PLAUSIBLE, **PLAIN}, "plausible reading"), ({**IMPLAUSIBLE, **PLAIN}, "implausible reading"),
                            (FLAGGED, "hatched: the figure carries flags (caveats below)")])
    ax = fig.subplots()
    for i, (figure_id, row) in enumerate(first.iterrows()):
        low, high = span.loc[figure_id, "min"], span.loc[figure_id, "max"]
        mark = FLAGGED if isinstance(row["flag_codes"], str) and row["flag_codes"] else PLAIN
        ax.barh(i, row["share_of_world_percent"], **(PLAUSIBLE if row["plausible"] else IMPLAUSIBLE), **mark)
        ax.plot([low, high], [i, i], color="#333333", linewidth=1)
        label(ax, high, i, f"{plain_number(row['share_of_world_percent'], 2)}%" + ("" if row["plausible"] else ": implausible"))
    ax.axvline(MAX_SHARE, color="#333333", linestyle="--", linewidth=0.8)
    rows_axis(ax, labels.tolist(), fontsize=7.5)
    ax.set_xscale("log")
    ax.set_xlim(right=rows["share_of_world_percent"].max() * 8 if len(rows) else 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    ax.set_xlabel(f"share of world {commodity} reserves (log scale); dashed line: {MAX_SHARE:g}%")
    return fig

