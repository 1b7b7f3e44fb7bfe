"""The caveat lines a chart of a frame carries, for a notebook to print above its tables."""

import pandas as pd

from ..._analysis.expect import require_frame
from .base import caveat_lines
from .counts import count_labels
from .reported import figure_labels


def caveats(frame: pd.DataFrame) -> list[str]:
    """The caveat lines a chart of ``frame`` would carry: one per distinct caveat, naming its rows.

    Examples
    --------
    >>> import reserves
    >>> from reserves import charts
    >>> counts = reserves.load_counts()
    >>> print(charts.caveats(counts[counts["count_id"] == "deputy-total"])[0])
    • Elshad Mirbashiroglu (MP), 2022-12-13: the occupied territories: A lower bound ('more than'), not an exact figure;
    reported second-hand, not in the claimant's own text; what it covers is vague and may differ from what other figures
    cover.
    """
    counts = isinstance(frame, pd.DataFrame) and "count_id" in frame
    needed = ["part_of", "scope", "commodity", "note"] if counts else ["deposit", "commodity"]
    needed += ["claimant", "claimant_name", "claimant_short", "publisher"]
    require_frame(frame, needed + ["caveat"], "caveats()", "load_reserves", "load_counts")
    return caveat_lines(frame, count_labels(frame) if counts else figure_labels(frame))
