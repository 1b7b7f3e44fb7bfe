"""The rules a figure obeys in any folder: its value is in its quote, its basis is what its unit or its words state,
its unit fits its measure, and nothing impossible loads. Each refusal names the line, the column and the fix."""

import pytest

import reserves
from conftest import figure_line, shipped_text

LAST = len(shipped_text("reserves").splitlines()) + 1  # the line a figure appended to the shipped reserves.csv is on


def appended(variant, *lines: str):
    """The shipped reserves.csv with ``lines`` appended; its path."""
    return variant("reserves", lambda text: text + "".join(lines))


def refused(variant, *lines: str) -> list[reserves.Problem]:
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(appended(variant, *lines))
    return caught.value.problems


def loaded(variant, *lines: str):
    return reserves.load_reserves(appended(variant, *lines)).set_index("figure_id")


# (case, the figure's cells, the column refused, words of the message)
REFUSED = [
    ("a figure dated after its source", dict(as_of="2023-01", as_of_qualifier='"as of"'), "as_of",
     ["the source, of 2022-12-13, cannot state what held at 2023-01, a later date"]),
    ("a period that ends before it starts", dict(as_of="2020", as_of_end="2019-05", as_of_qualifier="between"), "as_of_end",
     ["the period ends before it starts: swap as_of and as_of_end"]),
    ("a value its quote does not hold", dict(value="262", quote="261 tons of copper"), "value",
     ["the quote does not hold 262 (its numbers: 261)", "value_derived"]),
    ("a high end its quote does not hold", dict(value="2", value_high="3", qualifier="between", quote="2 to 4 tons of copper"),
     "value_high", ["the quote does not hold"]),
    ("a grade above a million g/t", dict(measure="grade", value="2000000", unit_reported="g/t", basis="not applicable"),
     "value", ["more than the whole", "correct the value or its unit"]),
    ("a share above 100 %", dict(measure="share", value="120", unit_reported="%", basis="not applicable"), "value", ["more than the whole"]),
    ("an as_of after its source's date", dict(as_of="2023-05", as_of_qualifier="as of"), "as_of",
     ["the source, of 2022-12-13, cannot state what held at 2023-05"]),
    ("a slip unit equal to the unit", dict(slip_unit="tons"), "slip_unit", ["the suspected unit is the reported one"]),
    ("a slip unit of another dimension", dict(slip_unit="g/t"), "slip_unit", ["'g/t' is no unit of mass"]),
    ("a reserve in g/t", dict(value="4.5", unit_reported="g/t", basis="not applicable"), "unit_reported",
     ["'g/t' is a unit of fraction, which a reserve is not"]),
    ("ore of ounces", dict(value="41.5", unit_reported="million ounces", basis="ore", commodity="gold", quote="41.5 million ounces of gold reserves"),
     "basis", ["write basis contained metal", "its unit weighs the commodity itself"]),
    ("contained metal said of ore", dict(value="142.2", unit_reported="million tonnes", basis="contained metal", commodity="gold",
                                         quote="142.2 million tonnes grading 0.76 g/t"), "basis", ["write basis ore", "'grading'"]),
    ("unknown said of what a deposit contains", dict(value="6.5", unit_reported="tonnes", basis="unknown", commodity="gold",
                                                     quote="the deposit contains 6.5 tonnes of gold"), "basis", ["write basis contained metal"]),
    ("a cut-off grade outside an estimate", dict(measure="cut-off grade", value="0.24", unit_reported="g/t", basis="not applicable"),
     "estimate_id", ["estimate_id"]),
    ("a claimant's words without the claimant", dict(claimant_id="", claimant="Ali Aliyev"), "claimant_id", ["claimants.csv"]),
    ("a class its scheme lacks, in a list", dict(scheme="GKZ", resource_class='"A, B and C3"'), "resource_class", ["'C3' is not a class of GKZ"]),
]


@pytest.mark.parametrize("case, cells, column, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_an_impossible_or_unfounded_figure_is_refused_at_its_line(variant, case, cells, column, words):
    problems = refused(variant, figure_line(figure_id="x", **cells))
    assert any(p.line == LAST and p.column == column and all(w in p.message for w in words) for p in problems), problems


def test_an_estimate_spans_one_place_and_one_source(variant):
    problems = refused(variant, figure_line(figure_id="x", estimate_id="e"),
                       figure_line(figure_id="y", estimate_id="e", deposit_id="vejnaly"))
    assert {(p.line, p.column) for p in problems} == {(LAST, "estimate_id"), (LAST + 1, "estimate_id")}
    assert "one estimate is one source's figures of one place" in problems[0].message


# (case, the figure's cells): what real sources write, accepted as written
ACCEPTED = [
    ("a number in words", dict(value="2", quote="two tons of copper")),
    ("a fraction in words", dict(value="2.5", quote="two and a half tons of copper")),
    ("a scale word after the number", dict(value="31141.2", unit_reported="thousand tons", quote="31141.2 thousand tons of copper")),
    ("thousands grouped by spaces", dict(value="10104.3", unit_reported="kg", quote="10 104.3 kg of copper")),
    ("thousands grouped by commas", dict(value="1159", quote='"1,159 tons of copper"')),
    ("a decimal comma", dict(value="13.6", quote='"13,6 tons of copper"')),
    ("a hyphen before the scale", dict(value="18", unit_reported="billion pounds", basis="contained metal", quote="18-billion pounds of copper")),
    ("a value the editor read, saying so", dict(value="5", doubts="value_derived", quote='"half a dozen tons, less one, of copper"')),
    ("a plan dated after its source", dict(measure="planned output", as_of="2030", as_of_qualifier="by")),
    ("a class of a list, in any case", dict(scheme="GKZ", resource_class='"A, B and c1"')),
    ("a combined class as written", dict(scheme="SAMREC", resource_class="Measured and indicated")),
    ("since a year", dict(measure="extracted", as_of="1997", as_of_qualifier="since")),
    ("the month of its source's own day", dict(as_of="2022-12", as_of_qualifier='"as of"')),
    ("a period within its source's year", dict(as_of="2022-01", as_of_end="2022", as_of_qualifier="between")),
    ("a list's next item names another basis", dict(value="2169", basis="unknown", commodity="gold",
                                                    quote='"gold – 2,169 tons; C2 category ore – 433 thousand tons"')),
    ("a grade whose words name ore", dict(measure="grade", value="3.91", unit_reported="g/t", basis="not applicable", commodity="gold",
                                          quote="3.91 g/t ore")),
]


@pytest.mark.parametrize("case, cells", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_what_sources_write_is_accepted_as_written(variant, case, cells):
    figure = loaded(variant, figure_line(figure_id="x", **cells)).loc["x"]
    assert figure["value_as_written"] == cells.get("value", "1")


def test_whether_a_percent_is_a_grade_or_a_share_follows_the_measure(variant):
    figures = loaded(variant,
                     figure_line(figure_id="grade", measure="grade", value="0.41", unit_reported="percent", basis="not applicable",
                                 quote="grading 0.41 percent copper"),
                     figure_line(figure_id="share", measure="share", value="0.41", unit_reported="percent", basis="not applicable",
                                 quote="0.41 percent of the country's copper"))
    assert figures.loc["grade", ["value_converted", "unit"]].tolist() == [4100, "g/t"]  # 0.41 % of the ore's mass
    assert figures.loc["share", ["value_converted", "unit"]].tolist() == [0.41, "%"]


def test_readings_never_offer_a_basis_the_unit_rules_out(variant):
    figures = loaded(variant, figure_line(figure_id="oz", commodity="gold", value="41.5", unit_reported="million ounces",
                                          basis="contained metal", quote="41.5 million ounces of gold reserves"))
    readings = reserves.readings(figures.reset_index())
    assert set(readings.loc[readings["figure_id"] == "oz", "basis_reading"]) == {"contained metal"}


def test_an_unattributed_figure_says_so_and_invents_no_claimant(variant):
    figure = loaded(variant, figure_line(figure_id="x", claimant_id="", claimant="")).loc["x"]
    assert "unattributed" in figure["flag_codes"].split(";")
    assert "the source does not say whose figure it is" in figure["caveat"]
    assert reserves.cite(figure.rename("x").to_frame().T.reset_index(names="figure_id").iloc[0]).startswith("Unattributed")


def test_one_claimant_under_several_spellings_is_one_claimant():
    figures = reserves.load_reserves()
    coalition = figures[figures["claimant_id"] == "ngo-coalition"]
    assert coalition["claimant"].nunique() > 1 and coalition["claimant_name"].nunique() == 1


def test_counts_say_what_they_count(variant):
    path = variant("counts", lambda text: text + "k,Kumtor,,gold,areas,2,,exact,,,,,jamnews-2022-12-13,,,another two areas,,\n"
                                                 "m,Kumtor,,gold,shafts,2,,exact,,,,,jamnews-2022-12-13,,,two shafts,,\n")
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_counts(path)
    (problem,) = caught.value.problems
    assert (problem.column, problem.value) == ("counted", "shafts") and "counted.csv" in problem.message
