"""Hostile input: every file that is not what it seems gets a ReservesDataError naming file, line, column, value
and the fix; never a raw exception, a hang, or a silent change. Input that is odd but exact loads unchanged."""

import copy

import pytest

import reserves
from conftest import checked, figure_line, line_of, shipped_text
from reserves import Kind
from reserves._contract import descriptor as contract
from reserves._tables import table as tables


def replace(old, new):
    def change(text):
        assert old in text, old
        return text.replace(old, new, 1)
    return change


def on_line(n: int, change):
    """Apply ``change`` to line ``n`` only."""
    return lambda text: "".join(change(line) if i == n else line for i, line in enumerate(text.splitlines(True), 1))


def ascii_lines(text: str) -> str:
    """The lines of ``text`` that are ASCII: a file that could be Windows-1252 text once a byte of it is."""
    return "".join(line for line in text.splitlines(True) if line.isascii())


def load(table: str):
    return {"reserves": reserves.load_reserves, "counts": reserves.load_counts}.get(table, lambda path: checked(table, path.parent))


def write(variant, table, change):
    """The variant's path; ``change`` gives the new text, or the file's bytes."""
    result = change(shipped_text(table))
    return variant(table, data=result) if isinstance(result, bytes) else variant(table, lambda _: result)


LAST = len(shipped_text("reserves").splitlines()) + 1  # a line appended below without its line break
CR_LINE = 3  # the line that ends with a lone CR
UNITS_TONS, FLAGS_APPROXIMATE = line_of("units", "tons,mass,t,1,assumed"), line_of("flags", "approximate,")
NGO_GOLD, ALIYEV_TOTAL = line_of("counts", "ngo-gold,"), line_of("counts", "aliyev-total,")
COPPER = line_of("reserves", ",47.9,")
GOLD_NGO, MINE_LIFE = line_of("reserves", "gyzylbulag-gold-ngo,"), line_of("reserves", ",2,2.5,")
COALITION = line_of("reserves", "NGO Coalition")
UNTIL_1993, C1_C2, P1 = line_of("reserves", ",1993,,until,"), line_of("reserves", ",GKZ,C1+C2,"), line_of("reserves", ",GKZ,P1,")
KG, YEARS = line_of("units", "kg,mass,t,0.001,"), line_of("units", "years,duration,y,1,")
WORLD_GOLD = line_of("context", "gold-world-2021,")
CHAIN = 50_000  # counts, each part of the next; the last two part of each other


def chain(text: str) -> str:
    rows = (f"c{i},s,,gold,deposits,1,,exact,,,,c{i + 1 if i + 1 < CHAIN else CHAIN - 2},jamnews-2022-12-13,,,1 deposit,,\n"
            for i in range(CHAIN))
    return text.splitlines(True)[0] + "".join(rows)


# (case, table, change to the shipped text (or to bytes), kind, line, column, words of the message, the fix included)
CASES = [
    # encodings and dialects
    ("UTF-16 with BOM", "reserves", lambda t: t.encode("utf-16"), Kind.ENCODING, 1, "(file)", ["UTF-16", "save it as 'CSV UTF-8'"]),
    ("UTF-16 without BOM", "reserves", lambda t: t.encode("utf-16-le"), Kind.ENCODING, 1, "(file)", ["NUL bytes", "'CSV UTF-8'"]),
    ("cp1252 byte", "reserves", lambda t: ascii_lines(t).encode().replace(b"(NGO)", b"(caf\xe9 NGO)", 1), Kind.ENCODING, 2, "claimant",
     ["byte b'\\xe9' is not UTF-8", "Windows-1252", "save the file as UTF-8"]),
    ("cp1252 byte in the header", "reserves", lambda t: t.encode().replace(b"note", b"n\xf6te", 1), Kind.ENCODING, 1, "(header)",
     ["byte b'\\xf6' is not UTF-8", "save the file as UTF-8"]),
    ("NUL byte in a field", "reserves", replace("(NGO)", "(N\0GO)"), Kind.CONTROL_CHARACTER, 2, "claimant", ["U+0000", "delete it"]),
    ("NUL byte in the header", "reserves", replace("deposit_id", "deposit\0_id"), Kind.CONTROL_CHARACTER, 1, "deposit_id",
     ["U+0000", "in a column name: delete it"]),
    ("lone CR line endings", "reserves", lambda t: t.replace("\n", "\r"), Kind.LINE_ENDING, 1, "(file)",
     ["lone carriage return", "re-save the file with LF or CRLF line endings"]),
    ("one lone CR", "reserves", on_line(CR_LINE, lambda line: line.replace("\n", "\r")), Kind.LINE_ENDING, CR_LINE, "note",
     ["lone carriage return", "re-save the file with LF or CRLF"]),
    ("semicolons", "reserves", lambda t: t.replace(",", ";"), Kind.DIALECT, 1, "(header)",
     ["separated by a semicolon", "re-save the file as CSV with commas", "CSV UTF-8 (comma delimited)"]),
    ("tabs", "reserves", lambda t: t.replace(",", "\t"), Kind.DIALECT, 1, "(header)", ["separated by a tab", "with commas"]),
    # text
    ("zero width space", "reserves", replace("(NGO)", "(N\u200bGO)"), Kind.CONTROL_CHARACTER, 2, "claimant",
     ["U+200B ZERO WIDTH SPACE", "delete it, or write what it stands for"]),
    ("right-to-left override", "reserves", replace(",47.9,", ",4\u202e7.9,"), Kind.CONTROL_CHARACTER, COPPER, "value",
     ["U+202E RIGHT-TO-LEFT OVERRIDE", "delete it"]),
    ("left-to-right isolate", "reserves", replace("are 13.6 units", "are \u206613.6 units"), Kind.CONTROL_CHARACTER, 2, "quote",
     ["U+2066 LEFT-TO-RIGHT ISOLATE", "delete it"]),
    ("BOM mid-file", "reserves", on_line(5, lambda line: "\ufeff" + line), Kind.CONTROL_CHARACTER, 5, "figure_id",
     ["U+FEFF ZERO WIDTH NO-BREAK SPACE", "delete it"]),
    ("soft hyphen", "reserves", on_line(COALITION, lambda line: line.replace("Coalition", "Coali\u00adtion")), Kind.CONTROL_CHARACTER, COALITION,
     "claimant", ["U+00AD SOFT HYPHEN", "delete it"]),
    ("tag characters", "reserves", replace("(NGO)", "(NGO\U000e0041)"), Kind.CONTROL_CHARACTER, 2, "claimant", ["U+E0041 TAG"]),
    ("zero width space in the header", "reserves", replace("deposit_id", "deposit\u200b_id"), Kind.CONTROL_CHARACTER, 1,
     "deposit_id", ["U+200B ZERO WIDTH SPACE in a column name: delete it"]),
    ("stray quote", "reserves", replace("(NGO)", '(N"GO)'), Kind.QUOTE, 2, "claimant",
     ["a quote inside a field that does not start with one", 'double the quote inside ("" for ")']),
    ("text after a closing quote", "reserves", replace("Exploration Agency\",", "Exploration Agency\"x,"), Kind.QUOTE,
     line_of("reserves", "demirli-copper-aliyev"), "claimant", ["text after the closing quote", "put the whole field inside the quotes"]),
    ("stray quote on a last line without line break", "reserves", lambda t: t + figure_line(figure_id="x", claimant='Anglo "Asian').rstrip("\n"),
     Kind.QUOTE, LAST, "claimant", ["a quote inside a field"]),
    ("bad cell on a last line without line break", "reserves", lambda t: t + figure_line(figure_id="x", unit_reported="million tonnez").rstrip("\n"),
     Kind.FOREIGN_KEY, LAST, "unit_reported", ["'million tonnez' is not a unit_reported of units.csv", "did you mean 'million tonnes'?"]),
    ("200,000 extra columns", "reserves", replace(",note\n", ",note" + "".join(f",c{i}" for i in range(200_000)) + "\n"), Kind.HEADER,
     1, "(header)", ["200000 unknown columns ('c0', 'c1', 'c2', 'c3', 'c4', ...)", "Remove them; the columns are: figure_id,"]),
    ("200,000 empty header cells", "reserves", replace(",note\n", ",note" + "," * 200_000 + "\n"), Kind.HEADER, 1, "(header)",
     ["200000 columns have no name", "delete them"]),
    # numbers
    ("underflow", "reserves", replace(",47.9,", ",1e-400,"), Kind.RANGE, COPPER, "value", ["too small for a double", "in a larger unit"]),
    ("overflow", "reserves", replace(",47.9,", ",1e999,"), Kind.RANGE, COPPER, "value", ["beyond the largest number a double holds"]),
    ("overflow in tonnes", "reserves",
     on_line(COPPER, lambda line: line.replace(",47.9,", ",1e303,").replace(",secondary,", ",secondary;value_derived,")),
     Kind.RANGE, COPPER, "value",  # 1e303 million t = 1e309 t
     ["in its unit's terms ('million tons')", "beyond the largest number a double holds", "check the value and its unit"]),
    ("more digits than a double", "reserves", replace(",47.9,", ",0.12345678901234567890,"), Kind.PRECISION, COPPER, "value",
     ["stored as 0.12345678901234568", "write at most 15 significant digits and keep the full figure in note"]),
    ("count above 2**53", "counts", replace(",150,", ",9007199254740993,"), Kind.RANGE, 2, "number", ["above 2**53", "check the figure"]),
    ("20-digit count", "counts", replace(",150,", ",12345678901234567890,"), Kind.RANGE, 2, "number", ["above 2**53"]),
    ("count padded beyond 16 digits", "counts", replace(",150,", ",00000000000000150,"), Kind.TYPE, 2, "number", ["padded", "write 150"]),
    ("Arabic-Indic value", "reserves", replace(",47.9,", ",١٣٫٦,"), Kind.TYPE, COPPER, "value",
     ["digits of another script", "write ASCII digits: 13.6"]),
    ("Arabic-Indic count", "counts", replace(",150,", ",١٥٠,"), Kind.TYPE, 2, "number", ["digits of another script", "write ASCII digits: 150"]),
    # reference tables
    ("unknown unit with a factor", "units", replace("\nunits,unknown,unknown,,unknown", "\nunits,unknown,unknown,5,unknown"), Kind.VOCABULARY,
     line_of("units", "\nunits,unknown"[1:]), "factor", ["status 'unknown' has no factor", "blank factor"]),
    ("stated unit without a factor", "units", replace("tons,mass,t,1,assumed", "tons,mass,t,,stated"), Kind.VOCABULARY, UNITS_TONS,
     "factor", ["needs its exact factor to t", "fill in factor"]),
    ("unit not the canonical unit of its dimension", "units", replace("kg,mass,t,0.001,", "kg,mass,m3,0.001,"), Kind.VOCABULARY, KG,
     "unit", ["the mass units of units.csv convert to t", "give this one that unit and its factor to it"]),
    ("the only unit of a dimension, not its canonical unit", "units", replace("years,duration,y,1,", "years,duration,t,1,"),
     Kind.VOCABULARY, YEARS, "unit", ["the duration units of units.csv convert to y"]),
    ("assumed unit without read_as", "units", replace("tons,mass,t,1,assumed,metric tonnes,", "tons,mass,t,1,assumed,,"), Kind.VOCABULARY,
     UNITS_TONS, "read_as", ["an assumed unit needs read_as", "for its caveat: fill it in"]),
    ("reading of a missing unit", "units", replace(";short tons;long tons", ";short tons;stone"), Kind.VOCABULARY, UNITS_TONS,
     "readings", ["names 'stone'", "add it there first"]),
    ("rule on no column", "flags", replace("qualifier=about", "qualifer=about"), Kind.VOCABULARY, FLAGS_APPROXIMATE, "when",
     ["'qualifer', a column of no table with doubts", "correct flags.csv"]),
    ("rule on a value not in the vocabulary", "flags", replace("qualifier=about", "qualifier=circa"), Kind.VOCABULARY, FLAGS_APPROXIMATE,
     "when", ["'qualifier' never takes 'circa'", "its values are exact, more than", "(the qualifiers of qualifiers.csv)", "correct flags.csv"]),
    ("rule on a value not in the enum", "flags", replace("unit_status=assumed", "unit_status=guessed"), Kind.VOCABULARY,
     line_of("flags", "unit_status=assumed"), "when", ["'unit_status' never takes 'guessed'", "its values are stated, assumed, unknown"]),
    ("rule on what the flags make", "flags", replace("qualifier=about", "ambiguous=True"), Kind.VOCABULARY, FLAGS_APPROXIMATE, "when",
     ["'ambiguous', which the flags themselves make"]),
    ("rule on a derived number", "flags", replace("qualifier=about", "value_t=13.7"), Kind.VOCABULARY, FLAGS_APPROXIMATE, "when",
     ["'value_t', a number the loader computes"]),
    ("caveat naming no column", "flags", replace("approximate ('{qualifier}')", "approximate ('{nonexistent}')"), Kind.VOCABULARY,
     FLAGS_APPROXIMATE, "caveat", ["'nonexistent', a column of no table with doubts", "correct flags.csv"]),
    ("caveat with a stray brace", "flags", replace("approximate ('{qualifier}')", "approximate ('{qualifier')"), Kind.VOCABULARY,
     FLAGS_APPROXIMATE, "caveat", ["not a template", "write a column name in braces, {commodity}, and no other brace"]),
    ("caveat with a conversion", "flags", replace("approximate ('{qualifier}')", "approximate ({qualifier!r})"), Kind.VOCABULARY,
     FLAGS_APPROXIMATE, "caveat", ["{qualifier!r} is not a column name in braces"]),
    ("derived caveat naming a column its table lacks", "flags", replace("approximate ('{qualifier}')", "approximate ({unit_reported})"),
     Kind.VOCABULARY, FLAGS_APPROXIMATE, "caveat", ["applies to counts.csv, which has no column unit_reported"]),
    ("doubt whose caveat names a column the table lacks", "context", on_line(WORLD_GOLD, replace(",secondary,", ",scope_differs,")),
     Kind.FLAG, WORLD_GOLD, "doubts", ["'scope_differs' does not apply to context.csv", "names scope", "remove it from doubts"]),
    ("two deposits of one name", "deposits", lambda t: t + "mehman-2,Mehman,,,,\n", Kind.UNIQUE, len(shipped_text("deposits").splitlines()) + 1,
     "name", [f"duplicate name 'Mehman': also on line {line_of('deposits', 'mehman,Mehman,')}", "give each row its own name"]),
    ("February 30", "sources", replace(",2022-12-13,", ",2022-02-30,"), Kind.TYPE, 2, "date", ["not a date of the calendar", "write a real date"]),
    ("month 13", "sources", replace(",2022-12-13,", ",2022-13,"), Kind.TYPE, 2, "date", ["'2022-13' is not a date of the calendar"]),
    ("total part of itself", "counts", on_line(NGO_GOLD, lambda line: line.replace(",ngo-total,", ",ngo-gold,")), Kind.FOREIGN_KEY,
     NGO_GOLD, "part_of", ["'ngo-gold' names itself", "blank part_of, or name its total"]),
    ("totals part of each other", "counts",
     replace("various minerals,deposits,150,,more than,,,,,", "various minerals,deposits,150,,more than,,,,ngo-gold,"),
     Kind.FOREIGN_KEY, 2, "part_of", ["part of a cycle of part_of", "correct part_of"]),
    ("total without an id", "counts", on_line(NGO_GOLD, lambda line: line.replace("ngo-gold,", ",")), Kind.REQUIRED, NGO_GOLD,
     "count_id", ["blank, but this column is required: fill it in"]),
    ("a chain of 50,000 totals ending in a cycle", "counts", chain, Kind.FOREIGN_KEY, CHAIN, "part_of",  # walked in linear time
     [f"'c{CHAIN - 2}' is part of a cycle of part_of"]),
    # rules tying a figure's columns to each other and to the vocabularies
    ("figure about a deposit and a territory", "reserves", on_line(GOLD_NGO, replace(",gyzylbulag-drmbon,,", ",gyzylbulag-drmbon,kalbajar,")),
     Kind.RULE, GOLD_NGO, "deposit_id", ["fill exactly one of deposit_id and territory_id"]),
    ("figure about neither a deposit nor a territory", "reserves", on_line(GOLD_NGO, replace(",gyzylbulag-drmbon,,", ",,,")),
     Kind.RULE, GOLD_NGO, "deposit_id", ["fill exactly one of deposit_id and territory_id"]),
    ("range without its high end", "reserves", on_line(COPPER, replace(",exact,", ",between,")), Kind.RULE, COPPER, "value_high",
     ["'between' is a range: give its high end in value_high"]),
    ("high end of no range", "reserves", replace(",47.9,,", ",47.9,13.6,"), Kind.RULE, COPPER, "value_high",
     ["value_high is the high end of a range: blank it"]),
    ("high end below the value", "reserves", on_line(MINE_LIFE, replace(",2,2.5,", ",2.5,2,")), Kind.RULE, MINE_LIFE, "value_high",
     ["the high end is below value: swap them"]),
    ("as_of without as_of_qualifier", "reserves", replace(",1993,,until,", ",1993,,,"), Kind.RULE, UNTIL_1993, "as_of_qualifier",
     ["as_of and as_of_qualifier go together"]),
    ("as_of_qualifier without as_of", "reserves", on_line(COPPER, replace(",exact,,,,", ",exact,,,as of,")), Kind.RULE, COPPER,
     "as_of_qualifier", ["as_of and as_of_qualifier go together"]),
    ("contained metal the quote does not state", "reserves", replace(",47.9,,million tons,unknown,", ",47.9,,million tons,contained metal,"),
     Kind.RULE, COPPER, "basis", ["the quote does not state 'contained metal'", "write basis unknown"]),
    ("ore the quote does not state", "reserves", replace(",47.9,,million tons,unknown,", ",47.9,,million tons,ore,"),
     Kind.RULE, COPPER, "basis", ["the quote does not state 'ore' around the figure", "after it: 'million tons of copper'", "write basis unknown"]),
    ("a class its scheme lacks", "reserves", replace(",GKZ,P1,", ",GKZ,C3,"), Kind.RULE, P1, "resource_class",
     ["'C3' is not a class of GKZ in classes.csv", "or write scheme 'none stated'"]),
    ("a sum of classes, one its scheme lacks", "reserves", replace(",GKZ,C1+C2,", ",GKZ,C1+C3,"), Kind.RULE, C1_C2, "resource_class",
     ["'C3' is not a class of GKZ"]),
    ("a class of another scheme", "reserves", replace(",GKZ,P1,", ",JORC,P1,"), Kind.RULE, P1, "resource_class",
     ["'P1' is not a class of JORC"]),
    ("a class without its scheme", "reserves", replace(",none stated,industrial,", ",,industrial,"), Kind.RULE, GOLD_NGO, "scheme",
     ["a resource_class needs its scheme", "or 'none stated'"]),
    ("count range without its high end", "counts", replace(",150,,more than,", ",150,,between,"), Kind.RULE, 2, "number_high",
     ["'between' is a range: give its high end in number_high"]),
    ("count as_of without as_of_qualifier", "counts", replace(",1993,,as of,", ",1993,,,"), Kind.RULE, line_of("counts", ",1993,,as of,"),
     "as_of_qualifier", ["as_of and as_of_qualifier go together"]),
    ("citation of the claim's own source", "citations", replace("gyzylbulag-gold-ngo,turan-2022-12-12", "gyzylbulag-gold-ngo,jamnews-2022-12-13"),
     Kind.RULE, 2, "source_id", ["the claim's own source in reserves.csv", "delete the row"]),
]


@pytest.mark.parametrize("case, table, change, kind, line, column, words", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_where_it_is(variant, case, table, change, kind, line, column, words):
    path = write(variant, table, change)
    with pytest.raises(reserves.ReservesDataError) as caught:
        load(table)(path)
    error = caught.value
    assert any(p.file == str(path) and p.kind == kind and p.line == line and p.column == column
               and all(w in p.message for w in words) for p in error.problems), str(error)
    assert {(p.kind, p.column) for p in error.problems} == {(kind, column)}, str(error)  # no echo of the problem elsewhere
    assert len(str(error).splitlines()) < 30


BIG = "x" * (20 << 20)
# (case, table, change, check of the loaded frame): odd but exact input loads, unchanged
LOADS = [
    ("20 MB note", "reserves", replace("The article says experts", BIG + "The article says experts"),
     lambda f: f["note"].iloc[0].startswith(BIG + "The article") and f["note"].iloc[0].endswith("confirmed the figures.")),
    ("shortest repr of a double", "reserves", lambda t: t.replace("47.9", "0.30000000000000004"),
     lambda f: f["value"].iloc[COPPER - 2] == 0.30000000000000004),
    ("count with a plus sign", "counts", replace(",150,", ",+150,"), lambda f: f["number"].iloc[0] == 150),
    ("parts exceeding an exact total", "counts", on_line(ALIYEV_TOTAL, lambda line: line.replace(",167,", ",160,").replace("are 167", "are 160")),
     lambda f: (f["parts_sum"].iloc[ALIYEV_TOTAL - 2], f["parts_check"].iloc[ALIYEV_TOTAL - 2]) == (166, "exceeds")
     and "parts_mismatch" in f["flag_codes"].iloc[ALIYEV_TOTAL - 2].split(";")),
    ("a doubt written twice", "reserves", replace("secondary;wording_drifts;conflicting", "secondary;secondary"),
     lambda f: f["flag_codes"].iloc[0] == "unit_unknown;basis_unknown;secondary" and f["caveat"].iloc[0].count("second-hand") == 1),
]


@pytest.mark.parametrize("case, table, change, check", LOADS, ids=[c[0] for c in LOADS])
def test_odd_but_exact_input_loads(variant, case, table, change, check):
    assert check(load(table)(write(variant, table, change)))


def reserves_in(descriptor: dict) -> dict:
    return next(res for res in descriptor["resources"] if res["name"] == "reserves")


def value_in(descriptor: dict) -> dict:
    return next(field for field in reserves_in(descriptor)["schema"]["fields"] if field["name"] == "value")


@pytest.mark.parametrize("change, where, words", [
    (lambda d: value_in(d)["constraints"].update(exclusiveMinimum=0), "reserves.value",
     "constraints exclusiveMinimum of reserves.value is not enforced by the loader: implement it"),
    (lambda d: value_in(d).update(decimalChar=","), "reserves.value", "property decimalChar of reserves.value is not read"),
    (lambda d: reserves_in(d)["schema"].update(missingValues=["NA"]), "reserves schema", "property missingValues"),
    (lambda d: reserves_in(d).update(encoding="latin-1"), "reserves", "reads UTF-8 only; save the file as UTF-8"),
])
def test_the_contract_refuses_what_the_loader_does_not_implement(change, where, words):
    descriptor = copy.deepcopy(contract.descriptor())
    change(descriptor)
    with pytest.raises(reserves.ReservesDataError) as caught:
        contract._refuse_unimplemented(descriptor, "datapackage.json")
    [problem] = caught.value.problems
    assert (problem.kind, problem.file, problem.column) == (Kind.CONTRACT, "datapackage.json", where) and words in problem.message


def test_columns_checked_in_threads_report_every_bad_cell_at_its_line(variant):
    """Above PARALLEL rows, columns are checked side by side and share the file's one scan of line breaks."""
    rows = 60_000
    assert rows > tables.PARALLEL
    header = shipped_text("reserves").splitlines()[0]
    template = figure_line(figure_id="f{i}", value="{value}", qualifier="{qualifier}", quote="{quote}")
    lines, expected = [header + "\n"], set()
    for i in range(rows):
        line = 2 + i + (i > 5)  # the quote of row 5 holds a line break
        value, qualifier = ("-1", "exact") if i % 7000 == 3000 else ("1", "exactly") if i % 9000 == 4500 else ("1", "exact")
        expected |= {(line, "value")} if value == "-1" else {(line, "qualifier")} if qualifier == "exactly" else set()
        lines.append(template.format(i=i, value=value, qualifier=qualifier, quote='"two\nlines"' if i == 5 else "q"))
    variant("citations", lambda text: text.splitlines(keepends=True)[0])
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(variant("reserves", lambda _: "".join(lines)))
    shown = {(p.line, p.column) for p in caught.value.problems}
    assert shown == expected and {c for _, c in shown} == {"value", "qualifier"}, str(caught.value)
