"""Writing a loaded table back as a CSV of the data contract."""

import numpy as np
import pandas as pd

from . import _contract as contract
from ._text import number_text


def write_csv(frame: pd.DataFrame, path) -> None:
    """Write the contract columns of a loaded table to ``path``, as the shipped CSVs are written.

    Derived columns (``value_t``, ``flags``, ``caveat``, ...) are left out: the
    loader makes them again. Loading the written file gives the same frame, and
    writing a shipped table unchanged gives back the same bytes.

    Raises
    ------
    ValueError
        When ``frame`` has not the columns of any table of the contract.
    """
    name = _table_of(frame)
    text = {f["name"]: _text(frame[f["name"]], f["type"]) for f in contract.fields(name)}
    pd.DataFrame(text).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _table_of(frame: pd.DataFrame) -> str:
    for name in contract.resource_names():
        key = contract.resource(name)["schema"]["primaryKey"][0]
        if key in frame and set(contract.field_names(name)) <= set(frame.columns):
            return name
    raise ValueError("the frame has not the columns of any table (reserves, counts, deposits, ...): "
                     "write a frame returned by a reserves loader, with its columns kept")


def _text(column: pd.Series, kind: str) -> pd.Series:
    """Each cell as the CSV writes it: blank for missing, whole numbers without '.0'."""
    missing = column.isna().to_numpy()
    if kind == "number":
        codes, uniques = pd.factorize(column)
        cells = np.array([number_text(v) for v in uniques] + [""], dtype=object)[codes]
    elif kind == "date":
        cells = column.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    else:
        cells = column.astype(object).to_numpy()
    return pd.Series(np.where(missing, "", np.asarray(cells, dtype=object)), index=column.index, dtype=object)
