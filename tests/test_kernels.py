"""The fast paths of the checks agree with the plain Python they replace, on any values (differential tests).

Each kernel has two ways to its answer (hash the small side or the large one; codes or text); both are driven here.
"""

import csv
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import reserves
from reserves._contract import cells as checks
from reserves._contract import descriptor as contract
from reserves._errors import Problems
from reserves._reading import csvfile

texts = st.text(alphabet="ab-é\n,\"", max_size=4)


def table_of(columns: dict[str, list[str]]) -> csvfile.TextTable:
    """A Table read by the loader's reader from a CSV of ``columns``."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values()))
    problems = Problems()
    table = csvfile.read(path, list(columns), problems)
    assert not problems, problems
    return table


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=30), st.lists(texts, max_size=30, unique=True))
def test_rows_in_finds_each_value_among_the_keys(values, keys):
    column = checks.column_of(table_of({"v": values}), "v")
    rows = column.rows_in(pa.array(keys, pa.large_string()))
    _, distinct = column.encoded()
    assert [keys.index(v) if v in keys else -1 for v in distinct.to_pylist()] == rows.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, st.sampled_from(["x", "y", "z"])), min_size=2, max_size=30))
def test_keys_are_distinct_exactly_when_no_pair_repeats(pairs):
    table = table_of({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
    assert checks.all_distinct(table, ["a", "b"]) == (len(set(pairs)) == len(pairs))
    assert checks.all_distinct(table, ["a"]) == (len({a for a, _ in pairs}) == len(pairs))


FIGURES = reserves.load_reserves()
SOURCES = reserves.load_sources()["source_id"].tolist()


def further_sources(citations: list[dict]) -> dict[str, str]:
    """also_reported_by the plain way: each figure's cited sources, in file order, joined by ';'."""
    joined = {}
    for row in citations:
        joined[row["figure_id"]] = joined.get(row["figure_id"], []) + [row["source_id"]]
    return {figure: ";".join(sources) for figure, sources in joined.items()}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIGURES["figure_id"].tolist()), st.sampled_from(SOURCES)), max_size=60,
                unique=True))
def test_also_reported_by_lists_each_figures_citations_in_file_order(pairs):
    own = dict(zip(FIGURES["figure_id"], FIGURES["source_id"]))
    rows = [{"figure_id": f, "source_id": s, "quote": f"q{i}", "note": ""} for i, (f, s) in enumerate(pairs) if own[f] != s]
    folder = Path(tempfile.mkdtemp())
    shutil.copy(contract.shipped_dir() / "reserves.csv", folder)
    with (folder / "citations.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=contract.field_names("citations"), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    figures = reserves.load_reserves(folder / "reserves.csv")
    expected = further_sources(rows)
    assert figures["also_reported_by"].tolist() == [expected.get(f, np.nan) for f in figures["figure_id"]]


def typed(values: list[str], field: dict, key: bool = False):
    """A column of ``values`` checked and typed as ``field``: (values, the rows reported, by kind)."""
    column, problems = checks.typed_column(table_of({"v": values}), {"name": "v", **field}, None, key)
    reported = {}
    for problem in problems.shown:
        reported.setdefault(problem.kind, set()).add(problem.line - 2)
    return column, reported


numbers = st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr), st.integers(-10**20, 10**20).map(str),
                    st.sampled_from(["", "1e400", "1e-400", "0.1234567890123456789", "13,6", "+5", "nan", "-0", ".5", "5."]))


@settings(max_examples=200, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=20))
def test_numbers_typed_on_distinct_texts_are_each_texts_float_or_refused(values):
    column, reported = typed(values, {"type": "number"})
    refused = set().union(*reported.values()) if reported else set()
    for row, text in enumerate(values):
        if not text:
            assert column.isna()[row]
        elif row in refused:
            assert column.isna()[row]
        else:
            assert float(text) == column[row] and repr(float(text)) == repr(float(text.lstrip("+")))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-2**60, 2**60).map(str), st.sampled_from(["", "+7", "007", "1.0", "x", "++1"])),
                min_size=1, max_size=20))
def test_integers_typed_on_distinct_texts_are_each_texts_int_or_refused(values):
    column, reported = typed(values, {"type": "integer"})
    refused = set().union(*reported.values()) if reported else set()
    for row, text in enumerate(values):
        plain = text.lstrip("+") if text.count("+") <= 1 else None  # one sign at most; leading zeros read as written
        exact = plain is not None and plain.lstrip("-").isdigit() and len(plain.lstrip("-")) <= 16
        if exact and abs(int(plain)) <= 2**53:
            assert row not in refused and column[row] == int(plain)
        elif text:
            assert row in refused and column.isna()[row]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "2023", "2023-02", "2023-02-29", "2024-02-29", "2023-13", "2023-04-31", "1993-12-31"]),
                min_size=1, max_size=20))
def test_calendar_dates_on_distinct_texts_are_those_python_accepts(values):
    from datetime import date

    def real(text):
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            date(*parts[:3])
        except ValueError:
            return False
        return True

    _, reported = typed(values, {"type": "string", "calendarDate": True})
    assert reported.get(reserves.Kind.TYPE, set()) == {row for row, text in enumerate(values) if text and not real(text)}


keys = st.lists(st.sampled_from(["a", "é", "e\u0301", " ", "\u00a0", "ß", "ﬁ", "-"]), max_size=5).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(keys, min_size=1, max_size=20))
def test_a_key_is_refused_exactly_when_python_finds_it_spaced_or_not_nfc(values):
    import unicodedata

    _, reported = typed(values, {"type": "string"}, key=True)
    odd = {row for row, text in enumerate(values) if text != text.strip() or unicodedata.normalize("NFC", text) != text}
    assert reported.get(reserves.Kind.UNICODE, set()) == odd


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=30))
def test_blanks_become_missing_and_other_texts_stay_as_written(values):
    column, _ = typed(values, {"type": "string"})
    assert [None if pd.isna(v) else v for v in column] == [v if v else None for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab-1", max_size=4), min_size=1, max_size=30), st.booleans())
def test_a_pattern_is_matched_the_same_on_distinct_values_and_on_rows(values, encode_first):
    import re

    column = checks.column_of(table_of({"v": values}), "v")
    if encode_first:
        column.encoded()
    assert column.matches("^(?:[a-z]+(-[a-z]+)*)$").tolist() == [bool(re.fullmatch("[a-z]+(-[a-z]+)*", v)) for v in values]


flag_rows = st.lists(st.tuples(st.sampled_from(["exact", "about", "more than", ""]), st.lists(st.integers(0, 69), max_size=4)),
                     min_size=1, max_size=25)


@settings(max_examples=100, deadline=None)
@given(flag_rows)
def test_each_rows_flags_and_caveat_are_those_of_its_rules_and_doubts(rows):
    from reserves._contract import flags as flagging

    names = [f"f{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(70)]
    flags = pd.DataFrame({"flag": ["about"] + names, "when": ["qualifier=about"] + [None] * 70,
                          "caveat": ["about ({qualifier})"] + [f"doubt {n}" for n in names]})
    frame = pd.DataFrame({"qualifier": [q or None for q, _ in rows], "doubts": [";".join(names[i] for i in d) or None for _, d in rows]})
    result = flagging.annotate(frame, flags)
    for (qualifier, doubts), codes, caveat in zip(rows, result["flag_codes"], result["caveat"]):
        expected = (["about"] if qualifier == "about" else []) + [names[i] for i in sorted(set(doubts))]
        assert codes == ";".join(expected)
        clauses = [f"about ({qualifier})" if code == "about" else f"doubt {code}" for code in expected]
        assert caveat == (("; ".join(clauses)[0].upper() + "; ".join(clauses)[1:] + ".") if clauses else "")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=15))
def test_a_cycle_of_part_of_is_found_exactly_where_a_walk_returns(parents):
    from reserves._tables.table import _acyclic

    ids = [f"c{i}" for i in range(len(parents))]
    frame = pd.DataFrame({"count_id": ids, "part_of": [ids[p] if p < len(ids) else None for p in parents]})
    table = table_of({"count_id": ids, "part_of": [ids[p] if p < len(ids) else "" for p in parents]})
    problems = Problems()
    _acyclic(table, frame, "part_of", "count_id", problems)

    def in_cycle(start):
        node, seen = start, set()
        while node is not None and node not in seen:
            seen.add(node)
            parent = parents[node]
            node = parent if parent < len(ids) else None
            if node == start:
                return True
        return False

    assert len(problems) == sum(in_cycle(i) for i in range(len(ids)))


word = st.sampled_from(["tons", "of", "ore", "two", "C1", "m3", ",", "thousand"])
# a word before each number: numbers that stand side by side are digit groups of one ('10 957')
number_or_word = st.one_of(word, st.tuples(word, st.integers(0, 10**7)).map(lambda pair: f"{pair[0]} {pair[1]}"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(number_or_word, max_size=8), st.integers(0, 10**7)), min_size=1, max_size=8))
def test_a_value_is_found_in_its_quote_exactly_when_python_splits_it_out(rows):
    """Quotes with and without digits, in any order (the last without any): each value is found exactly when the
    quote, split on spaces, holds it as a number, and the words around a found number are the quote's own."""
    from reserves._contract import quotes

    words = pd.DataFrame({"word": ["thousand"], "value": [1000.0], "kind": ["scale"]})
    texts = [" ".join(tokens) for tokens, _ in rows]
    values = np.array([float(value) for _, value in rows])
    located = quotes.locate(pa.array(texts, pa.large_string()), values, words)
    for row, text in enumerate(texts):
        tokens, value = text.split(), rows[row][1]
        scaled = [float(t) * 1000 for t, nxt in zip(tokens, tokens[1:] + [""]) if t.isdigit() and nxt == "thousand"]
        assert located.found[row] == (str(value) in tokens or value in scaled), (text, value)
        if str(value) in tokens:  # the words around it, of the quote as read ('C1' as 'C_': no figure's number)
            read = quotes.normalised(pa.array([text]))[0].as_py()
            assert located.before[row].as_py() + str(value) + located.after[row].as_py() in read


def located_rows(located) -> list[tuple]:
    verbs = located.governed(r"contain")
    return [(bool(f), b.as_py(), a.as_py(), bool(g)) for f, b, a, g in zip(located.found, located.before, located.after, verbs)]


quote_text = st.lists(st.one_of(st.sampled_from(["tons", "of", "ore", "copper", "containing", "and", ",", ";", "C1", "10 957", "2,169", "13.6"]),
                                st.integers(0, 10**6).map(str)), max_size=8).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(quote_text, st.one_of(st.none(), st.sampled_from([0.0, 2169.0, 13.6, 10957.0, 957.0, 1.0]))),
                min_size=1, max_size=12))
def test_locating_some_rows_or_halves_agrees_with_locating_each_row_alone(rows):
    """Rows without a value (NaN), or a file read in two halves side by side, give each row what it gets alone."""
    from reserves._contract import quotes

    words = pd.DataFrame({"word": ["thousand"], "value": [1000.0], "kind": ["scale"]})
    texts = [text for text, _ in rows]
    values = np.array([np.nan if value is None else value for _, value in rows])
    alone = [located_rows(quotes.locate(pa.array([text], pa.large_string()), values[[row]], words))[0]
             for row, text in enumerate(texts)]
    whole = quotes.locate(pa.array(texts, pa.large_string()), values, words)
    saved, quotes.SIDE_BY_SIDE = quotes.SIDE_BY_SIDE, 1
    try:
        halves = quotes.locate(pa.array(texts, pa.large_string()), values, words)
        basis_by_halves = stated(quotes, halves)
    finally:
        quotes.SIDE_BY_SIDE = saved
    assert located_rows(whole) == alone and located_rows(halves) == alone
    assert stated(quotes, whole) == basis_by_halves == [stated(quotes, quotes.locate(pa.array([text], pa.large_string()),
                                                                                      values[[row]], words))[0]
                                                        for row, text in enumerate(texts)]


def stated(quotes, located) -> list[tuple]:
    """The basis each row's words state, with why, for copper figures, by the shipped bases."""
    from conftest import checked

    commodity = np.array(["copper"] * len(located.found), dtype=object)
    basis, why = quotes.stated_basis(located, located.after, checked("bases").frame, commodity,
                                     checked("commodities").frame.set_index("commodity"))
    return list(zip(basis.tolist(), why.tolist()))
