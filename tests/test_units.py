"""The unit catalogue (units.csv) against pint's registry: every factor and dimension, stated twice, independently.

Each unit a source writes is mapped here, by hand, to a pint expression (an assumed unit as what it is read as);
pint converts it to the canonical unit of its dimension, and the catalogue's factor must agree with it. The package
does not use pint at run time: the catalogue is data an analyst can read and extend, and this test keeps it honest.

pint's own readings differ from mining usage in places the map writes out: pint's 'oz' and 'Moz' are avoirdupois, its
'ton' is the short ton, its 'mt' a millitonne; it has no mercury flask and no ppb.
"""

import csv
import re
import string
from fractions import Fraction

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reserves._contract import descriptor as contract
from reserves._contract.cells import _did_you_mean

DEFINITIONS = ['mercury_flask = 76 * pound', 'ppb = 1e-9']
CANONICAL = {  # the canonical unit of each dimension, in pint's words
    'mass': 'metric_ton',
    'volume': 'meter ** 3',
    'fraction': 'gram / metric_ton',
    'mass per year': 'metric_ton / year',
    'mass per day': 'metric_ton / day',
    'volume per year': 'meter ** 3 / year',
    'volume per day': 'meter ** 3 / day',
    'duration': 'year',
}
PINT = {
    'tonnes': 'metric_ton', 'tonne': 'metric_ton', 't': 'metric_ton', 'metric tons': 'metric_ton',
    'metric ton': 'metric_ton', 'metric tonnes': 'metric_ton', 'tons': 'metric_ton', 'ton': 'metric_ton',
    'mt': 'metric_ton', 'MT': 'metric_ton', 'kg': 'kilogram', 'kilograms': 'kilogram', 'g': 'gram', 'grams': 'gram',
    'grammes': 'gram', 'kt': 'kilometric_ton', 'thousand t': '1e3 * metric_ton', 'thousand tonnes': '1e3 * metric_ton',
    'thousand metric tons': '1e3 * metric_ton', 'thousand tons': '1e3 * metric_ton', 'Mt': 'megametric_ton',
    'million t': '1e6 * metric_ton', 'million tonnes': '1e6 * metric_ton', 'million metric tons': '1e6 * metric_ton',
    'million metric tonnes': '1e6 * metric_ton', 'MMT': '1e6 * metric_ton', 'mln tonnes': '1e6 * metric_ton',
    'million tons': '1e6 * metric_ton', 'mln tons': '1e6 * metric_ton', 'Gt': 'gigametric_ton',
    'billion tonnes': '1e9 * metric_ton', 'billion metric tons': '1e9 * metric_ton', 'bn tonnes': '1e9 * metric_ton',
    'billion tons': '1e9 * metric_ton', 'short tons': 'short_ton', 'long tons': 'long_ton',
    'thousand short tons': '1e3 * short_ton', 'thousand long tons': '1e3 * long_ton',
    'million short tons': '1e6 * short_ton', 'million long tons': '1e6 * long_ton',
    'billion short tons': '1e9 * short_ton', 'billion long tons': '1e9 * long_ton', 'troy ounces': 'troy_ounce',
    'ounces': 'troy_ounce', 'oz': 'troy_ounce', 'avoirdupois ounces': 'avoirdupois_ounce', 'koz': '1e3 * troy_ounce',
    'thousand troy ounces': '1e3 * troy_ounce', 'thousand ounces': '1e3 * troy_ounce',
    'thousand avoirdupois ounces': '1e3 * avoirdupois_ounce', 'Moz': '1e6 * troy_ounce',
    'million troy ounces': '1e6 * troy_ounce', 'million ounces': '1e6 * troy_ounce', 'million oz': '1e6 * troy_ounce',
    'million avoirdupois ounces': '1e6 * avoirdupois_ounce', 'lb': 'pound', 'lbs': 'pound', 'pounds': 'pound',
    'Mlb': '1e6 * pound', 'Mlbs': '1e6 * pound', 'million pounds': '1e6 * pound', 'million lb': '1e6 * pound',
    'million lbs': '1e6 * pound', 'Blb': '1e9 * pound', 'billion lb': '1e9 * pound', 'billion lbs': '1e9 * pound',
    'billion pounds': '1e9 * pound', 'carats': 'carat', 'ct': 'carat', 'cts': 'carat', 'million carats': '1e6 * carat',
    'Mct': '1e6 * carat', 'flasks': 'mercury_flask', 'cubic meters': 'meter ** 3', 'cubic metres': 'meter ** 3',
    'm3': 'meter ** 3', 'm³': 'meter ** 3', 'thousand cubic meters': '1e3 * meter ** 3',
    'thousand cubic metres': '1e3 * meter ** 3', 'million cubic meters': '1e6 * meter ** 3',
    'million cubic metres': '1e6 * meter ** 3', 'g/t': 'gram / metric_ton', 'g/mt': 'gram / metric_ton',
    'grams per tonne': 'gram / metric_ton', 'grammes per tonne': 'gram / metric_ton', 'gpt': 'gram / metric_ton',
    'grams per ton': 'gram / metric_ton', 'qram per ton': 'gram / metric_ton', 'ppm': 'ppm', 'ppb': 'ppb',
    '%': 'percent', 'percent': 'percent', 'per cent': 'percent', 'per cent.': 'percent', 'pct': 'percent',
    'oz/t': 'troy_ounce / short_ton', 'oz/ton': 'troy_ounce / short_ton', 'oz per ton': 'troy_ounce / short_ton',
    'opt': 'troy_ounce / short_ton', 'troy ounces per short ton': 'troy_ounce / short_ton',
    'troy ounces per tonne': 'troy_ounce / metric_ton', 'tonnes per year': 'metric_ton / year',
    'tonnes per annum': 'metric_ton / year', 't/y': 'metric_ton / year', 't/a': 'metric_ton / year',
    'tpa': 'metric_ton / year', 'ktpa': '1e3 * metric_ton / year', 'Mtpa': '1e6 * metric_ton / year',
    'MTPA': '1e6 * metric_ton / year', 'mtpa': '1e6 * metric_ton / year', 'Mt/y': 'megametric_ton / year',
    'Mt/a': 'megametric_ton / year', 'million tonnes per annum': '1e6 * metric_ton / year',
    'million tonnes per year': '1e6 * metric_ton / year', 'tons per year': 'metric_ton / year',
    'tons per annum': 'metric_ton / year', 'short tons per year': 'short_ton / year',
    'long tons per year': 'long_ton / year', 'troy ounces per year': 'troy_ounce / year', 'oz/y': 'troy_ounce / year',
    'oz/yr': 'troy_ounce / year', 'oz per year': 'troy_ounce / year', 'ounces per year': 'troy_ounce / year',
    'ounces per annum': 'troy_ounce / year', 'avoirdupois ounces per year': 'avoirdupois_ounce / year',
    'koz per year': '1e3 * troy_ounce / year', 'Moz per year': '1e6 * troy_ounce / year',
    'million pounds per year': '1e6 * pound / year', 'tonnes per day': 'metric_ton / day', 't/d': 'metric_ton / day',
    'tpd': 'metric_ton / day', 'tons per day': 'metric_ton / day', 'short tons per day': 'short_ton / day',
    'long tons per day': 'long_ton / day', 'cubic meters per year': 'meter ** 3 / year',
    'cubic metres per year': 'meter ** 3 / year', 'm3/y': 'meter ** 3 / year',
    'thousand cubic meters per year': '1e3 * meter ** 3 / year', 'cubic meters a day': 'meter ** 3 / day',
    'cubic meters per day': 'meter ** 3 / day', 'cubic metres per day': 'meter ** 3 / day', 'm3/d': 'meter ** 3 / day',
    'm3/day': 'meter ** 3 / day', 'l/s': 'liter / second', 'liters per second': 'liter / second',
    'litres per second': 'liter / second', 'years': 'year', 'year': 'year', 'billion mt': '1e9 * metric_ton',
    'oz.': 'troy_ounce', 'm oz': '1e6 * troy_ounce', 'g/t Au': 'gram / metric_ton', 'g/t Ag': 'gram / metric_ton',
    'dry metric tonnes': 'metric_ton', 'gram': 'gram', 'min ton': '1e3 * metric_ton', 'tons annually': 'metric_ton / year',
    'million tons annually': '1e6 * metric_ton / year', 'ounces annually': 'troy_ounce / year',
}

ROWS = list(csv.DictReader((contract.shipped_dir() / "units.csv").read_text(encoding="utf-8").splitlines()))
CONVERTIBLE = [row for row in ROWS if row["unit_status"] != "unknown"]


@pytest.fixture(scope="module")
def ureg():
    registry = pint.UnitRegistry(non_int_type=Fraction)
    for definition in DEFINITIONS:
        registry.define(definition)
    return registry


def test_every_convertible_unit_has_a_pint_statement_and_no_other():
    assert sorted(row["unit_reported"] for row in CONVERTIBLE) == sorted(PINT)


@pytest.mark.parametrize("row", CONVERTIBLE, ids=lambda row: row["unit_reported"])
def test_factor_and_dimension_agree_with_pint(ureg, row):
    quantity = ureg.Quantity(PINT[row["unit_reported"]])
    canonical = ureg.Quantity(1, CANONICAL[row["dimension"]])
    assert quantity.dimensionality == canonical.dimensionality, row["dimension"]
    assert Fraction(row["factor"]) == pytest.approx(Fraction(quantity.to(canonical.units).magnitude), rel=1e-12)


def test_an_ounce_a_pound_a_carat_or_a_flask_weighs_the_metal_itself():
    """No one weighs ore in ounces: a unit of these names states its figure's basis."""
    weighs_metal = re.compile(r"\b(ounces?|oz|koz|Moz|lbs?|Mlbs?|Blb|pounds|carats|cts?|Mct|flasks)\b")
    for row in ROWS:
        if row["dimension"].startswith("mass"):
            assert (row["basis"] == "contained metal") == bool(weighs_metal.search(row["unit_reported"])), row["unit_reported"]


MEANINGS = [(row["dimension"], row["factor"]) for row in ROWS]
UNITS = [row["unit_reported"] for row in ROWS]


@given(st.sampled_from(ROWS), st.data())
def test_a_suggestion_never_changes_a_units_dimension_or_magnitude(row, data):
    """A slip of one character (typed, dropped, doubled, swapped) is mended to a unit of the same meaning, or not at all."""
    unit = row["unit_reported"]
    at = data.draw(st.integers(0, len(unit)))
    letter = data.draw(st.sampled_from(string.ascii_letters + string.digits + " ./%"))
    slip = data.draw(st.sampled_from([unit[:at] + letter + unit[at:], unit[:at] + letter + unit[at + 1:],
                                      unit[:at] + unit[at + 1:], unit[:at] + unit[at + 1:at + 2] + unit[at:at + 1] + unit[at + 2:]]))
    if slip in UNITS or not slip.strip():
        return
    suggestion = _did_you_mean(slip, UNITS, MEANINGS)
    if suggestion:
        meant = suggestion.split("'")[1]
        assert MEANINGS[UNITS.index(meant)] == (row["dimension"], row["factor"]), (slip, meant)


@pytest.mark.parametrize("slip, suggestion", [
    ("million tonnez", "; did you mean 'million tonnes'?"),
    ("million ounses", "; did you mean 'million ounces'?"),
    ("Eoz", ""),  # as near 'oz' as 'koz'
    ("Fillion metric tons", ""),  # as near a million as a billion
])
def test_a_suggestion_mends_only_an_unambiguous_slip(slip, suggestion):
    assert _did_you_mean(slip, UNITS, MEANINGS) == suggestion
