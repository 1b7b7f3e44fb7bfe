"""Every claim of other-claims.md is data, with its quote and flags; helpers refuse to mislead."""

import pandas as pd
import pytest

import reserves
from conftest import SOURCES

# (figure_id, source_id, deposit, commodity, value, unit as reported, basis, qualifier, flags)
CLAIMS = [
    ("mehman-lead-ngo", "turan-2022-12-12", "mehman", "lead", 37.3, "million tons", "unknown", "exact", "unit_assumed;basis_unknown;secondary"),
    ("mehman-zinc-ngo", "turan-2022-12-12", "mehman", "zinc", 40.4, "million tons", "unknown", "exact", "unit_assumed;basis_unknown;secondary"),
    ("demirli-copper-aliyev", "vestnikkavkaza-2023-01-17", "demirli-kashen", "copper", 457000, "tons", "contained metal", "exact",
     "unit_assumed;secondary;past_tense;conflicting"),
    ("gyzylbulag-gold-aliyev", "vestnikkavkaza-2023-01-17", "gyzylbulag-drmbon", "gold", 13.7, "tons", "contained metal", "exact",
     "unit_assumed;secondary;past_tense;conflicting"),
    ("gyzylbulag-gold-ereforms", "ereforms-2022-12-16", "gyzylbulag-drmbon", "gold", 17.5, "tons", "contained metal", "exact",
     "unit_assumed;conflicting"),
    ("demirli-copper-vallex", "azatutyun-2016-01-05", "demirli-kashen", "copper", 275000, "metric tons", "contained metal", "exact",
     "secondary;estimate;conflicting"),
    ("demirli-molybdenum-vallex", "azatutyun-2016-01-05", "demirli-kashen", "molybdenum", 3200, "tons", "contained metal", "exact",
     "unit_assumed;secondary;estimate"),
    ("demirli-ore-vallex", "azatutyun-2016-01-05", "demirli-kashen", "copper", 56, "million tons", "ore", "about",
     "unit_assumed;approximate;secondary"),
    ("demirli-rock-rferl", "azatutyun-2012", "demirli-kashen", "copper", 17, "million tons", "unknown", "exact",
     "unit_assumed;basis_unknown;estimate;unattributed"),
    ("demirli-copper-known-todayaz", "todayaz-2025", "demirli-kashen", "copper", 311000, "tons", "contained metal", "exact",
     "unit_assumed;past_tense;conflicting;unattributed"),
    ("demirli-copper-mined-todayaz", "todayaz-2025", "demirli-kashen", "copper", 218000, "tons", "contained metal", "exact",
     "unit_assumed;not_reserve;unattributed"),
    ("demirli-copper-additional-todayaz", "todayaz-2025", "demirli-kashen", "copper", 470, "thousand tons", "contained metal", "about",
     "unit_assumed;approximate;unattributed"),
    ("demirli-ore-angloasian", "kalkine-2024-11-11", "demirli-kashen", "copper", 58, "million tonnes", "ore", "about",
     "approximate;secondary;estimate;preliminary"),
]


def claims_text() -> str:
    path = SOURCES / "other-claims.md"
    if not path.is_file():
        pytest.skip(f"the claims file is not beside this checkout ({path})")
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("figure_id, source, deposit, commodity, value, unit, basis, qualifier, flags", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claim_is_data_with_its_flags(figure_id, source, deposit, commodity, value, unit, basis, qualifier, flags):
    row = reserves.load_reserves().set_index("figure_id").loc[figure_id]
    assert (row["source_id"], row["deposit_id"], row["commodity"], row["value"], row["unit_reported"], row["basis"],
            row["qualifier"], row["flags"]) == (source, deposit, commodity, value, unit, basis, qualifier, flags)


@pytest.mark.parametrize("load", [reserves.load_reserves, reserves.load_counts, reserves.load_companies, reserves.load_context],
                         ids=["reserves", "counts", "companies", "context"])
def test_every_quote_is_verbatim(load):
    article = " ".join((SOURCES / "karabakh-deposits-2022-12-13.txt").read_text(encoding="utf-8").split()) if SOURCES.is_dir() else ""
    text = claims_text() + " " + article
    for quote in load()["quote"]:
        assert quote in text, quote


def test_citation_quotes_are_verbatim():
    from reserves import _tables as tables

    text = claims_text()
    for quote in tables.load("citations").frame["quote"]:
        assert quote in text, quote


def test_one_statement_in_three_languages_is_one_claim():
    figures = reserves.load_reserves()
    aliyev = figures[figures["claimant"].str.startswith("Ali Aliyev") & (figures["deposit_id"] == "demirli-kashen")]
    assert len(aliyev) == 1
    assert aliyev["also_reported_by"].iloc[0] == "devranmedia-2023-01-17;trend-2023-01-17"
    assert reserves.total(aliyev, by="deposit")["figures"].tolist() == [1]


def test_disputed_registration_is_kept_as_two_claims():
    companies = reserves.load_companies().query("company == 'Vallex Group' and fact == 'registered in'")
    assert sorted(companies["value"]) == ["Liechtenstein", "Switzerland"]
    assert (companies["flags"] == "disputed").all()


def test_counts_of_another_scope_and_parts_that_do_not_add_up():
    counts = reserves.load_counts().set_index("count_id")
    assert counts.loc["aliyev-total", "scope"] == "Karabakh and the surrounding territories"
    parts = counts[counts["part_of"] == "aliyev-total"]
    assert parts["count"].sum() == 166 != counts.loc["aliyev-total", "count"]
    assert parts["flags"].str.contains("parts_mismatch").all()


def test_world_context_is_cited_and_gold_flagged_secondary():
    context = reserves.load_context().set_index("context_id")
    assert context.loc["copper-world-2022", "value_t"] == 890_000_000
    assert context.loc["copper-world-2022", "source_id"] == "usgs-mcs-2023"
    assert context.loc["gold-world-2022", "flags"] == "secondary"


def figure(**values) -> dict:
    base = {"figure_id": "f", "deposit_id": "d1", "commodity": "copper", "value_t": 100.0, "basis": "contained metal",
            "qualifier": "exact", "flags": ""}
    return base | values


def test_total_adds_only_what_can_be_added_and_says_what_it_left_out():
    frame = pd.DataFrame([
        figure(figure_id="a", deposit_id="d1", value_t=100.0),
        figure(figure_id="b", deposit_id="d2", value_t=50.0),
        figure(figure_id="c", deposit_id="d3", value_t=1000.0, basis="ore"),
        figure(figure_id="d", deposit_id="d4", value_t=None, basis="unknown"),
        figure(figure_id="e", deposit_id="d5", value_t=7.0, basis="unknown"),
        figure(figure_id="f", deposit_id="d6", value_t=9.0, qualifier="more than"),
        figure(figure_id="g", deposit_id="d7", value_t=3.0, flags="not_reserve"),
    ]).astype({"value_t": "Float64"})
    result = reserves.total(frame).set_index("basis")
    assert result.loc["contained metal", "total_t"] == 150
    assert result.loc["contained metal", ["figures", "left_out", "why"]].tolist() == [2, 2, "1 lower bound; 1 not a reserve"]
    assert result.loc["ore", "total_t"] == 1000
    assert pd.isna(result.loc["unknown", "total_t"])
    assert result.loc["unknown", "why"] == "1 unit unknown; 1 basis unknown"
    assert frame["value_t"].sum() == 1169  # what a plain sum would claim


def test_total_refuses_to_add_competing_claims_for_one_deposit():
    frame = pd.DataFrame([figure(figure_id="a", value_t=457000.0), figure(figure_id="b", value_t=275000.0)]).astype({"value_t": "Float64"})
    row = reserves.total(frame).iloc[0]
    assert pd.isna(row["total_t"]) and row["why"] == "2 competing claims for one deposit"


def test_readings_give_the_arithmetic_of_each_hypothesis():
    readings = reserves.readings(reserves.load_reserves()).set_index(["figure_id", "unit_reading", "basis_reading"])
    vallex = readings.loc[("demirli-ore-vallex", "million tonnes", "ore")]
    assert vallex["grade_with"] == "demirli-copper-vallex"
    assert vallex["implied_grade"] == pytest.approx(275_000 / 56_000_000)
    assert f"{vallex['implied_grade']:.2%}" == "0.49%"
    ngo = readings.loc[("demirli-copper-ngo", "million tonnes", "contained metal")]
    assert ngo["share_of_world"] == pytest.approx(100 / 890) and not ngo["plausible"]
    assert ngo["why"].startswith("would be 11.2% of world copper reserves (usgs-mcs-2023: 890,000,000 t in 2022)")
    assert readings.loc[("demirli-copper-ngo", "million tonnes", "ore"), "plausible"]
    assert readings.loc[("demirli-copper-ngo", "million short tons", "ore"), "value_t"] == 90_718_474
    assert readings.loc[("gyzylbulag-gold-ngo", "tonnes", "contained metal"), "hypothesis"] == (
        "hypothesis: '13.6 units' read as 13.6 tonnes of contained gold")


def test_readings_cover_only_uncertain_figures():
    figures = reserves.load_reserves()
    certain = figures[(figures["unit_status"] == "stated") & (figures["basis"] != "unknown")]["figure_id"]
    assert not reserves.readings(figures)["figure_id"].isin(certain).any()


def test_more_metal_than_ore_is_implausible(variant):
    path = variant("reserves", lambda text: text.replace(",275000,metric tons,", ",75000000,metric tons,"))
    readings = reserves.readings(reserves.load_reserves(path)).set_index(["figure_id", "unit_reading"])
    row = readings.loc[("demirli-ore-vallex", "million tonnes")]
    assert not row["plausible"] and row["why"] == "more copper than ore: an implied grade of 134%"


def test_unit_readings_name_stated_units():
    from reserves import _tables as tables

    units = tables.load("units").frame.set_index("unit_reported")
    for unit, candidates in units["readings"].dropna().items():
        for candidate in candidates.split(";"):
            assert units.loc[candidate, "unit_status"] == "stated", (unit, candidate)


def test_cite_gives_claimant_publisher_date_url_quote_and_further_reports():
    row = reserves.load_reserves().set_index("figure_id").loc["demirli-copper-aliyev"]
    assert reserves.cite(row) == (
        "Ali Aliyev, Chairman of Azerbaijan's Geological Exploration Agency, as reported by Vestnik Kavkaza, 2023-01-17, "
        "https://en.vestikavkaza.ru/material/158783: \"457,000 tons of copper at the Damirli deposit (Karabakh), and 13.7 tons "
        "of gold at the Gizilbulagh deposit (Karabakh).\" Also reported by: Devran Media, 2023-01-17, "
        "https://devranmedia.com/news/details/44541; Trend, 2023-01-17, https://www.trend.az/azerbaijan/society/3696062.html.")
    first = reserves.load_reserves().iloc[0]
    assert reserves.cite(first).startswith("Increasing Transparency in the Mining Industry of Azerbaijan (NGO), as reported by "
                                           "JAMnews, \"Deposits of gold and copper in Karabakh\", 2022-12-13, https://jam-news.net/")
