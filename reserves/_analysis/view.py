"""A loaded table as an analyst reads it in Jupyter: the telling columns first, caveats whole, numbers as written."""

import pandas as pd

from .._tables.writer import number_text
from .expect import require_frame

FIRST = {  # the columns read first, per table; the rest follow with columns=... or the frame itself
    "reserves": ["deposit", "territory", "part", "commodity", "measure", "value", "value_high", "unit_reported", "basis",
                 "resource_class", "qualifier", "as_of", "caveat", "claimant_name", "claimant", "publisher", "source_date", "quote"],
    "counts": ["scope", "territory", "commodity", "counted", "number", "number_high", "qualifier", "as_of", "part_of", "caveat",
               "claimant_name", "claimant", "publisher", "source_date", "quote"],
    "companies": ["company", "fact", "value", "caveat", "claimant_name", "claimant", "source_id", "quote"],
    "context": ["commodity", "value", "unit_reported", "basis", "year", "caveat", "source_id", "quote"],
}


def view(frame: pd.DataFrame, columns: list[str] | None = None):
    """A pandas ``Styler`` of ``frame`` for a notebook: the columns an analyst reads first, every caveat and quote whole
    (wrapped, never cut), numbers as the CSVs write them (``100000000``, ``13.6``: no ``.0`` and no rounding) and
    blanks as blanks. Every text is escaped: a quote's ``<img onerror=...>`` shows as text, never runs. ``columns``
    picks others. The frame itself is unchanged; a Styler needs Jinja2 to render.

    Examples
    --------
    >>> import reserves
    >>> html = reserves.view(reserves.load_reserves()).to_html()
    >>> "47.9" in html and "47.9000" not in html
    True
    """
    require_frame(frame, [], "view()", "load_reserves", "load_counts")
    shown = columns or [c for c in FIRST.get(frame.attrs.get("table"), list(frame.columns)) if c in frame.columns]
    numbers = [c for c in shown if pd.api.types.is_float_dtype(frame[c].dtype)]
    return (frame[shown].style
            .format(lambda v: number_text(v), subset=numbers, na_rep="")
            .format(na_rep="", subset=[c for c in shown if c not in numbers], escape="html")  # markup in the data stays text
            .format_index(escape="html", axis=0)
            .set_properties(**{"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top"})
            .set_table_styles([{"selector": "th", "props": "text-align: left"}]))
