"""Every loader returns the contract's columns, with the contract's dtypes, nothing blank that is required."""

import csv
import multiprocessing
from decimal import Decimal

import pandas as pd
import pytest

import reserves
from conftest import figure_line, shipped_text
from reserves._contract import descriptor as contract
from reserves._tables import loaders as _loaders

# (table, loader, flagged rows) of the shipped data
LOADERS = [
    ("reserves", reserves.load_reserves, 103),
    ("counts", reserves.load_counts, 38),
    ("context", reserves.load_context, 2),
    ("companies", reserves.load_companies, 3),
    ("deposits", reserves.load_deposits, None),
    ("territories", reserves.load_territories, None),
    ("claimants", reserves.load_claimants, None),
    ("sources", reserves.load_sources, None),
]


def records(name: str) -> list[dict]:
    """The shipped table as Python's strict csv module reads it: one dict per record, in file order."""
    return list(csv.DictReader(shipped_text(name).splitlines(keepends=True), strict=True))


def test_every_public_loader_is_tested_and_takes_a_path():
    assert {name: load for name, load, _ in LOADERS} == _loaders.LOADERS
    for name, load, _ in LOADERS:
        assert load(contract.shipped_dir() / f"{name}.csv").equals(load()) and load(None).equals(load())


@pytest.mark.parametrize("name, load, flagged", LOADERS, ids=[case[0] for case in LOADERS])
def test_loader_follows_the_contract(name, load, flagged):
    frame, rows = load(), len(records(name))
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
    assert frame[contract.field_names(name)[0]].tolist() == [r[contract.field_names(name)[0]] for r in records(name)]
    if flagged is not None:
        assert frame["ambiguous"].sum() == flagged
        assert (frame["caveat"] != "").sum() == flagged


@pytest.mark.parametrize("name, load, flagged", LOADERS, ids=[case[0] for case in LOADERS])
def test_docstring_lists_every_column(name, load, flagged):
    for spec in contract.fields(name) + contract.resource(name).get("derivedFields", []):
        assert f"{spec['name']}  " in load.__doc__ and spec["description"] in load.__doc__


def test_rows_keep_file_order():
    ids = [line.split(",", 1)[0] for line in (contract.shipped_dir() / "reserves.csv").read_text().splitlines()[1:]]
    assert reserves.load_reserves()["figure_id"].tolist() == ids


def test_value_in_tonnes_only_where_the_unit_allows():
    frame = reserves.load_reserves().set_index("figure_id")
    assert frame.loc["gyzylbulag-copper-ngo", "value_t"] == 47_900_000
    assert frame.loc["demirli-copper-ngo", "value_t"] == 100_000_000
    assert pd.isna(frame.loc["gyzylbulag-gold-ngo", "value_t"])
    assert pd.isna(frame.loc["gyzylbulag-gold-ngo", "value_converted"])
    assert frame.loc["gyzylbulag-gold-ngo", "unit"] == "unknown"
    # other dimensions convert to their own canonical unit, never to tonnes
    limestone = frame.loc["kalbajar-limestone-azvision"]
    assert (limestone["unit"], limestone["dimension"], limestone["value_converted"]) == ("m3", "volume", 10927)
    assert pd.isna(limestone["value_t"])
    mine_life = frame.loc["gyzylbulag-mine-life-hetq"]
    assert (mine_life["unit"], mine_life["dimension"], mine_life["value_converted"]) == ("y", "duration", 2)
    assert pd.isna(mine_life["value_t"])
    production = frame.loc["soyudlu-gold-production-miningsee"]
    assert (production["unit"], production["read_as"]) == ("t/y", "troy ounces per year") and pd.isna(production["value_t"])
    assert production["value_converted"] == pytest.approx(120000 * 0.0000311034768, rel=1e-15)
    tonnes = frame["unit"] == "t"
    assert frame.loc[tonnes, "value_t"].equals(frame.loc[tonnes, "value_converted"]) and frame.loc[~tonnes, "value_t"].isna().all()


def test_where_and_when_a_figure_holds():
    frame = reserves.load_reserves().set_index("figure_id")
    scope = frame[["deposit", "territory", "scope", "as_of", "as_of_qualifier", "as_of_precision"]].astype(object)
    scope = scope.where(scope.notna(), None)
    assert scope.loc["demirli-copper-ngo"].tolist() == ["Demirli (Kashen)", None, "deposit", None, None, None]
    assert scope.loc["kalbajar-gold-azvision"].tolist() == [None, "Kalbajar", "territory", "1993", "until", "year"]
    assert scope.loc["soyudlu-ore-open-pit-fdm"].tolist() == ["Soyudlu (Zod)", None, "part", None, None, None]
    assert frame.loc["demirli-copper-mined-todayaz", "in_situ"] == "no" and frame.loc["demirli-copper-ngo", "in_situ"] == "yes"
    sources = reserves.load_sources().set_index("source_id")["date_precision"].astype(object)
    sources = sources.where(sources.notna(), None)
    assert sources[["jamnews-2022-12-13", "metbuat-2020-10", "azatutyun-2012", "armeniancrimes"]].tolist() == ["day", "month", "month", None]
    assert pd.isna(sources["garabaghnet"])


def test_unit_factors_are_exact(variant, tmp_path):
    units = {"short tons": 0.90718474, "long tons": 1.0160469088, "troy ounces": 0.0000311034768, "kg": 0.001}
    rows = "".join(figure_line(figure_id=f"f{i}", value=3, unit_reported=unit, basis="contained metal" if "ounce" in unit else "unknown")
                   for i, unit in enumerate(units))
    path = variant("reserves", lambda text: text.splitlines(keepends=True)[0] + rows)
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    frame = reserves.load_reserves(path)
    assert frame["value_t"].tolist() == pytest.approx([float(3 * Decimal(str(f))) for f in units.values()], rel=1e-15)
    assert (frame["unit_status"] == "stated").all()


def test_a_file_without_dated_assumed_or_slipped_figures_loads(variant):
    """Caveats quote as_of, read_as and slip_unit; a file in which no row has any of them still loads, uncaveated there."""
    rows = figure_line(figure_id="a", unit_reported="tonnes") + figure_line(figure_id="b", unit_reported="kg", basis="ore",
                                                                          quote="1 kg of ore")
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    frame = reserves.load_reserves(variant("reserves", lambda text: text.splitlines(keepends=True)[0] + rows))
    assert frame["flag_codes"].tolist() == ["basis_unknown", ""]
    assert frame["caveat"].tolist() == ["Basis not stated: ore, concentrate or contained copper.", ""]


def test_loads_in_a_forked_child_after_the_parent_loaded(variant):
    """An analyst's multiprocessing pool forks after a load: the child's own load must not wait on a thread it lacks."""
    path = variant("reserves")
    reserves.load_reserves(path)  # the citations beside it are read on a second thread
    path.write_text(shipped_text("reserves") + figure_line(figure_id="forked"), encoding="utf-8")  # a new version
    child = multiprocessing.get_context("fork").Process(target=reserves.load_reserves, args=(path,))
    child.start()
    child.join(timeout=60)
    hung = child.is_alive()
    child.kill()
    assert not hung and child.exitcode == 0


def test_a_scheme_without_a_class_loads(variant):
    """A source may name its scheme (GKZ) and no class of it: only a class without its scheme is an error."""
    rows = figure_line(figure_id="a", scheme="GKZ", resource_class="") + figure_line(figure_id="b", scheme="GKZ", resource_class="P1")
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    frame = reserves.load_reserves(variant("reserves", lambda text: text.splitlines(keepends=True)[0] + rows))
    assert frame["scheme"].tolist() == ["GKZ", "GKZ"]
    assert frame["resource_class"].isna().tolist() == [True, False]


@pytest.mark.parametrize("qualifier, number_high, number_min, number_max", [
    ("exact", "", 150, 150), ("more than", "", 151, None), ("at least", "", 150, None), ("about", "", None, None),
    ("at most", "", None, 150), ("less than", "", None, 149), ("between", "155", 150, 155)])
def test_count_bounds_follow_the_qualifier(variant, qualifier, number_high, number_min, number_max):
    def change(text):
        old = ",various minerals,deposits,150,,more than,"
        assert text.splitlines()[1].startswith("ngo-total,") and old in text.splitlines()[1]
        text = text.replace(old, f",various minerals,deposits,150,{number_high},{qualifier},", 1)
        return text.replace("over 150 deposits", f"over 150 to {number_high} deposits", 1) if number_high else text

    path = variant("counts", change)
    row = reserves.load_counts(path).iloc[0]
    assert (None if pd.isna(row["number_min"]) else row["number_min"]) == number_min
    assert (None if pd.isna(row["number_max"]) else row["number_max"]) == number_max


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

    heavy = "{'matplotlib', 'nbclient', 'ipykernel', 'jupyter_client'}"
    code = f"import sys, reserves; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
