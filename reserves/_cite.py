"""A ready citation for a figure."""

import pandas as pd

from ._loaders import load_sources


def cite(figure: pd.Series, sources: pd.DataFrame | None = None) -> str:
    """Claimant, publisher, title, date, URL and quote of one row of a loaded table.

    ``figure`` is a row, e.g. ``load_reserves().iloc[0]``; its source resolves
    against ``sources`` (default: ``load_sources()``). Further reports of the
    same claim are named after it.
    """
    sources = (load_sources() if sources is None else sources).set_index("source_id")

    def reference(source_id: str) -> str:
        source = sources.loc[source_id]
        parts = [source["publisher"], f"\"{source['title']}\"" if pd.notna(source["title"]) else None,
                 source["date"] if pd.notna(source["date"]) else "date unknown", source["url"]]
        return ", ".join(p for p in parts if p)

    text = f"{figure['claimant']}, as reported by {reference(figure['source_id'])}: \"{figure['quote']}\""
    further = figure.get("also_reported_by")
    if isinstance(further, str) and further:
        text += " Also reported by: " + "; ".join(reference(s) for s in further.split(";")) + "."
    return text
