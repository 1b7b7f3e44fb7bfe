"""reserves: reported figures about mineral deposits, exactly as reported, doubts flagged."""

from ._cite import cite
from ._errors import ReservesDataError
from ._loaders import load_companies, load_context, load_counts, load_deposits, load_reserves, load_sources, load_territories
from ._writer import write_csv
from ._names import find_deposit
from ._readings import readings
from ._total import total
from ._view import view

__all__ = [
    "ReservesDataError", "cite", "find_deposit", "load_companies", "load_context", "load_counts", "load_deposits",
    "load_reserves", "load_sources", "load_territories", "readings", "total", "view", "write_csv",
]


def __getattr__(name: str):
    if name == "__version__":  # read on demand: importlib.metadata costs more than the rest of the import
        from importlib.metadata import version

        return version("reserves")
    raise AttributeError(f"module 'reserves' has no attribute {name!r}")
