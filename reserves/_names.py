"""Finding a deposit by any of its names."""

import difflib
import unicodedata

from ._loaders import load_deposits

_LETTERS = str.maketrans({"ı": "i", "ə": "e", "Ə": "e"})  # Azerbaijani letters NFKD leaves whole


def _fold(name: str) -> str:
    """Case- and accent-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def find_deposit(name: str) -> str:
    """The deposit_id of the deposit known by ``name``.

    Any name of deposits.csv matches (display, Azerbaijani, Armenian or a variant),
    ignoring case and accents: ``find_deposit("Qızılbulaq")`` and
    ``find_deposit("drmbon")`` both give ``'gyzylbulag-drmbon'``.

    Raises
    ------
    LookupError
        When no deposit has that name; the message names the closest known names.
    """
    deposits = load_deposits()
    known = {}
    for row in deposits.itertuples():
        variants = row.variants.split(";") if isinstance(row.variants, str) else []
        names = [row.deposit_id, row.name, row.name_az, row.name_hy, *variants]
        known.update({_fold(n): (n, row.deposit_id) for n in names if isinstance(n, str) and n})
    folded = _fold(name)
    if folded in known:
        return known[folded][1]
    close = difflib.get_close_matches(folded, list(known), n=3, cutoff=0.6)
    hint = ", ".join(repr(known[c][0]) for c in close) if close else ", ".join(sorted(deposits["name"]))
    raise LookupError(f"no deposit is known as {name!r}; close names: {hint}")
