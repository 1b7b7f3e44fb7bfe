"""Rules that tie a table's rows to each other or to other tables, beyond what one cell's constraints say.

The reference tables are data too: a unit of unknown status with a factor, or a flag whose rule names a
column no table has, would give wrong tonnages or caveats to every figure that uses them.
"""

import numpy as np
import pandas as pd

from . import _contract as contract
from ._errors import Kind, Problem, Problems
from ._flags import PLACEHOLDER

FLAGGED_TABLES = [name for name in contract.resource_names() if "doubts" in contract.field_names(name)]


def _columns(name: str) -> dict[str, dict]:
    return {f["name"]: f for f in contract.fields(name) + contract.resource(name).get("derivedFields", [])}


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
    """A rule 'column=value|value' names a column of a flagged table and values that column can take;
    a caveat names only columns that a flagged table has."""
    frame = loaded.frame
    every = {}
    for name in FLAGGED_TABLES:
        every.update(_columns(name))

    def bad_rule(when) -> str:
        if pd.isna(when):
            return ""
        column, values = when.split("=", 1)
        if column not in every:
            return f"the rule names '{column}', a column of no table with doubts ({', '.join(FLAGGED_TABLES)})"
        enum = contract.constraints(every[column]).get("enum")
        if every[column]["type"] == "boolean":
            enum = ["True", "False"]
        wrong = [v for v in values.split("|") if enum and v not in enum]
        return f"'{column}' never takes {', '.join(repr(v) for v in wrong)}: its values are {', '.join(enum)}" if wrong else ""

    def bad_caveat(caveat) -> str:
        try:
            unknown = sorted(set(PLACEHOLDER.findall(caveat)) - set(every))
            caveat.format_map({name: "" for name in PLACEHOLDER.findall(caveat)})
        except (ValueError, IndexError) as err:  # a stray brace: the caveat could never be written
            return f"the caveat is not a template ({err}): write a column name in braces, {{commodity}}, and no other brace"
        return f"the caveat names {', '.join(unknown)}, a column of no table with doubts" if unknown else ""

    for column, check in (("when", bad_rule), ("caveat", bad_caveat)):
        why = frame[column].map(check)
        _report(loaded, problems, column, (why != "").to_numpy(), lambda row, why=why: why.iloc[row] + ": correct flags.csv")


def citations(loaded, problems: Problems) -> None:
    """A citation names a further report of a claim, never the claim's own source."""
    frame, claims = loaded.frame, loaded.refs["reserves"].frame
    own = frame["figure_id"].map(dict(zip(claims["figure_id"], claims["source_id"])))
    _report(loaded, problems, "source_id", (own == frame["source_id"]).fillna(False).to_numpy(),
            lambda row: "this is the claim's own source in reserves.csv; a citation names a further report: delete the row")


RULES = {"units": [units], "flags": [flags], "citations": [citations]}
