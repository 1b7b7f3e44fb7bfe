"""The benchmarks' synthetic data is valid data: the loader and frictionless accept it, and bad cells are counted."""

import json
import sys

import pytest

import reserves
from reserves._errors import Kind
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_descriptor, write_package  # noqa: E402


def test_synthetic_package_loads_and_passes_frictionless(tmp_path):
    path = write_package(tmp_path, 500)
    figures = reserves.load_reserves(path)
    assert len(figures) == 500 and figures["deposit"].notna().all() and figures["caveat"].notna().all()
    assert set(figures["basis"]) == {"ore", "unknown"} and figures["value_high"].notna().any() and figures["as_of"].notna().any()
    assert {"dated", "range", "unit_slip", "unit_assumed", "basis_unknown"} <= set(";".join(figures["flag_codes"]).split(";"))
    frictionless = pytest.importorskip("frictionless")
    assert {p.name for p in tmp_path.iterdir()} == {"reserves.csv", "deposits.csv", "sources.csv"}
    descriptor = write_descriptor(tmp_path)
    names = {r["name"] for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]}
    assert {"reserves", "deposits", "sources", "territories", "units", "qualifiers", "bases"} <= names
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]


def test_bad_cells_are_all_counted_and_the_report_stays_short(tmp_path):
    path = write_package(tmp_path, 5_000, bad_cells=500)
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    assert caught.value.counts == {(Kind.RANGE, "value"): 500}
    assert len(str(caught.value).splitlines()) == 1 + 20 + 2
