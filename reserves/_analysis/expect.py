"""What the helpers take: a check at the top of each, saying in plain words what to pass instead.

Wrong kind of argument (a list, a string, a row where a frame is needed) is a
TypeError; the right kind with the wrong content (columns missing, a value no
row has) is a ValueError. Never a KeyError or AttributeError from pandas.
"""

import difflib

import pandas as pd


def _kind(value) -> str:
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _either(words: list[str]) -> str:
    return " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]


def require_frame(frame, columns: list[str], who: str, *loaders: str) -> None:
    """``frame`` must be a DataFrame with ``columns``, as the named loaders (e.g. ``"load_reserves"``) return."""
    expected = f"{who} takes the frame {_either([f'{loader}()' for loader in loaders])} returns"
    fix = "Pass " + _either([f"reserves.{loader}(...)" for loader in loaders]) + "."
    if not isinstance(frame, pd.DataFrame):
        part = " (one row or one column; pass the whole frame)" if isinstance(frame, pd.Series) else ""
        raise TypeError(f"{expected}, not {_kind(frame)}{part}. {fix}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{expected}; this frame lacks columns: {', '.join(missing)}. {fix}")


def require_row(row, columns: list[str], who: str, *loaders: str) -> None:
    """``row`` must be one row (a Series) of a frame the named loaders return, with ``columns``."""
    example = f"reserves.{loaders[0]}().iloc[0]"
    expected = f"{who} takes one row (a Series) of the frame {_either([f'{loader}()' for loader in loaders])} returns"
    if isinstance(row, pd.DataFrame):
        raise TypeError(f"{expected}, not a DataFrame of {len(row)} rows. Pass one row of it: frame.iloc[0], "
                        f"or frame.set_index('figure_id').loc[figure_id].")
    if not isinstance(row, pd.Series):
        raise TypeError(f"{expected}, not {_kind(row)}. Pass one row, e.g. {example}.")
    missing = [column for column in columns if column not in row.index]
    if missing:
        raise ValueError(f"{expected}; this row lacks: {', '.join(missing)}. Pass one row, e.g. {example}.")


def require_value(value, choices, who: str, name: str, what: str) -> None:
    """``value`` (argument ``name``) must be a str among ``choices``, e.g. a column's values or a frame's columns."""
    if not isinstance(value, str):
        raise TypeError(f"{who}: {name} must be a str, not {_kind(value)}.")
    known = sorted(map(str, pd.Series(choices).dropna().unique()))
    if value not in known:
        close = difflib.get_close_matches(value, known, n=1)
        guess = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(f"{who}: {name}={value!r} names no {what}; {guess}pass one of: {', '.join(known) or '(none)'}.")
