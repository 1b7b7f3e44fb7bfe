"""Charts that carry their caveats: each takes loaded frames and returns a matplotlib Figure.

Every chart has a title, a legend of the marks it uses, one kind of quantity per axis, a source line and a caveat
footnote generated from the plotted rows' flags; every text is measured to fit the canvas. ``plan`` lists the charts
a folder's data gives; ``save`` writes one as SVG (text kept as text, with <title> and <desc>) and PNG under a safe
``file_name``; ``show`` saves it and returns it for a notebook to display, with alt text. Importing this module
imports matplotlib; ``import reserves`` does not.
"""

from ._publishing.charts.base import file_name as file_name
from ._publishing.charts.base import save as save
from ._publishing.charts.base import show as show
from ._publishing.charts.caveats import caveats as caveats
from ._publishing.charts.compare import claims_compared as claims_compared
from ._publishing.charts.compare import classes_compared as classes_compared
from ._publishing.charts.compare import territory_totals as territory_totals
from ._publishing.charts.compare import world_shares as world_shares
from ._publishing.charts.counts import deposit_counts as deposit_counts
from ._publishing.charts.plan import plan as plan
from ._publishing.charts.reported import reported_figures as reported_figures
from ._publishing.charts.reported import tonnage_by_deposit as tonnage_by_deposit

__all__ = ["caveats", "claims_compared", "classes_compared", "deposit_counts", "file_name", "plan", "reported_figures", "save", "show",
           "territory_totals", "tonnage_by_deposit", "world_shares"]


def __dir__() -> list[str]:
    return __all__
