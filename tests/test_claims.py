"""Every claim of other-claims.md and more-claims.md is data, held as written with its doubts; helpers answer for it."""

import re

import pandas as pd
import pytest

import reserves
from conftest import SOURCES, checked

# (figure_id, source_id, deposit or territory, commodity, measure, value, unit as reported, basis, qualifier, flags)
CLAIMS = [
    ("mehman-lead-ngo", "turan-2022-12-12", "mehman", "lead", "reserve", 37.3, "million tons", "unknown", "exact",
     "unit_assumed;basis_unknown;secondary"),
    ("demirli-copper-aliyev", "vestnikkavkaza-2023-01-17", "demirli-kashen", "copper", "reserve", 457000, "tons", "unknown", "exact",
     "unit_assumed;basis_unknown;secondary;past_tense;conflicting"),
    ("demirli-copper-vallex", "azatutyun-2016-01-05", "demirli-kashen", "copper", "in the ground", 275000, "metric tons", "contained metal",
     "exact", "estimate;conflicting;unattributed"),  # RFE/RL's own narration (audit E1)
    ("demirli-copper-mined-todayaz", "todayaz-2026-01-13", "demirli-kashen", "copper", "extracted", 218000, "tons", "unknown", "exact",
     "unit_assumed;basis_unknown;not_reserve;secondary"),  # the presidential release's, as today.az translates it (E4)
    ("demirli-ore-angloasian", "kalkine-2024-11-11", "demirli-kashen", "copper", "in the ground", 58, "million tonnes", "ore", "about",
     "approximate;secondary;estimate;conflicting;preliminary"),  # after ten years of mining since Vallex's 56 Mt (E10)
    # a Soviet reserve class, and a sum over two classes kept as stated
    ("vejnaly-gold-c1c2-angloasian", "minesandmetals", "vejnaly", "gold", "reserve", 6.5, "tonnes", "contained metal", "exact", ""),
    ("vejnaly-gold-p1-angloasian", "minesandmetals", "vejnaly", "gold", "resource", 2.3, "tonnes", "contained metal", "exact", ""),
    # ore, grade and metal of one estimate
    ("soyudlu-ore-geopromining", "ecolur-2017-09-25", "soyudlu-zod", "gold", "reserve", 31141.2, "thousand tons", "ore", "exact",
     "unit_assumed;secondary"),
    ("soyudlu-gold-grade-geopromining", "ecolur-2017-09-25", "soyudlu-zod", "gold", "grade", 4.29, "g/t", "not applicable", "exact",
     "secondary"),
    # a district total as of a date
    ("kalbajar-gold-azvision", "azvision-2020-10-24", "kalbajar", "gold", "reserve", 130, "tons", "unknown", "exact",
     "unit_assumed;basis_unknown;dated;secondary;past_tense;conflicting"),
    # a production rate in troy ounces, a volume whose 'thousand' was dropped, kilograms written as tons
    ("soyudlu-gold-production-miningsee", "todayaz-anglo-asian", "soyudlu-zod", "gold", "production", 120000, "ounces per year",
     "contained metal", "about", "unit_assumed;approximate;not_reserve;secondary;past_tense;conflicting"),  # Anglo Asian's words (E6)
    ("kalbajar-limestone-azvision", "azvision-2020-10-24", "kalbajar", "limestone", "reserve", 10927, "cubic meters", "not applicable",
     "exact", "unit_slip;dated;secondary;past_tense;wording_drifts"),
    ("vejnaly-gold-c1-ngo", "medonline-2022-01-24", "vejnaly", "gold", "reserve", 2169, "tons", "unknown", "exact",
     "unit_assumed;unit_slip;basis_unknown;dated;conflicting"),
    # a range, and a share that does not add up
    ("gyzylbulag-mine-life-hetq", "hetq", "gyzylbulag-drmbon", "copper", "mine life", 2, "years", "not applicable", "between",
     "range;not_reserve;secondary;conflicting"),
    ("kalbajar-water-share-presidentaz", "presidentaz-2022-06-27", "kalbajar", "mineral water", "share", 5, "percent", "not applicable",
     "exact", "suspected_slip"),
]


@pytest.mark.parametrize("figure_id, source, place, commodity, measure, value, unit, basis, qualifier, flags", CLAIMS,
                         ids=[c[0] for c in CLAIMS])
def test_claim_is_held_as_written_with_its_flags(figure_id, source, place, commodity, measure, value, unit, basis, qualifier, flags):
    row = reserves.load_reserves().set_index("figure_id").loc[figure_id]
    where = row["deposit_id"] if pd.notna(row["deposit_id"]) else row["territory_id"]
    assert (row["source_id"], where, row["commodity"], row["measure"], row["value"], row["unit_reported"], row["basis"],
            row["qualifier"], row["flag_codes"]) == (source, place, commodity, measure, value, unit, basis, qualifier, flags)


def test_what_the_new_columns_hold():
    figures = reserves.load_reserves().set_index("figure_id")
    assert figures.loc["vejnaly-gold-c1c2-angloasian", ["scheme", "resource_class"]].tolist() == ["GKZ", "C1+C2"]
    assert figures.loc["kalbajar-gold-azvision", ["scope", "territory", "as_of", "as_of_qualifier", "as_of_precision"]].tolist() == [
        "territory", "Kalbajar", "1993", "until", "year"]
    assert figures.loc["soyudlu-gold-azsection-todayaz", ["scope", "part"]].tolist() == ["part", "Azerbaijani section"]
    production = figures.loc["soyudlu-gold-production-miningsee"]
    assert (production["unit"], production["dimension"], production["value_converted"]) == ("t/y", "mass per year", 120000 * 0.0000311034768)
    assert pd.isna(production["value_t"])  # a rate is no tonnage
    assert "'ounces per year' read as troy ounces per year, which the source does not state" in production["caveat"]
    assert figures.loc["gyzylbulag-mine-life-hetq", "value_high"] == 2.5
    assert figures.loc["soyudlu-gold-geopromining", "estimate_id"] == figures.loc["soyudlu-ore-geopromining", "estimate_id"]


def test_the_same_wording_gets_the_same_basis():
    figures = reserves.load_reserves().set_index("figure_id")
    assert figures.loc["demirli-copper-ngo", "basis"] == figures.loc["demirli-copper-aliyev", "basis"] == "unknown"


def shared_texts() -> str:
    if not SOURCES.is_dir():
        pytest.skip(f"the source texts are not beside this checkout ({SOURCES})")
    return " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SOURCES.iterdir()))


@pytest.mark.parametrize("load", [reserves.load_reserves, reserves.load_counts, reserves.load_companies, reserves.load_context],
                         ids=["reserves", "counts", "companies", "context"])
def test_every_quote_is_verbatim_or_from_a_page_the_claims_file_lists(load):
    """A quote is in the project's source texts, or comes from a page that more-claims.md lists, whose stored copy
    was read to verify it (the search tool's pages corpus): such a quote is at least as long as the phrase listed."""
    text, sources = shared_texts(), reserves.load_sources().set_index("source_id")["url"]
    for row in load().itertuples():
        assert row.quote in text or sources[row.source_id].split("://", 1)[1].rstrip("/") in text, (row.source_id, row.quote)


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "five": 5, "six": 6, "fourty": 40, "forty": 40}


def numbers(quote: str) -> set[float]:
    """Every number a quote writes: with ',' or a space between thousands, ',' or '.' as decimal mark, or in words."""
    found = set()
    for match in re.finditer(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?", quote):
        text = match.group()
        found.add(float(re.sub(r"[,\u00a0\u202f ]", "", text)))
        if text.count(",") == 1 and "." not in text:
            found.add(float(text.replace(",", ".").replace(" ", "")))
    return found | {float(n) for word, n in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", quote, re.IGNORECASE)}


@pytest.mark.parametrize("load, column", [(reserves.load_reserves, "value"), (reserves.load_counts, "number")], ids=["reserves", "counts"])
def test_every_number_traces_to_its_quote(load, column):
    """Each value is written in its quote, or is flagged value_derived and its note says how it was read."""
    for row in load().itertuples():
        if "value_derived" in row.flag_codes.split(";"):
            assert f"{float(getattr(row, column)):f}".rstrip("0").rstrip(".") in row.note.replace(",", ""), (row[1], row.note)
        else:
            assert float(getattr(row, column)) in numbers(row.quote), (row[1], getattr(row, column), row.quote)


def test_one_statement_in_three_languages_is_one_claim():
    figures = reserves.load_reserves()
    aliyev = figures[figures["claimant"].str.startswith("Ali Aliyev") & figures["deposit_id"].eq("demirli-kashen").fillna(False)]
    assert len(aliyev) == 1
    assert aliyev["also_reported_by"].iloc[0] == "devranmedia-2023-01-17;trend-2023-01-17"


def test_disputed_registration_keeps_every_claim():
    companies = reserves.load_companies().query("fact == 'registered in'")
    assert sorted(companies["value"]) == ["Liechtenstein", "Switzerland", "Switzerland"]
    assert companies["flag_codes"].str.contains("disputed").all()


def test_counts_of_other_scopes_ranges_and_parts():
    counts = reserves.load_counts().set_index("count_id")
    assert counts.loc["aliyev-total", "scope"] == "Karabakh and the surrounding territories"
    assert counts.loc["aliyev-total", ["parts_sum", "parts_check"]].tolist() == [166, "falls short"]
    assert counts.loc["aliyev-1993-total", ["parts_sum", "parts_check", "as_of"]].tolist() == [157, "falls short", "1993"]
    assert counts.loc["garabaghnet-total", "parts_check"] == "partial"  # an open list: no mismatch
    assert "parts_mismatch" not in counts.loc["garabaghnet-total", "flag_codes"]
    assert counts.loc["atashov-zangilan", ["qualifier", "number_min", "number_max"]].tolist() == ["about", pd.NA, pd.NA]
    assert counts.loc["aliyev-1993-lachin", "territory"] == "Lachin"


def test_world_context_is_cited_and_gold_flagged_secondary():
    context = reserves.load_context().set_index("context_id")
    assert context.loc["copper-world-2022", "value_t"] == 890_000_000
    assert context.loc["gold-world-2022", "flag_codes"] == "secondary"


def figure(**values) -> dict:
    base = {"figure_id": "f", "deposit_id": "d1", "territory_id": None, "part": None, "commodity": "copper", "measure": "reserve",
            "value_converted": 100.0, "unit": "t", "basis": "contained metal", "scope": "deposit", "resource_class": None,
            "flag_codes": ""}
    return base | values


def test_total_adds_only_like_with_like_and_says_what_it_left_out():
    frame = pd.DataFrame([
        figure(figure_id="a", deposit_id="d1", value_converted=100.0),
        figure(figure_id="b", deposit_id="d2", value_converted=50.0),
        figure(figure_id="c", deposit_id="d3", value_converted=1000.0, basis="ore"),
        figure(figure_id="d", deposit_id="d4", value_converted=None, unit="unknown", basis="unknown", flag_codes="unit_unknown;basis_unknown"),
        figure(figure_id="e", deposit_id="d5", value_converted=7.0, basis="unknown", flag_codes="basis_unknown"),
        figure(figure_id="f", deposit_id="d6", value_converted=9.0, flag_codes="lower_bound"),
        figure(figure_id="g", deposit_id="d7", value_converted=3.0, measure="extracted", flag_codes="not_reserve"),
        figure(figure_id="h", deposit_id="d8", value_converted=4.3, unit="g/t", measure="grade"),
        figure(figure_id="i", deposit_id=None, territory_id="t1", value_converted=130.0, scope="territory"),
    ]).astype({"value_converted": "Float64"})
    frame.attrs = reserves.load_reserves().attrs  # the vocabularies total reads: flags, measures
    result = reserves.total(frame).set_index(["measure", "basis", "unit", "scope"])["total"]
    assert result[("reserve", "contained metal", "t", "deposit")] == 150  # not 159 (a bound) nor 289 (a territory)
    assert result[("reserve", "ore", "t", "deposit")] == 1000
    assert result[("extracted", "contained metal", "t", "deposit")] == 3  # like with like: extracted apart
    assert result[("reserve", "contained metal", "t", "territory")] == 130
    why = reserves.total(frame).set_index(["measure", "basis", "unit", "scope"])["why"]
    assert why[("reserve", "contained metal", "t", "deposit")] == "1 lower bound"
    assert why[("reserve", "unknown", "unknown", "deposit")] == "1 unit unknown"
    assert why[("reserve", "unknown", "t", "deposit")] == "1 basis unknown"
    assert why[("grade", "contained metal", "g/t", "deposit")] == "1 not additive (grade)"


def test_total_refuses_to_add_competing_claims_for_one_deposit():
    frame = pd.DataFrame([figure(figure_id="a", value_converted=457000.0), figure(figure_id="b", value_converted=275000.0)])
    frame.attrs = reserves.load_reserves().attrs
    row = reserves.total(frame.astype({"value_converted": "Float64"})).iloc[0]
    assert pd.isna(row["total"]) and row["why"] == "2 competing claims for one deposit or territory"


@pytest.fixture(scope="module")
def readings():
    return reserves.readings(reserves.load_reserves()).set_index(["figure_id", "unit_reading", "basis_reading"])


def test_readings_give_the_arithmetic_of_each_hypothesis(readings):
    vallex = readings.loc[("demirli-ore-vallex", "million tonnes", "ore")]
    assert vallex["grade_with"] == "demirli-copper-vallex"
    assert (round(vallex["implied_grade"], 2), vallex["grade_unit"]) == (0.49, "%")  # copper: grades in percent
    ngo = readings.loc[("demirli-copper-ngo", "million tonnes", "contained metal")]
    assert ngo["share_of_world_percent"] == pytest.approx(10000 / 890) and not ngo["plausible"]
    assert ngo["why"].startswith("would be 11.2 % of world copper reserves (usgs-mcs-2023: 890,000,000 t in 2022)")
    assert readings.loc[("demirli-copper-ngo", "million short tons", "ore"), "value_t"] == 90_718_474


def test_an_unknown_unit_is_read_in_the_units_its_text_may_name(readings):
    gold = readings.loc[("gyzylbulag-gold-ngo", "tonnes", "contained metal")]
    assert gold["hypothesis"] == "hypothesis: '13.6 units' read as 13.6 tonnes of contained gold"
    assert "13.7 t (Ali Aliyev" in gold["other_claims"]


def test_an_estimate_is_checked_against_itself(readings):
    gold = readings.loc[("soyudlu-gold-geopromining", "tonnes", "contained metal")]
    assert gold["estimate_check"] == "ore 31,141,200 t × 4.29 g/t = 133.596 t of gold, beside 133.5 t read here: 0.072 % apart"


def test_a_suspected_slip_is_read_beside_the_literal_figure(readings):
    block = readings.xs("vejnaly-gold-c1-ngo", level="figure_id")
    assert set(block["reading"]) == {"literal", "slip"}
    assert block.loc[("kg", "contained metal"), "value_t"] == pytest.approx(2.169)


def test_readings_cover_only_uncertain_figures_and_estimates():
    figures = reserves.load_reserves()
    certain = figures[(figures["unit_status"] == "stated") & (figures["basis"] != "unknown") & figures["slip_unit"].isna()
                      & figures["estimate_id"].isna()]["figure_id"]
    assert not reserves.readings(figures)["figure_id"].isin(certain).any()


def test_more_metal_than_ore_is_implausible(variant):
    path = variant("reserves", lambda text: text.replace(",275000,,metric tons,", ",75000000,,metric tons,").replace(
        "containing an estimated 275,000 metric tons", "containing an estimated 75,000,000 metric tons"))
    readings = reserves.readings(reserves.load_reserves(path)).set_index(["figure_id", "unit_reading"])
    row = readings.loc[("demirli-ore-vallex", "million tonnes")]
    assert not row["plausible"] and row["why"] == "more copper than ore: an implied grade of 133.929 %"


def test_unit_readings_name_stated_units():

    units = checked("units").frame.set_index("unit_reported")
    for unit, candidates in units["readings"].dropna().items():
        for candidate in candidates.split(";"):
            assert units.loc[candidate, "unit_status"] == "stated", (unit, candidate)


def test_cite_gives_claimant_publisher_date_url_quote_and_further_reports():
    row = reserves.load_reserves().set_index("figure_id").loc["demirli-copper-aliyev"]
    assert reserves.cite(row) == (
        "Ali Aliyev, Chairman of Azerbaijan's Geological Exploration Agency, as reported by Vestnik Kavkaza, 2023-01-17, "
        "https://en.vestikavkaza.ru/material/158783: \"457,000 tons of copper at the Damirli deposit (Karabakh), and 13.7 tons "
        "of gold at the Gizilbulagh deposit (Karabakh).\" Also reported by: Devran Media, \"Bu ərazilərdəki qızıl, gümüş və mis "
        "yataqlarının ehtiyatı açıqlanıb\", 2023-01-17, https://devranmedia.com/news/details/44541; Trend, \"Обнародованы запасы "
        "месторождений золота, серебра и меди на освобожденных территориях\", 2023-01-17, "
        "https://www.trend.az/azerbaijan/society/3696062.html.")


def test_cite_reads_the_sources_of_the_rows_own_folder(variant):
    variant("sources", lambda text: text.replace("JAMnews,Deposits of gold", "JAMnews (copy),Deposits of gold"))
    first = reserves.load_reserves(variant("reserves")).iloc[0]
    assert reserves.cite(first).startswith("Increasing Transparency in the Mining Industry of Azerbaijan (NGO), as reported by "
                                           "JAMnews (copy), \"Deposits of gold and copper in Karabakh\", 2022-12-13, https://jam-news.net/")


@pytest.mark.parametrize("name, deposit", [
    ("Кызылбулаг", "gyzylbulag-drmbon"), ("Gizilbulag", "gyzylbulag-drmbon"), ("Դրմբոն", "gyzylbulag-drmbon"),
    ("Демирли", "demirli-kashen"), ("Кашен", "demirli-kashen"), ("Damirli", "demirli-kashen"), ("Kashan", "demirli-kashen"),
    ("Mehmana", "mehman"), ("Zod", "soyudlu-zod"), ("Sotk", "soyudlu-zod"), ("Vezhnali", "vejnaly"),
])
def test_a_deposit_is_found_by_any_name_a_source_gives_it(name, deposit):
    assert reserves.find_deposit(name) == deposit
