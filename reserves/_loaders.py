"""The public loaders: one function per table, each returning a plain DataFrame.

Their docstrings' column tables are generated from ``data/datapackage.json``.
"""

import numpy as np
import pandas as pd

from . import _contract as contract, _flags as flags, _tables as tables
from ._errors import Kind, Problem, Problems


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
    frame = _place(frame, "counts", _source_columns(loaded) | _parts(frame) | {
        "count_min": count.where(qualifier.isin(["exact", "at least"]), count + 1).where(qualifier.isin(["exact", "at least", "more than"])).array,
        "count_max": count.where(qualifier.isin(["exact", "at most"])).array,
    })
    return _flagged(frame, loaded)


def _parts(frame: pd.DataFrame) -> dict:
    """The sum of each total's parts, and for an exact total and its parts whether they add up to it."""
    sums = frame.groupby("part_of")["count"].sum()
    parts_sum = frame["count_id"].map(sums)
    exact = frame["qualifier"].eq("exact") & parts_sum.notna()
    check = pd.Series(pd.NA, index=frame.index, dtype=object)
    check[exact & (parts_sum > frame["count"])] = "exceeds"
    check[exact & (parts_sum < frame["count"])] = "falls short"
    check[exact & (parts_sum == frame["count"])] = "adds up"
    of_total = frame["part_of"].map(dict(zip(frame["count_id"], check)))  # parts carry their total's check
    return {"parts_sum": parts_sum.array, "parts_check": check.where(check.notna(), of_total).array}


def load_context(path=None) -> pd.DataFrame:
    loaded = tables.load("context", path)
    return _flagged(_place(loaded.frame, "context", {"value_t": _tonnes(loaded)}), loaded)


def load_companies(path=None) -> pd.DataFrame:
    loaded = tables.load("companies", path)
    return _flagged(loaded.frame, loaded)


def load_deposits(path=None) -> pd.DataFrame:
    return _tagged(tables.load("deposits", path).frame, "deposits")


def load_sources(path=None) -> pd.DataFrame:
    return _tagged(tables.load("sources", path).frame, "sources")


def _tagged(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Remember which table a frame is, so write_csv need not guess it from the columns."""
    frame.attrs["table"] = name
    return frame


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
    """value times its unit's units.csv factor (missing where the unit has none); a product beyond a double is refused."""
    factor = loaded.refs["units"].frame.set_index("unit_reported")["factor_t"]
    tonnes = loaded.frame["value"].array * _lookup(loaded.codes("unit_reported"), factor)
    rows = np.flatnonzero(np.isinf(tonnes.to_numpy(dtype=float, na_value=np.nan)))
    if len(rows):
        table, frame, problems = loaded.table, loaded.frame, Problems()
        problems.add_many(Kind.RANGE, "value", rows, lambda row: Problem(
            table.file, table.line(int(row)), "value", table.arrow.column("value")[int(row)].as_py(),
            f"in tonnes ('{frame['unit_reported'].iloc[row]}') the figure is beyond the largest number a double holds: "
            "check the value and its unit", Kind.RANGE))
        problems.raise_if_any()
    return tonnes


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

    return _tagged(flags.annotate(frame, loaded.refs[tables.FLAGS].frame, factorize), loaded.name)


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
    load_deposits: ("deposits", "Every deposit, with every name it is known by.", "none"),
    load_sources: ("sources", "Every source document, with publisher, title, date and URL.", "none"),
}

for _function, (_name, _summary, _refs) in _DOCS.items():
    _params = (f"\nParameters\n----------\npath : str or Path, optional\n        A {_name} CSV file; default: the shipped"
               f" data/{_name}.csv." + _FOLDER.format(refs=_refs) + "\n") if _refs else ""
    _function.__doc__ = (
        f"{_summary}\n{_params}\nReturns\n-------\npandas.DataFrame\n    One row per line of {_name}.csv, in file order. Columns:\n\n"
        f"{_column_table(_name)}\n\nRaises\n------\nReservesDataError\n"
        "    Listing every problem of the input with file, line, column, value and the fix.\n"
    )
