"""The benchmarks' data is shaped like real claims and valid: the loader and frictionless accept it, bad cells are counted."""

import shutil
import sys

import pytest

import reserves
from conftest import ROOT
from reserves import Kind
from reserves._contract import descriptor as contract

sys.path.insert(0, str(ROOT / "benchmarks"))
from realistic import BROKEN_LINE, write_realistic  # noqa: E402


def test_realistic_rows_are_valid_and_never_repeat_their_text(tmp_path):
    path = write_realistic(tmp_path, 500)
    figures = reserves.load_reserves(path)
    assert len(figures) == 500
    for column in ("figure_id", "quote", "note"):
        assert figures[column].is_unique, column
    assert figures["note"].str.contains("\n").sum() == 500 // BROKEN_LINE
    assert figures["also_reported_by"].notna().any()  # the citations travel with their copies
    frictionless = pytest.importorskip("frictionless")
    shutil.copy(contract.shipped_dir() / "datapackage.json", tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]


def test_bad_cells_are_all_counted_and_the_report_stays_short(tmp_path):
    path = write_realistic(tmp_path, 5_000, bad_cells=500)
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    assert caught.value.counts == {(Kind.RANGE, "value"): 500}
    assert len(str(caught.value).splitlines()) == 1 + 20 + 2


def test_every_phase_the_benchmarks_time_is_a_function_of_the_package():
    """The phase table wraps functions by name: a renamed one would silently time nothing."""
    import importlib

    import run

    for module, name in run.PHASES:
        assert callable(getattr(importlib.import_module(f"reserves.{module}"), name, None)), (module, name)
    assert {"_contract.figures", "_contract.rules"} <= {module for module, _ in run.PHASES}  # the two called through RULES


def test_the_phase_table_times_a_load_and_every_peer_reads_the_same_files(tmp_path):
    import run

    path = write_realistic(tmp_path, 4_000)  # above the size of a file whose checked table is kept: every load reads it
    spent = {row["phase"]: row["median s"] for row in run.phases(path, 1)}
    assert all(spent[phase] > 0 for phase in ("_reading.csvfile.read", "_contract.quotes.locate", "_contract.figures.figures"))
    pytest.importorskip("pandera")  # the peers are the benchmarks' own extra
    rows = run.loader_and_peers({4_000: tmp_path}, 1)
    assert rows[0]["rows"] == 4_000 and rows[0]["load_reserves ×"] > 0
