"""Writing a loaded table back as a CSV of the data contract: checked first, then put in place whole."""

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import _contract as contract, _tables as tables
from ._errors import ReservesDataError
from ._text import number_text


def write_csv(frame: pd.DataFrame, path, table: str | None = None) -> None:
    """Write the contract columns of a loaded table to ``path``, as the shipped CSVs are written.

    ``table`` names the table (``"reserves"``, ``"counts"``, ...); by default it is
    the one the frame was loaded as. Derived columns (``value_t``, ``flags``,
    ``caveat``, ...) are left out: the loader makes them again. Loading the
    written file gives the same frame, and writing a shipped table unchanged
    gives back the same bytes.

    The text is written to a temporary file in the same folder, loaded there as
    the loader would load it (against the reference tables of that folder), and
    only then renamed over ``path``: a frame the loader would refuse is never
    written, and a failure or a concurrent writer never leaves a truncated or
    mixed file.

    Raises
    ------
    TypeError
        When ``frame`` is not a DataFrame.
    ValueError
        When the table is not named and the frame does not say it, or the frame lacks columns of the table.
    ReservesDataError
        When the loader would refuse the written file; nothing is written then.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"write_csv() takes a DataFrame returned by a reserves loader, not {type(frame).__name__}")
    name = _table_of(frame, table)
    missing = [f for f in contract.field_names(name) if f not in frame.columns]
    if missing:
        raise ValueError(f"the frame lacks columns of {name}.csv: {', '.join(missing)}; write a frame returned by "
                         f"reserves.load_{name}(), with its columns kept")
    text = pd.DataFrame({f["name"]: _text(frame[f["name"]], f["type"]) for f in contract.fields(name)})
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            text.to_csv(out, index=False, lineterminator="\n")
            out.flush()
            os.fsync(out.fileno())
        _check(name, Path(temporary), path)
        os.replace(temporary, path)  # atomic: readers see the old file or the new one, never a mix
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _table_of(frame: pd.DataFrame, table: str | None) -> str:
    names = contract.resource_names()
    name = table or frame.attrs.get("table")
    if name is None:
        raise ValueError("write_csv() cannot tell which table this frame is: pass table= one of "
                         f"{', '.join(names)}, e.g. write_csv(frame, path, table='reserves')")
    if name not in names:
        raise ValueError(f"table={name!r} is not a table of the contract; use one of {', '.join(names)}")
    return name


def _check(name: str, written: Path, path: Path) -> None:
    """Load the written text as the loader would; its problems name the file it was to become."""
    try:
        tables.load(name, written)
    except ReservesDataError as err:
        shown = [p._replace(file=f"{path} (not written)") for p in err.problems]
        raise ReservesDataError(shown, err.counts) from None


def _text(column: pd.Series, kind: str) -> pd.Series:
    """Each cell as the CSV writes it: blank for missing, numbers in their shortest exact form."""
    missing = column.isna().to_numpy()
    if kind in ("number", "integer"):
        codes, uniques = pd.factorize(column)
        write = (lambda v: str(int(v))) if kind == "integer" else number_text
        cells = np.array([write(v) for v in uniques] + [""], dtype=object)[codes]
    else:
        cells = column.astype(object).to_numpy()
    return pd.Series(np.where(missing, "", np.asarray(cells, dtype=object)), index=column.index, dtype=object)
