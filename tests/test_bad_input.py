"""Every kind of bad input gets a ReservesDataError naming file, line, column, value and the fix."""

import pytest

import reserves
from conftest import figure_line, line_of, shipped_text

HEADER = shipped_text("reserves").splitlines()[0]
FIRST = shipped_text("reserves").splitlines()[1]
APPENDED = len(shipped_text("reserves").splitlines()) + 1  # line of a row added at the end
UNTIL_1993 = line_of("reserves", ",1993,,until,")  # the first figure with an as_of date
DEMIRLI = line_of("reserves", ",demirli-kashen,")  # the first figure of Demirli: 100 million tons of copper


def replace(old, new, count=1):
    return lambda text: text.replace(old, new, count)


def append(line):
    return lambda text: text + line + "\n"


# (case, table, change to the shipped text, line, column, words of the message)
CASES = [
    ("missing column", "reserves", replace(",basis", ""), 1, "basis", "column 'basis' is missing"),
    ("extra column", "reserves", replace(",note", ",note,extra"), 1, "extra", "unknown column 'extra': remove it"),
    ("misspelled column", "reserves", replace(",value,", ",vaule,"), 1, "vaule", "did you mean 'value'?"),
    ("duplicated column", "reserves", replace(",note", ",note,note"), 1, "note", "appears 2 times"),
    ("columns out of order", "reserves", replace("commodity,measure", "measure,commodity"), 1, "(header)", "out of order"),
    ("unparseable number", "reserves", replace(",13.6,", ",13.6t,"), 2, "value", "'13.6t' is not a number"),
    ("negative number", "reserves", replace(",100,", ",-100,"), DEMIRLI, "value", "must not be negative"),
    ("decimal comma", "reserves", replace(",13.6,", ',"13,6",'), 2, "value", "write a decimal point (13.6)"),
    ("infinity", "reserves", replace(",47.9,", ",inf,"), 3, "value", "'inf' is not a finite number"),
    ("overflow to infinity", "reserves", replace(",47.9,", ",1e999,"), 3, "value", "'1e999' is beyond the largest number a double holds"),
    ("unit not in vocabulary", "reserves", replace(",units,", ",quintals,"), 2, "unit_reported", "'quintals' is not a unit_reported of units.csv"),
    ("slip unit not in vocabulary", "reserves", replace(",kg,medonline", ",kilos,medonline"), line_of("reserves", ",kg,medonline"), "slip_unit",
     "'kilos' is not a unit_reported of units.csv"),
    ("unknown deposit", "reserves", replace(",demirli-kashen,", ",atlantis,"), DEMIRLI, "deposit_id", "add it to deposits.csv first"),
    ("unknown source", "reserves", replace(",jamnews-2022-12-13,", ",jamnews-2022-12-14,"), 2, "source_id", "not a source_id of sources.csv"),
    ("scheme not in its vocabulary", "reserves", replace(",none stated,industrial,", ",Soviet,industrial,"), 2, "scheme",
     "'Soviet' is not a scheme of schemes.csv"),
    ("basis not in vocabulary", "reserves", replace(",unknown,none stated,", ",metal,none stated,"), 2, "basis",
     "'metal' is not a basis of bases.csv"),
    ("commodity not in vocabulary", "reserves", replace(",gold,reserve,13.6,", ",gold ore,reserve,13.6,"), 2, "commodity",
     "'gold ore' is not a commodity of commodities.csv"),
    ("measure not in vocabulary", "reserves", replace(",gold,reserve,13.6,", ",gold,reserves,13.6,"), 2, "measure",
     "'reserves' is not a measure of measures.csv"),
    ("qualifier not in vocabulary", "reserves", replace(",industrial,exact,", ",industrial,precisely,"), 2, "qualifier",
     "'precisely' is not a qualifier of qualifiers.csv"),
    ("unknown territory", "reserves", replace(",,kalbajar,,gold,", ",,atlantis,,gold,"), line_of("reserves", ",,kalbajar,,gold,"), "territory_id",
     "'atlantis' is not a territory_id of territories.csv"),
    ("duplicate row", "reserves", append(FIRST), APPENDED, "figure_id", "duplicate row: the same as line 2; delete one"),
    ("duplicate id", "reserves", append(FIRST.replace(",13.6,", ",13.7,")), APPENDED, "figure_id", "also on line 2; give each row its own figure_id"),
    ("blank required field", "reserves", replace(",exact,", ",,"), 2, "qualifier", "blank, but this column is required"),
    ("too few fields", "reserves", append("x,demirli-kashen,copper"), APPENDED, "(row)", "3 fields, expected 24: a field is missing"),
    ("too many fields", "reserves", replace(",industrial,", ",industrial,,"), 2, "(row)", "25 fields, expected 24"),
    ("unbalanced quote", "reserves", append(figure_line(figure_id="x", quote='"q').rstrip("\n")), APPENDED, "quote",
     f"quote opened on line {APPENDED} is never closed"),
    ("blank line", "reserves", replace("\n", "\n\n"), 2, "(row)", "blank line; delete it"),
    ("empty file", "reserves", lambda text: "", 1, "(file)", "the file is empty"),
    ("unknown flag", "reserves", replace(",secondary;wording", ",secundary;wording"), 2, "doubts", "unknown flag 'secundary'"),
    ("derived flag set by hand", "reserves", replace(",secondary;wording", ",secondary;basis_unknown;wording"), 2, "doubts",
     "derived from basis=unknown by the loader"),
    ("quote too long", "reserves", replace(",the reserves of", "," + "x" * 300 + "the reserves of"), 2, "quote", "at most 300 allowed"),
    ("as_of not a date", "reserves", replace(",1993,,until,", ",1993-14,,until,"), UNTIL_1993, "as_of", "'1993-14' is not a date of the calendar"),
    ("as_of_qualifier not in its vocabulary", "reserves", replace(",1993,,until,", ",1993,,till,"), UNTIL_1993, "as_of_qualifier",
     "'till' is not a qualifier of as_of_qualifiers.csv"),
    ("count not whole", "counts", replace(",150,", ",150.0,"), 2, "number", "'150.0' is not a whole number"),
    ("count with a doubled sign", "counts", replace(",150,", ",++150,"), 2, "number", "'++150' is not a whole number"),
    ("negative count", "counts", replace(",150,", ",-150,"), 2, "number", "must not be negative"),
    ("number_high not whole", "counts", replace(",150,,more than,", ",150,150.5,more than,"), 2, "number_high",
     "'150.5' is not a whole number"),
    ("count territory not in vocabulary", "counts", replace(",lachin,various minerals,deposits,40,", ",lacin,various minerals,deposits,40,"),
     line_of("counts", ",lachin,various minerals,deposits,40,"),
     "territory_id", "'lacin' is not a territory_id of territories.csv"),
    ("unknown total", "counts", replace(",ngo-total,", ",ngo-totals,"), 3, "part_of", "'ngo-totals' is not a count_id of counts.csv"),
]


@pytest.mark.parametrize("case, table, change, line, column, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_where_it_is(variant, case, table, change, line, column, words):
    path = variant(table, change)
    load = {"reserves": reserves.load_reserves, "counts": reserves.load_counts}[table]
    with pytest.raises(reserves.ReservesDataError) as caught:
        load(path)
    assert any(p.file == str(path) and p.line == line and p.column == column and words in p.message
               for p in caught.value.problems), str(caught.value)
    assert f"{path}:{line}: {column}: " in str(caught.value)


def test_bytes_that_are_not_utf8(variant):
    ascii_lines = "".join(line for line in shipped_text("reserves").splitlines(True) if line.isascii())
    path = variant("reserves", data=ascii_lines.encode().replace(b"(NGO)", b"(\xe9NGO)", 1))
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    assert str(caught.value).splitlines()[1] == (
        f"  {path}:2: claimant: byte b'\\xe9' is not UTF-8 text: the file looks like Windows-1252 (cp1252) or Latin-1; "
        "save the file as UTF-8 (in Excel: 'CSV UTF-8')")


def test_a_stray_byte_in_utf8_text_is_not_called_windows_1252(variant):
    path = variant("reserves", data=shipped_text("reserves").encode().replace(b"(NGO)", b"(\xe9NGO)", 1))
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(path)
    assert str(caught.value).splitlines()[1] == (
        f"  {path}:2: claimant: byte b'\\xe9' is not UTF-8 text; save the file as UTF-8 (in Excel: 'CSV UTF-8')")


def test_every_problem_is_listed_at_once(variant):
    change = lambda text: text.replace(",13.6,", ",x,", 1).replace(",units,", ",quintals,", 1).replace(",100,", ",-1,", 1)
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(variant("reserves", change))
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "value"), (2, "unit_reported"), (DEMIRLI, "value")]
    assert str(caught.value).startswith("3 problems in the reserves data:\n")


def test_line_numbers_count_line_breaks_inside_quotes(variant):
    def change(text):
        text = text.replace(",The article says", ',"The article says', 1).replace("the figures.", 'the\nfigures."', 1)
        return text.replace(",100,", ",-1,", 1)

    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(variant("reserves", change))
    assert [(p.line, p.column) for p in caught.value.problems] == [(DEMIRLI + 1, "value")]


def test_many_bad_cells_give_a_short_report(variant):
    rows = "".join(figure_line(figure_id=f"f{i}", value=f"-{i}") for i in range(1, 1001))
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(variant("reserves", lambda text: HEADER + "\n" + rows))
    message = str(caught.value)
    assert message.startswith("1000 problems in the reserves data:")
    assert len(message.splitlines()) < 30 and "1000 x range (value)" in message
    assert [p.line for p in caught.value.problems] == list(range(2, 22))


@pytest.mark.parametrize("prefix, newline", [(b"\xef\xbb\xbf", "\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\r\n")])
def test_bom_and_crlf_load_normally(variant, prefix, newline):
    path = variant("reserves", data=prefix + shipped_text("reserves").replace("\n", newline).encode())
    assert reserves.load_reserves(path).equals(reserves.load_reserves())


def test_references_resolve_in_the_files_folder(variant):
    variant("deposits", replace("demirli-kashen,Demirli (Kashen)", "demirli-kashen,Demirli"))
    figures = reserves.load_reserves(variant("reserves")).set_index("figure_id")
    assert figures.loc["demirli-copper-ngo", "deposit"] == "Demirli"


def test_citations_must_name_a_claim_of_the_reserves_beside_them(variant):
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(variant("reserves", lambda text: text.replace("demirli-copper-aliyev,", "demirli-copper-aliyev-2023,")))
    assert "citations.csv:5: figure_id: 'demirli-copper-aliyev' is not a figure_id of reserves.csv" in str(caught.value)


def test_missing_file_says_what_to_give(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no such folder or file; give the folder of your claims \(or its reserves.csv\)"):
        reserves.load_reserves(tmp_path / "nope.csv")


def test_the_domain_error_is_a_value_error():
    assert issubclass(reserves.ReservesDataError, ValueError)
