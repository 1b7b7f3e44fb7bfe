"""Charts of reserve figures: quantities in the ground by deposit, and every figure as reported."""

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..._analysis.expect import require_frame, require_value
from ..._analysis.wording import claimants, figure_text
from .base import chart, styled, who_when
from .compare import CLAIMS
from .marks import FLAGGED
from .quantities import is_quantity, panels, value_texts

TINT = "#fbeed2"  # a flagged row of the table: the flag colour, light enough to read through


def figure_labels(rows: pd.DataFrame) -> pd.Series:
    """Deposit or territory; with the commodity where it varies, and the claim's claimant and date where that repeats."""
    labels = rows["deposit"].astype(object).fillna(rows["territory"].astype(object)) if "territory" in rows else rows["deposit"].astype(object)
    if rows["commodity"].nunique() > 1:
        labels = labels + " " + rows["commodity"].astype(str)
    repeated = labels.duplicated(keep=False)
    return labels.where(~repeated, labels + " (" + who_when(rows) + ")")


@styled
def tonnage_by_deposit(figures: pd.DataFrame, commodity: str = "copper") -> Figure:
    """Every figure of ``commodity`` in the ground about a deposit, side by side with the other deposits' figures.

    One panel per kind of quantity: a reserve of contained metal, of ore, of a basis the source does not state,
    a resource, are never on one axis. A figure no unit converts keeps its row, in words.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.tonnage_by_deposit(reserves.load_reserves(), "copper").title_text
    'Reported copper in the ground, by deposit'
    """
    require_frame(figures, CLAIMS, "tonnage_by_deposit()", "load_reserves")
    require_value(commodity, figures["commodity"], "tonnage_by_deposit()", "commodity", "row of the frame")
    rows = figures[(figures["commodity"] == commodity) & figures["deposit_id"].notna() & is_quantity(figures)]
    rows = rows.sort_values(["deposit"], kind="stable")
    labels = figure_labels(rows)
    return chart(f"Reported {commodity} in the ground, by deposit", rows, labels, panels(rows, labels))


COLUMNS = {"Deposit or territory": 1.35, "Commodity": 0.95, "Measure": 0.85, "As reported": 1.5, "Unit": 0.95, "Converted": 1.0,
           "Basis": 0.9, "Claimant": 1.1}  # inches; they fill the page's width


@styled
def reported_figures(figures: pd.DataFrame) -> Figure:
    """Every figure in the words of its source, with what can and cannot be said of it, flagged rows tinted.

    A figure with an unknown unit (``13.6 units``) cannot sit on any axis; here it stands as reported, beside the
    figures that can.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.reported_figures(reserves.load_reserves()).title_text
    'Reserve figures as reported, with what they leave unknown'
    """
    require_frame(figures, CLAIMS + ["unit_status", "read_as"], "reported_figures()", "load_reserves")
    labels = figure_labels(figures)
    place = figures["deposit"].astype(object).fillna(figures["territory"].astype(object))
    cells = pd.DataFrame({
        "Deposit or territory": place, "Commodity": figures["commodity"].astype(str), "Measure": figures["measure"].astype(str),
        "As reported": value_texts(figures),
        "Unit": [f"read as {r}" if s == "assumed" else s for s, r in zip(figures["unit_status"].astype(str), figures["read_as"])],
        "Converted": [figure_text(v, u) if pd.notna(v) else "unknown" for v, u in zip(figures["value_converted"], figures["unit"])],
        "Basis": figures["basis"].astype(str), "Claimant": claimants(figures, short=True),
    })
    legend = [(_swatch, "tinted: the figure carries caveats (below)")] if figures["ambiguous"].any() else []
    table = (COLUMNS, cells.to_numpy().tolist(), figures["ambiguous"].fillna(False).tolist(), TINT)
    return chart("Reserve figures as reported, with what they leave unknown", figures, labels, legend=legend, table=table)


def _swatch(fig, x: float, y: float, w: float) -> None:
    fig.add_artist(Rectangle((x + 0.05, y - 0.06), w - 0.1, 0.12, transform=fig.dpi_scale_trans, facecolor=TINT, edgecolor=FLAGGED,
                             linewidth=0.6))
