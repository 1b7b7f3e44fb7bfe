"""Every figure of the 2022-12-13 article is in the data, with its flags and a verbatim quote."""

import re

import pytest

import reserves
from conftest import SOURCES

ARTICLE = "jamnews-2022-12-13"
NUMBER_WORDS = {"one": 1, "two": 2, "five": 5, "six": 6}

# (deposit, commodity, value, unit as reported, flags)
RESERVES = [
    ("gyzylbulag-drmbon", "gold", 13.6, "units", "unit_unknown;basis_unknown;secondary;conflicting;wording_drifts"),
    ("gyzylbulag-drmbon", "copper", 47.9, "million tons", "unit_assumed;basis_unknown;secondary"),
    ("demirli-kashen", "copper", 100, "million tons", "unit_assumed;basis_unknown;secondary;estimate;conflicting;wording_drifts"),
]
# (commodity, count, qualifier, claimant starts with, flags); the coalition's scope is unclear (audit P6)
COUNTS = [
    ("various minerals", 150, "more than", "Increasing Transparency", "lower_bound;secondary;scope_unclear"),
    ("gold", 5, "exact", "Increasing Transparency", "secondary;partial_breakdown;scope_unclear"),
    ("mercury", 6, "exact", "Increasing Transparency", "secondary;partial_breakdown;scope_unclear"),
    ("copper", 2, "exact", "Increasing Transparency", "secondary;partial_breakdown;scope_unclear"),
    ("tin and zinc", 1, "exact", "Increasing Transparency", "secondary;partial_breakdown;grouped_commodities;scope_unclear"),
    ("various minerals", 160, "more than", "Elshad Mirbashiroglu", "lower_bound;secondary;scope_unclear"),
]


def article_text() -> str:
    path = SOURCES / "karabakh-deposits-2022-12-13.txt"
    if not path.is_file():
        pytest.skip(f"the source text is not beside this checkout ({path})")
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("deposit, commodity, value, unit, flags", RESERVES)
def test_reserve_figure_of_the_article(deposit, commodity, value, unit, flags):
    frame = reserves.load_reserves()
    row = frame[(frame["deposit_id"] == deposit) & (frame["commodity"] == commodity) & (frame["source_id"] == ARTICLE)]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["value"], row["unit_reported"], row["flag_codes"], row["ambiguous"]) == (value, unit, flags, True)
    assert row["claimant"].startswith("Increasing Transparency in the Mining Industry of Azerbaijan")
    assert f"{value:g} {unit}" in row["quote"]


@pytest.mark.parametrize("commodity, count, qualifier, claimant, flags", COUNTS)
def test_count_of_the_article(commodity, count, qualifier, claimant, flags):
    frame = reserves.load_counts()
    row = frame[(frame["commodity"] == commodity) & (frame["number"] == count) & (frame["source_id"] == ARTICLE)]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["qualifier"], row["flag_codes"]) == (qualifier, flags)
    assert row["claimant"].startswith(claimant)
    words = {NUMBER_WORDS.get(w, w) for w in re.findall(r"\w+", row["quote"])}
    assert count in words or str(count) in words


def test_article_has_no_other_figures():
    assert (reserves.load_reserves()["source_id"] == ARTICLE).sum() == len(RESERVES)
    assert (reserves.load_counts()["source_id"] == ARTICLE).sum() == len(COUNTS)


@pytest.mark.parametrize("load", [reserves.load_reserves, reserves.load_counts])
def test_quotes_are_verbatim_and_short(load):
    text = article_text()
    for quote in load().query("source_id == @ARTICLE")["quote"]:
        assert quote in text and len(quote) <= 300


def test_breakdown_is_part_of_the_ngo_total():
    counts = reserves.load_counts().set_index("count_id")
    parts = counts[counts["part_of"] == "ngo-total"]
    assert sorted(parts["commodity"]) == ["copper", "gold", "mercury", "tin and zinc"]
    assert parts["number"].sum() < counts.loc["ngo-total", "number_min"]


def test_copper_basis_stays_unknown():
    copper = reserves.load_reserves().query("commodity == 'copper' and source_id == @ARTICLE")
    assert (copper["basis"] == "unknown").all()
    assert copper["caveat"].str.contains("basis not stated: ore, concentrate or contained copper", regex=False).all()
