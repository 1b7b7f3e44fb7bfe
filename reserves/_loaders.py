"""The public loaders: one function per table, each returning a plain DataFrame.

Every loader takes the same argument, a CSV file of its table (default: the shipped one); the
tables it references are read from the same folder when it has them. A derived column that the
contract marks ``lookup`` ("column.field") is looked up through that column's foreign key; the
others are computed here. Docstrings' column tables are generated from ``data/datapackage.json``.
"""

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _checks as checks, _contract as contract, _flags as flags, _tables as tables
from ._errors import Kind, Problem, Problems


def load_reserves(path=None) -> pd.DataFrame:
    loaded = tables.load("reserves", path)
    with ThreadPoolExecutor(1) as beside:  # one per call: a pool kept between calls would hang in a forked child

        def derive() -> dict:
            frame, converted = loaded.frame, _converted(loaded)
            further = beside.submit(_further_sources, loaded)  # citations.csv is read and checked while the rest is derived
            unit = _lookup(loaded.codes("unit_reported"), loaded.refs["units"].frame.set_index("unit_reported")["unit"])
            scope = pd.Categorical.from_codes(np.where(frame["part"].notna(), 0, np.where(frame["deposit_id"].notna(), 1, 2)),
                                              categories=["part", "deposit", "territory"])
            return {"scope": scope, "value_converted": converted, "value_t": converted.where(np.asarray(unit == "t", dtype=bool)),
                    "as_of_precision": _precision(loaded, "as_of"), "also_reported_by": further}

        return _finished(loaded, derive, tables.file_version(tables.locate("citations", loaded.table.path.parent)))


def load_counts(path=None) -> pd.DataFrame:
    loaded = tables.load("counts", path)

    def derive() -> dict:
        frame, bounds = loaded.frame, loaded.refs["qualifiers"].frame.set_index("qualifier")
        count, high = frame["number"], frame["number_high"]
        lower, upper = (frame["qualifier"].map(bounds[side]).astype(object) for side in ("lower", "upper"))
        return _parts(frame) | {
            "number_min": count.where(lower == "value", (count + 1).where(lower == "above value")).array,
            "number_max": count.where(upper == "value", high.where(upper == "value_high", (count - 1).where(upper == "below value"))).array,
            "as_of_precision": _precision(loaded, "as_of"),
        }

    return _finished(loaded, derive)


def load_context(path=None) -> pd.DataFrame:
    loaded = tables.load("context", path)
    return _finished(loaded, lambda: {"value_t": _converted(loaded)})


def load_companies(path=None) -> pd.DataFrame:
    return _finished(tables.load("companies", path), dict)


def load_deposits(path=None) -> pd.DataFrame:
    return _finished(tables.load("deposits", path), dict)


def load_territories(path=None) -> pd.DataFrame:
    return _finished(tables.load("territories", path), dict)


def load_sources(path=None) -> pd.DataFrame:
    loaded = tables.load("sources", path)
    return _finished(loaded, lambda: {"date_precision": _precision(loaded, "date")})


def _finished(loaded: tables.Loaded, derive, other_files: tuple = ()) -> pd.DataFrame:
    """The loaded frame with its derived columns in the contract's places, its flags when it has doubts, and its
    table and file remembered, so write_csv and the helpers need not be told them again.

    Made once per version of the table (and of ``other_files`` it draws on): a warm load is a copy (copy-on-write).
    ``derive()`` may hand a column over as a future, computed beside the others.
    """
    if other_files not in loaded.finished:
        loaded.finished[other_files] = _derived(loaded, derive())
    return loaded.finished[other_files].copy(deep=False)


def _derived(loaded: tables.Loaded, derived: dict) -> pd.DataFrame:
    frame = loaded.frame.copy(deep=False)  # the cached table stays as it was read
    specs = contract.resource(loaded.name).get("derivedFields", [])
    derived = {spec["name"]: _looked_up(loaded, spec["lookup"]) for spec in specs if "lookup" in spec} | derived
    for spec in specs:
        if spec["name"] in derived:
            values = derived[spec["name"]]
            values = pd.array(values.result() if isinstance(values, Future) else values, dtype=contract.dtype(spec))
            frame.insert(frame.columns.get_loc(spec["after"]) + 1, spec["name"], values)
    if tables.DOUBTS in frame:
        frame = flags.annotate(frame, loaded.refs[tables.FLAGS].frame, lambda name: _codes(frame, loaded, name))
    frame.attrs.update(table=loaded.name, path=str(loaded.table.path))
    return frame


def _codes(frame: pd.DataFrame, loaded: tables.Loaded, name: str):
    """A column's codes and distinct values: the checks' encoding of a text column, a categorical's own, else factorized."""
    if isinstance(frame[name].dtype, pd.CategoricalDtype):
        return frame[name].cat.codes.to_numpy(), frame[name].cat.categories
    if name in loaded.table.arrow.column_names:
        return loaded.codes(name)
    return pd.factorize(frame[name])


def _looked_up(loaded: tables.Loaded, lookup: str):
    """``column.field``: each row's ``field`` of the row its ``column`` references (missing where blank)."""
    column, field = lookup.split(".")
    target, key = next((t, k) for c, t, k in contract.foreign_keys(loaded.name) if c == column)
    return _lookup(loaded.codes(column), loaded.refs[target].frame.set_index(key)[field])


def _lookup(keys: tuple, values: pd.Series):
    """``values[key]`` for every key of a factorized column (missing where the key is not there).

    Texts come back as a categorical, so a million rows share one copy of each.
    """
    codes, distinct = keys
    looked = values.reindex(distinct).array
    if not pd.api.types.is_numeric_dtype(looked.dtype):
        looked = pd.Categorical(looked)
    return looked.take(codes, allow_fill=True)


def _precision(loaded: tables.Loaded, column: str):
    """'year', 'month' or 'day' for a date written YYYY, YYYY-MM or YYYY-MM-DD; missing where blank (on distinct dates)."""
    codes, dates = loaded.codes(column)
    precision = dates.str.count("-").map({0: "year", 1: "month", 2: "day"}).where(dates != "")
    return _lookup((codes, dates), pd.Series(precision, index=dates))


def _converted(loaded: tables.Loaded) -> pd.Series:
    """value times its unit's units.csv factor (missing where the unit has none); a product beyond a double is refused."""
    factor = loaded.refs["units"].frame.set_index("unit_reported")["factor"]
    converted = pd.Series(loaded.frame["value"].array * _lookup(loaded.codes("unit_reported"), factor), index=loaded.frame.index)
    rows = np.flatnonzero(np.isinf(converted.to_numpy(dtype=float, na_value=np.nan)))
    if len(rows):
        table, frame, problems = loaded.table, loaded.frame, Problems()
        problems.add_many(Kind.RANGE, "value", rows, lambda row: Problem(
            table.file, table.line(int(row)), "value", table.arrow.column("value")[int(row)].as_py(),
            f"in its unit's terms ('{frame['unit_reported'].iloc[row]}') the figure is beyond the largest number a double "
            "holds: check the value and its unit", Kind.RANGE))
        problems.raise_if_any()
    return converted


def _parts(frame: pd.DataFrame) -> dict:
    """The sum of each total's parts, and for an exact total and its parts whether they add up to it.

    Parts that an editor marks as an open list (partial_breakdown) may fall short of their total: that is "partial".
    """
    sums = frame.groupby("part_of")["number"].sum()
    parts_sum = frame["count_id"].map(sums).astype("Int64")  # Int64 also when no row has parts
    open_list = frame["count_id"].isin(frame.loc[frame["doubts"].str.contains(PARTIAL, regex=False, na=False), "part_of"])
    exact = frame["qualifier"].eq("exact") & parts_sum.notna()
    check = pd.Series(pd.NA, index=frame.index, dtype=object)
    check[exact & (parts_sum > frame["number"])] = "exceeds"
    check[exact & (parts_sum < frame["number"])] = "falls short"
    check[exact & (parts_sum < frame["number"]) & open_list] = "partial"
    check[exact & (parts_sum == frame["number"])] = "adds up"
    of_total = frame["part_of"].map(dict(zip(frame["count_id"], check)))  # parts carry their total's check
    return {"parts_sum": parts_sum.array, "parts_check": check.where(check.notna(), of_total).array}


def _further_sources(loaded: tables.Loaded):
    """source_ids of further reports of each claim, from the citations.csv beside the reserves file."""
    path = tables.locate("citations", loaded.table.path.parent)
    if path.parent != loaded.table.path.parent:  # no citations of its own: the shipped ones cite other claims
        return pd.Categorical([None] * len(loaded.frame))
    citations = tables.load("citations", path, known={"reserves": loaded})
    codes, figures = checks.column_of(citations.table, "figure_id").encoded()  # the figures cited, each citation's among them
    order = np.argsort(codes, kind="stable")  # grouped by figure, in file order within each
    offsets = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(figures)))])
    sources = citations.table.arrow.column("source_id").combine_chunks().take(pa.array(order))
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), sources)
    joined = pc.binary_join(lists, pa.scalar(";", pa.large_string())).dictionary_encode()
    further = np.full(len(loaded.frame), -1, dtype=np.int64)  # few distinct texts: a categorical
    further[citations.referenced_rows("figure_id")] = joined.indices.to_numpy()[codes]  # at each cited figure's row
    return pd.Categorical.from_codes(further, categories=joined.dictionary.to_pylist())


PARTIAL = "partial_breakdown"  # the editor's flag of an open list of parts

LOADERS = {"reserves": load_reserves, "counts": load_counts, "context": load_context, "companies": load_companies,
           "deposits": load_deposits, "territories": load_territories, "sources": load_sources}


def _column_table(name: str) -> str:
    specs = contract.fields(name) + contract.resource(name).get("derivedFields", [])
    width = max(len(spec["name"]) for spec in specs)
    return "\n".join(f"    {spec['name']:<{width}}  {spec['description']}" for spec in specs)


def _references(name: str) -> str:
    return ", ".join(tables.references(name) + (["citations"] if name == "reserves" else [])) or "none"


for _name, _function in LOADERS.items():
    _function.__doc__ = (
        f"{contract.resource(_name)['description']}\n\nParameters\n----------\npath : str or Path, optional\n"
        f"    A {_name} CSV file; default: the shipped data/{_name}.csv. The tables it references\n"
        f"    ({_references(_name)}) are read from the same folder when it has them, otherwise shipped.\n"
        f"\nReturns\n-------\npandas.DataFrame\n    One row per line of {_name}.csv, in file order. Columns:\n\n"
        f"{_column_table(_name)}\n\nRaises\n------\nReservesDataError\n"
        "    Listing every problem of the input with file, line, column, value and the fix.\n"
    )
