import shutil
from pathlib import Path

import pytest

from reserves import _contract as contract

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"  # the project's source texts, beside the checkout


def shipped_text(name: str) -> str:
    return (contract.data_dir() / f"{name}.csv").read_text(encoding="utf-8")


@pytest.fixture
def variant(tmp_path):
    """Copy the shipped data package to a folder, change one CSV of it; return that CSV's path."""
    shutil.copytree(contract.data_dir(), tmp_path, dirs_exist_ok=True)

    def write(name: str, change=lambda text: text, data: bytes | None = None) -> Path:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data if data is not None else change(shipped_text(name)).encode("utf-8"))
        return path

    return write
