"""Valid synthetic data packages at any size: deposits, sources, reserves and counts that reference each other."""

import csv
from pathlib import Path

import numpy as np

from reserves import _contract as contract, _tables as tables

COMMODITIES = ["gold", "copper", "molybdenum", "lead", "zinc"]
BASES = ["ore", "contained metal", "unknown"]
QUALIFIERS = ["exact", "more than", "at least", "about", "at most"]
DOUBTS = ["", "secondary", "secondary;estimate", "past_tense", "conflicting;secondary", "unattributed"]


def write_package(folder: Path, rows: int, seed: int = 0, bad_cells: int = 0) -> Path:
    """Write reserves.csv (``rows`` figures) and the tables it references into ``folder``; return its path.

    With ``bad_cells``, that many value cells are made negative, spread over the file.
    """
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_deposits, n_sources = max(rows // 100, 10), max(rows // 1000, 10)
    deposits = [f"deposit-{i}" for i in range(n_deposits)]
    sources = [f"source-{i}" for i in range(n_sources)]
    _write(folder / "deposits.csv", contract.field_names("deposits"),
           ([d, f"Deposit {i} (Hayeren {i})", f"Yataq {i}", f"Hanq {i}", f"Dep {i};Depo {i}", "", ""] for i, d in enumerate(deposits)))
    _write(folder / "sources.csv", contract.field_names("sources"),
           ([s, f"Publisher {i % 50}", f"Title, \"quoted\" {i}", f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}",
             f"https://example.org/{i}", "en", ""] for i, s in enumerate(sources)))
    units = tables.load("units").frame["unit_reported"].tolist()
    values = np.round(rng.uniform(0, 1e6, rows), 1).astype(str)
    if bad_cells:
        values[np.linspace(0, rows - 1, bad_cells).astype(int)] = "-1"
    pick = lambda items: np.array(items, dtype=object)[rng.integers(0, len(items), rows)]  # noqa: E731
    columns = [
        np.char.add("figure-", np.arange(rows).astype(str)).astype(object), pick(deposits), pick(COMMODITIES), values,
        pick(units), pick(BASES), pick(["", "industrial", "residual ore"]), pick(QUALIFIERS), pick(sources),
        pick([f"Claimant {i}, with a comma" for i in range(1000)]),
        pick([f"quote {i}: \"{i} tons\", as said" + ("\nover two lines" if i % 100 == 0 else "") for i in range(5000)]), pick(DOUBTS), pick(["", "", "a note"]),
    ]
    path = folder / "reserves.csv"
    _write(path, contract.field_names("reserves"), zip(*columns))
    return path


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
