"""Charts that carry their caveats. Importing this module imports matplotlib; ``import reserves`` does not.

Each chart takes loaded frames and returns a matplotlib Figure with a title,
a source line and a caveat footnote generated from the plotted rows' flags.
``save`` writes it as SVG (text kept as text, with <title> and <desc>) and PNG.
"""

from .base import save
from .counts import deposit_counts
from .reported import reported_figures, tonnage_by_deposit

__all__ = ["deposit_counts", "reported_figures", "save", "tonnage_by_deposit"]
