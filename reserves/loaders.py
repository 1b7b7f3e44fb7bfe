"""The public loaders: one function per table, each returning a plain DataFrame.

Their docstrings' column tables are generated from ``data/datapackage.json``.
"""

from decimal import Decimal

import numpy as np
import pandas as pd

from . import contract, flags, tables


def load_reserves(path=None) -> pd.DataFrame:
    loaded = tables.load("reserves", path)
    frame, text = loaded.frame, loaded.table.frame
    units = loaded.refs["units"]
    by_unit = units.frame.set_index("unit_reported")
    unit_of = frame["unit_reported"].astype(object)
    frame = _place(frame, "reserves", _source_columns(frame, loaded) | {
        "deposit": loaded.refs["deposits"].frame.set_index("deposit_id")["name"].reindex(frame["deposit_id"]).array,
        "unit": by_unit["unit"].reindex(unit_of).array,
        "value_t": _tonnes(text["value"], text["unit_reported"], units.table.frame.set_index("unit_reported")["factor_t"]),
        "unit_status": by_unit["unit_status"].reindex(unit_of).array,
    })
    return _flagged(frame, text, loaded)


def load_counts(path=None) -> pd.DataFrame:
    loaded = tables.load("counts", path)
    frame = loaded.frame
    count, qualifier = frame["count"], frame["qualifier"].astype(object)
    frame = _place(frame, "counts", _source_columns(frame, loaded) | {
        "count_min": count.where(qualifier.isin(["exact", "at least"]), count + 1).where(qualifier.isin(["exact", "at least", "more than"])).array,
        "count_max": count.where(qualifier.isin(["exact", "at most"])).array,
    })
    return _flagged(frame, loaded.table.frame, loaded)


def load_deposits() -> pd.DataFrame:
    return tables.load("deposits").frame


def load_sources() -> pd.DataFrame:
    return tables.load("sources").frame


def _source_columns(frame: pd.DataFrame, loaded: tables.Loaded) -> dict:
    sources = loaded.refs["sources"].frame.set_index("source_id").reindex(frame["source_id"])
    return {"publisher": sources["publisher"].array, "source_date": sources["date"].array}


def _tonnes(value: pd.Series, unit: pd.Series, factor: pd.Series) -> pd.arrays.FloatingArray:
    """value times the unit's exact factor, in decimal arithmetic, once per distinct pair."""
    key = pd.MultiIndex.from_arrays([value, unit])
    codes, pairs = key.factorize()
    exact = [float(Decimal(v) * Decimal(factor[u])) if factor[u] else np.nan for v, u in pairs]
    return pd.array(np.array(exact, dtype=float)[codes], dtype="Float64")


def _place(frame: pd.DataFrame, name: str, derived: dict) -> pd.DataFrame:
    """Insert derived columns after the column the contract names, with the contract's dtype."""
    frame = frame.copy()
    for spec in contract.resource(name)["derivedFields"]:
        if spec["name"] in derived:
            values = pd.array(derived[spec["name"]], dtype=contract.dtype(spec))
            frame.insert(frame.columns.get_loc(spec["after"]) + 1, spec["name"], values)
    return frame


def _flagged(frame: pd.DataFrame, text: pd.DataFrame, loaded: tables.Loaded) -> pd.DataFrame:
    return flags.annotate(frame, text, loaded.refs[tables.FLAGS].frame)


def _column_table(name: str) -> str:
    specs = contract.fields(name) + contract.resource(name).get("derivedFields", [])
    width = max(len(spec["name"]) for spec in specs)
    rows = [f"    {spec['name']:<{width}}  {spec['description']}" for spec in specs]
    return "\n".join(rows)


_DOCS = {
    load_reserves: ("reserves", "Every reported reserve figure, exactly as reported, with its doubts flagged.",
                    "A CSV file of reserve figures; default: the shipped data/reserves.csv. Its deposits, sources,\n"
                    "        units and flags resolve against the CSVs in the same folder when it has them."),
    load_counts: ("counts", "Every reported count of deposits, with the bounds its qualifier implies.",
                  "A CSV file of counts; default: the shipped data/counts.csv. Its sources and flags resolve\n"
                  "        against the CSVs in the same folder when it has them."),
    load_deposits: ("deposits", "Every deposit, with every name it is known by.", None),
    load_sources: ("sources", "Every source document, with publisher, title, date and URL.", None),
}

for _function, (_name, _summary, _path) in _DOCS.items():
    _params = f"\nParameters\n----------\npath : str or Path, optional\n        {_path}\n" if _path else ""
    _function.__doc__ = (
        f"{_summary}\n{_params}\nReturns\n-------\npandas.DataFrame\n    One row per line of {_name}.csv, in file order. Columns:\n\n"
        f"{_column_table(_name)}\n\nRaises\n------\nReservesDataError\n"
        "    Listing every problem of the input with file, line, column, value and the fix.\n"
    )
