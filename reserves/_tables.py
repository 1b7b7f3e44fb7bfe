"""Loading one table of the data package: read, check against the contract, type.

A table's references (deposits, sources, units, flags) are loaded from the same
folder when it has them, else from the shipped data, and checked first.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import _checks as checks, _contract as contract, _csvfile as csvfile, _rules as rules
from ._flags import PLACEHOLDER
from ._errors import Kind, Problem, Problems, ReservesDataError

DOUBTS, FLAGS = "doubts", "flags"  # the doubts column holds codes of the flags table
PARALLEL = 50_000  # rows from which checking columns side by side pays for the threads
CACHED = 1 << 20  # bytes up to which a file stays parsed, once per version of it (and of the tables it references)
_CACHE: dict[tuple[str, str], tuple[tuple, "Loaded"]] = {}


@dataclass
class Loaded:
    """A checked table: its typed frame, its verbatim text, and the tables it references."""

    frame: pd.DataFrame
    table: csvfile.Table
    refs: dict[str, "Loaded"] = field(default_factory=dict)
    name: str = ""
    finished: dict[tuple, pd.DataFrame] = field(default_factory=dict)  # the loader's frames, once per version of its inputs

    def codes(self, name: str) -> tuple[np.ndarray, pd.Index]:
        """A column's distinct texts and each row's position among them, as the checks encoded it."""
        codes, distinct = checks.column_of(self.table, name).encoded()
        return codes, pd.Index(distinct.to_pylist(), dtype=object)

    def referenced_rows(self, name: str) -> np.ndarray:
        """Each row's row in the table its foreign key ``name`` references (-1 where blank), as its check found it."""
        column = checks.column_of(self.table, name)
        return column.key_rows[column.encoded()[0]]


def locate(name: str, folder: Path | None = None) -> Path:
    """The CSV of table ``name``: in ``folder`` when it has one, else the shipped one.

    A name in the folder that is not a readable file (a dangling link, a folder) is an error, never a
    silent fall back to the shipped table.
    """
    path = None if folder is None else folder / f"{name}.csv"
    if path is None or not os.path.lexists(path):
        return contract.data_dir() / f"{name}.csv"
    if not path.is_file():
        raise ReservesDataError([Problem(str(path), 1, "(file)", "", f"{name}.csv is here but is not a readable file "
                                         "(a dangling link or a folder?): put the table there, or remove the name to use "
                                         "the shipped one", Kind.MISSING_FILE)])
    return path


def beside(data, name: str) -> pd.DataFrame:
    """Table ``name`` of the folder a loaded frame (or one of its rows) came from; shipped when the folder has none.

    The folder travels with the frame (``attrs["path"]``), so helpers use the reference tables it was checked against.
    """
    path = getattr(data, "attrs", {}).get("path")
    return load(name, locate(name, Path(path).parent if path else None)).frame


def references(name: str) -> list[str]:
    """The tables a table's checks read: those its foreign keys name, flags.csv for its doubts, and those its rules need."""
    targets = [target for _, target, _ in contract.foreign_keys(name) if target != name]
    targets += [FLAGS] if DOUBTS in contract.field_names(name) else []
    return list(dict.fromkeys(targets + list(rules.REFERENCES.get(name, ()))))


def file_version(path: Path) -> tuple:
    """What tells one version of a file from another: its place, size, change time and inode."""
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino


def load(name: str, path=None, known: dict[str, Loaded] | None = None) -> Loaded:
    """Load table ``name`` from ``path`` (default: shipped), or raise ReservesDataError.

    ``known`` holds tables already loaded that this one references, so they are not read again.
    """
    path = locate(name) if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; give the path of a {name} CSV file, or no path for the shipped data")
    known = known or {}
    refs = {target: known.get(target) or load(target, locate(target, path.parent)) for target in references(name)}
    place = (name, str(path.resolve()))
    version = (file_version(path), tuple(map(id, refs.values())))  # a changed reference reloads too
    if not known and _CACHE.get(place, (None,))[0] == version:
        return _CACHE[place][1]
    loaded = _checked(name, path, refs)
    if contract.resource(name).get("vocabulary") and path.parent.resolve() != contract.data_dir().resolve():
        loaded = _extending(load(name), loaded)
    if not known and path.stat().st_size <= CACHED:
        _CACHE[place] = (version, loaded)  # the latest version of each file only
    return loaded


def _extending(shipped: Loaded, own: Loaded) -> Loaded:
    """A folder's own vocabulary extends the shipped one: the shipped rows first, then its new ones.

    A row whose key the shipped table has too must be the same row; one that differs is an error naming both files.
    """
    key = contract.resource(own.name)["schema"]["primaryKey"]
    shipped_rows, ours = _by_key(shipped.table.frame, key), own.table.frame
    own_rows = list(_by_key(ours, key).items())
    known = np.array([k in shipped_rows for k, _ in own_rows], dtype=bool)
    differs = [i for i, (k, row) in enumerate(own_rows) if k in shipped_rows and shipped_rows[k] != row]
    problems = Problems()
    problems.add_many(Kind.VOCABULARY, key[0], differs, lambda row: Problem(
        own.table.file, own.table.line(int(row)), key[0], ",".join(own_rows[row][0]),
        f"the shipped {own.name}.csv ({shipped.table.file}) has this {'/'.join(key)} with other values: give yours another "
        f"{'/'.join(key)}, or write the row as the shipped one", Kind.VOCABULARY))
    problems.raise_if_any()
    new = ~known
    arrow = pa.concat_tables([shipped.table.arrow, own.table.arrow.filter(pa.array(new))])
    frame = pd.concat([shipped.frame, own.frame[new]], ignore_index=True)
    return Loaded(frame, csvfile.Table(own.table.path, arrow, own.table._scan), own.refs, own.name)


def _by_key(frame: pd.DataFrame, key: list[str]) -> dict[tuple, tuple]:
    """Each row's text by its key, in file order (a vocabulary is small: plain Python will do)."""
    return {tuple(row[k] for k in key): tuple(row.values()) for row in frame.to_dict("records")}


def _checked(name: str, path: Path, refs: dict[str, Loaded]) -> Loaded:
    problems = Problems()
    table = csvfile.read(path, contract.field_names(name), problems)
    problems.raise_if_any()
    valid = {column: (f"{target}.csv", _keys(refs[target].table if target != name else table, target_column))
             for column, target, target_column in contract.foreign_keys(name)}
    fields, key = contract.fields(name), contract.resource(name)["schema"]["primaryKey"]
    uniques = [key] + [[f["name"]] for f in fields if contract.constraints(f).get("unique") and [f["name"]] != key]
    jobs = [partial(checks.typed_column, table, f, valid.get(f["name"])) for f in fields]
    jobs += [partial(checks.all_distinct, table, unique) for unique in uniques if len(unique) == 1]  # hashed beside them
    if len(table) < PARALLEL:
        results = [job() for job in jobs]
    else:
        with ThreadPoolExecutor(os.cpu_count()) as pool:  # Arrow kernels release the GIL: columns check side by side
            results = list(pool.map(lambda job: job(), jobs))
    typed, distinct = results[: len(fields)], iter(results[len(fields) :])
    for _, found in typed:
        problems.merge(found)
    frame = pd.DataFrame({f["name"]: column for f, (column, _) in zip(fields, typed)})
    for unique in uniques:
        checks.duplicate_keys(table, unique, problems, next(distinct) if len(unique) == 1 else None)
    for column, target, target_column in contract.foreign_keys(name):
        if target == name:
            _acyclic(table, frame, column, target_column, problems)
    if DOUBTS in frame:
        _check_doubts(name, table, refs[FLAGS].frame, problems)
    loaded = Loaded(frame, table, refs, name)
    if not problems:
        for rule in rules.RULES.get(name, ()):
            rule(loaded, problems)
    problems.raise_if_any()
    return loaded


def _keys(table: csvfile.Table, column: str) -> pa.Array:
    """The values a foreign key may take: a key column of its table, whose values are unique (no need to make them so)."""
    return table.arrow.column(column).combine_chunks()


def _acyclic(table: csvfile.Table, frame: pd.DataFrame, column: str, key: str, problems: Problems) -> None:
    """A row may name another row of its own table (part_of), never itself, nor close a cycle.

    Each row is walked once, so a chain of a hundred thousand totals takes linear time; a row without a key (reported
    as required) has no place in a chain.
    """
    keyed = frame[key].notna().to_numpy()
    parent = dict(zip(frame[key][keyed], frame[column].astype(object).where(frame[column].notna(), None)[keyed]))
    looped, walked = set(), set()
    for start in parent:
        path, node = {}, start  # node -> its place on this walk; a dict keeps the order
        while node is not None and node not in path and node not in walked:
            path[node] = len(path)
            node = parent.get(node)
        if node in path:
            looped.update(list(path)[path[node]:])
        walked.update(path)
    rows = np.flatnonzero(frame[key].isin(looped).to_numpy())
    problems.add_many(Kind.FOREIGN_KEY, column, rows, lambda row: Problem(
        table.file, table.line(int(row)), column, frame[column].iloc[row],
        f"'{frame[key].iloc[row]}' names itself as the total it is part of: blank {column}, or name its total" if
        frame[column].iloc[row] == frame[key].iloc[row] else
        f"'{frame[key].iloc[row]}' is part of a cycle of {column}: a total cannot be part of its own parts; correct {column}",
        Kind.FOREIGN_KEY))


def _check_doubts(name: str, table: csvfile.Table, flags: pd.DataFrame, problems: Problems) -> None:
    """Each code of the doubts column is an editor's flag of the flags table that applies to this table."""
    editorial = flags.loc[flags["when"].isna(), "flag"].tolist()
    derived = flags.loc[flags["when"].notna()].set_index("flag")["when"]
    columns = set(rules.columns(name))
    quoting = {flag: set(PLACEHOLDER.findall(caveat)) - columns for flag, caveat in zip(flags["flag"], flags["caveat"])}
    column = checks.column_of(table, DOUBTS)
    codes, distinct = column.encoded()
    for index, text in enumerate(distinct.to_pylist()):
        for code in filter(None, text.split(";")):
            if code in derived:
                message = f"'{code}' is derived from {derived[code]} by the loader: remove it here"
            elif code not in editorial:
                message = f"unknown flag '{code}': use the codes of flags.csv ({', '.join(editorial)})"
            elif quoting[code]:
                message = (f"flag '{code}' does not apply to {name}.csv: its caveat names "
                           f"{', '.join(sorted(quoting[code]))}, a column {name}.csv has not: remove it from doubts")
            else:
                continue
            column.report(problems, Kind.FLAG, codes == index, lambda v, m=message: m)
