"""Reading then writing is lossless: the shipped CSVs byte for byte, generated rows value for value."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reserves
from reserves import _contract as contract
from reserves._csvfile import INVISIBLE
from conftest import shipped_text

LOADERS = {"reserves": reserves.load_reserves, "counts": reserves.load_counts, "deposits": reserves.load_deposits,
           "sources": reserves.load_sources, "companies": reserves.load_companies, "context": reserves.load_context}


@pytest.mark.parametrize("name", LOADERS)
def test_shipped_csv_round_trips_byte_for_byte(tmp_path, name):
    out = tmp_path / f"{name}.csv"
    reserves.write_csv(LOADERS[name](), out)
    assert out.read_text(encoding="utf-8") == shipped_text(name)


# Awkward text: quotes, commas, line breaks, non-Latin letters, spaces at either end.
awkward = st.text(alphabet=st.sampled_from(list('ab ,;"\n\'Əəıüç Дрмбон Դրմբոն 金#=$')) | st.characters(
    blacklist_categories=("Cs", "Cc")).filter(lambda c: not INVISIBLE.match(c)), min_size=1, max_size=40)
numbers = st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False).map(lambda d: float(d))
QUALIFIERS = contract.constraints(contract.fields("reserves")[7])["enum"]


def row(i, values):
    value, commodity, basis, qualifier, category, claimant, quote, note = values
    text = str(int(value)) if value == int(value) else repr(value)
    return [f"f{i}", "demirli-kashen", commodity, text, "million tons", basis, category, qualifier,
            "jamnews-2022-12-13", claimant, quote, "secondary", note]


rows = st.lists(st.tuples(numbers, st.sampled_from(["gold", "copper"]), st.sampled_from(["ore", "contained metal", "unknown"]),
                          st.sampled_from(QUALIFIERS), awkward | st.just(""), awkward, awkward, awkward | st.just("")),
                min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_generated_rows_round_trip(tmp_path, generated):
    path, again = tmp_path / "reserves.csv", tmp_path / "again" / "reserves.csv"
    again.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows([contract.field_names("reserves")] + [row(i, v) for i, v in enumerate(generated)])
    first = reserves.load_reserves(path)
    reserves.write_csv(first, again)
    assert again.read_bytes() == path.read_bytes()
    assert reserves.load_reserves(again).equals(first)
    assert first["claimant"].tolist() == [v[5] for v in generated]
