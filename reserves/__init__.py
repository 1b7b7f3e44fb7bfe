"""reserves: reported figures about mineral deposits, exactly as reported, doubts flagged."""

from importlib.metadata import version

from .errors import ReservesDataError
from .loaders import load_counts, load_deposits, load_reserves, load_sources
from .writer import write_csv
from .names import find_deposit

__all__ = ["ReservesDataError", "find_deposit", "load_counts", "load_deposits", "load_reserves", "load_sources", "write_csv"]
__version__ = version("reserves")
