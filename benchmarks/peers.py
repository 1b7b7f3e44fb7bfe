"""What a user would pick instead of load_reserves, each given the same file and, where it validates, the same checks.

pandera is given a fair schema of the contract's checks: types, required columns, the id and date patterns, the
vocabularies and foreign keys as value sets, unique ids, minimums and the quote's length; and it reads and checks the
citations.csv beside the figures, as load_reserves does. It does not parse the CSV
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
    figures = schema.validate(frame, lazy=True)
    citations = pd.read_csv(path.parent / "citations.csv", dtype=str)
    return figures, _citations_schema(pa, checks, figures["figure_id"].tolist(), path.parent).validate(citations, lazy=True)


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
    frame = pl.read_csv(path, schema_overrides={n: pl.Utf8 if f["type"] == "string" else pl.Float64 for n, f in fields.items()
                                                if f["type"] in ("string", "number")})
    figures = schema.validate(frame, lazy=True)
    citations = pl.read_csv(path.parent / "citations.csv", infer_schema=False)
    return figures, _citations_schema(pa, checks, figures["figure_id"].to_list(), path.parent, pl.Utf8).validate(citations, lazy=True)


def _citations_schema(pa, checks: dict, figure_ids: list[str], folder: Path, text=str):
    """citations.csv as pandera checks it: each names a figure of the reserves beside it and a source, a quote in length."""
    rules = {"figure_id": ("isin", figure_ids), "source_id": ("isin", check("sources", Folder(folder)).frame["source_id"].tolist())}
    for field in contract.fields("citations"):
        if "maxLength" in contract.constraints(field):
            rules[field["name"]] = ("len", contract.constraints(field)["maxLength"])
    return pa.DataFrameSchema({
        f["name"]: pa.Column(text, [checks[rules[f["name"]][0]](rules[f["name"]][1])] if f["name"] in rules else [],
                             nullable=not contract.constraints(f).get("required"))
        for f in contract.fields("citations")}, strict=True)


def polars_read(path: Path):
    import polars as pl

    return pl.read_csv(path, infer_schema_length=10_000)  # polars' default 100 rows take '2' for an integer column


def pyarrow_read(path: Path):
    from pyarrow import csv

    return csv.read_csv(path, parse_options=csv.ParseOptions(newlines_in_values=True))
