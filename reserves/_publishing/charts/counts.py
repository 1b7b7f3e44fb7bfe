"""Chart of counts: totals as their wording bounds them, each breakdown under its total, incomplete ones marked."""

import pandas as pd
from matplotlib.figure import Figure

from ..._analysis.expect import require_frame
from .base import chart, styled, who_when
from .layout import Mark, Panel, Row
from .quantities import mark_kinds, qualifier_words

DRAWN = ["count_id", "part_of", "scope", "commodity", "counted", "number", "number_high", "qualifier", "note", "claimant", "claimant_name",
         "claimant_short", "publisher", "source_date", "flag_codes", "ambiguous", "caveat"]


def count_labels(counts: pd.DataFrame) -> pd.Series:
    """Claimant, date and scope of a total; of a breakdown's item, its commodity, after its scope where that is not
    its total's (a district of a region's count), and its note where two items would read alike."""
    total = counts["part_of"].isna()
    scope = counts["scope"].astype(object)
    whole = who_when(counts) + ": " + scope
    totals_scope = counts["part_of"].astype(object).map(dict(zip(counts["count_id"].astype(object), scope)))
    item = scope.where(scope.ne(totals_scope) & scope.notna(), None).map(lambda s: f"{s}: ", na_action="ignore").fillna("")
    item = item + counts["commodity"].astype(str)
    alike = ~total & item.groupby(counts["part_of"].astype(object)).transform(lambda labels: labels.duplicated(keep=False))
    why = counts["note"].astype(object).map(lambda n: n.rstrip("."), na_action="ignore").fillna(counts["count_id"].astype(object))
    item = item.where(~alike, item + " (" + why + ")")  # two items alike apart from their note: the note tells them apart
    return whole.where(total, item).astype(object)


def count_texts(counts: pd.DataFrame) -> pd.Series:
    """'more than 150', '2 to 3', '5': what is counted heads the panel."""
    return qualifier_words(counts) + pd.Series([f"{n:,}{f' to {h:,}' if pd.notna(h) else ''}"
                                                 for n, h in zip(counts["number"], counts["number_high"])], index=counts.index, dtype=object)


@styled
def deposit_counts(counts: pd.DataFrame) -> Figure:
    """Reported counts (of deposits, areas, licences, ...): each total as its wording bounds it, each breakdown
    under its total, one panel per thing counted, on axes from zero.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> charts.deposit_counts(reserves.load_counts()).title_text
    'Reported counts: bounds, not totals'
    """
    require_frame(counts, DRAWN, "deposit_counts()", "load_counts")
    labels, texts, kind = count_labels(counts), count_texts(counts), mark_kinds(counts)

    def rows(group: pd.DataFrame) -> list[Row]:
        return [Row(labels[i], texts[i], Mark(float(r.number), kind[i], bool(r.ambiguous), None if pd.isna(r.number_high) else float(r.number_high)))
                for i, r in zip(group.index, group.itertuples())]

    totals = counts[counts["part_of"].isna()]
    panels = [Panel(f"Totals of {counted}, each claimant's own territory", rows(group), axis=f"{counted} (from zero)", scale="linear")
              for counted, group in totals.groupby("counted", sort=False, observed=True)]
    for total in totals.itertuples():
        for counted, parts in counts[counts["part_of"] == total.count_id].groupby("counted", sort=False, observed=True):
            items = rows(parts)
            if parts["flag_codes"].str.contains(r"\bpartial_breakdown\b", na=False).any():
                items.append(Row("others ('etc.')", "not stated: the list is left open", None))
            heading = f"Breakdown of '{texts[total.Index]} {total.counted}' ({labels[total.Index]}): {counted}"
            panels.append(Panel(heading, items, axis=f"{counted} (from zero)", scale="linear"))
    return chart("Reported counts: bounds, not totals", counts, labels, panels)
