"""Rules that tie a table's rows to each other or to other tables, beyond what one cell's constraints say.

The reference tables are data too: a unit of unknown status with a factor, or a flag whose rule names a
column no table has, would give wrong tonnages or caveats to every figure that uses them.
"""

import re
from string import Formatter

import numpy as np
import pandas as pd

from . import _contract as contract
from ._errors import Kind, Problem, Problems
from ._flags import MOST_FLAGS, PLACEHOLDER

FLAGGED_TABLES = [name for name in contract.resource_names() if "doubts" in contract.field_names(name)]
OUTPUT = ("flags", "ambiguous", "caveat")  # the columns the flags make


def columns(name: str) -> dict[str, dict]:
    """The columns of table ``name`` a flag's rule or caveat can read: those of its file, as written, and the texts the
    loader derives; never a derived number, whose text is not kept, nor what the flags themselves make."""
    derived = [f for f in contract.resource(name).get("derivedFields", []) if f["type"] == "string" and f["name"] not in OUTPUT]
    return {f["name"]: f for f in contract.fields(name) + derived}


def _unreadable(column: str) -> str:
    """A column no flag can read, with what it is, for a message."""
    if column in OUTPUT:
        return f"'{column}', which the flags themselves make"
    if any(f["name"] == column for name in FLAGGED_TABLES for f in contract.resource(name).get("derivedFields", [])):
        return f"'{column}', a number the loader computes, whose text it does not keep"
    return f"'{column}', a column of no table with doubts ({', '.join(FLAGGED_TABLES)})"


def _report(loaded, problems: Problems, column: str, mask, message) -> None:
    """One problem per row of ``mask``; ``message(row)`` says what is wrong with it."""
    table, frame = loaded.table, loaded.frame
    problems.add_many(Kind.VOCABULARY, column, np.flatnonzero(np.asarray(mask, dtype=bool)), lambda row: Problem(
        table.file, table.line(int(row)), column, str(frame[column].iloc[row]), message(int(row)), Kind.VOCABULARY))


def units(loaded, problems: Problems) -> None:
    """A unit of status 'unknown' has no factor and unit 'unknown'; any other has both; readings name units."""
    frame = loaded.frame
    unknown = (frame["unit_status"] == "unknown").to_numpy()
    has_factor = frame["factor_t"].notna().to_numpy()
    no_unit = (frame["unit"] == "unknown").to_numpy()
    _report(loaded, problems, "factor_t", unknown & has_factor,
            lambda row: "a unit of status 'unknown' has no factor: blank factor_t, or give the status it has")
    _report(loaded, problems, "factor_t", ~unknown & ~has_factor,
            lambda row: f"a unit of status '{frame['unit_status'].iloc[row]}' needs its exact factor to tonnes: fill in factor_t")
    _report(loaded, problems, "unit", unknown != no_unit,
            lambda row: "unit is 'unknown' exactly when unit_status is 'unknown': make the two agree")
    known = set(frame["unit_reported"])
    named = frame["readings"].fillna("").str.split(";")
    missing = named.map(lambda units: [u for u in units if u and u not in known])
    _report(loaded, problems, "readings", missing.str.len().to_numpy() > 0,
            lambda row: f"names {', '.join(repr(u) for u in missing.iloc[row])}, not a unit_reported of units.csv: add it there first")


def flags(loaded, problems: Problems) -> None:
    """A rule 'column=value|value' names a column a flag can read and values that column can take; a caveat is a
    template of such columns, and a derived flag's caveat names only columns of every table its rule applies to."""
    frame = loaded.frame
    readable = {name: columns(name) for name in FLAGGED_TABLES}
    every = {column: field for fields in readable.values() for column, field in fields.items()}

    def bad_rule(when) -> str:
        if pd.isna(when):
            return ""
        column, values = when.split("=", 1)
        if column not in every:
            return f"the rule names {_unreadable(column)}"
        enum = contract.constraints(every[column]).get("enum")
        wrong = [v for v in values.split("|") if enum and v not in enum]
        return f"'{column}' never takes {', '.join(repr(v) for v in wrong)}: its values are {', '.join(enum)}" if wrong else ""

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

    _report(loaded, problems, "flag", np.arange(len(frame)) >= MOST_FLAGS, lambda row: (
        f"flags.csv holds at most {MOST_FLAGS} flags, as each row's flags are kept as the bits of one 64-bit number: "
        "merge this flag into another, or remove one"))
    why = {"when": frame["when"].map(bad_rule),
           "caveat": pd.Series([bad_caveat(c, w) for c, w in zip(frame["caveat"], frame["when"])], index=frame.index)}
    for column, reasons in why.items():
        _report(loaded, problems, column, (reasons != "").to_numpy(), lambda row, why=reasons: why.iloc[row] + ": correct flags.csv")


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


def citations(loaded, problems: Problems) -> None:
    """A citation names a further report of a claim, never the claim's own source."""
    frame, claims = loaded.frame, loaded.refs["reserves"].frame
    own = frame["figure_id"].map(dict(zip(claims["figure_id"], claims["source_id"])))
    _report(loaded, problems, "source_id", (own == frame["source_id"]).fillna(False).to_numpy(),
            lambda row: "this is the claim's own source in reserves.csv; a citation names a further report: delete the row")


RULES = {"units": [units], "flags": [flags], "citations": [citations]}
