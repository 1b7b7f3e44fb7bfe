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
