"""Every loader returns the contract's columns, with the contract's dtypes, nothing blank that is required."""

from decimal import Decimal

import pandas as pd
import pytest

import reserves
from reserves import _contract as contract

# (table, loader, rows, flagged rows) of the shipped data
LOADERS = [
    ("reserves", reserves.load_reserves, 16, 16),
    ("counts", reserves.load_counts, 9, 9),
    ("context", reserves.load_context, 4, 2),
    ("companies", reserves.load_companies, 4, 2),
    ("deposits", reserves.load_deposits, 3, None),
    ("sources", reserves.load_sources, 13, None),
]


@pytest.mark.parametrize("name, load, rows, flagged", LOADERS, ids=[case[0] for case in LOADERS])
def test_loader_follows_the_contract(name, load, rows, flagged):
    frame = load()
    specs = contract.fields(name) + contract.resource(name).get("derivedFields", [])
    assert sorted(frame.columns) == sorted(spec["name"] for spec in specs)
    assert [c for c in frame.columns if c in contract.field_names(name)] == contract.field_names(name)
    for spec in specs:
        expected = "category" if spec.get("categorical") else contract.dtype(spec)  # categories come from the data
        assert frame[spec["name"]].dtype == expected, spec["name"]
        if contract.constraints(spec).get("required"):
            assert frame[spec["name"]].notna().all(), spec["name"]
    assert len(frame) == rows
    assert list(frame.index) == list(range(rows))
    if flagged is not None:
        assert frame["ambiguous"].sum() == flagged
        assert (frame["caveat"] != "").sum() == flagged


@pytest.mark.parametrize("name, load, rows, flagged", LOADERS, ids=[case[0] for case in LOADERS])
def test_docstring_lists_every_column(name, load, rows, flagged):
    for spec in contract.fields(name) + contract.resource(name).get("derivedFields", []):
        assert f"{spec['name']}  " in load.__doc__ and spec["description"] in load.__doc__


def test_rows_keep_file_order():
    ids = [line.split(",", 1)[0] for line in (contract.data_dir() / "reserves.csv").read_text().splitlines()[1:]]
    assert reserves.load_reserves()["figure_id"].tolist() == ids


def test_value_in_tonnes_only_where_the_unit_allows():
    frame = reserves.load_reserves().set_index("figure_id")
    assert frame.loc["gyzylbulag-copper-ngo", "value_t"] == 47_900_000
    assert frame.loc["demirli-copper-ngo", "value_t"] == 100_000_000
    assert pd.isna(frame.loc["gyzylbulag-gold-ngo", "value_t"])
    assert frame.loc["gyzylbulag-gold-ngo", "unit"] == "unknown"


def test_unit_factors_are_exact(variant, tmp_path):
    units = {"short tons": 0.90718474, "long tons": 1.0160469088, "troy ounces": 0.0000311034768, "kg": 0.001}
    rows = "".join(f"f{i},demirli-kashen,copper,3,{unit},ore,,exact,jamnews-2022-12-13,c,q,,\n" for i, unit in enumerate(units))
    path = variant("reserves", lambda text: text.splitlines(keepends=True)[0] + rows)
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    frame = reserves.load_reserves(path)
    assert frame["value_t"].tolist() == pytest.approx([float(3 * Decimal(str(f))) for f in units.values()], rel=1e-15)
    assert (frame["unit_status"] == "stated").all()


@pytest.mark.parametrize("qualifier, count_min, count_max", [
    ("exact", 150, 150), ("more than", 151, None), ("at least", 150, None), ("about", None, None), ("at most", None, 150)])
def test_count_bounds_follow_the_qualifier(variant, qualifier, count_min, count_max):
    path = variant("counts", lambda text: text.replace("150,more than", f"150,{qualifier}"))
    row = reserves.load_counts(path).iloc[0]
    assert (None if pd.isna(row["count_min"]) else row["count_min"]) == count_min
    assert (None if pd.isna(row["count_max"]) else row["count_max"]) == count_max


@pytest.mark.parametrize("name", ["Gyzylbulag", "QIZILBULAQ", "qızılbulaq", "Drmbon", "Kyzylbulag", "Gizilbulagh", "Gyzylbulag (Drmbon)"])
def test_find_deposit_by_any_name(name):
    assert reserves.find_deposit(name) == "gyzylbulag-drmbon"


@pytest.mark.parametrize("name", ["Demirli", "Dəmirli", "Damirli", "kashen", "Tsaghkashen"])
def test_find_deposit_folds_azerbaijani_letters(name):
    assert reserves.find_deposit(name) == "demirli-kashen"


def test_unknown_deposit_names_close_matches():
    with pytest.raises(LookupError, match="no deposit is known as 'Demirly'; close names: 'Demirli'"):
        reserves.find_deposit("Demirly")


def test_import_stays_light():
    import subprocess
    import sys

    code = "import sys, reserves; print(sorted(m for m in sys.modules if m.split('.')[0] in {'matplotlib', 'nbclient', 'ipykernel', 'jupyter_client'}))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
