"""reserves: reported figures about mineral deposits, exactly as reported, doubts flagged.

The names below are imported when first used: ``import reserves`` reads no file and imports no heavy module.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_PUBLIC = {  # name: the module that defines it
    "Kind": "._errors", "Problem": "._errors", "ReservesDataError": "._errors",
    "load_reserves": "._tables.loaders", "load_counts": "._tables.loaders", "load_deposits": "._tables.loaders",
    "load_territories": "._tables.loaders", "load_sources": "._tables.loaders", "load_companies": "._tables.loaders",
    "load_context": "._tables.loaders",
    "concat": "._tables.vocabularies", "write_csv": "._tables.writer",
    "total": "._analysis.total", "readings": "._analysis.readings", "cite": "._analysis.cite",
    "find_deposit": "._analysis.names", "view": "._analysis.view",
}
__all__ = sorted(_PUBLIC)

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from ._analysis.cite import cite
    from ._analysis.names import find_deposit
    from ._analysis.readings import readings
    from ._analysis.total import total
    from ._analysis.view import view
    from ._errors import Kind, Problem, ReservesDataError
    from ._tables.loaders import (load_companies, load_context, load_counts, load_deposits, load_reserves, load_sources,
                                  load_territories)
    from ._tables.vocabularies import concat
    from ._tables.writer import write_csv


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value  # once imported, an attribute like any other
        return value
    if name == "__version__":  # read on demand: importlib.metadata costs more than the rest of the import
        from importlib.metadata import version

        return version("reserves")
    raise AttributeError(f"module 'reserves' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
