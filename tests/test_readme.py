"""The README says what the code does: its caveat table is flags.csv's, its examples run, its error is the loader's."""

import doctest

import pytest

import reserves
from conftest import ROOT, checked, shipped_text
from reserves._contract import descriptor as contract

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_flag_with_its_meaning():
    for flag in checked("flags").frame.itertuples():
        assert f"| `{flag.flag}` | {flag.meaning} |" in README


def test_readme_lists_every_table_of_the_contract():
    for name in contract.table_names():
        assert f"| `data/{name}.csv` |" in README, name


def test_readme_quick_start_has_two_commands():
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    assert block.splitlines()[1:] == ["make charts", "make test"]


def test_readme_examples_run_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples name folders of the repository
    failed, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE,
                                     globs={"reserves": reserves})
    assert tried and not failed


def test_readme_error_is_the_loaders_own(variant):
    """The two problems the README shows, made in a copy of the shipped data, read as the README prints them."""
    lines = shipped_text("reserves").splitlines(keepends=True)
    lines[1] = lines[1].replace(",13.6,", ',"13,6",', 1)
    lines[2] = lines[2].replace(",million tons,", ",tonns,", 1)
    path = variant("reserves", lambda _: "".join(lines))
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    shown = README.split("2 problems in the reserves data:\n", 1)[1].split("```", 1)[0].splitlines()
    printed = [str(problem).replace(str(path), "my/reserves.csv") for problem in caught.value.problems]
    assert printed == [line.strip() for line in shown]
