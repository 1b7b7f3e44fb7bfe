"""One table of a folder, read and checked against the contract and the tables it references.

A table is checked after the tables it references (its foreign keys, flags.csv for its doubts, the tables its
rules use), each read once per check of a folder. A table of a small file is kept, checked, for as long as the bytes
of its file and of the files it depends on stay the same: a warm load is a copy, never stale.
"""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .._contract import cells, rules
from .._contract import descriptor as contract
from .._contract.flags import PLACEHOLDER
from .._errors import Kind, Problems
from .._reading import csvfile
from .folder import Folder

DOUBTS, FLAGS = "doubts", "flags"  # the doubts column holds codes of the flags table
PARALLEL = 50_000  # rows from which checking columns side by side pays for the threads
CACHED = 1 << 20  # bytes up to which a file's checked table is kept, once per content of it (and of its references)
_CACHE: dict[tuple[str, str], "CheckedTable"] = {}


@dataclass
class CheckedTable:
    """A checked table: its typed frame, its verbatim text, the tables it references, and what tells its version."""

    frame: pd.DataFrame
    table: csvfile.TextTable
    refs: dict[str, "CheckedTable"]
    name: str
    folder: Folder
    version: tuple | None  # the contents of its files and its references' files (None for a file too large to keep)
    shipped: "CheckedTable | None" = None  # the shipped vocabulary a folder's own one extends
    finished: dict[tuple, pd.DataFrame] = field(default_factory=dict)  # the loader's frames, once per version of its inputs

    def codes(self, name: str) -> tuple[np.ndarray, pd.Index]:
        """A column's distinct texts and each row's position among them, as the checks encoded it."""
        codes, distinct = cells.column_of(self.table, name).encoded()
        return codes, pd.Index(distinct.to_pylist(), dtype=object)

    def referenced_rows(self, name: str) -> np.ndarray:
        """Each row's row in the table its foreign key ``name`` references (-1 where blank), as its check found it."""
        column = cells.column_of(self.table, name)
        return column.key_rows[column.encoded()[0]]


def check(name: str, folder: Folder, memo: dict[tuple[str, str], CheckedTable] | None = None) -> CheckedTable:
    """Table ``name`` of ``folder``, checked, or ReservesDataError naming every problem.

    A reference table or vocabulary the folder has no file of is the shipped table, checked with the shipped tables
    it reads (a shipped world figure cites a shipped source). ``memo`` holds the tables checked already in this
    call, so that each is read once.
    """
    memo = {} if memo is None else memo
    if not folder.shipped and folder.own(name) is None and contract.role(name) != "claims":
        folder = Folder()
    if (folder.key, name) not in memo:
        refs = {target: check(target, folder, memo) for target in contract.references(name)}
        memo[folder.key, name] = _cached(name, folder, refs)
    return memo[folder.key, name]


def _cached(name: str, folder: Folder, refs: dict[str, CheckedTable]) -> CheckedTable:
    path = folder.own(name)
    shipped = Folder().own(name) if folder.extends(name) else None
    parts = (_content(path), _content(shipped), *(ref.version for ref in refs.values()))
    version = None if None in parts else (name, *parts)  # None: too large to keep, or drawing on a table that is
    kept = _CACHE.get((name, folder.key))
    if version is not None and kept is not None and kept.version == version:
        return kept
    base = check(name, Folder()) if shipped is not None else None
    checked = _checked(name, path, refs, folder, version, base)
    if base is not None:
        checked = _extending(base, checked)
    if version is not None:
        _CACHE[name, folder.key] = checked  # the latest version of each table of each folder only
    return checked


def _content(path: Path | None) -> str | None:
    """What tells one version of a file from another: the hash of its bytes, for a file small enough to keep.

    A file's size, times and inode can all stay the same while its bytes change (an edit in place with its time
    restored); its bytes cannot. A larger file is never kept, so it has no version (None).
    """
    if path is None:
        return "(no file)"
    if path.stat().st_size > CACHED:
        return None
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _extending(shipped: CheckedTable, own: CheckedTable) -> CheckedTable:
    """A folder's own vocabulary extends the shipped one: the shipped rows first, then its new ones.

    A row whose key the shipped table has too must be the same row; one that differs, or whose key differs from a
    shipped key only in case (a second reading of the same words), is an error naming both files.
    """
    key = contract.primary_key(own.name)
    shipped_rows, own_rows = _by_key(shipped.table.frame, key), list(_by_key(own.table.frame, key).items())
    folded = {tuple(k.casefold() for k in row_key): row_key for row_key in shipped_rows}
    problems = Problems()

    def other(row_key: tuple) -> tuple | None:
        """The shipped key this one reads as, when their rows differ."""
        same = row_key if row_key in shipped_rows else folded.get(tuple(k.casefold() for k in row_key))
        return same if same is not None and shipped_rows[same][len(key):] != own_rows_by_key[row_key][len(key):] else None

    own_rows_by_key = dict(own_rows)
    differs = [i for i, (row_key, _) in enumerate(own_rows) if other(row_key) is not None]
    problems.add_rows(Kind.VOCABULARY, key[0], differs, lambda i: (
        own.table.file, own.table.line(i), ",".join(own_rows[i][0]),
        f"the shipped {own.name}.csv ({shipped.table.file}) has "
        + (f"this {'/'.join(key)}" if own_rows[i][0] in shipped_rows else f"'{','.join(other(own_rows[i][0]))}', the same but for case,")
        + f" with other values: give yours another {'/'.join(key)}, or write the row as the shipped one"))
    problems.raise_if_any()
    new = np.array([row_key not in shipped_rows for row_key, _ in own_rows], dtype=bool)
    arrow = pa.concat_tables([shipped.table.arrow, own.table.arrow.filter(pa.array(new))])
    frame = pd.concat([shipped.frame, own.frame[new]], ignore_index=True)
    return CheckedTable(frame, csvfile.TextTable(own.table.path, arrow, None), own.refs, own.name, own.folder, own.version)


def _by_key(frame: pd.DataFrame, key: list[str]) -> dict[tuple, tuple]:
    """Each row's text, key first, by its key, in file order (a vocabulary is small: plain Python will do)."""
    others = [column for column in frame.columns if column not in key]
    return {tuple(row[k] for k in key): tuple(row[c] for c in key + others) for row in frame.to_dict("records")}


def _checked(name: str, path: Path | None, refs: dict[str, CheckedTable], folder: Folder, version: tuple | None,
             shipped: CheckedTable | None) -> CheckedTable:
    problems = Problems()
    names = contract.field_names(name)
    table = csvfile.empty(names) if path is None else csvfile.read(path, names, problems)
    problems.raise_if_any()
    valid = {column: (f"{target}.csv", _keys(refs[target].table if target != name else table, target_column), target_column,
                      _meanings(refs.get(target), target_column))
             for column, target, target_column in contract.foreign_keys(name)}
    fields, key, keys = contract.fields(name), contract.primary_key(name), set(contract.key_columns(name))
    uniques = [key] + [[f["name"]] for f in fields if contract.constraints(f).get("unique") and [f["name"]] != key]
    jobs = [partial(cells.typed_column, table, f, valid.get(f["name"]), f["name"] in keys) for f in fields]
    jobs += [partial(cells.all_distinct, table, unique) for unique in uniques if len(unique) == 1]  # hashed beside them
    if len(table) < PARALLEL:
        results = [job() for job in jobs]
    else:
        with ThreadPoolExecutor(os.cpu_count()) as pool:  # Arrow kernels release the GIL: columns check side by side
            results = list(pool.map(lambda job: job(), jobs))
    typed, distinct = results[: len(fields)], iter(results[len(fields) :])
    for _, found in typed:
        problems.extend(found)
    frame = pd.DataFrame({f["name"]: column for f, (column, _) in zip(fields, typed)})
    for unique in uniques:
        cells.duplicate_keys(table, unique, problems, next(distinct) if len(unique) == 1 else None)
    for column, target, target_column in contract.foreign_keys(name):
        if target == name:
            _acyclic(table, frame, column, target_column, problems)
    if DOUBTS in frame:
        _check_doubts(name, table, refs[FLAGS].frame, problems)
    checked = CheckedTable(frame, table, refs, name, folder, version, shipped)
    if not problems:
        for rule in rules.RULES.get(name, ()):
            rule(checked, problems)
    problems.raise_if_any()
    return checked


MEANING = {"units": ["dimension", "factor"]}  # what makes two units the same unit: a suggestion must not change it


def _meanings(target: CheckedTable | None, column: str) -> list | None:
    """What each value of a foreign key's target column means, for a suggestion ('did you mean'); None: itself."""
    if target is None or target.name not in MEANING:
        return None
    return list(target.frame[MEANING[target.name]].astype(str).itertuples(index=False, name=None))


def _keys(table: csvfile.TextTable, column: str) -> pa.Array:
    """The values a foreign key may take: a key column of its table, whose values are unique (no need to make them so)."""
    return table.arrow.column(column).combine_chunks()


def _acyclic(table: csvfile.TextTable, frame: pd.DataFrame, column: str, key: str, problems: Problems) -> None:
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
    problems.add_rows(Kind.FOREIGN_KEY, column, rows, lambda row: (
        table.file, table.line(int(row)), frame[column].iloc[row],
        f"'{frame[key].iloc[row]}' names itself as the total it is part of: blank {column}, or name its total" if
        frame[column].iloc[row] == frame[key].iloc[row] else
        f"'{frame[key].iloc[row]}' is part of a cycle of {column}: a total cannot be part of its own parts; correct {column}"))


def _check_doubts(name: str, table: csvfile.TextTable, flags: pd.DataFrame, problems: Problems) -> None:
    """Each code of the doubts column is an editor's flag of the flags table that applies to this table."""
    editorial = flags.loc[flags["when"].isna(), "flag"].tolist()
    derived = flags.loc[flags["when"].notna()].set_index("flag")["when"]
    columns = set(rules.columns(name))
    quoting = {flag: set(PLACEHOLDER.findall(caveat)) - columns for flag, caveat in zip(flags["flag"], flags["caveat"])}
    column = cells.column_of(table, DOUBTS)
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

