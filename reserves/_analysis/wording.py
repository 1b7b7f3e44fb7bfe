"""How figures are worded for readers: numbers as written, in their reported unit, and who states them."""

import pandas as pd


def written(text: str) -> str:
    """A number as its CSV writes it, its whole part grouped in thousands for a reader; nothing else changes
    ('218000' -> '218,000', '31141.2' -> '31,141.2', '3.0' stays '3.0').

    >>> written("218000"), written("31141.2"), written("3.0"), written("0.30000000000000004")
    ('218,000', '31,141.2', '3.0', '0.30000000000000004')
    """
    whole, point, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("+-")
    return sign + (f"{int(digits):,}" if digits.isdigit() else digits) + point + fraction


def figure_text(value: float, unit: str) -> str:
    """A computed figure for a reader, in a unit, never in e-notation: '275,000 t', '0.00000005 t', '108.8621688 t'.

    >>> figure_text(275000.0, "t"), figure_text(5e-08, "t"), figure_text(108.86216879999999, "t")
    ('275,000 t', '0.00000005 t', '108.8621688 t')
    """
    return f"{plain_number(value, 12)} {unit}"


def as_reported(rows: pd.DataFrame) -> pd.Series:
    """Each row's value (and the high end of its range) and unit as reported, numbers as written: '2 to 2.5 years'."""
    high = rows["value_high_as_written"] if "value_high_as_written" in rows else pd.Series(pd.NA, index=rows.index)
    return pd.Series([f"{written(v)}{f' to {written(h)}' if isinstance(h, str) else ''} {u}"
                      for v, h, u in zip(rows["value_as_written"], high, rows["unit_reported"])], index=rows.index, dtype=object)


def plain_number(value: float, digits: int = 6) -> str:
    """A computed number for a reader: ``digits`` significant digits at most, thousands separated, never in
    e-notation ('31,141,200', '0.000123457', '11.2').

    >>> plain_number(31141200.0), plain_number(1 / 3), plain_number(0.0000123456789), plain_number(1.5e20)
    ('31,141,200', '0.333333', '0.0000123457', '150,000,000,000,000,000,000')
    """
    rounded = float(f"{value:.{digits}g}")
    if rounded == int(rounded) and abs(rounded) >= 1:
        return f"{int(rounded):,}"
    return f"{rounded:,.{max(digits - 1 - int(f'{rounded:e}'.split('e')[1]), 0)}f}".rstrip("0").rstrip(".")


def claimants(rows: pd.DataFrame, short: bool = False) -> pd.Series:
    """Who states each row's figure, for a reader: the claimant's short label (``short``) or its name as the source
    writes it, else its full name; for a figure no one is named for, its publisher, said to be unattributed."""
    named = rows["claimant_short"] if short else rows["claimant"].fillna(rows["claimant_name"].astype(object))
    unnamed = rows["publisher"].astype(object) + " (unattributed)"
    return named.astype(object).where(named.notna(), unnamed)
