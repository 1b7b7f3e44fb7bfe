"""The command line: validate prints problems as file:line: column: message; new, --version, help; exit codes that say what happened."""

import argparse
import csv
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import reserves
from conftest import line_of, shipped_text
from reserves._cli.main import _parser, main
from reserves._contract import descriptor as contract


def test_validate_shipped_data_prints_a_summary(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    rows = {name: len(list(csv.reader(shipped_text(name).splitlines(keepends=True)))) - 1 for name in contract.table_names()}
    flagged = {name: int(load()["ambiguous"].sum()) for name, load in [("reserves", reserves.load_reserves), ("counts", reserves.load_counts)]}
    assert out.startswith("valid: ") and len(out.splitlines()) == 1
    assert f"{rows['reserves']} reserves ({flagged['reserves']} flagged)" in out and f"{rows['counts']} counts ({flagged['counts']} flagged)" in out
    assert 0 < flagged["reserves"] <= rows["reserves"] and 0 < flagged["counts"] <= rows["counts"]
    for name in contract.table_names():
        assert f" {rows[name]} {name}" in out, name


def test_validate_a_bad_file_names_each_problem_and_counts_them_by_kind(variant, capsys):
    path = variant("reserves", lambda text: text.replace(",13.6,", ",13.6t,", 1).replace(",100,", ",-100,", 1))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:2: value: '13.6t' is not a number")
    assert f"{path}:{line_of('reserves', ',100,')}: value: '-100' is below the minimum 0" in out
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
        "reference tables from the folder: deposits.csv; shipped: as_of_qualifiers.csv, bases.csv, claimants.csv, classes.csv, "
        "commodities.csv, flags.csv, measures.csv, number_words.csv, qualifiers.csv, schemes.csv, sources.csv, territories.csv, units.csv")


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
    assert f"{path.parent / 'deposits.csv'}:1: (file): deposits.csv is here but is not a file" in capsys.readouterr().out


@pytest.mark.parametrize("args, words", [
    (["--out", "{tmp}/file"], "error: --out {tmp}/file: cannot write charts there"),
    (["--out", "{tmp}/file/sub"], "error: --out {tmp}/file/sub: cannot write charts there"),
    (["--notebooks", "{tmp}"], "error: --notebooks {tmp}: no notebooks (*.ipynb) there"),
    (["--data", "{tmp}/file"], "error: --data {tmp}/file: no such folder"),
    (["--check", "--out", "{tmp}/none"], "error: --out {tmp}/none: no such folder of charts to check"),
])
def test_charts_with_a_bad_path_is_one_line_before_any_kernel_starts(tmp_path, capsys, args, words):
    (tmp_path / "file").write_text("x")
    assert main(["charts", *(arg.format(tmp=tmp_path) for arg in args)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(words.format(tmp=tmp_path)) and len(err.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing written


SCRIPT = Path(sys.executable).with_name("reserves")  # the console script pip installed beside this Python


@pytest.mark.parametrize("command", [[sys.executable, "-m", "reserves"], [str(SCRIPT)]], ids=["python -m reserves", "reserves"])
@pytest.mark.parametrize("args, code, stream, words", [
    (["--version"], 0, "stdout", f"reserves {metadata.version('reserves')}\n"),
    (["validate", "nope.csv"], 2, "stderr", "error: nope.csv: no such file or folder\n"),
])
def test_the_command_and_python_m_reserves_run_the_same_main(tmp_path, command, args, code, stream, words):
    done = subprocess.run(command + args, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (done.returncode, getattr(done, stream)) == (code, words)


def test_version_is_the_installed_one(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"reserves {metadata.version('reserves')}\n"


def parsers() -> list[argparse.ArgumentParser]:
    parser = _parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return [parser, *commands.choices.values()]


@pytest.mark.parametrize("parser", parsers(), ids=lambda p: p.prog)
def test_help_is_plain_text_with_every_argument_and_the_exit_codes(parser):
    text = parser.format_help()
    assert "``" not in text
    for line in ("0  success", "1  problems in the data (validate); a notebook failed, or charts are stale (charts)",
                 "2  nothing to check, or a bad argument or path"):
        assert f"\n  {line}\n" in text
    for action in parser._actions:
        assert action.help, f"{parser.prog}: {action.dest} has no help"
        for command in getattr(action, "_choices_actions", []):
            assert command.help, f"{parser.prog} {command.dest} has no help"


def test_new_writes_a_folder_that_validates(tmp_path, capsys):
    folder = tmp_path / "claims"
    assert main(["new", str(folder)]) == 0
    tables = ["sources", "claimants", "territories", "deposits", "reserves", "counts", "citations", "companies"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{name}.csv" for name in tables] + ["README.md"])
    for name in tables:
        assert (folder / f"{name}.csv").read_text(encoding="utf-8") == ",".join(contract.field_names(name)) + "\n"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"reserves validate {folder}" in readme and f"reserves charts --data {folder} --out {folder}/charts" in readme
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"valid: {folder}: 0 sources, 0 claimants, 0 territories, 0 deposits, 0 reserves (0 flagged), "
                          "0 counts (0 flagged), 0 citations, 0 companies (0 flagged)\n")
    assert "from the folder" not in out  # every vocabulary is the shipped one


def test_the_example_rows_of_a_new_folder_are_rows_of_their_tables(tmp_path, capsys):
    """Each example, its '# ' deleted, is a valid row; the sources it names are those of the shipped data."""
    folder = tmp_path / "claims"
    assert main(["new", str(folder)]) == 0
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for name, block in re.findall(r"`(\w+)\.csv`:\n\n```csv\n(.*?)```", readme, re.S):
        assert all(line.startswith("# ") for line in block.splitlines()), block
        with (folder / f"{name}.csv").open("a", encoding="utf-8") as table:
            table.write("".join(line[2:] + "\n" for line in block.splitlines()))
        assert len(list(csv.reader((folder / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)))) == 2, name
    for name in ("sources", "claimants"):  # the rows the examples name
        (folder / f"{name}.csv").write_text(shipped_text(name), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("setup, words", [
    (lambda d: (d.mkdir(), (d / "reserves.csv").write_text("mine\n")), "{d}: not empty; give a new or empty folder"),
    (lambda d: d.write_text("mine\n"), "{d}: is a file; give a new or empty folder"),
])
def test_new_refuses_a_folder_that_holds_anything(tmp_path, capsys, setup, words):
    folder = tmp_path / "claims"
    setup(folder)
    before = {p: p.read_bytes() for p in [folder, *folder.glob("*")] if p.is_file()}
    assert main(["new", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: " + words.format(d=folder)) and len(err.splitlines()) == 1
    assert {p: p.read_bytes() for p in [folder, *folder.glob("*")] if p.is_file()} == before


def test_output_cut_short_by_its_reader_ends_quietly():
    """'reserves validate | head': the reader closes the pipe; the command stops without a traceback."""
    child = subprocess.Popen([sys.executable, "-m", "reserves", "validate"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # long before the child, still importing, writes its first line
    with child.stderr:
        assert child.wait(timeout=60) == 1
        assert child.stderr.read() == b""
