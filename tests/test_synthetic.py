"""The benchmarks' synthetic data is valid data: the loader and frictionless accept it, and bad cells are counted."""

import json
import shutil
import sys

import pytest

import reserves
from reserves._errors import Kind
from reserves import _contract as contract
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_package  # noqa: E402


def test_synthetic_package_loads_and_passes_frictionless(tmp_path):
    path = write_package(tmp_path, 500)
    figures = reserves.load_reserves(path)
    assert len(figures) == 500 and figures["deposit"].notna().all() and figures["caveat"].notna().all()
    frictionless = pytest.importorskip("frictionless")
    descriptor = contract.descriptor() | {"resources": [r for r in contract.descriptor()["resources"]
                                                       if r["name"] in ("reserves", "deposits", "sources", "units")]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    shutil.copy(contract.data_dir() / "units.csv", tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]


def test_bad_cells_are_all_counted_and_the_report_stays_short(tmp_path):
    path = write_package(tmp_path, 5_000, bad_cells=500)
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    assert caught.value.counts == {(Kind.RANGE, "value"): 500}
    assert len(str(caught.value).splitlines()) == 1 + 20 + 2
