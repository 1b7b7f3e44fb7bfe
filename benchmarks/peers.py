"""What a user would pick instead of load_reserves, each given the same file and, where it validates, the same checks.

pandera is given a fair schema of the contract's checks: types, required columns, the id and date patterns, the
vocabularies and foreign keys as value sets, unique ids, minimums and the quote's length. It does not parse the CSV
strictly (pandas and polars read a stray quote leniently) and has no cross-row rules (basis words, ranges, classes).
"""

from pathlib import Path

import pandas as pd

from reserves._contract import descriptor as contract
from reserves._tables.folder import Folder
from reserves._tables.table import check

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _rules(folder: Path) -> dict[str, tuple]:
    """column -> (kind, argument): 'isin' a value set, 'match' a pattern, 'ge' a minimum, 'len' a maximum length."""
    rules = {}
    for field in contract.fields("reserves"):
        rule = contract.constraints(field)
        if "enum" in rule:
            rules[field["name"]] = ("isin", rule["enum"])
        elif "pattern" in rule:
            rules[field["name"]] = ("match", rule["pattern"])
        elif "minimum" in rule:
            rules[field["name"]] = ("ge", rule["minimum"])
        elif "maxLength" in rule:
            rules[field["name"]] = ("len", rule["maxLength"])
    for column, target, key in contract.foreign_keys("reserves"):
        rules[column] = ("isin", check(target, Folder(folder)).frame[key].dropna().tolist())
    return rules


def pandera_pandas(path: Path):
    import pandera.pandas as pa

    checks = {"isin": pa.Check.isin, "match": pa.Check.str_matches, "ge": pa.Check.ge, "len": lambda n: pa.Check.str_length(max_value=n)}
    fields = {f["name"]: f for f in contract.fields("reserves")}
    rules = _rules(path.parent)
    schema = pa.DataFrameSchema({
        name: pa.Column(float if f["type"] == "number" else str, [checks[rules[name][0]](rules[name][1])] if name in rules else [],
                        nullable=not contract.constraints(f).get("required"), unique=name == "figure_id")
        for name, f in fields.items()}, strict=True)
    frame = pd.read_csv(path, dtype={n: str for n, f in fields.items() if f["type"] == "string"})
    return schema.validate(frame, lazy=True)


def pandera_polars(path: Path):
    import pandera.polars as pa
    import polars as pl

    checks = {"isin": pa.Check.isin, "match": pa.Check.str_matches, "ge": pa.Check.ge, "len": lambda n: pa.Check.str_length(max_value=n)}
    fields = {f["name"]: f for f in contract.fields("reserves")}
    rules = _rules(path.parent)
    schema = pa.DataFrameSchema({
        name: pa.Column(pl.Float64 if f["type"] == "number" else pl.Utf8, [checks[rules[name][0]](rules[name][1])] if name in rules else [],
                        nullable=not contract.constraints(f).get("required"), unique=name == "figure_id")
        for name, f in fields.items()}, strict=True)
    frame = pl.read_csv(path, schema_overrides={n: pl.Utf8 for n, f in fields.items() if f["type"] == "string"})
    return schema.validate(frame, lazy=True)


def polars_read(path: Path):
    import polars as pl

    return pl.read_csv(path)


def pyarrow_read(path: Path):
    from pyarrow import csv

    return csv.read_csv(path, parse_options=csv.ParseOptions(newlines_in_values=True))
