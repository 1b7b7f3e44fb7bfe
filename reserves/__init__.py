"""reserves: reported figures about mineral deposits, exactly as reported, doubts flagged.

The names below are imported when first used: ``import reserves`` reads no file and imports no heavy module.
"""

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = [
    "Kind", "Problem", "ReservesDataError",
    "cite", "concat", "find_deposit", "readings", "total", "view", "write_csv",
    "load_claimants", "load_companies", "load_context", "load_counts", "load_deposits", "load_reserves", "load_sources",
    "load_territories",
]
_MODULES = {  # the module that defines each public name
    "._errors": ["Kind", "Problem", "ReservesDataError"],
    "._tables.loaders": ["load_claimants", "load_companies", "load_context", "load_counts", "load_deposits", "load_reserves",
                         "load_sources", "load_territories"],
    "._tables.vocabularies": ["concat"], "._tables.writer": ["write_csv"],
    "._analysis.cite": ["cite"], "._analysis.names": ["find_deposit"], "._analysis.readings": ["readings"],
    "._analysis.total": ["total"], "._analysis.view": ["view"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from ._analysis.cite import cite
    from ._analysis.names import find_deposit
    from ._analysis.readings import readings
    from ._analysis.total import total
    from ._analysis.view import view
    from ._errors import Kind, Problem, ReservesDataError
    from ._tables.loaders import (
        load_claimants,
        load_companies,
        load_context,
        load_counts,
        load_deposits,
        load_reserves,
        load_sources,
        load_territories,
    )
    from ._tables.vocabularies import concat
    from ._tables.writer import write_csv


def __getattr__(name: str):
    if name in _HOME:
        value = getattr(import_module(_HOME[name], __name__), name)
        globals()[name] = value  # once imported, an attribute like any other
        return value
    if name == "__version__":  # read on demand: importlib.metadata costs more than the rest of the import
        from importlib.metadata import version

        return version("reserves")
    raise AttributeError(f"module 'reserves' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
