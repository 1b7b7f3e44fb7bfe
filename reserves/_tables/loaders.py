"""The public loaders: one function per table, each returning a plain DataFrame.

Every loader takes the same argument: a folder of claims (or its ``<table>.csv``), default the shipped data. The
folder decides where each table's file is (``folder.py``); the frame comes back with the vocabularies it was checked
against in ``attrs``. Docstrings' column tables are generated from ``data/datapackage.json`` when this module is first
imported (``import reserves`` alone reads no file).
"""

import os

import pandas as pd

from .._contract import descriptor as contract
from .._errors import ReservesDataError
from .derive import finished
from .folder import Folder
from .table import CheckedTable, check
from .vocabularies import Vocabularies

Path = str | os.PathLike | None
_VOCABULARIES: dict[str, Vocabularies] = {}


def load(name: str, path: Path, who: str) -> pd.DataFrame:
    """Table ``name`` of the folder ``path`` names, finished, with the folder's vocabularies in ``attrs``."""
    folder = Folder.of(path, name, who)
    memo: dict[tuple[str, str], CheckedTable] = {}
    checked = check(name, folder, memo)
    frame = finished(checked, memo)
    vocabularies = vocabularies_of(folder, memo)
    frame = frame.copy(deep=checked.version is not None)  # a kept frame is never handed out: nothing shares its memory
    frame.attrs = {"table": name, "folder": str(folder), "vocabularies": vocabularies}
    return frame


def vocabularies_of(folder: Folder, memo: dict[tuple[str, str], CheckedTable]) -> Vocabularies:
    """The vocabularies and reference tables of ``folder``, each finished as its loader gives it."""
    names = [name for name in contract.table_names() if contract.role(name) != "claims"]
    checked = {name: check(name, folder, memo) for name in names}
    key = (folder.key, tuple(table.version if table.version is not None else id(table) for table in checked.values()))
    kept = _VOCABULARIES.get(folder.key)
    if kept is None or kept._key != key:
        kept = Vocabularies((str(folder),), {name: finished(table, memo) for name, table in checked.items()}, key)
        if None not in (table.version for table in checked.values()):
            _VOCABULARIES[folder.key] = kept
    return kept


def load_reserves(path: Path = None) -> pd.DataFrame:
    return load("reserves", path, "load_reserves()")


def load_counts(path: Path = None) -> pd.DataFrame:
    return load("counts", path, "load_counts()")


def load_context(path: Path = None) -> pd.DataFrame:
    return load("context", path, "load_context()")


def load_companies(path: Path = None) -> pd.DataFrame:
    return load("companies", path, "load_companies()")


def load_deposits(path: Path = None) -> pd.DataFrame:
    return load("deposits", path, "load_deposits()")


def load_territories(path: Path = None) -> pd.DataFrame:
    return load("territories", path, "load_territories()")


def load_claimants(path: Path = None) -> pd.DataFrame:
    return load("claimants", path, "load_claimants()")


def load_sources(path: Path = None) -> pd.DataFrame:
    return load("sources", path, "load_sources()")


LOADERS = {"reserves": load_reserves, "counts": load_counts, "context": load_context, "companies": load_companies,
           "deposits": load_deposits, "territories": load_territories, "claimants": load_claimants,
           "sources": load_sources}

EXAMPLES = {
    "reserves": """>>> figures = reserves.load_reserves()
    >>> row = figures.set_index("figure_id").loc["gyzylbulag-gold-ngo"]
    >>> print(row["value"], row["unit_reported"], "->", row["value_t"])
    13.6 units -> <NA>
    >>> print(row["caveat"])
    Unit unknown: 'units' names no measure that converts; basis not stated: ore, concentrate or contained gold;
    reported second-hand, not in the claimant's own text; other claims give another figure for this deposit and
    commodity; its sources word the figure differently.""",
    "counts": """>>> counts = reserves.load_counts()
    >>> total = counts.set_index("count_id").loc["ngo-total"]
    >>> print(total["qualifier"], total["number"], "- at least", total["number_min"], ", at most", total["number_max"])
    more than 150 - at least 151 , at most <NA>""",
    "context": """>>> world = reserves.load_context().set_index("context_id")
    >>> print(world.loc["copper-world-2022", "value_t"], "t of", world.loc["copper-world-2022", "basis"])
    890000000.0 t of contained metal""",
    "companies": """>>> companies = reserves.load_companies()
    >>> sorted(companies.loc[companies["fact"] == "registered in", "value"].unique())
    ['Liechtenstein', 'Switzerland']""",
    "deposits": """>>> deposits = reserves.load_deposits().set_index("deposit_id")
    >>> print(deposits.loc["gyzylbulag-drmbon", "name"])
    Gyzylbulag (Drmbon)""",
    "territories": """>>> territories = reserves.load_territories().set_index("territory_id")
    >>> print(territories.loc["kalbajar", "kind"])
    district""",
    "claimants": """>>> claimants = reserves.load_claimants().set_index("claimant_id")
    >>> print(claimants.loc["ali-aliyev", "short"], "|", claimants.loc["ali-aliyev", "kind"])
    Ali Aliyev (geology agency) | person""",
    "sources": """>>> sources = reserves.load_sources().set_index("source_id")
    >>> print(sources.loc["jamnews-2022-12-13", "publisher"], sources.loc["jamnews-2022-12-13", "date_precision"])
    JAMnews day""",
}


def _column_table(name: str) -> str:
    specs = contract.fields(name) + contract.derived_fields(name)
    width = max(len(spec["name"]) for spec in specs)
    return "\n".join(f"    {spec['name']:<{width}}  {spec['description']}" for spec in specs)


def _document(name: str) -> str:
    try:
        summary, columns = contract.resource(name)["description"], _column_table(name)
        read = ", ".join(contract.references(name) + contract.drawn_from(name)) or "none"
    except ReservesDataError as err:  # a broken contract must not break the import: the call will raise it
        summary, columns, read = f"(The contract could not be read: {err})", "    (see above)", "(see above)"
    return (
        f"{summary}\n\nParameters\n----------\npath : str or Path, optional\n"
        f"    A folder of claims, or its {name}.csv; default: the shipped data. The tables it reads\n"
        f"    ({read}) are the folder's own when it has them; otherwise a vocabulary or reference table\n"
        f"    is the shipped one, and a table of claims is empty.\n"
        f"\nReturns\n-------\npandas.DataFrame\n    One row per line of {name}.csv, in file order, with the folder's vocabularies in\n"
        f"    ``attrs['vocabularies']`` for the helpers. Columns:\n\n{columns}\n\nRaises\n------\nReservesDataError\n"
        "    Listing every problem of the folder's files with file, line, column, value and the fix.\n"
        f"\nExamples\n--------\n    >>> import reserves\n    {EXAMPLES[name]}\n"
    )


for _name, _function in LOADERS.items():
    _function.__doc__ = _document(_name)
