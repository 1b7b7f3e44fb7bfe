"""Which charts a folder's data gives: the one place that decides, for the notebooks and the tests alike."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from ..._analysis.readings import readings as read
from .base import file_name
from .compare import claims_compared, classes_compared, territory_totals, world_shares
from .counts import deposit_counts
from .quantities import is_quantity
from .reported import reported_figures, tonnage_by_deposit


@dataclass(frozen=True)
class Chart:
    """A chart the data gives: its file name, the notebook section that shows it, and how to draw it."""

    name: str
    section: str  # deposits, figures, claims, territories, classes, readings, counts
    draw: Callable[[], Figure]


def plan(figures: pd.DataFrame | None = None, counts: pd.DataFrame | None = None) -> list[Chart]:
    """Every chart the loaded ``figures`` and ``counts`` (either may be left out) give, in the order the notebooks
    show them.

    A commodity two or more deposits have a figure in the ground for, by deposit; every figure as reported; each
    deposit and commodity with two or more claims; territory totals, classes and readings against world reserves
    where the data has them; the counts. File names come from ``file_name``: safe whatever the data's texts.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> [chart.name for chart in charts.plan(reserves.load_reserves(), reserves.load_counts())][:3]
    ['copper_by_deposit', 'gold_by_deposit', 'silver_by_deposit']
    """
    charts = [] if figures is None else _of_figures(figures)
    if counts is not None and len(counts):
        charts.append(Chart("deposit_counts", "counts", lambda: deposit_counts(counts)))
    return charts


def _of_figures(figures: pd.DataFrame) -> list[Chart]:
    charts = []
    quantities = figures[is_quantity(figures) & figures["deposit_id"].notna()]
    for commodity, rows in quantities.groupby("commodity", observed=True, sort=True):
        if rows["deposit_id"].nunique() >= 2:
            charts.append(Chart(file_name(commodity, "by_deposit"), "deposits", lambda c=commodity: tonnage_by_deposit(figures, c)))
    if len(figures):
        charts.append(Chart("reported_figures", "figures", lambda: reported_figures(figures)))
    for (deposit_id, commodity), rows in quantities.groupby(["deposit_id", "commodity"], observed=True, sort=True):
        if len(rows) >= 2:
            charts.append(Chart(file_name(deposit_id, commodity, "claims"), "claims",
                                lambda d=deposit_id, c=commodity: claims_compared(figures, d, c)))
    if (figures["deposit_id"].isna() & is_quantity(figures)).any():
        charts.append(Chart("territory_totals", "territories", lambda: territory_totals(figures)))
    if (figures["resource_class"].notna() & is_quantity(figures)).any():
        charts.append(Chart("classes", "classes", lambda: classes_compared(figures)))
    if len(figures):
        shares = read(figures)
        shown = shares[shares["share_of_world_percent"].notna() & ~shares["flag_codes"].str.contains(r"\bnot_reserve\b", na=False)]
        for commodity in sorted(shown["commodity"].unique()):
            charts.append(Chart(file_name(commodity, "readings"), "readings", lambda c=commodity: world_shares(shares, c)))
    return charts
