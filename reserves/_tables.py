"""Loading one table of the data package: read, check against the contract, type.

A table's references (deposits, sources, units, flags) are loaded from the same
folder when it has them, else from the shipped data, and checked first.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import _checks as checks, _contract as contract, _csvfile as csvfile
from ._errors import Problem, Problems

DOUBTS, FLAGS = "doubts", "flags"  # the doubts column holds codes of the flags table
PARALLEL = 50_000  # rows from which checking columns side by side pays for the threads


@dataclass
class Loaded:
    """A checked table: its typed frame, its verbatim text, and the tables it references."""

    frame: pd.DataFrame
    table: csvfile.Table
    refs: dict[str, "Loaded"] = field(default_factory=dict)

    def codes(self, name: str) -> tuple[np.ndarray, pd.Index]:
        """A column's distinct texts and each row's position among them, as the checks encoded it."""
        codes, distinct = checks.column_of(self.table, name).encoded()
        return codes, pd.Index(distinct.to_pylist(), dtype=object)


def locate(name: str, folder: Path | None = None) -> Path:
    """The CSV of table ``name``: in ``folder`` when it has one, else the shipped one."""
    if folder is not None and (folder / f"{name}.csv").is_file():
        return folder / f"{name}.csv"
    return contract.data_dir() / f"{name}.csv"


def load(name: str, path=None, known: dict[str, Loaded] | None = None) -> Loaded:
    """Load table ``name`` from ``path`` (default: shipped), or raise ReservesDataError.

    ``known`` holds tables already loaded that this one references, so they are not read again.
    """
    path = locate(name) if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; give the path of a {name} CSV file, or no path for the shipped data")
    known = known or {}
    refs = {target: known.get(target) or load(target, locate(target, path.parent))
            for _, target, _ in contract.foreign_keys(name) if target != name}
    if DOUBTS in contract.field_names(name):
        refs[FLAGS] = load(FLAGS, locate(FLAGS, path.parent))
    problems = Problems()
    table = csvfile.read(path, contract.field_names(name), problems)
    problems.raise_if_any()
    if len(table):
        csvfile.blank_lines(table, np.flatnonzero(checks.column_of(table, table.arrow.column_names[0]).blank), problems)
        problems.raise_if_any()
    valid = {column: (f"{target}.csv", _keys(refs[target].table if target != name else table, target_column))
             for column, target, target_column in contract.foreign_keys(name)}
    check = lambda f: checks.typed_column(table, f, valid.get(f["name"]))  # noqa: E731
    if len(table) < PARALLEL:
        typed = list(map(check, contract.fields(name)))
    else:
        with ThreadPoolExecutor(os.cpu_count()) as pool:  # Arrow kernels release the GIL: columns check side by side
            typed = list(pool.map(check, contract.fields(name)))
    for _, found in typed:
        problems.merge(found)
    frame = pd.DataFrame({f["name"]: column for f, (column, _) in zip(contract.fields(name), typed)})
    checks.duplicate_keys(table, contract.resource(name)["schema"]["primaryKey"], problems)
    if DOUBTS in frame:
        _check_doubts(table, refs[FLAGS].frame, problems)
    problems.raise_if_any()
    return Loaded(frame, table, refs)


def _keys(table: csvfile.Table, column: str) -> pa.Array:
    return table.arrow.column(column).combine_chunks().unique()


def _check_doubts(table: csvfile.Table, flags: pd.DataFrame, problems: Problems) -> None:
    """Each code of the doubts column is an editor's flag of the flags table."""
    editorial = flags.loc[flags["when"].isna(), "flag"].tolist()
    derived = flags.loc[flags["when"].notna()].set_index("flag")["when"]
    column = checks.column_of(table, DOUBTS)
    codes, distinct = column.encoded()
    for index, text in enumerate(distinct.to_pylist()):
        for code in filter(None, text.split(";")):
            if code in derived:
                message = f"'{code}' is derived from {derived[code]} by the loader: remove it here"
            elif code not in editorial:
                message = f"unknown flag '{code}': use the codes of flags.csv ({', '.join(editorial)})"
            else:
                continue
            column.report(problems, "unknown flag", codes == index, lambda v, m=message: m)
