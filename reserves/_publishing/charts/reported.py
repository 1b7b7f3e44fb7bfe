"""Charts of reserve figures: tonnages on an axis, and every figure as reported."""

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..._analysis.expect import require_frame, require_value
from ..._analysis.wording import as_reported, claimants, figure_text
from .base import FLAGGED, PLAIN, clause, flag_marks, in_the_ground, label, new_figure, off_axis, styled

TINT = "#fbeed2"  # the table's mark of a flagged row
DRAWN = ["deposit", "commodity", "value", "unit_reported", "value_t", "basis", "ambiguous", "claimant", "claimant_name", "claimant_short",
         "publisher",
         "source_date", "caveat"]  # what every chart of figures reads


def figure_labels(rows: pd.DataFrame) -> pd.Series:
    """Deposit name; with the commodity where it varies, and the claimant where that still repeats."""
    labels = rows["deposit"].astype(object).fillna(rows["territory"].astype(object)) if "territory" in rows else rows["deposit"].astype(object)
    if rows["commodity"].nunique() > 1:
        labels = labels + " " + rows["commodity"].astype(str)
    repeated = labels.duplicated(keep=False)
    return labels.where(~repeated, labels + " (" + claimants(rows, short=True) + ")")


@styled
def tonnage_by_deposit(figures: pd.DataFrame, commodity: str = "copper") -> Figure:
    """Reported tonnage of ``commodity`` in the ground per deposit, each bar marked with its doubts.

    Figures whose unit cannot be put in tonnes are not drawn on the axis; the
    footnote names them.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.tonnage_by_deposit(reserves.load_reserves(), "copper").texts[0].get_text()
    'Reported copper in the ground by deposit, as reported'
    """
    require_frame(figures, DRAWN + ["scope", "in_situ", "dimension"], "tonnage_by_deposit()", "load_reserves")
    require_value(commodity, figures["commodity"], "tonnage_by_deposit()", "commodity", "row of the frame")
    rows = in_the_ground(figures[(figures["commodity"] == commodity) & (figures["scope"] == "deposit")])
    drawn = rows[rows["value_t"].notna()]
    notes = off_axis(rows, "deposit")
    labels = figure_labels(rows).str.wrap(32)
    fig = new_figure(f"Reported {commodity} in the ground by deposit, as reported", rows, labels, notes,
                     height=0.7 * len(drawn) + 1.2, marks=flag_marks(drawn["ambiguous"]))
    ax = fig.subplots()
    y = range(len(drawn))
    for i, row in zip(y, drawn.itertuples()):
        ax.barh(i, row.value_t, color="#d9a441", **(FLAGGED if row.ambiguous else PLAIN))
        doubt = clause(figures, "basis_unknown", commodity=commodity) if row.basis == "unknown" else f"basis: {row.basis}"
        label(ax, row.value_t, i, f"{figure_text(row.value, row.unit_reported)}\n{doubt}")
    ax.set_yticks(list(y), labels[drawn.index].tolist())
    ax.invert_yaxis()
    ax.set_xlim(0, drawn["value_t"].max() * 1.9 if len(drawn) else 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:g}"))
    ax.set_xlabel("million tonnes as reported, whatever they measure")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@styled
def reported_figures(figures: pd.DataFrame) -> Figure:
    """Every reserve figure in the words of its source, flagged rows hatched.

    A figure with an unknown unit (``13.6 units``) cannot sit on a tonnes axis;
    here it stands as reported, beside what can and cannot be said of it.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.reported_figures(reserves.load_reserves()).texts[0].get_text()
    'Reserve figures as reported, with what they leave unknown'
    """
    require_frame(figures, DRAWN + ["territory", "part", "measure", "resource_class", "unit_status", "read_as", "value_converted",
                                    "unit", "qualifier"], "reported_figures()", "load_reserves")
    labels = figure_labels(figures)
    place = figures["deposit"].astype(object).fillna(figures["territory"].astype(object))
    cells = pd.DataFrame({
        "Deposit or territory": place + figures["part"].astype(object).map(lambda p: f" ({p})", na_action="ignore").fillna(""),
        "Commodity": figures["commodity"].astype(str), "Measure": figures["measure"].astype(str),
        "As reported": as_reported(figures) + figures["resource_class"].astype(object).map(lambda c: f" ({c})", na_action="ignore").fillna(""),
        "Unit": [f"read as {r}" if s == "assumed" else s for s, r in zip(figures["unit_status"].astype(str), figures["read_as"])],
        "Converted": [figure_text(v, u) if pd.notna(v) else "unknown" for v, u in zip(figures["value_converted"], figures["unit"])],
        "Basis": figures["basis"].astype(str), "Qualifier": figures["qualifier"].astype(str),
    })
    marks = [({"facecolor": TINT, "edgecolor": "#999999"}, "tinted: the figure carries flags (caveats below)")] if figures["ambiguous"].any() else []
    fig = new_figure("Reserve figures as reported, with what they leave unknown", figures, labels, [],
                     height=0.25 * (len(figures) + 1), marks=marks)
    fig.subplots_adjust(left=0.02, right=0.98)
    ax = fig.subplots()
    ax.axis("off")
    table = ax.table(cellText=cells.to_numpy().tolist(), colLabels=list(cells.columns), bbox=(0, 0, 1, 1), cellLoc="left",
                     colWidths=[0.17, 0.08, 0.08, 0.22, 0.13, 0.12, 0.11, 0.09])
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    for (r, _), cell in table.get_celld().items():
        cell.set_edgecolor("#999999")
        if r > 0 and figures["ambiguous"].iloc[r - 1]:
            cell.set_facecolor(TINT)  # a tint, not a hatch, which would strike through the words
    return fig
