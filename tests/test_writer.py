"""write_csv is told its table, refuses what the loader would refuse, and replaces a file whole or not at all."""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import reserves
from conftest import shipped_text


def test_a_frame_missing_a_column_is_refused_never_written_as_another_table(tmp_path):
    figures = reserves.load_reserves().drop(columns="deposit_id")
    with pytest.raises(ValueError, match="the frame lacks columns of reserves.csv: deposit_id"):
        reserves.write_csv(figures, tmp_path / "reserves.csv")
    assert not list(tmp_path.iterdir())


def test_the_table_comes_from_the_frame_or_the_caller(tmp_path):
    plain = pd.DataFrame(reserves.load_reserves().to_dict("list"))  # attrs lost, as after many pandas operations
    with pytest.raises(ValueError, match="cannot tell which table this frame is: pass table="):
        reserves.write_csv(plain, tmp_path / "reserves.csv")
    reserves.write_csv(plain, tmp_path / "reserves.csv", table="reserves")
    assert (tmp_path / "reserves.csv").read_text(encoding="utf-8") == shipped_text("reserves")
    with pytest.raises(ValueError, match="table='reserve' is not a table"):
        reserves.write_csv(plain, tmp_path / "reserves.csv", table="reserve")


@pytest.mark.parametrize("column, value, words", [
    ("value", -1.0, "must not be negative"),
    ("value", np.inf, "'inf' is not a finite number"),
    ("quote", "13.6\u200b units", "U+200B ZERO WIDTH SPACE"),
    ("quote", pd.NA, "blank, but this column is required"),
    ("unit_reported", "quintals", "'quintals' is not a unit_reported of units.csv"),
    ("value", 13.7, "the quote does not hold 13.7"),
    ("territory_id", "kalbajar", "fill exactly one of deposit_id and territory_id"),
    ("basis", "contained metal", "the quote does not state 'contained metal'"),
])
def test_a_frame_the_loader_would_refuse_is_not_written(tmp_path, column, value, words):
    path = tmp_path / "reserves.csv"
    path.write_text(shipped_text("reserves"), encoding="utf-8")
    figures = reserves.load_reserves()
    figures[column] = figures[column].astype(object)
    figures.loc[2, column] = value
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.write_csv(figures, path)
    assert words in str(caught.value) and f"{path} (not written):4:" in str(caught.value)
    assert path.read_text(encoding="utf-8") == shipped_text("reserves")
    assert [p.name for p in tmp_path.iterdir()] == ["reserves.csv"]


def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "reserves.csv"
    path.write_text(shipped_text("reserves"), encoding="utf-8")

    def half(self, out, **kwargs):
        out.write("figure_id,deposit_id\nhalf,")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half)
    with pytest.raises(OSError, match="disk full"):
        reserves.write_csv(reserves.load_reserves(), path)
    assert path.read_text(encoding="utf-8") == shipped_text("reserves")
    assert [p.name for p in tmp_path.iterdir()] == ["reserves.csv"]


WRITER = textwrap.dedent("""
    import sys, reserves
    figures = reserves.load_reserves()
    figures["note"] = sys.argv[2]
    for _ in range(15):
        reserves.write_csv(figures, sys.argv[1])
""")


def test_two_writers_at_once_leave_the_file_of_one_of_them(tmp_path):
    path = tmp_path / "reserves.csv"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), note]) for note in ("first writer", "second writer")]
    seen = set()
    while any(w.poll() is None for w in writers):
        if path.exists():
            seen.add(path.read_bytes())
    assert [w.wait() for w in writers] == [0, 0]
    seen.add(path.read_bytes())
    expected = set()
    for note in ("first writer", "second writer"):
        figures = reserves.load_reserves()
        figures["note"] = note
        (tmp_path / note).mkdir()
        reserves.write_csv(figures, tmp_path / note)
        expected.add((tmp_path / note / "reserves.csv").read_bytes())
    assert seen <= expected  # every read, during and after, saw one writer's whole file
