from pathlib import Path

import pytest

from reserves import contract

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"  # the project's source texts, beside the checkout


def shipped_text(name: str) -> str:
    return (contract.data_dir() / f"{name}.csv").read_text(encoding="utf-8")


@pytest.fixture
def variant(tmp_path):
    """Write a changed copy of a shipped CSV into a folder of its own; return its path."""

    def write(name: str, change=lambda text: text, data: bytes | None = None) -> Path:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data if data is not None else change(shipped_text(name)).encode("utf-8"))
        return path

    return write
