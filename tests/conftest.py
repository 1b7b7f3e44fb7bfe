import shutil
from pathlib import Path

import pytest

from reserves._contract import descriptor as contract
from reserves._tables.folder import Folder
from reserves._tables.table import check

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"  # the project's source texts, beside the checkout


def shipped_text(name: str) -> str:
    return (contract.shipped_dir() / f"{name}.csv").read_text(encoding="utf-8")


def checked(name: str, folder=None):
    """Table ``name`` of a folder (default: the shipped data), checked as the loaders check it."""
    return check(name, Folder(folder))


def line_of(table: str, text: str) -> int:
    """Editor line of the first line of a shipped table holding ``text``."""
    return next(n for n, line in enumerate(shipped_text(table).splitlines(), 1) if text in line)


@pytest.fixture
def variant(tmp_path):
    """Copy the shipped data package to a folder, change one CSV of it; return that CSV's path."""
    shutil.copytree(contract.shipped_dir(), tmp_path, dirs_exist_ok=True)

    def write(name: str, change=lambda text: text, data: bytes | None = None) -> Path:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data if data is not None else change(shipped_text(name)).encode("utf-8"))
        return path

    return write


# A figure every rule accepts: Demirli's copper, tons of unknown basis, exact, about the deposit as a whole, stated by
# the NGO coalition in a quote that holds its value and says nothing of its basis.
FIGURE = {"figure_id": "f", "deposit_id": "demirli-kashen", "commodity": "copper", "measure": "reserve", "value": "1",
          "unit_reported": "tons", "basis": "unknown", "qualifier": "exact", "source_id": "jamnews-2022-12-13",
          "claimant_id": "ngo-coalition", "claimant": "c", "quote": "1 tons of copper"}


STATING = {"ore": "{value} {unit} of ore", "concentrate": "{value} {unit} of concentrate",
           "contained metal": "containing {value} {unit} of {commodity}"}  # a quote that states each basis


def figure_line(**cells) -> str:
    """One line of reserves.csv (with its line break): FIGURE with ``cells`` changed, each written as given, unquoted.

    Without a quote of its own, the quote holds the value (and the high end) and states the basis, as the rules ask.
    """
    unknown = set(cells) - set(contract.field_names("reserves"))
    assert not unknown, f"no such column of reserves.csv: {unknown}"
    row = FIGURE | cells
    if "quote" not in cells:
        value = f"{row['value']} to {row['value_high']}" if row.get("value_high") else row["value"]
        row["quote"] = STATING.get(row["basis"], "{value} {unit} of {commodity}").format(
            value=value, unit=row["unit_reported"], commodity=row["commodity"])
    return ",".join(str(row.get(name, "")) for name in contract.field_names("reserves")) + "\n"
