"""The fast paths of the checks agree with the plain Python they replace, on any values (differential tests).

Each kernel has two ways to its answer (hash the small side or the large one; codes or text); both are driven here.
"""

import csv
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import reserves
from reserves._contract import cells as checks, descriptor as contract
from reserves._reading import csvfile
from reserves._errors import Problems

texts = st.text(alphabet="ab-é\n,\"", max_size=4)


def table_of(columns: dict[str, list[str]]) -> csvfile.TextTable:
    """A Table read by the loader's reader from a CSV of ``columns``."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values()))
    problems = Problems()
    table = csvfile.read(path, list(columns), problems)
    assert not problems, problems
    return table


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=30), st.lists(texts, max_size=30, unique=True))
def test_rows_in_finds_each_value_among_the_keys(values, keys):
    column = checks.column_of(table_of({"v": values}), "v")
    rows = column.rows_in(pa.array(keys, pa.large_string()))
    _, distinct = column.encoded()
    assert [keys.index(v) if v in keys else -1 for v in distinct.to_pylist()] == rows.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, st.sampled_from(["x", "y", "z"])), min_size=2, max_size=30))
def test_keys_are_distinct_exactly_when_no_pair_repeats(pairs):
    table = table_of({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
    assert checks.all_distinct(table, ["a", "b"]) == (len(set(pairs)) == len(pairs))
    assert checks.all_distinct(table, ["a"]) == (len({a for a, _ in pairs}) == len(pairs))


FIGURES = reserves.load_reserves()
SOURCES = reserves.load_sources()["source_id"].tolist()


def further_sources(citations: list[dict]) -> dict[str, str]:
    """also_reported_by the plain way: each figure's cited sources, in file order, joined by ';'."""
    joined = {}
    for row in citations:
        joined[row["figure_id"]] = joined.get(row["figure_id"], []) + [row["source_id"]]
    return {figure: ";".join(sources) for figure, sources in joined.items()}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIGURES["figure_id"].tolist()), st.sampled_from(SOURCES)), max_size=60,
                unique=True))
def test_also_reported_by_lists_each_figures_citations_in_file_order(pairs):
    own = dict(zip(FIGURES["figure_id"], FIGURES["source_id"]))
    rows = [{"figure_id": f, "source_id": s, "quote": f"q{i}", "note": ""} for i, (f, s) in enumerate(pairs) if own[f] != s]
    folder = Path(tempfile.mkdtemp())
    shutil.copy(contract.shipped_dir() / "reserves.csv", folder)
    with (folder / "citations.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=contract.field_names("citations"), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    figures = reserves.load_reserves(folder / "reserves.csv")
    expected = further_sources(rows)
    assert figures["also_reported_by"].tolist() == [expected.get(f, np.nan) for f in figures["figure_id"]]
