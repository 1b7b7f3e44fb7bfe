"""reserves validate: problems as file:line: column: message, exit codes that say what happened."""

import csv
import os

import pytest

import reserves
from reserves import _contract as contract
from reserves._cli import main
from conftest import shipped_text


def test_validate_shipped_data_prints_a_summary(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    rows = {name: len(list(csv.reader(shipped_text(name).splitlines(keepends=True)))) - 1 for name in contract.resource_names()}
    flagged = {name: int(load()["ambiguous"].sum()) for name, load in [("reserves", reserves.load_reserves), ("counts", reserves.load_counts)]}
    assert out.startswith("valid: ") and len(out.splitlines()) == 1
    assert f"{rows['reserves']} reserves ({flagged['reserves']} flagged)" in out and f"{rows['counts']} counts ({flagged['counts']} flagged)" in out
    assert 0 < flagged["reserves"] <= rows["reserves"] and 0 < flagged["counts"] <= rows["counts"]
    for name in contract.resource_names():
        assert f" {rows[name]} {name}" in out, name


def test_validate_a_bad_file_names_each_problem_and_counts_them_by_kind(variant, capsys):
    path = variant("reserves", lambda text: text.replace(",13.6,", ",13.6t,").replace(",100,", ",-100,"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:2: value: '13.6t' is not a number")
    assert f"{path}:4: value: '-100' is below the minimum 0" in out
    assert "problems by kind: 1 x type, 1 x range" in out


def test_validate_a_folder_checks_each_table_in_it(variant, capsys):
    variant("reserves")
    path = variant("counts", lambda text: text.replace(",150,", ",lots,"))
    assert main(["validate", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: number:" in out and "reserves.csv:" not in out


def test_validate_says_where_the_reference_tables_came_from(tmp_path, capsys):
    for name in ("reserves", "deposits"):
        (tmp_path / f"{name}.csv").write_text(shipped_text(name), encoding="utf-8")
    (tmp_path / "citations.csv").write_text(shipped_text("citations"), encoding="utf-8")
    assert main(["validate", str(tmp_path / "reserves.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "reference tables from the folder: deposits.csv; shipped: bases.csv, classes.csv, commodities.csv, flags.csv, measures.csv, "
        "qualifiers.csv, sources.csv, territories.csv, units.csv")


@pytest.mark.parametrize("setup, words", [
    (lambda d: None, "no table to check: the folder has no CSV named after a table"),
    (lambda d: (d / "Reserves.csv").write_text("figure_id\n"), "Reserves.csv does not name a table (did you mean reserves.csv?)"),
    (lambda d: (d / "figures.csv").write_text("a\n"), "figures.csv does not name a table"),
])
def test_validate_fails_when_it_would_check_nothing(tmp_path, capsys, setup, words):
    setup(tmp_path)
    assert main(["validate", str(tmp_path)]) == 2
    assert words in capsys.readouterr().err


def test_validate_a_missing_path_says_no_such_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv: no such file or folder" in capsys.readouterr().err


def test_a_dangling_reference_file_is_an_error_not_the_shipped_copy(variant, capsys):
    path = variant("reserves")
    (path.parent / "deposits.csv").unlink()
    os.symlink(path.parent / "gone.csv", path.parent / "deposits.csv")
    assert main(["validate", str(path)]) == 1
    assert f"{path.parent / 'deposits.csv'}:1: (file): deposits.csv is here but is not a readable file" in capsys.readouterr().out


@pytest.mark.parametrize("out", ["file", "file/sub"])
def test_charts_to_a_place_that_cannot_take_them_is_one_line(tmp_path, capsys, out):
    (tmp_path / "file").write_text("x")
    assert main(["charts", "--out", str(tmp_path / out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --out ") and "cannot write charts there" in err and len(err.splitlines()) == 1
