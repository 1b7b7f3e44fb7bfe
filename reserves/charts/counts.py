"""Chart of deposit counts: totals as bounds, breakdowns as incomplete."""

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from .base import FLAGGED, PLAIN, clause, flag_marks, label, new_figure, styled

OPEN = 0.12  # how far past its number an open-ended bar's arrow reaches, as a share of the axis


def count_labels(counts: pd.DataFrame) -> pd.Series:
    """Claimant and scope of a total; commodity of a breakdown item."""
    total = counts["part_of"].isna()
    whole = counts["claimant"] + ": " + counts["scope"]
    return whole.where(total, counts["commodity"].astype(str)).astype(object)


@styled
def deposit_counts(counts: pd.DataFrame) -> Figure:
    """Reported numbers of deposits: lower bounds open-ended, breakdowns marked incomplete."""
    totals, parts = counts[counts["part_of"].isna()], counts[counts["part_of"].notna()]
    labels = count_labels(counts)
    marks = flag_marks(counts["ambiguous"], "count")
    if (counts["count_max"].isna() & counts["count_min"].notna()).any():
        marks.append(({"facecolor": "white", "edgecolor": "white"}, "--> open end: " + clause("lower_bound", qualifier="more than")))
    fig = new_figure("Reported numbers of mineral deposits: bounds, not totals", counts, labels, [],
                     height=0.55 * (len(totals) + len(parts)) + 2.4, marks=marks)
    top, bottom = fig.subplots(2, 1, height_ratios=[max(len(totals), 1) * 1.3, len(parts) + 1], gridspec_kw={"hspace": 0.45})
    _bars(top, totals, [textwrap.fill(t, 40) for t in labels[totals.index]])
    top.set_title("Totals, each claimant's own territory", loc="left", fontsize=9)
    if len(parts):
        incomplete = parts["flags"].str.contains("partial_breakdown").any()
        names = labels[parts.index].tolist() + (["others ('etc.')"] if incomplete else [])
        _bars(bottom, parts, names)
        if incomplete:
            label(bottom, 0, len(parts), "? not stated: " + clause("partial_breakdown"))
        total = counts.set_index("count_id").loc[parts["part_of"].iloc[0]]
        bottom.set_title(f"Breakdown given with the '{total['qualifier']} {total['count']}' total", loc="left", fontsize=9)
    else:
        bottom.axis("off")
    return fig


def _bars(ax, rows: pd.DataFrame, names: list[str]) -> None:
    reach = rows["count"].max() * (1 + 3 * OPEN) if len(rows) else 1
    for i, row in enumerate(rows.itertuples()):
        ax.barh(i, row.count, color="#8fb3d9", **(FLAGGED if row.ambiguous else PLAIN))
        text = f"{row.qualifier} {row.count}" if row.qualifier != "exact" else f"{row.count}"
        if pd.isna(row.count_max):  # open-ended: an arrow past the number, no end drawn
            ax.annotate("", xy=(row.count + OPEN * reach, i), xytext=(row.count, i),
                        arrowprops={"arrowstyle": "->", "linestyle": "--", "color": "#333333"})
            label(ax, row.count + OPEN * reach, i, text)
        else:
            label(ax, row.count, i, text)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, reach)
    ax.set_xlabel("deposits")
    ax.spines[["top", "right"]].set_visible(False)
