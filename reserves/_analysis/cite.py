"""A ready citation for a figure."""

import pandas as pd

from .._tables import vocabularies
from .expect import require_frame, require_row, require_value


def cite(figure: pd.Series, sources: pd.DataFrame | None = None) -> str:
    """Claimant, publisher, title, date, URL and quote of one row of a loaded table.

    ``figure`` is a row, e.g. ``load_reserves().iloc[0]``; its source resolves
    against ``sources`` (default: the sources the row was loaded with). Further reports of the
    same claim are named after it.

    Raises
    ------
    TypeError
        When ``figure`` is not one row (a whole frame: pass ``frame.iloc[0]``).
    ValueError
        When the row lacks claimant, source_id or quote, or names a source ``sources`` does not have.

    Examples
    --------
    >>> import reserves
    >>> figures = reserves.load_reserves().set_index("figure_id")
    >>> print(reserves.cite(figures.loc["gyzylbulag-gold-ngo"]))
    Increasing Transparency in the Mining Industry of Azerbaijan (NGO), as reported by JAMnews, "Deposits of gold and
    copper in Karabakh", 2022-12-13, https://jam-news.net/deposits-of-gold-and-copper-why-did-the-situation-in-karabakh-escalate/:
    "the reserves of the Gyzylbulag deposit (Armenians call this Drmbon) are 13.6 units of industrial gold" Also reported
    by: Turan, "Azerbaijani NGOs demand to suspend development of Gyzylbulag and Demirli fields in Karabakh", 2022-12-12,
    https://turan.az/en/social/azerbaijani-ngos-demand-to-suspend-development-of-gyzylbulag-and-demirli-fields-in-karabakh.
    """
    require_row(figure, ["claimant", "claimant_name", "source_id", "quote"], "cite()", "load_reserves", "load_counts", "load_companies")
    sources = vocabularies.of(figure, "cite()")["sources"] if sources is None else sources
    require_frame(sources, ["source_id", "publisher", "title", "date", "url"], "cite(sources=...)", "load_sources")
    sources = sources.set_index("source_id")

    def reference(source_id: str) -> str:
        require_value(source_id, sources.index, "cite()", "source_id", "source in sources= (default: reserves.load_sources())")
        source = sources.loc[source_id]
        parts = [source["publisher"], f"\"{source['title']}\"" if pd.notna(source["title"]) else None,
                 source["date"] if pd.notna(source["date"]) else "date unknown", source["url"]]
        return ", ".join(p for p in parts if p)

    who = next((name for name in (figure["claimant"], figure["claimant_name"]) if isinstance(name, str)), "Unattributed (no claimant named)")
    text = f"{who}, as reported by {reference(figure['source_id'])}: \"{figure['quote']}\""
    further = figure.get("also_reported_by")
    if isinstance(further, str) and further:
        text += " Also reported by: " + "; ".join(reference(s) for s in further.split(";")) + "."
    return text
