"""Each fact of the December 2026 audit (../shared/sources/audit-2026-12.md), decided on the stored pages, stays decided.

One test per audited item: who made a figure, what it measures, what it covers, who repeated it, what the source is.
"""

import pandas as pd
import pytest

import reserves
from conftest import checked


@pytest.fixture(scope="module")
def figures():
    return reserves.load_reserves().set_index("figure_id")


@pytest.fixture(scope="module")
def counts():
    return reserves.load_counts().set_index("count_id")


@pytest.fixture(scope="module")
def citations():
    return checked("citations").frame


def flags(row) -> set[str]:
    return set(filter(None, row["flag_codes"].split(";")))


def cited_by(citations, figure_id: str) -> set[str]:
    return set(citations.loc[citations["figure_id"] == figure_id, "source_id"])


@pytest.mark.parametrize("figure_id", ["demirli-copper-vallex", "demirli-molybdenum-vallex"])
def test_rferl_narration_is_nobodys_claim_not_vallexs(figures, figure_id):  # E1, E2
    row = figures.loc[figure_id]
    assert row["source_id"] == "azatutyun-2016-01-05" and pd.isna(row["claimant_id"])
    assert "unattributed" in flags(row) and "secondary" not in flags(row)


def test_the_ore_figure_rferl_credits_to_vallex_stays_vallexs(figures):
    assert figures.loc["demirli-ore-vallex", "claimant_id"] == "vallex-group"


def test_one_presidential_release_has_one_claimant(figures):  # E3-E5
    release = ["demirli-copper-known-todayaz", "demirli-copper-mined-todayaz", "demirli-copper-additional-todayaz",
               "demirli-capacity-ein", "demirli-copper-export-ein"]
    assert set(figures.loc[release, "claimant_id"]) == {"president-azerbaijan"}
    assert not {"unattributed"} & set().union(*(flags(figures.loc[f]) for f in release))


def test_anglo_asians_production_figure_is_anglo_asians(figures, citations):  # E6
    row = figures.loc["soyudlu-gold-production-miningsee"]
    assert row["claimant_id"] == "anglo-asian-mining" and "secondary" in flags(row)
    assert reserves.load_sources().set_index("source_id").loc[row["source_id"], "url"].endswith("today.az/news/business/202864.html")
    assert "miningsee" in cited_by(citations, "soyudlu-gold-production-miningsee")
    assert "conflicting" in flags(row)  # the operator's own output: 30-40 thousand ounces a year
    assert "soyudlu-gold-rate-2009-gpm" in figures.index


def test_sputniks_reserve_is_kept_as_written_and_marked_as_misreporting_the_company(figures):  # E7, E8
    for figure_id in ["vejnaly-reserve-angloasian-sputnik", "vejnaly-gold-grade-angloasian-sputnik"]:
        assert "misreports_claimant" in flags(figures.loc[figure_id]), figure_id
    stockpile = figures.loc["vejnaly-stockpile-ore-rns"]
    assert (stockpile["measure"], stockpile["basis"], stockpile["part"], stockpile["as_of"]) == (
        "throughput", "ore", "stockpiles", "2021-12")
    assert figures.loc["vejnaly-stockpile-gold-grade-rns", "estimate_id"] == stockpile["estimate_id"]


def test_a_misreported_figure_is_never_added(figures):
    vejnaly = figures.reset_index()
    vejnaly = vejnaly[vejnaly["deposit_id"].eq("vejnaly").fillna(False) & vejnaly["measure"].eq("reserve")]
    summed = reserves.total(vejnaly)
    assert summed["why"].str.contains("misreported").any()


def test_the_two_kashen_ore_figures_ten_years_of_mining_apart_conflict(figures):  # E9, E10
    for figure_id in ["demirli-ore-vallex", "demirli-ore-angloasian"]:
        assert "conflicting" in flags(figures.loc[figure_id]), figure_id


def test_kalbajar_and_lachin_are_two_districts_not_the_economic_region(figures):  # E11
    row = figures.loc["kalbajar-lachin-water-presidentaz"]
    assert row["territory_id"] == "kalbajar-and-lachin"
    assert reserves.load_territories().set_index("territory_id").loc["kalbajar-and-lachin", "kind"] == "districts"


@pytest.mark.parametrize("figure_id", ["vejnaly-gold-aliyev", "vejnaly-silver-aliyev", "vejnaly-copper-aliyev"])
def test_aliyevs_vejnaly_figures_cite_every_outlet_that_carried_them(citations, figure_id):  # E12
    assert cited_by(citations, figure_id) == {"devranmedia-2023-01-17", "trend-2023-01-17"}


@pytest.mark.parametrize("figure_id", ["soyudlu-gold-trend", "agduzdag-tutkhun-gold-trend"])
def test_trends_kalbajar_gold_is_the_communitys_statement(figures, figure_id):  # P1, P2
    assert figures.loc[figure_id, "claimant_id"] == "karabakh-community"


@pytest.mark.parametrize("figure_id, origin", [
    ("kalbajar-gold-newsaz", "kalbajar-gold-aliyev-2020-11"),  # P3
    ("vejnaly-gold-block1-newsaz", "vejnaly-gold-c1-ngo"),  # P4
    ("vejnaly-gold-block2-newsaz", "vejnaly-gold-c2-ngo"),  # P5
])
def test_news_az_repeats_are_citations_of_their_origin(figures, citations, figure_id, origin):
    assert figure_id not in figures.index
    assert "newsaz-2024-11-26" in cited_by(citations, origin)


def test_the_coalitions_classes_are_held_with_their_ore(figures):  # P4, P5: the origin, as written
    c1 = figures.loc[["vejnaly-ore-c1-ngo", "vejnaly-gold-c1-ngo"]]
    assert set(c1["resource_class"]) == {"C1"} and c1["estimate_id"].nunique() == 1
    assert figures.loc["vejnaly-gold-c1-ngo", "slip_unit"] == "kg"  # 2,169 'tons' of gold in 183 thousand tons of ore


@pytest.mark.parametrize("count_id", ["ngo-total", "ngo-gold", "ngo-mercury", "ngo-copper", "ngo-tin-zinc"])
def test_the_coalitions_count_has_an_unclear_scope(counts, count_id):  # P6
    assert "scope_unclear" in flags(counts.loc[count_id])


def test_the_basis_follows_the_meaning_not_the_word_form(figures):  # R1
    assert figures.loc["demirli-copper-vallex", "basis"] == "contained metal"  # "containing ... of copper"
    assert figures.loc["vejnaly-gold-c1c2-angloasian", "basis"] == "contained metal"  # "contains ... of gold"


@pytest.mark.parametrize("figure_id", ["demirli-copper-vallex", "demirli-molybdenum-vallex", "demirli-ore-vallex",
                                       "demirli-rock-rferl"])
def test_figures_no_source_calls_reserves_are_in_the_ground(figures, figure_id):  # R2
    assert figures.loc[figure_id, "measure"] == "in the ground"


def test_every_named_claimant_has_one_id_and_every_spelling_resolves_to_it():  # R3
    claimants = reserves.load_claimants()
    spelled = {spelling.casefold(): row.claimant_id for row in claimants.itertuples()
               for spelling in [row.name, *(row.spellings.split(";") if isinstance(row.spellings, str) else [])]}
    for load, key in [(reserves.load_reserves, "figure_id"), (reserves.load_counts, "count_id")]:
        for row in load().itertuples():
            if isinstance(row.claimant, str) and row.claimant.casefold() in spelled:
                assert row.claimant_id == spelled[row.claimant.casefold()], (getattr(row, key), row.claimant)
    figures, counts = reserves.load_reserves(), reserves.load_counts()
    coalition = figures["claimant"].str.contains("Transparency", na=False)
    assert set(figures.loc[coalition, "claimant_id"]) == {"ngo-coalition"}
    assert set(counts.loc[counts["count_id"].str.startswith("aliyev-"), "claimant_id"]) == {"ali-aliyev"}


@pytest.mark.parametrize("source_id, title, date", [
    ("turan-2022-12-12", "Azerbaijani NGOs demand to suspend development of Gyzylbulag and Demirli fields in Karabakh", "2022-12-12"),
    ("devranmedia-2023-01-17", "Bu ərazilərdəki qızıl, gümüş və mis yataqlarının ehtiyatı açıqlanıb", "2023-01-17"),
    ("trend-2023-01-17", "Обнародованы запасы месторождений золота, серебра и меди на освобожденных территориях", "2023-01-17"),
    ("azatutyun-2012", "Armenian Mining Giant To Expand Karabakh Operations", "2012-03"),
    ("kalkine-2024-11-11", "Could Old Infrastructure at Demirli Copper Mine Stall Anglo Asian Mining’s Plans?", "2024-11-11"),
    ("armeniandiaspora", None, "2012-11-01"),
])
def test_source_titles_and_dates_are_as_precise_as_the_page(source_id, title, date):
    source = reserves.load_sources().set_index("source_id").loc[source_id]
    assert source["date"] == date
    if title is not None:
        assert source["title"] == title
