"""How figures are worded for readers: a value in its reported unit."""

import pandas as pd


def figure_text(value: float, unit: str) -> str:
    """A figure for a reader, in its reported unit: '275,000 metric tons', '13.6 units'."""
    number = f"{int(value):,}" if value == round(value) and abs(value) < 1e15 else repr(float(value))
    return f"{number} {unit}"


def as_reported(rows: pd.DataFrame) -> pd.Series:
    """Each row's value and unit exactly as reported, for a reader."""
    return pd.Series([figure_text(v, u) for v, u in zip(rows["value"], rows["unit_reported"])], index=rows.index, dtype=object)
