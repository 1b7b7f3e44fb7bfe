"""Rules of figures and counts: what ties a row's columns to each other, to its quote and to the vocabularies.

Each rule is data where data can say it: the dimensions a measure allows (measures.csv), the basis a unit or the
quote's words state (units.csv, bases.csv), the numbers a quote writes in words (number_words.csv). All run as
Arrow kernels or on distinct values: a rule never loops over a million rows in Python.
"""

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import Kind, Problems
from . import cells, quotes
from . import descriptor as contract
from .findings import report

DERIVED = "value_derived"  # the editor's flag of a value read, not written, in the quote
MASS = ("mass", "mass per year", "mass per day", "unknown")  # dimensions of a tonnage, whose basis can be unknown


def figures(loaded, problems: Problems) -> None:
    value, high = _located(loaded, "value"), _located(loaded, "value_high")
    _one_of(loaded, problems, ("deposit_id", "territory_id"))
    _range(loaded, problems, "value", "value_high")
    _as_of(loaded, problems)
    _claimant(loaded, problems)
    _quoted(loaded, problems, "value", value)
    _quoted(loaded, problems, "value_high", high)
    _unit_of_measure(loaded, problems)
    _possible(loaded, problems)
    _estimates(loaded, problems)
    _basis(loaded, problems, value, high)
    _classes(loaded, problems)


def counts(loaded, problems: Problems) -> None:
    _range(loaded, problems, "number", "number_high")
    _as_of(loaded, problems)
    _claimant(loaded, problems)
    _quoted(loaded, problems, "number", _located(loaded, "number"))
    _quoted(loaded, problems, "number_high", _located(loaded, "number_high"))


def _one_of(loaded, problems: Problems, columns: tuple[str, str]) -> None:
    """Exactly one of two columns is filled: a figure is about a deposit or about a territory."""
    filled = loaded.frame[list(columns)].notna().sum(axis=1).to_numpy()
    report(loaded, problems, columns[0], filled != 1, lambda row: (
        f"fill exactly one of {' and '.join(columns)}: {columns[0]} for a figure about a deposit (or a part of one), "
        f"{columns[1]} for a figure about a territory"))


def _range(loaded, problems: Problems, value: str, high: str) -> None:
    """The high end is given exactly for a qualifier whose upper bound it is (qualifiers.csv), and is not below the value."""
    frame = loaded.frame
    upper = _of_vocabulary(loaded, "qualifier", "qualifiers", "upper")
    needs = upper == "value_high"
    given = frame[high].notna().to_numpy()
    report(loaded, problems, high, needs & ~given, lambda row: f"'{frame['qualifier'].iloc[row]}' is a range: give its high end in {high}")
    report(loaded, problems, high, ~needs & given, lambda row: (
        f"{high} is the high end of a range: blank it, or make the qualifier one with a high end (between)"))
    below = (needs & given) & (frame[high] < frame[value]).fillna(False).to_numpy()
    report(loaded, problems, high, below, lambda row: f"the high end is below {value}: swap them")


def _of_vocabulary(loaded, column: str, vocabulary: str, field: str) -> np.ndarray:
    """Each row's ``field`` of the vocabulary row its ``column`` names (None where blank), looked up per distinct value."""
    codes, distinct = loaded.codes(column)
    key = contract.primary_key(vocabulary)[0]
    values = loaded.refs[vocabulary].frame.set_index(key)[field].reindex(distinct)
    if pd.api.types.is_numeric_dtype(values.dtype):  # a number: NaN where missing
        return np.append(values.to_numpy(dtype=float, na_value=np.nan), np.nan)[codes]
    return np.append(values.astype(object).where(values.notna(), None).to_numpy(dtype=object), None)[codes]


def _as_of(loaded, problems: Problems) -> None:
    """as_of and its qualifier come together, an end exactly with a qualifier of a period; no date after the source's
    own, unless the measure is a plan."""
    frame = loaded.frame
    given, qualified = frame["as_of"].notna().to_numpy(), frame["as_of_qualifier"].notna().to_numpy()
    report(loaded, problems, "as_of_qualifier", given != qualified, lambda row: (
        "as_of and as_of_qualifier go together: give both ('until', 1993), or neither"))
    spans = _of_vocabulary(loaded, "as_of_qualifier", "as_of_qualifiers", "end") == "yes"
    ended = frame["as_of_end"].notna().to_numpy()
    report(loaded, problems, "as_of_end", spans & ~ended, lambda row: (
        f"'{frame['as_of_qualifier'].iloc[row]}' names a period: give its end in as_of_end"))
    report(loaded, problems, "as_of_end", ~spans & ended, lambda row: (
        "as_of_end is the end of a period: blank it, or make as_of_qualifier one that spans a period (between)"))
    report(loaded, problems, "as_of_end", spans & ended & _earlier(loaded.codes("as_of_end"), loaded.codes("as_of")), lambda row: (
        "the period ends before it starts: swap as_of and as_of_end"))
    dates = loaded.refs["sources"].frame["date"].astype(object).tolist()
    sources = loaded.referenced_rows("source_id")
    planned = (_of_vocabulary(loaded, "measure", "measures", "planned") == "yes") if "measure" in frame else np.zeros(len(frame), bool)
    after = given & ~planned & _earlier((sources, dates), loaded.codes("as_of"))
    report(loaded, problems, "as_of", after, lambda row: (
        f"the source, of {dates[sources[row]]}, cannot state what held at {frame['as_of'].iloc[row]}, a later date, unless the "
        "figure is a plan (measures.csv planned): correct as_of, or the measure"))


def _earlier(first: tuple, second: tuple) -> np.ndarray:
    """Rows where the date ``first`` (YYYY, YYYY-MM or YYYY-MM-DD) is before ``second``, at the coarser of their precisions.

    Each is given as codes and the distinct dates they point at (-1, '' or a missing date: none); judged once per pair.
    """
    (a_codes, a_dates), (b_codes, b_dates) = first, second
    a_of, b_of, rows = cells.distinct_pairs(np.asarray(a_codes), np.asarray(b_codes), len(b_dates))
    return np.array([_before(a_dates[a] if a >= 0 else None, b_dates[b] if b >= 0 else None) for a, b in zip(a_of, b_of)],
                    dtype=bool)[rows]


def _before(first, second) -> bool:
    if not (isinstance(first, str) and isinstance(second, str) and first and second):
        return False
    shared = min(len(first), len(second))
    return first[:shared] < second[:shared]


def _claimant(loaded, problems: Problems) -> None:
    """A claimant the source names has an id in claimants.csv: one body or person, one id, however it is spelled."""
    frame = loaded.frame
    report(loaded, problems, "claimant_id", frame["claimant"].notna().to_numpy() & frame["claimant_id"].isna().to_numpy(), lambda row: (
        "the source names a claimant: give its claimant_id from claimants.csv (add the person or body there once, with "
        "its spellings), or blank claimant for a figure no one is named for"))


def _located(loaded, column: str) -> quotes.Located | None:
    """Where each row's ``column`` stands in its quote; the rows whose digits do not hold it are read again with the
    numbers written in words. None for a table without the column."""
    frame = loaded.frame
    if column not in frame:
        return None
    words = loaded.refs["number_words"].frame
    quote = loaded.table.arrow.column("quote").combine_chunks()
    values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    located = quotes.locate(quote, values, words)
    missing = np.flatnonzero(~located.found & ~np.isnan(values))
    if len(missing):
        again = quotes.locate(pa.array(quotes.spelled_out(quote.take(pa.array(missing)).to_pylist(), words), pa.large_string()),
                              values[missing], words)
        located.merge(missing, again)
    return located


def _quoted(loaded, problems: Problems, column: str, located: quotes.Located | None) -> None:
    """The quote holds the row's number, in digits or words, unless the editor says it is read, not written."""
    if located is None:
        return
    frame = loaded.frame
    missing = frame[column].notna().to_numpy() & ~located.found & ~_derived(loaded)
    text = loaded.table.arrow.column(column)
    report(loaded, problems, column, missing, lambda row: (
        f"the quote does not hold {text[row].as_py()} (its numbers: {', '.join(_numbers(frame['quote'].iloc[row])) or 'none'}): "
        f"correct {column}, quote the words that state it, or add the doubt {DERIVED} and say in note how you read it"),
        Kind.QUOTED_VALUE)


def _derived(loaded) -> np.ndarray:
    """Rows whose value the editor read rather than found written (the doubt value_derived), judged on distinct doubts."""
    codes, distinct = loaded.codes("doubts")
    flagged = [DERIVED in text.split(";") for text in distinct]
    return np.append(np.array(flagged, dtype=bool), False)[codes]


def _numbers(quote: str) -> list[str]:
    return re.findall(r"\d+(?:[.,  ]\d+)*", quote)[:8]


def _unit_of_measure(loaded, problems: Problems) -> None:
    """A figure's unit is of a dimension its measure allows (measures.csv dimensions): no reserve in g/t."""
    frame = loaded.frame
    (units, unit_names), (measures, measure_names) = loaded.codes("unit_reported"), loaded.codes("measure")
    dimension = loaded.refs["units"].frame.set_index("unit_reported")["dimension"].reindex(unit_names).astype(object).tolist()
    allowed = loaded.refs["measures"].frame.set_index("measure")["dimensions"].reindex(measure_names).astype(object).tolist()
    unit, measure, rows = cells.distinct_pairs(units, measures, len(measure_names))  # judged once per pair
    wrong = np.array([u >= 0 and m >= 0 and isinstance(allowed[m], str) and dimension[u] not in allowed[m].split(";")
                      for u, m in zip(unit, measure)], dtype=bool)[rows]
    report(loaded, problems, "unit_reported", wrong, lambda row: (
        f"'{frame['unit_reported'].iloc[row]}' is a unit of {dimension[units[row]]}, which a {frame['measure'].iloc[row]} is not "
        f"(measures.csv: {allowed[measures[row]].replace(';', ', ')}): correct the unit or the measure"))


def _possible(loaded, problems: Problems) -> None:
    """No fraction above 100 %; a suspected slip names a convertible unit of the same dimension, other than the unit."""
    frame = loaded.frame
    factor = _of_vocabulary(loaded, "unit_reported", "units", "factor")
    dimension = _of_vocabulary(loaded, "unit_reported", "units", "dimension")
    with np.errstate(over="ignore", invalid="ignore"):  # a figure beyond a double is refused when it is converted
        percent = frame["value"].to_numpy(dtype=float, na_value=np.nan) * factor / 10_000  # a fraction's factor is to g/t
    report(loaded, problems, "value", (dimension == "fraction") & (percent > 100), lambda row: (
        f"{frame['value'].iloc[row]} {frame['unit_reported'].iloc[row]} is {percent[row]:.12g} %, more than the whole: "
        "correct the value or its unit"))
    slip = frame["slip_unit"].notna().to_numpy()
    same = slip & (frame["slip_unit"] == frame["unit_reported"]).fillna(False).to_numpy()
    report(loaded, problems, "slip_unit", same, lambda row: "the suspected unit is the reported one: blank slip_unit, or name the unit meant")
    slip_dimension = _of_vocabulary(loaded, "slip_unit", "units", "dimension")
    slip_factor = _of_vocabulary(loaded, "slip_unit", "units", "factor")
    other = slip & ~same & ((slip_dimension != dimension) | pd.isna(slip_factor))
    report(loaded, problems, "slip_unit", other, lambda row: (
        f"'{frame['slip_unit'].iloc[row]}' is no unit of {dimension[row]} with a factor: a suspected slip is a unit of the "
        "same dimension that converts ('kg' for 'tons')"))


def _estimates(loaded, problems: Problems) -> None:
    """An estimate's figures are of one deposit or territory and one source; a measure of an estimate has its estimate_id."""
    frame = loaded.frame
    needs = _of_vocabulary(loaded, "measure", "measures", "estimate") == "yes"
    report(loaded, problems, "estimate_id", needs & frame["estimate_id"].isna().to_numpy(), lambda row: (
        f"a {frame['measure'].iloc[row]} is a condition of an estimate: give the estimate_id of the figures it belongs to"))
    grouped = frame[frame["estimate_id"].notna()]
    place = grouped["deposit_id"].astype(object).fillna(grouped["territory_id"].astype(object))
    spans = pd.DataFrame({"id": grouped["estimate_id"], "place": place, "source": grouped["source_id"]}).groupby("id").nunique()
    wide = spans[(spans["place"] > 1) | (spans["source"] > 1)].index
    report(loaded, problems, "estimate_id", frame["estimate_id"].isin(wide).to_numpy(), lambda row: (
        f"the figures of estimate '{frame['estimate_id'].iloc[row]}' name more than one deposit, territory or source: one "
        "estimate is one source's figures of one place; give the others another estimate_id"))


def _basis(loaded, problems: Problems, located: quotes.Located, high: quotes.Located) -> None:
    """One rule, by meaning: a figure's basis is what its unit states (an ounce of gold is contained gold), else, for a
    tonnage, what the quote's words around its number state (bases.csv), else unknown; a figure that is no tonnage (a
    grade, a mine life, a volume) is 'not applicable'.
    The words after a range are those after its high end ('2 to 2.5 million tons of ore')."""
    frame = loaded.frame
    bases = loaded.refs["bases"].frame
    commodities = loaded.refs["commodities"].frame.set_index("commodity")
    after = pc.if_else(pa.array(high.found), high.after, located.after)
    stated, why = quotes.stated_basis(located, after, bases, frame["commodity"].astype(str).to_numpy(), commodities)
    tonnage = np.isin(_of_vocabulary(loaded, "unit_reported", "units", "dimension").astype(str), MASS)
    stated = np.where(tonnage, stated, None)  # a grade or a mine life has no basis, whatever words follow
    by_unit = _of_vocabulary(loaded, "unit_reported", "units", "basis")
    stated = np.where(pd.notna(by_unit), by_unit, stated)
    why = np.where(pd.notna(by_unit), "its unit weighs the commodity itself", why)
    expected = np.where(pd.notna(stated), stated, np.where(tonnage, "unknown", "not applicable"))
    derived = _derived(loaded) & ~located.found
    basis = frame["basis"].astype(str).to_numpy()
    wrong = (basis != expected) & ~(derived & pd.isna(by_unit))
    report(loaded, problems, "basis", wrong, lambda row: (
        f"write basis {expected[row]}: {why[row]}" if pd.notna(stated[row]) else
        f"the quote does not state '{basis[row]}' around the figure ({_words(located, row)}), nor does its unit: write basis "
        f"{expected[row]}, and let readings show what it could be"))


def _words(located: quotes.Located, row: int) -> str:
    before, after = located.before[row].as_py().strip(), located.after[row].as_py().strip()
    return f"before it: '{before[-40:]}', after it: '{after[:40]}'" if located.found[row] else "its number is not located"


_JOINED = re.compile(r"\s*(?:\+|,|\band\b)\s*")


def _classes(loaded, problems: Problems) -> None:
    """A resource_class names classes of its scheme (classes.csv, ignoring case), combined as written or listed with
    '+', ',' or 'and' ('C1+ C2', 'A, B and C1').

    Judged once per distinct (scheme, resource_class) pair.
    """
    frame, classes = loaded.frame, loaded.refs["classes"].frame  # the classes of the figures' own folder
    known = set(zip(classes["scheme"].astype(str), classes["class"].str.casefold()))
    checked = set(classes["scheme"].astype(str))  # schemes whose classes are listed
    (scheme, schemes), (named, names) = (loaded.codes(c) for c in ("scheme", "resource_class"))
    scheme_of, class_of, pair = cells.distinct_pairs(scheme, named, len(names))
    unknown, unnamed = {}, []
    for p, (scheme_code, class_code) in enumerate(zip(scheme_of, class_of)):
        text, of = names[class_code] if class_code >= 0 else "", schemes[scheme_code] if scheme_code >= 0 else ""
        if not text:  # no class named: a scheme alone is allowed
            continue
        if not of:
            unnamed.append(p)
        elif of in checked and (of, text.casefold()) not in known and (
                bad := [c for c in _JOINED.split(text.strip()) if (of, c.casefold()) not in known]):
            unknown[p] = bad
    report(loaded, problems, "resource_class", np.isin(pair, list(unknown)), lambda row: (
        f"{', '.join(repr(c) for c in unknown[pair[row]])} is not a class of {frame['scheme'].iloc[row]} in classes.csv: "
        "correct it, add the class there, or write scheme 'none stated'"))
    report(loaded, problems, "scheme", np.isin(pair, unnamed), lambda row: (
        "a resource_class needs its scheme: the one the source names, or 'none stated'"))
