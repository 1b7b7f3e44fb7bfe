"""Helpers used wrongly say what they take and what to pass instead: a TypeError or ValueError, never pandas' KeyError."""


import pandas as pd
import pytest

import reserves


def chart(name):
    return getattr(pytest.importorskip("reserves.charts"), name)


@pytest.fixture(scope="module")
def loaded():
    figures = reserves.load_reserves()
    return {"figures": figures, "counts": reserves.load_counts(), "context": reserves.load_context(),
            "readings": reserves.readings(figures), "aliyev": figures.set_index("figure_id").loc["demirli-copper-aliyev"]}


def elsewhere(row):
    row = row.copy()
    row["source_id"] = "nowhere-2020"
    return row


FRAME = "takes the frame load_reserves() returns"
# (case, call on the loaded frames, exception, words of the message)
CASES = [
    ("total of a list", lambda t: reserves.total([1, 2]), TypeError, f"total() {FRAME}, not a list. Pass reserves.load_reserves(...)."),
    ("total of a path", lambda t: reserves.total("data/reserves.csv"), TypeError, f"total() {FRAME}, not a str."),
    ("total of a column", lambda t: reserves.total(t["figures"]["value_t"]), TypeError,
     "not a Series (one row or one column; pass the whole frame)"),
    ("total of counts", lambda t: reserves.total(t["counts"]), ValueError,
     f"total() {FRAME}; this frame lacks columns: value_converted, unit, measure, basis, resource_class, deposit_id, part. "
     "Pass reserves.load_reserves(...)."),
    ("total by a misspelled column", lambda t: reserves.total(t["figures"], by="deposti"), ValueError,
     "total(): by='deposti' names no column of the frame; did you mean 'deposit'? pass one of: also_reported_by, "),
    ("total by a number", lambda t: reserves.total(t["figures"], by=["deposit", 3]), TypeError, "total(): by must be a str, not an int."),
    ("readings of a row", lambda t: reserves.readings(t["figures"].iloc[0]), TypeError, f"readings() {FRAME}, not a Series"),
    ("readings of counts", lambda t: reserves.readings(t["counts"]), ValueError,
     f"readings() {FRAME}; this frame lacks columns: figure_id, deposit_id, deposit, part, measure, value, value_as_written,"),
    ("readings with figures as context", lambda t: reserves.readings(t["figures"], context=t["figures"]), ValueError,
     "readings(context=...) takes the frame load_context() returns; this frame lacks columns: year. Pass reserves.load_context(...)."),
    ("cite a frame", lambda t: reserves.cite(t["figures"]), TypeError,
     lambda t: "cite() takes one row (a Series) of the frame load_reserves(), load_counts() or load_companies() returns, "
     f"not a DataFrame of {len(t['figures'])} rows. Pass one row of it: frame.iloc[0]"),
    ("cite an id", lambda t: reserves.cite("demirli-copper-aliyev"), TypeError,
     "returns, not a str. Pass one row, e.g. reserves.load_reserves().iloc[0]."),
    ("cite a column", lambda t: reserves.cite(t["figures"]["claimant"]), ValueError,
     "returns; this row lacks: claimant, claimant_name, source_id, quote. Pass one row, e.g. reserves.load_reserves().iloc[0]."),
    ("cite an unknown source", lambda t: reserves.cite(elsewhere(t["aliyev"])), ValueError,
     "cite(): source_id='nowhere-2020' names no source in sources= (default: reserves.load_sources()); pass one of: "),
    ("cite against figures as sources", lambda t: reserves.cite(t["aliyev"], sources=t["figures"]), ValueError,
     "cite(sources=...) takes the frame load_sources() returns; this frame lacks columns: title, date, url."),
    ("find a list", lambda t: reserves.find_deposit(["Demirli"]), TypeError,
     "find_deposit() takes a deposit's name as a str, not list; for a column of names, use names.map(reserves.find_deposit)"),
    ("find an unknown name", lambda t: reserves.find_deposit("Atlantis"), LookupError, "no deposit is known as 'Atlantis'; close names: "),
    ("find among a frame of no loader", lambda t: reserves.find_deposit("Demirli", pd.DataFrame({"name": ["Demirli"]})), ValueError,
     "find_deposit(): this frame carries no vocabularies"),
    ("tonnage of a row", lambda t: chart("tonnage_by_deposit")(t["figures"].iloc[0]), TypeError,
     f"tonnage_by_deposit() {FRAME}, not a Series"),
    ("tonnage of counts", lambda t: chart("tonnage_by_deposit")(t["counts"]), ValueError,
     f"tonnage_by_deposit() {FRAME}; this frame lacks columns: deposit, deposit_id, part, measure, value, value_high, "),
    ("tonnage of a misspelled commodity", lambda t: chart("tonnage_by_deposit")(t["figures"], "coper"), ValueError,
     lambda t: "tonnage_by_deposit(): commodity='coper' names no row of the frame; did you mean 'copper'? "
     f"pass one of: {', '.join(sorted(set(t['figures']['commodity'])))}."),
    ("tonnage of a list of commodities", lambda t: chart("tonnage_by_deposit")(t["figures"], ["copper"]), TypeError,
     "tonnage_by_deposit(): commodity must be a str, not a list."),
    ("table of a list", lambda t: chart("reported_figures")([]), TypeError, f"reported_figures() {FRAME}, not a list."),
    ("table of context", lambda t: chart("reported_figures")(t["context"]), ValueError,
     f"reported_figures() {FRAME}; this frame lacks columns: deposit, deposit_id, territory, part, measure, value_high, "),
    ("counts of a row", lambda t: chart("deposit_counts")(t["counts"].iloc[0]), TypeError,
     "deposit_counts() takes the frame load_counts() returns, not a Series"),
    ("counts of figures", lambda t: chart("deposit_counts")(t["figures"]), ValueError,
     "deposit_counts() takes the frame load_counts() returns; this frame lacks columns: count_id, part_of, counted, number, "
     "number_high. Pass reserves.load_counts(...)."),
    ("claims of a deposit's name", lambda t: chart("claims_compared")(t["figures"], "Demirli", "copper"), ValueError,
     lambda t: "claims_compared(): deposit_id='Demirli' names no row of the frame; pass one of: "
     f"{', '.join(sorted(set(t['figures']['deposit_id'].dropna())))}."),
    ("claims of a commodity the deposit lacks", lambda t: chart("claims_compared")(t["figures"], "mehman", "gold"), ValueError,
     "claims_compared(): commodity='gold' names no row of deposit_id 'mehman'; pass one of: lead, zinc."),
    ("claims in counts", lambda t: chart("claims_compared")(t["counts"], "mehman", "lead"), ValueError,
     f"claims_compared() {FRAME}; this frame lacks columns: deposit, deposit_id, part, measure, value,"),
    ("shares of figures", lambda t: chart("world_shares")(t["figures"]), ValueError,
     "world_shares() takes the frame readings() returns; this frame lacks columns: as_reported, share_of_world_percent, "
     "share_of_world_high_percent, world_source, plausible. Pass reserves.readings(...)."),
    ("shares of a commodity no reading has", lambda t: chart("world_shares")(t["readings"], "tin"), ValueError,
     lambda t: f"world_shares(): commodity='tin' names no row of the frame; pass one of: {', '.join(sorted(set(t['readings']['commodity'])))}."),
    ("caveats of a str", lambda t: chart("caveats")("reserves"), TypeError,
     "caveats() takes the frame load_reserves() or load_counts() returns, not a str. Pass reserves.load_reserves(...) or "
     "reserves.load_counts(...)."),
    ("caveats of context", lambda t: chart("caveats")(t["context"]), ValueError,
     "caveats() takes the frame load_reserves() or load_counts() returns; this frame lacks columns: deposit, claimant, "
     "claimant_name, claimant_short, publisher."),
]


@pytest.mark.parametrize("case, call, error, words", CASES, ids=[c[0] for c in CASES])
def test_misuse_says_what_to_pass(loaded, case, call, error, words):
    words = words(loaded) if callable(words) else words  # some messages list what the shipped data holds
    with pytest.raises(Exception) as caught:
        call(loaded)
    assert type(caught.value) is error, f"{type(caught.value).__name__}: {caught.value}"
    assert words in str(caught.value), str(caught.value)


def test_a_name_of_several_deposits_names_them_all(variant):
    def change(text):
        assert "\nmehman,Mehman,Mehmana," in text
        return text.replace("\nmehman,Mehman,Mehmana,", "\nmehman,Mehman,Mehmana;Kyzylbulag;Gyzylbulag,")

    folder = variant("deposits", change).parent
    with pytest.raises(LookupError) as caught:
        reserves.find_deposit("gyzylbulag", folder)
    assert str(caught.value) == ("'gyzylbulag' names 2 deposits: gyzylbulag-drmbon (Gyzylbulag (Drmbon)), mehman (Mehman); "
                                 "pass the deposit_id of the one you mean")
    assert reserves.find_deposit("Drmbon", reserves.load_reserves(folder)) == "gyzylbulag-drmbon"  # a name only one deposit has
    assert reserves.find_deposit("mehman", folder) == "mehman"
    assert reserves.find_deposit("gyzylbulag") == "gyzylbulag-drmbon"  # the shipped deposits by default


def test_dollar_signs_in_the_data_are_text_not_mathtext(variant):
    charts = pytest.importorskip("reserves.charts")
    variant("deposits", lambda text: text.replace("Demirli (Kashen),", "Demirli $5 and $6,"))
    path = variant("reserves", lambda text: text.replace("Ali Aliyev, Chairman", "Ali $1 and $2 Aliyev, Chairman"))
    figures = reserves.load_reserves(path)
    fig = charts.claims_compared(figures, "demirli-kashen", "copper")
    svg = charts.save(fig, path.parent / "out", "x")[0].read_text(encoding="utf-8")
    assert fig.title_text == "Demirli $5 and $6: every claim about its copper in the ground"
    drawn = [t.get_text() for t in fig.texts]  # the glyphs drawn are of these texts, never of mathtext
    assert "Demirli $5 and $6: every claim about its copper in the ground" in drawn and any("Ali $1 and $2 Aliyev" in t for t in drawn)
    assert "<title>Demirli $5 and $6: every claim about its copper in the ground</title>" in svg
