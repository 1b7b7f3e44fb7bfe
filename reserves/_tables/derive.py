"""The columns a loader adds to a checked table: lookups through foreign keys, converted values, flags, caveats.

A derived column that the contract marks ``lookup`` ("column.field") is looked up through that column's foreign key;
the others are computed here, per table. A table's finished frame is made once per version of its inputs.
"""

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._contract import cells, flags
from .._contract import descriptor as contract
from .._errors import Kind, Problems
from .table import DOUBTS, FLAGS, CheckedTable, check

PARTIAL = "partial_breakdown"  # the editor's flag of an open list of parts


def finished(checked: CheckedTable, memo: dict[tuple[str, str], CheckedTable]) -> pd.DataFrame:
    """The frame of ``checked`` with its derived columns in the contract's places and its flags (shared: copy it).

    Made once per version of the table and of the tables its derived columns are drawn from (citations.csv for
    reserves' ``also_reported_by``), which are checked here, with ``memo``.
    """
    drawn = {name: check(name, checked.folder, memo) for name in contract.drawn_from(checked.name)}
    versions = tuple(table.version for table in drawn.values())
    if None in versions or checked.version is None:
        return _derived(checked, DERIVE.get(checked.name, _nothing)(checked, drawn))
    if versions not in checked.finished:
        checked.finished[versions] = _derived(checked, DERIVE.get(checked.name, _nothing)(checked, drawn))
    return checked.finished[versions]


def _nothing(checked: CheckedTable, drawn: dict) -> dict:
    return {}


def _reserves(checked: CheckedTable, drawn: dict) -> dict:
    with ThreadPoolExecutor(1) as beside:  # one per call: a pool kept between calls would hang in a forked child
        further = beside.submit(_further_sources, checked, drawn["citations"])  # grouped while the rest is derived
        frame = checked.frame
        converted, unit = _converted(checked)
        scope = pd.Categorical.from_codes(np.where(frame["part"].notna(), 0, np.where(frame["deposit_id"].notna(), 1, 2)),
                                          categories=["part", "deposit", "territory"])
        return {"scope": scope, "value_as_written": _as_written(checked, "value"), "value_high_as_written": _as_written(checked, "value_high"),
                "unit": unit, "value_converted": converted, "value_t": converted.where(np.asarray(unit == "t", dtype=bool)),
                "as_of_precision": _precision(checked, "as_of"), "also_reported_by": further.result()}


def _counts(checked: CheckedTable, drawn: dict) -> dict:
    frame, bounds = checked.frame, checked.refs["qualifiers"].frame.set_index("qualifier")
    count, high = frame["number"], frame["number_high"]
    lower, upper = (frame["qualifier"].map(bounds[side]).astype(object) for side in ("lower", "upper"))
    return _parts(frame) | {
        "number_min": count.where(lower == "value", (count + 1).where(lower == "above value")).array,
        "number_max": count.where(upper == "value", high.where(upper == "value_high", (count - 1).where(upper == "below value"))).array,
        "as_of_precision": _precision(checked, "as_of"),
    }


def _context(checked: CheckedTable, drawn: dict) -> dict:
    return {"value_as_written": _as_written(checked, "value"), "value_t": _converted(checked)[0]}


def _sources(checked: CheckedTable, drawn: dict) -> dict:
    return {"date_precision": _precision(checked, "date")}


DERIVE = {"reserves": _reserves, "counts": _counts, "context": _context, "sources": _sources}


def _derived(checked: CheckedTable, derived: dict) -> pd.DataFrame:
    frame = checked.frame.copy(deep=False)  # the checked table stays as it was read
    specs = contract.derived_fields(checked.name)
    derived = {spec["name"]: _looked_up(checked, spec["lookup"]) for spec in specs if "lookup" in spec} | derived
    for spec in specs:
        if spec["name"] in derived:
            values = derived[spec["name"]]
            values = pd.array(values.result() if isinstance(values, Future) else values, dtype=contract.dtype(spec))
            frame.insert(frame.columns.get_loc(spec["after"]) + 1, spec["name"], values)
    if DOUBTS in frame:
        frame = flags.annotate(frame, checked.refs[FLAGS].frame, lambda name: _codes(frame, checked, name))
    return frame


def _codes(frame: pd.DataFrame, checked: CheckedTable, name: str):
    """A column's codes and distinct values: the checks' encoding of a text column, a categorical's own, else factorized."""
    if isinstance(frame[name].dtype, pd.CategoricalDtype):
        return frame[name].cat.codes.to_numpy(), frame[name].cat.categories
    if name in checked.table.arrow.column_names:
        codes, distinct = checked.codes(name)
        return np.where(np.asarray(distinct == "")[codes] if len(codes) else codes, -1, codes), distinct
    return pd.factorize(frame[name])


def _looked_up(checked: CheckedTable, lookup: str):
    """``column.field``: each row's ``field`` of the row its ``column`` references (missing where blank)."""
    column, field = lookup.split(".")
    target, key = next((t, k) for c, t, k in contract.foreign_keys(checked.name) if c == column)
    return _lookup(checked.codes(column), checked.refs[target].frame.set_index(key)[field])


def _lookup(keys: tuple, values: pd.Series):
    """``values[key]`` for every key of a factorized column (missing where the key is not there).

    Texts come back as a categorical, so a million rows share one copy of each.
    """
    codes, distinct = keys
    looked = values.reindex(distinct).array
    if not pd.api.types.is_numeric_dtype(looked.dtype):
        looked = pd.Categorical(looked)
    return looked.take(codes, allow_fill=True)


def _precision(checked: CheckedTable, column: str):
    """'year', 'month' or 'day' for a date written YYYY, YYYY-MM or YYYY-MM-DD; missing where blank (on distinct dates)."""
    codes, dates = checked.codes(column)
    precision = dates.str.count("-").map({0: "year", 1: "month", 2: "day"}).where(dates != "")
    return _lookup((codes, dates), pd.Series(precision, index=dates))


def _as_written(checked: CheckedTable, column: str):
    """A number column's text as the CSV writes it ('3.0'), blank where it is blank."""
    text = checked.table.arrow.column(column)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def _converted(checked: CheckedTable) -> tuple[pd.Series, object]:
    """(value in the canonical unit of its dimension, that unit): value times its unit's units.csv factor, missing
    where the unit has none. A fraction converts to the unit its measure reads fractions in (measures.csv
    fraction_unit): a grade to g/t, a share to %. A product beyond a double is refused."""
    units = checked.refs["units"].frame.set_index("unit_reported")
    frame, (unit_codes, unit_names) = checked.frame, checked.codes("unit_reported")
    if "measures" in checked.refs:  # a figure of fractions is read in its measure's unit
        measure_codes, measure_names = checked.codes("measure")
        fraction_units = checked.refs["measures"].frame.set_index("measure")["fraction_unit"].reindex(measure_names)
    else:
        measure_codes, fraction_units = np.zeros_like(unit_codes), pd.Series([None], dtype=object)
    unit_of, measure_of, inverse = cells.distinct_pairs(unit_codes, measure_codes, len(fraction_units))  # each pair once
    reported = units.reindex(unit_names).iloc[unit_of].reset_index(drop=True).where(pd.Series(unit_of >= 0))
    fraction_unit = fraction_units.astype(object).iloc[measure_of].reset_index(drop=True).where(pd.Series(measure_of >= 0))
    fraction = reported["dimension"].eq("fraction") & fraction_unit.notna()
    factor = reported["factor"].astype(float).where(~fraction, reported["factor"].astype(float) / fraction_unit.map(units["factor"]).astype(float))
    unit = reported["unit"].astype(object).where(~fraction, fraction_unit)
    names = sorted(unit.dropna().unique())
    unit = pd.Categorical.from_codes(unit.map({name: code for code, name in enumerate(names)}).fillna(-1).astype(int).to_numpy()[inverse],
                                     categories=names)
    factor = factor.to_numpy(dtype=float, na_value=np.nan)[inverse]
    with np.errstate(over="ignore"):  # a product beyond a double is found below, and refused
        converted = pd.Series(frame["value"].array * factor, index=frame.index)
    rows = np.flatnonzero(np.isinf(converted.to_numpy(dtype=float, na_value=np.nan)))
    problems, table = Problems(), checked.table
    problems.add_rows(Kind.RANGE, "value", rows, lambda row: (
        table.file, table.line(int(row)), table.arrow.column("value")[int(row)].as_py(),
        f"in its unit's terms ('{frame['unit_reported'].iloc[row]}') the figure is beyond the largest number a double "
        "holds: check the value and its unit"))
    problems.raise_if_any()
    return converted, unit


def _parts(frame: pd.DataFrame) -> dict:
    """The sum of each total's parts, and for an exact total and its parts whether they add up to it.

    Parts that an editor marks as an open list (partial_breakdown) may fall short of their total: that is "partial".
    """
    sums = frame.groupby("part_of")["number"].sum()
    parts_sum = frame["count_id"].map(sums).astype("Int64")  # Int64 also when no row has parts
    open_list = frame["count_id"].isin(frame.loc[frame["doubts"].str.contains(PARTIAL, regex=False, na=False), "part_of"])
    exact = frame["qualifier"].eq("exact") & parts_sum.notna()
    check_ = pd.Series(pd.NA, index=frame.index, dtype=object)
    check_[exact & (parts_sum > frame["number"])] = "exceeds"
    check_[exact & (parts_sum < frame["number"])] = "falls short"
    check_[exact & (parts_sum < frame["number"]) & open_list] = "partial"
    check_[exact & (parts_sum == frame["number"])] = "adds up"
    of_total = frame["part_of"].map(dict(zip(frame["count_id"], check_)))  # parts carry their total's check
    return {"parts_sum": parts_sum.array, "parts_check": check_.where(check_.notna(), of_total).array}


def _further_sources(checked: CheckedTable, citations: CheckedTable):
    """source_ids of further reports of each claim, from the folder's citations.csv (none, when it has none)."""
    codes, figures = cells.column_of(citations.table, "figure_id").encoded()  # the figures cited, each citation's among them
    order = np.argsort(codes, kind="stable")  # grouped by figure, in file order within each
    offsets = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(figures)))])
    sources = citations.table.arrow.column("source_id").combine_chunks().take(pa.array(order))
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), sources)
    joined = pc.binary_join(lists, pa.scalar(";", pa.large_string())).dictionary_encode()
    further = np.full(len(checked.frame), -1, dtype=np.int64)  # few distinct texts: a categorical
    further[citations.referenced_rows("figure_id")] = joined.indices.to_numpy()[codes]  # at each cited figure's row
    return pd.Categorical.from_codes(further, categories=joined.dictionary.to_pylist())
