"""How a rule reports the rows that break it: one finding per rule and column, placed at each row's line."""

import numpy as np

from .._errors import Kind, Problems
from . import descriptor as contract


def report(loaded, problems: Problems, column: str, mask, message, kind: Kind | None = None) -> None:
    """One problem per row of ``mask``; ``message(row)`` says what is wrong with it. Unless ``kind`` says otherwise, in
    a vocabulary it is a fault of the vocabulary; in a table of claims, a row that breaks a rule."""
    table, frame = loaded.table, loaded.frame
    kind = kind or (Kind.VOCABULARY if contract.role(loaded.name) == "vocabulary" else Kind.RULE)
    problems.add_rows(kind, column, np.flatnonzero(np.asarray(mask, dtype=bool)), lambda row: (
        table.file, table.line(int(row)), str(frame[column].iloc[row]), message(int(row))))
