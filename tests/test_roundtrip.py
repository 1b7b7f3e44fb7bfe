"""Reading then writing is lossless: the shipped CSVs byte for byte, generated rows value for value."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reserves
from conftest import checked, shipped_text
from reserves._contract import descriptor as contract
from reserves._reading.characters import INVISIBLE
from reserves._tables import loaders as _loaders

LOADERS = _loaders.LOADERS  # every public loader


@pytest.mark.parametrize("name", LOADERS)
def test_shipped_csv_round_trips_byte_for_byte(tmp_path, name):
    out = tmp_path / f"{name}.csv"
    reserves.write_csv(LOADERS[name](), out)
    assert out.read_text(encoding="utf-8") == shipped_text(name)


# Awkward text: quotes, commas, line breaks, non-Latin letters, spaces at either end.
awkward = st.text(alphabet=st.sampled_from(list('ab ,;"\n\'Əəıüç Дрмбон Դրմբոն 金#=$')) | st.characters(
    blacklist_categories=("Cs", "Cc")).filter(lambda c: not INVISIBLE.match(c)), min_size=1, max_size=40)
numbers = st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False).map(lambda d: float(d))
QUALIFIERS = checked("qualifiers").frame.set_index("qualifier")["upper"].astype(object)  # data/qualifiers.csv
RANGES = set(QUALIFIERS.index[QUALIFIERS == "value_high"])  # qualifiers whose high end is value_high
UNITS = checked("units").frame["unit_reported"].tolist()
COMMODITIES = checked("commodities").frame["commodity"].tolist()
MEASURES = checked("measures").frame["measure"].tolist()
WORDS = checked("bases").frame.set_index("basis")["words"].str.split(";")  # a basis with words is stated by the quote
CLASSES = [("", ""), ("none stated", "proved industrial")] + list(
    checked("classes").frame[["scheme", "class"]].astype(str).itertuples(index=False, name=None))
AS_OF = contract.constraints(next(f for f in contract.fields("reserves") if f["name"] == "as_of_qualifier"))["enum"]
PLACES = [("demirli-kashen", ""), ("", "kalbajar")]  # a figure about a deposit, or about a territory
dates = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}") | st.integers(1000, 9999).map(str) | st.just("2020-10")


def text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


@st.composite
def figure(draw, i: int) -> list[str]:
    """One row of reserves.csv, in its column order, that every rule accepts."""
    deposit, territory = draw(st.sampled_from(PLACES))
    value, qualifier = draw(numbers), draw(st.sampled_from(QUALIFIERS.index.tolist()))
    high = text(value + draw(numbers)) if qualifier in RANGES else ""
    basis = draw(st.sampled_from(WORDS.index.tolist()))
    words = WORDS[basis] if isinstance(WORDS[basis], list) else []
    quote = draw(awkward) + (" " + draw(st.sampled_from(words)) if words else "")  # the quote states the basis
    scheme, resource_class = draw(st.sampled_from(CLASSES))
    as_of = draw(st.just(("", "")) | st.tuples(dates, st.sampled_from(AS_OF)))
    cells = {
        "figure_id": f"f{i}", "deposit_id": deposit, "territory_id": territory, "part": draw(awkward | st.just("")),
        "commodity": draw(st.sampled_from(COMMODITIES)), "measure": draw(st.sampled_from(MEASURES)), "value": text(value),
        "value_high": high, "unit_reported": draw(st.sampled_from(UNITS)), "basis": basis, "scheme": scheme,
        "resource_class": resource_class, "qualifier": qualifier, "as_of": as_of[0], "as_of_qualifier": as_of[1],
        "estimate_id": draw(st.sampled_from(["", "e-1"])), "slip_unit": draw(st.just("") | st.sampled_from(UNITS)),
        "source_id": "jamnews-2022-12-13", "claimant": draw(awkward), "quote": quote, "doubts": "secondary",
        "note": draw(awkward | st.just("")),
    }
    assert list(cells) == contract.field_names("reserves")
    return list(cells.values())


rows = st.integers(1, 8).flatmap(lambda n: st.tuples(*(figure(i) for i in range(n))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_generated_rows_round_trip(tmp_path, generated):
    path, again = tmp_path / "reserves.csv", tmp_path / "again" / "reserves.csv"
    again.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows([contract.field_names("reserves")] + list(generated))
    first = reserves.load_reserves(path)
    reserves.write_csv(first, again)
    assert again.read_bytes() == path.read_bytes()
    assert reserves.load_reserves(again).equals(first)
    assert first["claimant"].tolist() == [row[contract.field_names("reserves").index("claimant")] for row in generated]
