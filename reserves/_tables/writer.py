"""Writing a loaded table back as a CSV of its folder: checked with the folder first, then put in place whole."""

import math
import os
import stat
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .._contract import descriptor as contract
from .._errors import ReservesDataError
from .folder import Folder
from .validate import check_folder


def write_csv(frame: pd.DataFrame, path: str | os.PathLike, table: str | None = None) -> None:
    """Write the contract columns of a loaded table into its folder, as the shipped CSVs are written.

    ``path`` is a folder (the table is written as ``<table>.csv`` in it) or that file itself; a file named after
    another table is refused. ``table`` names the table (``"reserves"``, ``"counts"``, ...); by default it is
    the one the frame was loaded as. Derived columns (``value_t``, ``flag_codes``, ``caveat``, ...) are left out:
    the loader makes them again. Loading the written folder gives the same frame, and writing a shipped table
    unchanged gives back the same bytes.

    The text is written to a temporary file beside the target and the whole folder is checked with it in place,
    as ``reserves validate`` checks it (a citation that names a figure no longer there fails here); only then is
    it renamed over the target: a folder the loaders would refuse is never written, and a failure or a concurrent
    writer never leaves a truncated or mixed file. A symbolic link is written through to its target, and an
    existing file keeps its permissions.

    Raises
    ------
    TypeError
        When ``frame`` is not a DataFrame.
    ValueError
        When the table is not named and the frame does not say it, the frame lacks columns of the table, or
        ``path`` names another table's file.
    FileNotFoundError
        When the folder does not exist.
    ReservesDataError
        When the folder, with the written file in it, would not load; nothing is written then.

    Examples
    --------
    >>> import reserves, tempfile
    >>> figures = reserves.load_reserves()
    >>> with tempfile.TemporaryDirectory() as mine:
    ...     reserves.write_csv(figures, mine)
    ...     again = reserves.load_reserves(mine)
    >>> again["figure_id"].equals(figures["figure_id"])
    True
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"write_csv() takes a DataFrame returned by a reserves loader, not {type(frame).__name__}")
    name = _table_of(frame, table)
    missing = [f for f in contract.field_names(name) if f not in frame.columns]
    if missing:
        raise ValueError(f"the frame lacks columns of {name}.csv: {', '.join(missing)}; write a frame returned by "
                         f"reserves.load_{name}(), with its columns kept")
    target = _target(Path(path), name)
    real = Path(os.path.realpath(target))  # a link is written through: the link stays, its target changes
    text = pd.DataFrame({f["name"]: _text(frame[f["name"]], f["type"], frame.get(f"{f['name']}_as_written")) for f in contract.fields(name)})
    handle, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            text.to_csv(out, index=False, lineterminator="\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode(real))
        _check(Folder(target.parent), name, Path(temporary), target)
        os.replace(temporary, real)  # atomic: readers see the old file or the new one, never a mix
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _target(path: Path, name: str) -> Path:
    """The file to write: ``<table>.csv`` in a folder, or the file named so; never another table's file."""
    if path.is_dir():
        return path / f"{name}.csv"
    if not path.parent.is_dir():
        raise FileNotFoundError(f"write_csv(): the folder {path.parent} does not exist: create it first, or give an "
                                "existing folder")
    if path.name != f"{name}.csv":
        other = path.stem in contract.table_names()
        raise ValueError(f"write_csv(): {path.name} is " + (f"the file of the table {path.stem}, not of {name}" if other else
                         f"not named after the table {name}") + f": write {name}.csv (or give its folder)")
    return path


def _mode(real: Path) -> int:
    """The permissions the file has, or those a new file gets (what the umask leaves of rw-rw-rw-)."""
    if real.exists():
        return stat.S_IMODE(real.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _table_of(frame: pd.DataFrame, table: str | None) -> str:
    names = contract.table_names()
    name = table or frame.attrs.get("table")
    if name is None:
        raise ValueError("write_csv() cannot tell which table this frame is: pass table= one of "
                         f"{', '.join(names)}, e.g. write_csv(frame, path, table='reserves')")
    if name not in names:
        raise ValueError(f"table={name!r} is not a table of the contract; use one of {', '.join(names)}")
    return name


def _check(folder: Folder, name: str, written: Path, target: Path) -> None:
    """Check the folder with the written text as its file of ``name``; its problems name the file it was to become."""
    report = check_folder(folder.staged(name, written), sorted(set(folder.tables()) | {name}))
    try:
        report.raise_if_invalid()
    except ReservesDataError as err:
        shown = [p._replace(file=f"{target} (not written)") if p.file == str(written) else p for p in err.problems]
        raise ReservesDataError(shown, err.counts) from None


def number_text(value: float) -> str:
    """A number as the CSVs write it: whole numbers without '.0', others in their shortest exact form.

    >>> number_text(100000000.0), number_text(13.6)
    ('100000000', '13.6')
    """
    whole = math.isfinite(value) and value == round(value) and abs(value) < 1e15
    return str(int(value)) if whole else repr(float(value))


def _text(column: pd.Series, kind: str, written: pd.Series | None = None) -> pd.Series:
    """Each cell as the CSV writes it: blank for missing; a number as its text was written ('3.0') while the number is
    unchanged, else in its shortest exact form."""
    missing = column.isna().to_numpy()
    if kind in ("number", "integer"):
        codes, uniques = pd.factorize(column)
        write = (lambda v: str(int(v))) if kind == "integer" else number_text
        cells = np.array([write(v) for v in uniques] + [""], dtype=object)[codes]
        if written is not None:
            kept = written.notna().to_numpy() & ~missing
            same = np.zeros(len(column), dtype=bool)
            same[kept] = [float(text) == value for text, value in zip(written[kept], column[kept])]
            cells = np.where(same, written.astype(object).to_numpy(), cells)
    else:
        cells = column.astype(object).to_numpy()
    return pd.Series(np.where(missing, "", np.asarray(cells, dtype=object)), index=column.index, dtype=object)
