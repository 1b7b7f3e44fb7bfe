"""Rules of the vocabularies, beyond what one cell's constraints say; ``figures`` has the rules of figures and counts.

The vocabularies are data too: a unit of unknown status with a factor, or a flag whose rule names a column no
table has, would give wrong tonnages or caveats to every figure that uses them. A folder's own vocabulary is
judged with the shipped one it extends (``loaded.shipped``): its readings may name a shipped unit.
"""

import re
from functools import cache
from string import Formatter

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .._errors import Kind, Problem, Problems, ReservesDataError
from . import descriptor as contract
from . import figures
from .findings import report
from .flags import ANY, BLANK, PLACEHOLDER

OUTPUT = ("flag_codes", "ambiguous", "caveat")  # the columns the flags make
SHOWN = 20  # values of a column a message lists at most


@cache
def canonical() -> dict[str, str]:
    """The canonical unit of each dimension: the contract lists units.csv's dimensions and units in the same order."""
    enums = {f["name"]: contract.constraints(f).get("enum", []) for f in contract.fields("units")}
    dimensions, units = enums["dimension"], enums["unit"]
    if len(dimensions) != len(units):
        raise ReservesDataError([Problem(contract.DESCRIPTOR, 1, "units.unit", "", "the enums of units.dimension and units.unit pair "
                                         "each dimension with its canonical unit, place by place: give them as many values",
                                         Kind.CONTRACT)])
    return dict(zip(dimensions, units))


def columns(name: str) -> dict[str, dict]:
    """The columns of table ``name`` a flag's rule or caveat can read: those of its file, as written, and the texts the
    loader derives; never a derived number, whose text is not kept, nor what the flags themselves make."""
    derived = [f for f in contract.derived_fields(name) if f["type"] == "string" and f["name"] not in OUTPUT]
    return {f["name"]: f for f in contract.fields(name) + derived}


def _unreadable(column: str) -> str:
    """A column no flag can read, with what it is, for a message."""
    if column in OUTPUT:
        return f"'{column}', which the flags themselves make"
    flagged = contract.flagged_tables()
    if any(f["name"] == column for name in flagged for f in contract.derived_fields(name)):
        return f"'{column}', a number the loader computes, whose text it does not keep"
    return f"'{column}', a column of no table with doubts ({', '.join(flagged)})"


def units(loaded, problems: Problems) -> None:
    """A unit of status 'unknown' has no factor and unit 'unknown'; any other has both; a dimension has one
    canonical unit; readings name units."""
    frame = loaded.frame
    unknown = (frame["unit_status"] == "unknown").to_numpy()
    has_factor = frame["factor"].notna().to_numpy()
    no_unit = (frame["unit"] == "unknown").to_numpy()
    report(loaded, problems, "factor", unknown & has_factor,
            lambda row: "a unit of status 'unknown' has no factor: blank factor, or give the status it has")
    report(loaded, problems, "factor", ~unknown & ~has_factor,
            lambda row: f"a unit of status '{frame['unit_status'].iloc[row]}' needs its exact factor to {frame['unit'].iloc[row]}: fill in factor")
    report(loaded, problems, "unit", unknown != no_unit,
            lambda row: "unit is 'unknown' exactly when unit_status is 'unknown': make the two agree")
    odd = (frame["unit"].astype(object) != frame["dimension"].astype(object).map(canonical())).to_numpy()
    report(loaded, problems, "unit", odd, lambda row: (
        f"the {frame['dimension'].iloc[row]} units of units.csv convert to {canonical()[frame['dimension'].iloc[row]]}: "
        "give this one that unit and its factor to it"))
    assumed = (frame["unit_status"] == "assumed").to_numpy()
    report(loaded, problems, "read_as", assumed & frame["read_as"].isna().to_numpy(),
            lambda row: "an assumed unit needs read_as, what it is read as ('metric tonnes'), for its caveat: fill it in")
    report(loaded, problems, "readings", assumed & frame["readings"].isna().to_numpy(), lambda row: (
        "an assumed unit needs readings, the units its text could mean ('tonnes;short tons;long tons'): fill it in"))
    known = set(frame["unit_reported"]) | set(_shipped(loaded, "unit_reported"))
    named = frame["readings"].fillna("").str.split(";")
    missing = named.map(lambda units: [u for u in units if u and u not in known])
    report(loaded, problems, "readings", missing.str.len().to_numpy() > 0,
            lambda row: f"names {', '.join(repr(u) for u in missing.iloc[row])}, not a unit_reported of units.csv: add it there first")


def flags(loaded, problems: Problems) -> None:
    """A rule 'column=value|value' names a column a flag can read and values that column can take; a caveat is a
    template of such columns, and a derived flag's caveat names only columns of every table its rule applies to."""
    frame = loaded.frame
    readable = {name: columns(name) for name in contract.flagged_tables()}
    vocabularies = contract.vocabulary_columns()
    every = {column: field for fields in readable.values() for column, field in fields.items()}

    def values_of(column: str) -> tuple[list[str] | None, str]:
        """The values a column can take, and where they are listed; None when any text can be its value."""
        if column in vocabularies:
            target, key = vocabularies[column]
            keys = loaded.refs[target].frame[key]  # the vocabulary beside flags.csv
            return keys.dropna().astype(str).tolist(), f" (the {key}s of {target}.csv)"
        return contract.constraints(every[column]).get("enum"), ""

    def bad_rule(when) -> str:
        if pd.isna(when):
            return ""
        column, values = when.split("=", 1)
        if column not in every:
            return f"the rule names {_unreadable(column)}"
        if values in (ANY, BLANK):
            return ""
        known, where = values_of(column)
        wrong = [v for v in values.split("|") if known is not None and v not in known]
        shown = known[:SHOWN] + (["..."] if len(known) > SHOWN else [])
        return f"'{column}' never takes {', '.join(repr(v) for v in wrong)}: its values are {', '.join(shown)}{where}" if wrong else ""

    def bad_caveat(caveat, when) -> str:
        fault = _template_fault(caveat)
        if fault:  # the caveat could never be written
            return f"the caveat is not a template ({fault}): write a column name in braces, {{commodity}}, and no other brace"
        named = set(PLACEHOLDER.findall(caveat))
        unknown = sorted(named - set(every))
        if unknown:
            return f"the caveat names {'; '.join(map(_unreadable, unknown))}"
        rule_column = "" if pd.isna(when) else when.split("=", 1)[0]
        for name, fields in readable.items():
            lacking = sorted(named - set(fields)) if rule_column in fields else []
            if lacking:
                return f"its rule applies to {name}.csv, which has no column {', '.join(lacking)}: name only columns it has"
        return ""

    why = {"when": frame["when"].map(bad_rule),
           "caveat": pd.Series([bad_caveat(c, w) for c, w in zip(frame["caveat"], frame["when"])], index=frame.index)}
    for column, reasons in why.items():
        report(loaded, problems, column, (reasons != "").to_numpy(), lambda row, why=reasons: why.iloc[row] + ": correct flags.csv")


def _template_fault(caveat: str) -> str:
    """Why ``caveat`` is not plain text with column names in braces ('' when it is): the loader fills it with format_map."""
    try:
        parts = list(Formatter().parse(caveat))
    except ValueError as err:  # a brace never closed, or closed without opening
        return str(err)
    for literal, name, spec, conversion in parts:
        if "{" in literal or "}" in literal:
            return "a doubled brace"
        if name is not None and (spec or conversion or not re.fullmatch(r"\w+", name)):
            return f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} is not a column name in braces"
    return ""


def measures(loaded, problems: Problems) -> None:
    """A measure's dimensions are dimensions of units.csv; a measure of fractions names the unit they convert to."""
    frame = loaded.frame
    dimensions = list(canonical())
    wrong = frame["dimensions"].str.split(";").map(lambda named: [d for d in named if d not in dimensions])
    report(loaded, problems, "dimensions", wrong.str.len().to_numpy() > 0, lambda row: (
        f"{', '.join(repr(d) for d in wrong.iloc[row])} is no dimension of units.csv ({', '.join(dimensions)}): correct it"))
    fractions = frame["dimensions"].str.split(";").map(lambda named: "fraction" in named).to_numpy(dtype=bool)
    report(loaded, problems, "fraction_unit", fractions != frame["fraction_unit"].notna().to_numpy(), lambda row: (
        "a measure of fractions (dimension fraction) names the unit its figures convert to ('g/t' or '%'), and no other "
        "measure does: fill it in, or blank it"))


def classes(loaded, problems: Problems) -> None:
    """A combined class names classes of its own scheme."""
    frame = loaded.frame
    known = set(zip(frame["scheme"].astype(str), frame["class"].str.casefold())) | set(
        zip(_shipped(loaded, "scheme"), (c.casefold() for c in _shipped(loaded, "class"))))
    wrong = [[m for m in str(members).split(";") if (str(scheme), m.casefold()) not in known] if pd.notna(members) else []
             for scheme, members in zip(frame["scheme"], frame["members"])]
    report(loaded, problems, "members", np.array([bool(w) for w in wrong], dtype=bool), lambda row: (
        f"{', '.join(repr(m) for m in wrong[row])} is not a class of {frame['scheme'].iloc[row]} in classes.csv: add it first"))


def _shipped(loaded, column: str) -> list[str]:
    """A column of the shipped vocabulary a folder's own one extends; none for a vocabulary that extends nothing."""
    return [] if loaded.shipped is None else loaded.shipped.frame[column].astype(str).tolist()


def citations(loaded, problems: Problems) -> None:
    """A citation names a further report of a claim, never the claim's own source (Arrow kernels: linear in the rows)."""
    text, claims = loaded.table.arrow, loaded.refs["reserves"].table.arrow
    own = pc.equal(claims.column("source_id").take(loaded.referenced_rows("figure_id")), text.column("source_id"))
    report(loaded, problems, "source_id", own.to_numpy(zero_copy_only=False),
            lambda row: "this is the claim's own source in reserves.csv; a citation names a further report: delete the row")


RULES = {"units": [units], "flags": [flags], "measures": [measures], "classes": [classes], "citations": [citations],
         "reserves": [figures.figures], "counts": [figures.counts]}
