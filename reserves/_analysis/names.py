"""Finding a deposit by any of its names."""

import difflib
import os
import unicodedata

import pandas as pd

from .._tables import vocabularies
from .._tables.loaders import load_deposits
from .expect import require_frame

COLUMNS = ["deposit_id", "name", "variants"]

_LETTERS = str.maketrans({"ı": "i", "ə": "e", "Ə": "e"})  # Azerbaijani letters NFKD leaves whole


def _fold(name: str) -> str:
    """Case- and accent-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def find_deposit(name: str, data: pd.DataFrame | str | os.PathLike | None = None) -> str:
    """The deposit_id of the deposit known by ``name``.

    ``data`` says whose deposits: a frame a loader returned (its folder's deposits, which it carries), a folder of
    claims, or nothing for the shipped data. Any name of a deposit matches (its id, its display name, its name in
    any language of deposit_names.csv, or a variant), ignoring case and accents.

    Raises
    ------
    TypeError
        When ``name`` is not a str.
    LookupError
        When no deposit has that name (the message names the closest known names),
        or when several do (it names each of them; pass its deposit_id).

    Examples
    --------
    >>> import reserves
    >>> reserves.find_deposit("Qızılbulaq"), reserves.find_deposit("drmbon")
    ('gyzylbulag-drmbon', 'gyzylbulag-drmbon')
    >>> figures = reserves.load_reserves()
    >>> reserves.find_deposit("Sotk", figures)  # the deposits the figures were loaded with
    'soyudlu-zod'
    """
    if not isinstance(name, str):
        raise TypeError(f"find_deposit() takes a deposit's name as a str, not {type(name).__name__}; "
                        "for a column of names, use names.map(reserves.find_deposit)")
    deposits, languages = _deposits(data)
    require_frame(deposits, COLUMNS, "find_deposit(data=...)", "load_deposits")
    if name in set(deposits["deposit_id"]):  # an id is unique: it names its deposit whatever other names fold to
        return name
    known: dict[str, dict[str, str]] = {}  # folded name: {deposit_id: the name as written last}
    written = [(row.deposit_id, text) for row in deposits.itertuples()
               for text in [row.deposit_id, row.name, *(row.variants.split(";") if isinstance(row.variants, str) else [])]]
    for deposit_id, text in list(zip(languages["deposit_id"], languages["name"])) + written:  # a name as sources write it wins
        if isinstance(text, str) and text:
            known.setdefault(_fold(text), {})[deposit_id] = text
    found = known.get(_fold(name), {})
    if len(found) == 1:
        return next(iter(found))
    if found:
        display = deposits.set_index("deposit_id")["name"]
        raise LookupError(f"{name!r} names {len(found)} deposits: "
                          + ", ".join(f"{deposit_id} ({display[deposit_id]})" for deposit_id in found)
                          + "; pass the deposit_id of the one you mean")
    close = difflib.get_close_matches(_fold(name), list(known), n=3, cutoff=0.6)
    hint = ", ".join(repr(next(iter(known[c].values()))) for c in close) if close else ", ".join(sorted(deposits["name"]))
    raise LookupError(f"no deposit is known as {name!r}; close names: {hint}")


def _deposits(data) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deposits ``data`` names, and their names by language: a deposits frame itself, those a loaded frame
    carries, or those of a folder."""
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        data = load_deposits(data)
    known = vocabularies.of(data, "find_deposit()")
    own = isinstance(data, pd.DataFrame) and data.attrs.get("table") == "deposits"
    return (data if own else known["deposits"]), known["deposit_names"]
