"""Claim files shaped like real ones, at any size: the shipped figures replicated, each copy with its own id, quote and
note, some notes over two lines, every shipped reference table beside them and the citations replicated with them.

A check run on a column's distinct values is cheap only when the values repeat; in real claim files quotes, notes and
ids never do, so neither do they here.
"""

import csv
import shutil
from pathlib import Path

from reserves._contract import descriptor as contract

BROKEN_LINE = 50  # every 50th note holds a line break inside its quotes


def write_realistic(folder: Path, rows: int, bad_cells: int = 0) -> Path:
    """Write reserves.csv of ``rows`` figures and citations.csv into ``folder`` beside every shipped table; return its path.

    With ``bad_cells``, that many value cells, spread over the file, are made negative.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for table in contract.shipped_dir().glob("*.csv"):
        if table.name not in ("reserves.csv", "citations.csv"):
            shutil.copy(table, folder)
    template = _read("reserves")
    bad = {round(i * rows / bad_cells) for i in range(bad_cells)} if bad_cells else set()
    with _writer(folder / "reserves.csv", template[0].keys()) as write:
        for i in range(rows):
            row = dict(template[i % len(template)])
            copy = i // len(template)
            row["figure_id"] = f"{row['figure_id']}-{copy}"
            row["quote"] = f"[{i}] {row['quote']}"
            row["note"] = f"Copy {i} of the shipped figure." + ("\nIts second line." if i % BROKEN_LINE == 0 else "")
            if row["estimate_id"]:
                row["estimate_id"] = f"{row['estimate_id']}-{copy}"
            if i in bad:
                row["value"] = "-1"
            write(row)
    citations = _read("citations")
    copies = -(-rows // len(template))
    with _writer(folder / "citations.csv", citations[0].keys()) as write:
        for copy in range(copies):
            for row in citations:
                index = next(n for n, figure in enumerate(template) if figure["figure_id"] == row["figure_id"])
                if copy * len(template) + index < rows:
                    write(row | {"figure_id": f"{row['figure_id']}-{copy}", "quote": f"[{copy}] {row['quote']}"})
    return folder / "reserves.csv"


def _read(name: str) -> list[dict]:
    with (contract.shipped_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


class _writer:
    """A CSV writer of dict rows as the shipped files are written (LF line ends, minimal quoting)."""

    def __init__(self, path: Path, fields):
        self.stream = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.stream, fieldnames=list(fields), lineterminator="\n")
        self.writer.writeheader()

    def __enter__(self):
        return self.writer.writerow

    def __exit__(self, *exc):
        self.stream.close()
