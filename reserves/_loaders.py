"""The public loaders: one function per table, each returning a plain DataFrame.

Their docstrings' column tables are generated from ``data/datapackage.json``.
"""

import pandas as pd

from . import _contract as contract, _flags as flags, _tables as tables


def load_reserves(path=None) -> pd.DataFrame:
    loaded = tables.load("reserves", path)
    frame = loaded.frame
    units, unit_of = loaded.refs["units"].frame.set_index("unit_reported"), loaded.codes("unit_reported")
    frame = _place(frame, "reserves", _source_columns(loaded) | {
        "also_reported_by": _further_sources(loaded),
        "deposit": _lookup(loaded.codes("deposit_id"), loaded.refs["deposits"].frame.set_index("deposit_id")["name"]),
        "unit": _lookup(unit_of, units["unit"]),
        "value_t": _tonnes(loaded),
        "unit_status": _lookup(unit_of, units["unit_status"]),
    })
    return _flagged(frame, loaded)


def load_counts(path=None) -> pd.DataFrame:
    loaded = tables.load("counts", path)
    frame = loaded.frame
    count, qualifier = frame["count"], frame["qualifier"]
    frame = _place(frame, "counts", _source_columns(loaded) | {
        "count_min": count.where(qualifier.isin(["exact", "at least"]), count + 1).where(qualifier.isin(["exact", "at least", "more than"])).array,
        "count_max": count.where(qualifier.isin(["exact", "at most"])).array,
    })
    return _flagged(frame, loaded)


def load_context(path=None) -> pd.DataFrame:
    loaded = tables.load("context", path)
    return _flagged(_place(loaded.frame, "context", {"value_t": _tonnes(loaded)}), loaded)


def load_companies(path=None) -> pd.DataFrame:
    loaded = tables.load("companies", path)
    return _flagged(loaded.frame, loaded)


def load_deposits() -> pd.DataFrame:
    return tables.load("deposits").frame


def load_sources() -> pd.DataFrame:
    return tables.load("sources").frame


def _lookup(keys: tuple, values: pd.Series):
    """``values[key]`` for every key of a factorized column (missing where the key is not there).

    Texts come back as a categorical, so a million rows share one copy of each.
    """
    codes, distinct = keys
    looked = values.reindex(distinct).array
    if not pd.api.types.is_numeric_dtype(looked.dtype):
        looked = pd.Categorical(looked)
    return looked.take(codes, allow_fill=True)


def _tonnes(loaded: tables.Loaded):
    """value times its unit's units.csv factor (missing where the unit has none)."""
    factor = loaded.refs["units"].frame.set_index("unit_reported")["factor_t"]
    return loaded.frame["value"].array * _lookup(loaded.codes("unit_reported"), factor)


def _source_columns(loaded: tables.Loaded) -> dict:
    sources, source_of = loaded.refs["sources"].frame.set_index("source_id"), loaded.codes("source_id")
    return {"publisher": _lookup(source_of, sources["publisher"]), "source_date": _lookup(source_of, sources["date"])}


def _further_sources(loaded: tables.Loaded):
    """source_ids of further reports of each claim, from the citations.csv beside the reserves file."""
    path = loaded.table.path.parent / "citations.csv"
    if not path.is_file():
        return pd.Categorical([None] * len(loaded.frame))
    citations = tables.load("citations", path, known={"reserves": loaded}).frame
    return _lookup(loaded.codes("figure_id"), citations.groupby("figure_id", sort=False)["source_id"].agg(";".join))


def _place(frame: pd.DataFrame, name: str, derived: dict) -> pd.DataFrame:
    """Insert derived columns after the column the contract names, with the contract's dtype."""
    for spec in contract.resource(name)["derivedFields"]:
        if spec["name"] in derived:
            values = pd.array(derived[spec["name"]], dtype=contract.dtype(spec))
            frame.insert(frame.columns.get_loc(spec["after"]) + 1, spec["name"], values)
    return frame


def _flagged(frame: pd.DataFrame, loaded: tables.Loaded) -> pd.DataFrame:
    def factorize(name: str):  # text columns reuse the checks' encoding; typed ones have cheap codes
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            return frame[name].cat.codes.to_numpy(), frame[name].cat.categories
        return loaded.codes(name)

    return flags.annotate(frame, loaded.refs[tables.FLAGS].frame, factorize)


def _column_table(name: str) -> str:
    specs = contract.fields(name) + contract.resource(name).get("derivedFields", [])
    width = max(len(spec["name"]) for spec in specs)
    return "\n".join(f"    {spec['name']:<{width}}  {spec['description']}" for spec in specs)


_FOLDER = ("\n        Its references ({refs}) resolve against the CSVs in the same folder when it has them,"
           "\n        otherwise against the shipped ones.")
_DOCS = {
    load_reserves: ("reserves", "Every reported reserve figure, exactly as reported, with its doubts flagged.", "deposits, sources, units, flags, citations"),
    load_counts: ("counts", "Every reported count of deposits, with the bounds its qualifier implies.", "sources, flags"),
    load_context: ("context", "World reference figures (USGS world reserves), with citation and flags.", "sources, units, flags"),
    load_companies: ("companies", "Every claim about the companies that mined the deposits; disagreeing claims side by side.", "sources, flags"),
    load_deposits: ("deposits", "Every deposit, with every name it is known by.", None),
    load_sources: ("sources", "Every source document, with publisher, title, date and URL.", None),
}

for _function, (_name, _summary, _refs) in _DOCS.items():
    _params = (f"\nParameters\n----------\npath : str or Path, optional\n        A {_name} CSV file; default: the shipped"
               f" data/{_name}.csv." + _FOLDER.format(refs=_refs) + "\n") if _refs else ""
    _function.__doc__ = (
        f"{_summary}\n{_params}\nReturns\n-------\npandas.DataFrame\n    One row per line of {_name}.csv, in file order. Columns:\n\n"
        f"{_column_table(_name)}\n\nRaises\n------\nReservesDataError\n"
        "    Listing every problem of the input with file, line, column, value and the fix.\n"
    )
