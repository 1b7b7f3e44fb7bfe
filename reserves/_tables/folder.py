"""The folder of claims: the one owner of where a table's file is.

A folder holds an analyst's own CSVs, each named after its table. For a table the folder does not have, the
contract's role of the table decides: a table of claims (figures, counts, citations, company claims) is absent, so
the folder has none of them; a reference table (sources, deposits, world figures) is the shipped one; a vocabulary
(units, flags, ...) is the shipped one, and a file of the folder extends it. Every loader, the writer, ``validate``,
the notebooks and the report ask this module; none of them looks for a file itself.
"""

import os
from pathlib import Path

from .._contract import descriptor as contract
from .._errors import Kind, Problem, ReservesDataError


class Folder:
    """A folder of claims, or the shipped data (``Folder()``)."""

    def __init__(self, path: str | os.PathLike | None = None):
        shipped = contract.shipped_dir()
        self.path = None if path is None or Path(path).resolve() == shipped.resolve() else Path(path)

    @classmethod
    def of(cls, argument, table: str, who: str) -> "Folder":
        """The folder a loader's argument names: ``None`` (the shipped data), a folder, or a folder's ``<table>.csv``."""
        if argument is None:
            return cls()
        if not isinstance(argument, (str, os.PathLike)):
            raise TypeError(f"{who} takes a folder of claims (a str or Path), or its {table}.csv, not "
                            f"{type(argument).__name__}; for the shipped data pass nothing")
        path = Path(argument)
        if path.is_dir():
            return cls(path)
        if path.name == f"{table}.csv" and (path.is_file() or os.path.lexists(path)):
            return cls(path.parent)
        if not os.path.lexists(path):
            raise FileNotFoundError(f"{who}: {path}: no such folder or file; give the folder of your claims (or its "
                                    f"{table}.csv), or nothing for the shipped data")
        raise ValueError(f"{who}: {path.name} is not named after its table: a folder holds each table as <table>.csv; "
                         f"rename it {table}.csv, or give its folder")

    def staged(self, name: str, path: Path) -> "Folder":
        """This folder as it would be with ``path`` as its file of table ``name``: what a writer checks before it writes."""
        staged = Folder(self.path)
        staged._staged = {**self._staged, name: path}
        return staged

    _staged: dict[str, Path] = {}

    @property
    def shipped(self) -> bool:
        return self.path is None

    def __eq__(self, other) -> bool:
        return isinstance(other, Folder) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def key(self) -> str:
        where = "(shipped)" if self.path is None else str(self.path.resolve())
        return where + "".join(f" (with {path} as {name}.csv)" for name, path in sorted(self._staged.items()))

    def __str__(self) -> str:
        return str(contract.shipped_dir() if self.path is None else self.path)

    def __repr__(self) -> str:
        return f"Folder({str(self)!r})"

    def own(self, name: str) -> Path | None:
        """The folder's own file of table ``name``; None when it has none.

        A name in the folder that is not a readable file (a dangling link, a folder, a file without read permission)
        is an error, never a silent fall back to the shipped table.
        """
        path = self._staged.get(name) or (contract.shipped_dir() if self.path is None else self.path) / f"{name}.csv"
        if not os.path.lexists(path):
            return None
        if not path.is_file():
            raise ReservesDataError([Problem(str(path), 1, "(file)", "", f"{name}.csv is here but is not a file (a dangling "
                                             "link or a folder?): put the table there, or remove the name", Kind.MISSING_FILE)])
        if not os.access(path, os.R_OK):
            raise ReservesDataError([Problem(str(path), 1, "(file)", "", f"{name}.csv cannot be read (permission denied): "
                                             "make it readable (chmod u+r), or remove it", Kind.MISSING_FILE)])
        return path

    def extends(self, name: str) -> bool:
        """The folder's own file of a vocabulary extends the shipped vocabulary."""
        return (not self.shipped or name in self._staged) and contract.role(name) == "vocabulary" and self.own(name) is not None

    def tables(self) -> list[str]:
        """The tables the folder has a file of, readable or not (``own`` says), in the contract's order."""
        where = contract.shipped_dir() if self.path is None else self.path
        return [name for name in contract.table_names() if name in self._staged or os.path.lexists(where / f"{name}.csv")]

    def strays(self) -> list[str]:
        """CSV files of the folder named after no table (``Reserves.csv``, ``claims.csv``)."""
        names = set(contract.table_names())
        return sorted(p.name for p in Path(str(self)).glob("*.csv") if p.stem not in names)
