"""The one meaning of "valid": a folder checked as a whole, as its loaders read it.

Every table the folder has is checked after the tables it reads, each once, and finished as its loader finishes
it (derived columns, conversions, the citations a figure is drawn with): what ``validate`` accepts the loaders
accept, and the writer writes a table only when the folder, with the new file in it, passes here. A table that
reads a table with problems is not checked (its problems would be echoes), and is named as such.
"""

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .._contract import descriptor as contract
from .._errors import ReservesDataError
from .derive import finished
from .folder import Folder
from .loaders import vocabularies_of
from .table import CheckedTable, check


@dataclass
class Report:
    """What checking a folder found: each table's frame, or its problems, or why it was not checked."""

    folder: Folder
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # as the loaders give them, when the folder is valid
    errors: dict[str, ReservesDataError] = field(default_factory=dict)
    blocked: dict[str, list[str]] = field(default_factory=dict)  # table: the tables with problems it reads

    @property
    def valid(self) -> bool:
        return not self.errors and not self.blocked

    def counts(self) -> Counter:
        """Problems per kind, over the folder: derived from the errors themselves."""
        kinds: Counter = Counter()
        for error in self.errors.values():
            kinds.update(error.kinds)
        return kinds

    def lacking(self) -> list[str]:
        """What the charts and the report will not have: the tables of claims the folder has no file of."""
        charted = ("reserves", "counts")  # the tables the notebooks chart
        return [name for name in charted if not self.folder.shipped and name not in self.folder.tables()]

    def raise_if_invalid(self) -> None:
        problems = [p for error in self.errors.values() for p in error.problems]
        counts = sum((error.counts for error in self.errors.values()), start=Counter())
        if problems:
            raise ReservesDataError(problems, counts)


def check_folder(folder: Folder, tables: list[str] | None = None) -> Report:
    """Check ``tables`` of ``folder`` (default: every table it has a file of; every table of the shipped data).

    The tables they read are checked too, first, but reported only when they have problems.
    """
    names = tables if tables is not None else (contract.table_names() if folder.shipped else folder.tables())
    needed = _closure(names)
    report, memo = Report(folder), {}
    checked: dict[str, CheckedTable] = {}
    unchecked: set[str] = set()  # tables with problems, or reading such a table
    present = folder.tables()
    for name in contract.load_order():
        if name not in needed:
            continue
        shipped = not folder.shipped and name not in present and contract.role(name) != "claims"
        blocked = [] if shipped else [ref for ref in contract.references(name) if ref in unchecked]  # a shipped table reads shipped ones
        if blocked:
            unchecked.add(name)
            if name in names:  # a table the folder does not have is not named
                report.blocked[name] = blocked
            continue
        try:
            checked[name] = check(name, folder, memo)
        except ReservesDataError as err:
            report.errors[name] = err
            unchecked.add(name)
    for name in names:
        drawn = [ref for ref in contract.drawn_from(name) if ref in unchecked]
        if name in checked and drawn:
            report.blocked[name] = drawn
        elif name in checked:
            try:
                report.frames[name] = finished(checked[name], memo).copy(deep=checked[name].version is not None)
            except ReservesDataError as err:
                report.errors[name] = err
    if report.valid:
        known = vocabularies_of(folder, memo)
        for name, frame in report.frames.items():
            frame.attrs = {"table": name, "folder": str(folder), "vocabularies": known}
    return report


def _closure(names: list[str]) -> set[str]:
    """``names`` and every table they read, their derived columns draw on, and those read in turn."""
    needed: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += contract.references(name) + contract.drawn_from(name)
    return needed
