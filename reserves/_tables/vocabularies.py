"""What a loaded frame carries: the vocabularies and reference tables of the folder it was loaded from.

The helpers (``total``, ``readings``, ``cite``, ``find_deposit``, the charts) read the units, flags, measures,
sources and world figures a frame was checked against from the frame itself (``frame.attrs["vocabularies"]``),
never from a path read again later: a filtered, copied or concatenated frame keeps them, and a folder moved or
edited after loading changes nothing. pandas copies ``attrs`` at every operation and keeps them through ``pd.concat``
only when every frame's are equal, so the object is immutable (a copy is itself) and equal to another exactly when
both hold the same tables.
"""

import pandas as pd

from .._contract import descriptor as contract
from .._errors import Kind, Problem, ReservesDataError


class Vocabularies:
    """The frames of a folder's vocabularies and reference tables, as the loaders return them (read-only)."""

    def __init__(self, folders: tuple[str, ...], tables: dict[str, pd.DataFrame], key: tuple):
        self.folders, self._tables, self._key = folders, tables, key

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self._tables

    def __eq__(self, other) -> bool:
        return isinstance(other, Vocabularies) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __deepcopy__(self, memo) -> "Vocabularies":
        return self  # immutable: pandas deep-copies attrs at every operation

    def __copy__(self) -> "Vocabularies":
        return self

    def __repr__(self) -> str:
        return f"<vocabularies of {' + '.join(self.folders)}: {', '.join(self._tables)}>"

    def merged(self, other: "Vocabularies") -> "Vocabularies":
        """The tables of both, row by row; a key the two give different rows is an error naming both folders."""
        if self == other:
            return self
        tables, problems = {}, []
        for name in self._tables:
            key = contract.primary_key(name)
            ours, theirs = self[name], other[name]
            joined = pd.concat([ours, theirs], ignore_index=True).drop_duplicates()
            clash = joined[joined.duplicated(key, keep=False)]
            for values in clash[key].drop_duplicates().itertuples(index=False, name=None):
                problems.append(Problem(name + ".csv", 1, key[0], ",".join(map(str, values)),
                                        f"{' and '.join(self.folders + other.folders)} give this {'/'.join(key)} different rows "
                                        f"of {name}.csv: make them the same, or give one another {'/'.join(key)}",
                                        Kind.VOCABULARY))
            tables[name] = joined.drop_duplicates(key).reset_index(drop=True)
        if problems:
            raise ReservesDataError(problems)
        return Vocabularies(tuple(dict.fromkeys(self.folders + other.folders)), tables, (self._key, other._key))


def of(frame_or_row, who: str) -> Vocabularies:
    """The vocabularies a loaded frame (or one of its rows) carries, or a ValueError that says how to get them."""
    vocabularies = getattr(frame_or_row, "attrs", {}).get("vocabularies")
    if not isinstance(vocabularies, Vocabularies):
        raise ValueError(
            f"{who}: this frame carries no vocabularies (units, flags, sources, ...). Either it was not returned by a "
            "reserves loader, or pd.concat joined frames of folders whose vocabularies differ (pandas then drops them). "
            "Load it with a reserves loader (reserves.load_reserves(folder)), or join frames of several folders with "
            "reserves.concat(frames), which refuses vocabularies that contradict each other.")
    return vocabularies


def concat(frames: list[pd.DataFrame], who: str = "concat()") -> pd.DataFrame:
    """``pd.concat`` of loaded frames of one table, from one folder or several, with their vocabularies merged.

    pandas keeps a frame's vocabularies through ``pd.concat`` only when every frame's are the same: frames of two
    folders lose them, and the helpers then refuse the result. This joins them, and refuses two folders that give
    the same unit, flag or source different rows.

    Raises
    ------
    TypeError
        When ``frames`` is not a list of frames.
    ValueError
        When the frames are of different tables, or one was not returned by a loader.
    ReservesDataError
        When two folders give a key of a vocabulary or reference table different rows.

    Examples
    --------
    >>> import reserves
    >>> figures = reserves.load_reserves()
    >>> gold, copper = figures[figures["commodity"] == "gold"], figures[figures["commodity"] == "copper"]
    >>> both = reserves.concat([gold, copper])
    >>> len(both) == len(gold) + len(copper) and both.attrs["vocabularies"] == figures.attrs["vocabularies"]
    True
    """
    frames = list(frames)
    if not frames or not all(isinstance(frame, pd.DataFrame) for frame in frames):
        raise TypeError(f"{who} takes a list of frames returned by reserves loaders, e.g. "
                        "reserves.concat([reserves.load_reserves('a/'), reserves.load_reserves('b/')])")
    names = {frame.attrs.get("table") for frame in frames}
    if len(names) != 1 or None in names:
        raise ValueError(f"{who}: the frames are of {', '.join(sorted(map(str, names)))}: join frames of one table, each "
                         "returned by its reserves loader")
    merged = of(frames[0], who)
    for frame in frames[1:]:
        merged = merged.merged(of(frame, who))
    joined = pd.concat(frames)
    joined.attrs = {"table": names.pop(), "folder": " + ".join(merged.folders), "vocabularies": merged}
    return joined
