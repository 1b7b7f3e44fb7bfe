"""reserves: reported figures about mineral deposits, exactly as reported, doubts flagged."""

from importlib.metadata import version

from .cite import cite
from .errors import ReservesDataError
from .loaders import load_companies, load_context, load_counts, load_deposits, load_reserves, load_sources
from .writer import write_csv
from .names import find_deposit
from .readings import readings
from .total import total

__all__ = [
    "ReservesDataError", "cite", "find_deposit", "load_companies", "load_context", "load_counts", "load_deposits",
    "load_reserves", "load_sources", "readings", "total", "write_csv",
]
__version__ = version("reserves")
