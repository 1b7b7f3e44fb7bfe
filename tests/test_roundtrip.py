"""Reading then writing is lossless: the shipped CSVs byte for byte, generated rows value for value."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings

import reserves
from conftest import shipped_text
from generate import folder_rows, write_folder
from reserves._tables import loaders as _loaders

LOADERS = _loaders.LOADERS  # every public loader


@pytest.mark.parametrize("name", LOADERS)
def test_shipped_csv_round_trips_byte_for_byte(tmp_path, name):
    out = tmp_path / f"{name}.csv"
    reserves.write_csv(LOADERS[name](), out)
    assert out.read_text(encoding="utf-8") == shipped_text(name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(folder_rows())
def test_generated_folders_round_trip_byte_for_byte(tmp_path, tables):
    """Every table a generated folder of any region holds is written back as its bytes: numbers as written ('3.0')."""
    folder = write_folder(tmp_path / "mine", tables)
    again = tmp_path / "again"
    shutil.copytree(folder, again, dirs_exist_ok=True)
    for name in ("reserves", "counts", "deposits", "territories", "sources"):
        reserves.write_csv(LOADERS[name](folder), again)
        assert (again / f"{name}.csv").read_bytes() == (folder / f"{name}.csv").read_bytes(), name
    assert reserves.load_reserves(again).equals(reserves.load_reserves(folder))
