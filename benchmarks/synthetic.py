"""Valid synthetic data packages at any size: deposits, sources and reserves that reference each other.

The other tables the figures reference (territories, commodities, measures, units, bases, qualifiers, classes,
flags) are the shipped ones: a loader finds them when the folder has none.
"""

import csv
import json
import shutil
from pathlib import Path

import numpy as np

from reserves import _contract as contract, _tables as tables

COMMODITIES = ["gold", "copper", "molybdenum", "lead", "zinc"]
BASES = ["ore", "unknown"]  # ore only with a quote that states it ('of ore'): the basis rule is enforced
DOUBTS = ["", "secondary", "secondary;estimate", "past_tense", "conflicting;secondary", "unattributed"]
PARTS = ["", "", "", "", "one block"]
AS_OF = [("", "")] * 7 + [("1993", "until"), ("2020-10", "as of"), ("2022-12-13", "as of")]  # as_of with its qualifier
SLIPS = [""] * 9 + ["kg"]


def write_package(folder: Path, rows: int, seed: int = 0, bad_cells: int = 0) -> Path:
    """Write reserves.csv (``rows`` figures) and the deposits and sources it references into ``folder``; return its path.

    With ``bad_cells``, that many value cells are made negative, spread over the file.
    """
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_deposits, n_sources = max(rows // 100, 10), max(rows // 1000, 10)
    deposits = [f"deposit-{i}" for i in range(n_deposits)]
    sources = [f"source-{i}" for i in range(n_sources)]
    _write(folder / "deposits.csv", contract.field_names("deposits"),
           ([d, f"Deposit {i} (Hayeren {i})", f"Yataq {i}", f"Hanq {i}", f"Dep {i};Depo {i}", "", "", ""] for i, d in enumerate(deposits)))
    _write(folder / "sources.csv", contract.field_names("sources"),
           ([s, f"Publisher {i % 50}", f"Title, \"quoted\" {i}", f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}",
             f"https://example.org/{i}", "en", ""] for i, s in enumerate(sources)))
    units = tables.load("units").frame["unit_reported"].tolist()
    qualifiers = tables.load("qualifiers").frame.set_index("qualifier")["upper"]
    pick = lambda items: np.array(items, dtype=object)[rng.integers(0, len(items), rows)]  # noqa: E731
    low = np.round(rng.uniform(0, 1e6, rows), 1)
    qualifier = pick(qualifiers.index.tolist())
    ranged = np.isin(qualifier, qualifiers.index[qualifiers == "value_high"])  # 'between': value to value_high
    high = np.where(ranged, np.round(low + rng.uniform(0, 1e3, rows), 1).astype(str), "").astype(object)
    values = low.astype(str)
    if bad_cells:
        values[np.linspace(0, rows - 1, bad_cells).astype(int)] = "-1"
    basis = pick(BASES)
    plain = [f"quote {i}: \"{i} tons\", as said" + ("\nover two lines" if i % 100 == 0 else "") for i in range(5000)]
    of_ore = [f"quote {i}: {i} tons of ore, as said" for i in range(1000)]
    quote = np.where(basis == "ore", pick(of_ore), pick(plain))
    dated = rng.integers(0, len(AS_OF), rows)
    blank = np.full(rows, "", dtype=object)
    columns = {
        "figure_id": np.char.add("figure-", np.arange(rows).astype(str)).astype(object), "deposit_id": pick(deposits),
        "territory_id": blank, "part": pick(PARTS), "commodity": pick(COMMODITIES), "measure": np.full(rows, "reserve", dtype=object),
        "value": values, "value_high": high, "unit_reported": pick(units), "basis": basis, "scheme": blank,
        "resource_class": blank, "qualifier": qualifier, "as_of": np.array([a for a, _ in AS_OF], dtype=object)[dated],
        "as_of_qualifier": np.array([q for _, q in AS_OF], dtype=object)[dated], "estimate_id": pick(["", "", "", "estimate-1"]),
        "slip_unit": pick(SLIPS), "source_id": pick(sources), "claimant": pick([f"Claimant {i}, with a comma" for i in range(1000)]),
        "quote": quote, "doubts": pick(DOUBTS), "note": pick(["", "", "a note"]),
    }
    assert list(columns) == contract.field_names("reserves"), "the columns of reserves.csv changed: write them here"
    path = folder / "reserves.csv"
    _write(path, list(columns), zip(*columns.values()))
    return path


def write_descriptor(folder: Path) -> Path:
    """Make ``folder`` (of write_package) a data package for frictionless: copy in the shipped tables its tables
    reference and write a datapackage.json of the contract's resources it holds; return that descriptor's path."""
    written = {"reserves", "deposits", "sources"}
    referenced = {target for name in written for _, target, _ in contract.foreign_keys(name)} - written
    for name in referenced:
        shutil.copy(contract.data_dir() / f"{name}.csv", folder)
    resources = [r for r in contract.descriptor()["resources"] if r["name"] in written | referenced]
    path = folder / "datapackage.json"
    path.write_text(json.dumps(contract.descriptor() | {"resources": resources}), encoding="utf-8")
    return path


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
