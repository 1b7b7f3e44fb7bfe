"""Rules that tie a table's rows to each other or to other tables, beyond what one cell's constraints say.

The reference tables are data too: a unit of unknown status with a factor, or a flag whose rule names a
column no table has, would give wrong tonnages or caveats to every figure that uses them.
"""

import re
from functools import cache
from string import Formatter

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .._errors import Kind, Problem, Problems, ReservesDataError
from . import descriptor as contract
from .flags import ANY, PLACEHOLDER

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


def _report(loaded, problems: Problems, column: str, mask, message) -> None:
    """One problem per row of ``mask``; ``message(row)`` says what is wrong with it. In a vocabulary it is a fault of the
    vocabulary; in a table of claims, a row that breaks a rule."""
    table, frame = loaded.table, loaded.frame
    kind = Kind.VOCABULARY if contract.role(loaded.name) == "vocabulary" else Kind.RULE
    problems.add_rows(kind, column, np.flatnonzero(np.asarray(mask, dtype=bool)), lambda row: (
        table.file, table.line(int(row)), str(frame[column].iloc[row]), message(int(row))))


def units(loaded, problems: Problems) -> None:
    """A unit of status 'unknown' has no factor and unit 'unknown'; any other has both; a dimension has one
    canonical unit; readings name units."""
    frame = loaded.frame
    unknown = (frame["unit_status"] == "unknown").to_numpy()
    has_factor = frame["factor"].notna().to_numpy()
    no_unit = (frame["unit"] == "unknown").to_numpy()
    _report(loaded, problems, "factor", unknown & has_factor,
            lambda row: "a unit of status 'unknown' has no factor: blank factor, or give the status it has")
    _report(loaded, problems, "factor", ~unknown & ~has_factor,
            lambda row: f"a unit of status '{frame['unit_status'].iloc[row]}' needs its exact factor to {frame['unit'].iloc[row]}: fill in factor")
    _report(loaded, problems, "unit", unknown != no_unit,
            lambda row: "unit is 'unknown' exactly when unit_status is 'unknown': make the two agree")
    odd = (frame["unit"].astype(object) != frame["dimension"].astype(object).map(canonical())).to_numpy()
    _report(loaded, problems, "unit", odd, lambda row: (
        f"the {frame['dimension'].iloc[row]} units of units.csv convert to {canonical()[frame['dimension'].iloc[row]]}: "
        "give this one that unit and its factor to it"))
    assumed = (frame["unit_status"] == "assumed").to_numpy()
    _report(loaded, problems, "read_as", assumed & frame["read_as"].isna().to_numpy(),
            lambda row: "an assumed unit needs read_as, what it is read as ('metric tonnes'), for its caveat: fill it in")
    known = set(frame["unit_reported"])
    named = frame["readings"].fillna("").str.split(";")
    missing = named.map(lambda units: [u for u in units if u and u not in known])
    _report(loaded, problems, "readings", missing.str.len().to_numpy() > 0,
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
        if values == ANY:
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
    """A citation names a further report of a claim, never the claim's own source (Arrow kernels: linear in the rows)."""
    text, claims = loaded.table.arrow, loaded.refs["reserves"].table.arrow
    own = pc.equal(claims.column("source_id").take(loaded.referenced_rows("figure_id")), text.column("source_id"))
    _report(loaded, problems, "source_id", own.to_numpy(zero_copy_only=False),
            lambda row: "this is the claim's own source in reserves.csv; a citation names a further report: delete the row")


def _one_of(loaded, problems: Problems, columns: tuple[str, str]) -> None:
    """Exactly one of two columns is filled: a figure is about a deposit or about a territory."""
    frame = loaded.frame
    filled = frame[list(columns)].notna().sum(axis=1).to_numpy()
    _report(loaded, problems, columns[0], filled != 1, lambda row: (
        f"fill exactly one of {' and '.join(columns)}: {columns[0]} for a figure about a deposit (or a part of one), "
        f"{columns[1]} for a figure about a territory"))


def _range(loaded, problems: Problems, value: str, high: str) -> None:
    """The high end is given exactly for a qualifier whose upper bound it is (qualifiers.csv), and is not below the value."""
    frame = loaded.frame
    codes, qualifiers = loaded.codes("qualifier")  # each distinct qualifier looked up once
    upper = loaded.refs["qualifiers"].frame.set_index("qualifier")["upper"].reindex(qualifiers).to_numpy(dtype=object)
    needs = np.append(upper == "value_high", False)[codes]
    given = frame[high].notna().to_numpy()
    _report(loaded, problems, high, needs & ~given, lambda row: f"'{frame['qualifier'].iloc[row]}' is a range: give its high end in {high}")
    _report(loaded, problems, high, ~needs & given, lambda row: (
        f"{high} is the high end of a range: blank it, or make the qualifier one with a high end (between)"))
    below = (needs & given) & (frame[high] < frame[value]).fillna(False).to_numpy()
    _report(loaded, problems, high, below, lambda row: f"the high end is below {value}: swap them")


def _as_of(loaded, problems: Problems) -> None:
    """as_of and how the source ties the figure to it come together."""
    frame = loaded.frame
    mismatch = frame["as_of"].notna().to_numpy() != frame["as_of_qualifier"].notna().to_numpy()
    _report(loaded, problems, "as_of_qualifier", mismatch, lambda row: (
        "as_of and as_of_qualifier go together: give both ('until', 1993), or neither"))


def _basis(loaded, problems: Problems) -> None:
    """One rule for basis: ore, concentrate or contained metal only where the quote states it (bases.csv words, and
    commodities.csv metal_words for contained metal); otherwise unknown, left to readings.

    One search per basis and commodity, an Arrow kernel over the quotes of those rows only.
    """
    frame = loaded.frame
    words = loaded.refs["bases"].frame.set_index("basis")["words"].dropna().str.split(";")
    metal = loaded.refs["commodities"].frame.set_index("commodity")["metal_words"].dropna().str.split(";")
    (basis, bases), (commodity, commodities) = (loaded.codes(c) for c in ("basis", "commodity"))
    quotes = loaded.table.arrow.column("quote")
    unstated = np.zeros(len(frame), dtype=bool)
    pair = basis.astype(np.int64) * len(commodities) + commodity  # each (basis, commodity) as one number
    for b, c in (divmod(int(p), len(commodities)) for p in np.unique(pair)):
        phrases = list(words.get(bases[b], [])) + (list(metal.get(commodities[c], [])) if bases[b] == "contained metal" else [])
        if not phrases:
            continue
        rows = np.flatnonzero(pair == b * len(commodities) + c)
        stated = pc.match_substring_regex(quotes.take(rows), "|".join(map(re.escape, phrases)), ignore_case=True)
        unstated[rows[~stated.to_numpy(zero_copy_only=False)]] = True
    _report(loaded, problems, "basis", unstated, lambda row: (
        f"the quote does not state '{frame['basis'].iloc[row]}' (bases.csv words: {'; '.join(words.get(frame['basis'].iloc[row], []))}): "
        "write basis unknown, and let readings show what it could be"))


def _classes(loaded, problems: Problems) -> None:
    """A resource_class names classes of its scheme (classes.csv), joined by '+' when the figure sums several.

    Judged once per distinct (scheme, resource_class) pair.
    """
    frame, classes = loaded.frame, loaded.refs["classes"].frame  # the classes of the figures' own folder
    known = set(zip(classes["scheme"].astype(str), classes["class"]))
    checked = set(classes["scheme"].astype(str)) - {"none stated"}  # whose classes are listed
    (scheme, schemes), (named, names) = (loaded.codes(c) for c in ("scheme", "resource_class"))
    pair = scheme.astype(np.int64) * len(names) + named  # each (scheme, resource_class) as one number
    unknown, unnamed = {}, []
    for p in pd.unique(pair):
        text, of = names[p % len(names)], schemes[p // len(names)]
        if not text:  # no class named: a scheme alone is allowed
            continue
        if not of:
            unnamed.append(p)
        elif of in checked and (bad := [c.strip() for c in text.split("+") if (of, c.strip()) not in known]):
            unknown[p] = bad
    _report(loaded, problems, "resource_class", np.isin(pair, list(unknown)), lambda row: (
        f"{', '.join(repr(c) for c in unknown[pair[row]])} is not a class of {frame['scheme'].iloc[row]} in classes.csv: "
        "correct it, add the class there, or write scheme 'none stated'"))
    _report(loaded, problems, "scheme", np.isin(pair, unnamed), lambda row: (
        "a resource_class needs its scheme: the one the source names, or 'none stated'"))


def reserves(loaded, problems: Problems) -> None:
    _one_of(loaded, problems, ("deposit_id", "territory_id"))
    _range(loaded, problems, "value", "value_high")
    _as_of(loaded, problems)
    _basis(loaded, problems)
    _classes(loaded, problems)


def counts(loaded, problems: Problems) -> None:
    _range(loaded, problems, "number", "number_high")
    _as_of(loaded, problems)


RULES = {"units": [units], "flags": [flags], "citations": [citations], "reserves": [reserves], "counts": [counts]}
