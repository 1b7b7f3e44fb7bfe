"""Charts that carry their caveats. Importing this module imports matplotlib; ``import reserves`` does not.

Each chart takes loaded frames and returns a matplotlib Figure with a title,
a source line and a caveat footnote generated from the plotted rows' flags.
``save`` writes it as SVG (text kept as text, with <title> and <desc>) and PNG;
``show`` saves it and returns it for a notebook to display, with alt text.
"""

import pandas as pd

from ..._analysis.expect import require_frame
from .base import caveat_lines, save, show
from .compare import claims_compared, classes_compared, territory_totals, world_shares
from .counts import count_labels, deposit_counts
from .reported import figure_labels, reported_figures, tonnage_by_deposit

__all__ = ["caveats", "claims_compared", "classes_compared", "territory_totals", "deposit_counts", "reported_figures", "save", "show", "tonnage_by_deposit", "world_shares"]


def caveats(frame) -> list[str]:
    """The caveat lines a chart of ``frame`` would carry: one per distinct caveat, naming its rows."""
    counts = isinstance(frame, pd.DataFrame) and "count_id" in frame
    needed = ["part_of", "claimant", "scope", "commodity", "note"] if counts else ["deposit", "commodity", "claimant"]
    require_frame(frame, needed + ["caveat"], "caveats()", "load_reserves", "load_counts")
    return caveat_lines(frame, count_labels(frame) if counts else figure_labels(frame))
