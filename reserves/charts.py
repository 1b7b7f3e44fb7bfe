"""Charts that carry their caveats: each takes loaded frames and returns a matplotlib Figure.

Every chart has a title, a source line and a caveat footnote generated from the plotted rows' flags. ``save``
writes one as SVG (text kept as text, with <title> and <desc>) and PNG; ``show`` saves it and returns it for a
notebook to display, with alt text. Importing this module imports matplotlib; ``import reserves`` does not.
"""

from ._publishing.charts import (caveats, claims_compared, classes_compared, deposit_counts, reported_figures, save,
                                 show, territory_totals, tonnage_by_deposit, world_shares)

__all__ = ["caveats", "claims_compared", "classes_compared", "deposit_counts", "reported_figures", "save", "show",
           "territory_totals", "tonnage_by_deposit", "world_shares"]


def __dir__() -> list[str]:
    return __all__
