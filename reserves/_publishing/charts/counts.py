"""Chart of deposit counts: totals as bounds, breakdowns as given, incomplete ones marked."""

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from ..._analysis.expect import require_frame
from ..._analysis.wording import claimants
from .base import FLAGGED, PLAIN, clause, flag_marks, label, new_figure, rows_axis, styled

DRAWN = ["count_id", "part_of", "scope", "commodity", "number", "qualifier", "number_min", "number_max", "note", "claimant",
         "claimant_name", "claimant_short",
         "publisher", "source_date", "flag_codes", "ambiguous", "caveat"]
OPEN = 0.12  # how far past its number an open-ended bar's arrow reaches, as a share of the axis


def count_labels(counts: pd.DataFrame) -> pd.Series:
    """Claimant and scope of a total; commodity (and note) of a breakdown item."""
    total = counts["part_of"].isna()
    whole = claimants(counts, short=True) + ": " + counts["scope"]
    item = counts["commodity"].astype(str) + counts["note"].map(lambda n: f" ({n.rstrip('.')})", na_action="ignore").fillna("")
    return whole.where(total, item).astype(object)


@styled
def deposit_counts(counts: pd.DataFrame) -> Figure:
    """Reported numbers of deposits: lower bounds open-ended, each breakdown under its total.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.deposit_counts(reserves.load_counts()).texts[0].get_text()
    'Reported numbers of mineral deposits: bounds, not totals'
    """
    require_frame(counts, DRAWN, "deposit_counts()", "load_counts")
    totals = counts[counts["part_of"].isna()]
    groups = [(total, counts[counts["part_of"] == total.count_id]) for total in totals.itertuples()]
    groups = [(total, parts) for total, parts in groups if len(parts)]
    labels = count_labels(counts)
    marks = flag_marks(counts["ambiguous"], "count")
    if (counts["number_max"].isna() & counts["number_min"].notna()).any():
        marks.append(({"facecolor": "white", "edgecolor": "white"}, "--> open end: " + clause(counts, "lower_bound", qualifier="more than")))
    sizes = [len(totals) * 1.3] + [len(parts) + 1 for _, parts in groups]
    fig = new_figure("Reported numbers of mineral deposits: bounds, not totals", counts, labels, [],
                     height=0.5 * sum(sizes) + 1.2 * len(sizes), marks=marks)
    axes = fig.subplots(len(sizes), 1, height_ratios=sizes, gridspec_kw={"hspace": 0.6}, squeeze=False)[:, 0]
    _bars(axes[0], totals, [textwrap.fill(t, 40) for t in labels[totals.index]])
    axes[0].set_title("Totals, each claimant's own territory", loc="left", fontsize=9)
    for ax, (total, parts) in zip(axes[1:], groups):
        incomplete = parts["flag_codes"].str.contains(r"\bpartial_breakdown\b").any()
        _bars(ax, parts, [textwrap.fill(t, 40) for t in labels[parts.index]] + (["others ('etc.')"] if incomplete else []))
        if incomplete:
            label(ax, 0, len(parts), "? not stated: " + clause(counts, "partial_breakdown"))
        ax.set_title(f"Breakdown given with the total '{_count_text(total)}'", loc="left", fontsize=9)
    return fig


def _bars(ax, rows: pd.DataFrame, names: list[str]) -> None:
    reach = rows["number"].max() * (1 + 3 * OPEN) if len(rows) else 1
    for i, row in enumerate(rows.itertuples()):
        ax.barh(i, row.number, color="#8fb3d9", **(FLAGGED if row.ambiguous else PLAIN))
        text = _count_text(row)
        if pd.isna(row.number_max):  # open-ended: an arrow past the number, no end drawn
            ax.annotate("", xy=(row.number + OPEN * reach, i), xytext=(row.number, i),
                        arrowprops={"arrowstyle": "->", "linestyle": "--", "color": "#333333"})
            label(ax, row.number + OPEN * reach, i, text)
        else:
            label(ax, row.number, i, text)
    rows_axis(ax, names, fontsize=7.5)
    ax.set_xlim(0, reach)
    ax.set_xlabel("deposits")


def _count_text(row) -> str:
    return f"{row.number}" if row.qualifier == "exact" else f"{row.qualifier} {row.number}"
