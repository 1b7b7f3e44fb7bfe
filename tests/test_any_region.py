"""If ``validate`` accepts a folder, every helper works on it: the example folder of other regions, and any folder
the generator writes (own units of every dimension, own classes, blanks, bounds, ranges, slips, other scripts)."""

import math
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import reserves
from conftest import ROOT
from generate import folder_rows, write_folder
from reserves._cli.main import main
from reserves._tables import loaders as _loaders
from reserves._tables.folder import Folder
from reserves._tables.validate import check_folder

EXAMPLE = ROOT / "examples" / "other-regions"
LOADERS = _loaders.LOADERS


def every_helper(folder) -> dict[str, pd.DataFrame]:
    """Run every public helper on a folder the way an analyst does; return what they gave."""
    figures, counts = reserves.load_reserves(folder), reserves.load_counts(folder)
    readings = reserves.readings(figures)
    uncertain = figures[(figures["unit_status"] == "assumed") | ((figures["basis"] == "unknown") & (figures["dimension"] == "mass"))]
    assert set(uncertain["figure_id"]) <= set(readings["figure_id"]) <= set(figures["figure_id"])  # each doubt is read out
    totals = reserves.total(figures, by=["deposit", "territory"])
    assert totals["figures"].sum() + totals["left_out"].sum() == len(figures)  # every row is added or said left out
    for frame in (figures, counts):
        assert "<NA>" not in reserves.view(frame).to_html()
        for _, row in frame.iterrows():
            citation = reserves.cite(row)
            assert "<NA>" not in citation and "nan" not in citation.split(), citation
    deposits = reserves.load_deposits(folder)
    for row in deposits.itertuples():
        assert reserves.find_deposit(row.name, figures) == reserves.find_deposit(row.name, folder) == row.deposit_id
    names = figures.attrs["vocabularies"]["deposit_names"]
    for row in names[names["deposit_id"].isin(deposits["deposit_id"])].itertuples():  # a name in any language and script
        assert reserves.find_deposit(row.name, figures) == row.deposit_id
    both = reserves.concat([figures, reserves.load_reserves()]) if _compatible(folder) else figures
    assert len(both) >= len(figures)
    return {"figures": figures, "counts": counts, "readings": readings, "totals": totals}


def _compatible(folder) -> bool:
    """concat refuses two folders that give one id different rows; the example's ids are its own."""
    return folder == EXAMPLE


def test_the_example_folder_of_other_regions_validates_with_one_own_unit(capsys):
    """Kyrgyz, Armenian, Pakistani, Mongolian, South African, Kazakh, Russian and Uzbek claims, as their sources word
    them, fit the shipped vocabularies: the folder adds only the one unit no one else writes."""
    assert main(["validate", str(EXAMPLE)]) == 0
    assert "valid:" in capsys.readouterr().out
    assert sorted(p.stem for p in EXAMPLE.glob("*.csv")) == ["claimants", "counts", "deposits", "reserves", "sources",
                                                             "territories", "units"]
    units = reserves.load_reserves(EXAMPLE).attrs["vocabularies"]["units"]
    assert units.tail(1)["unit_reported"].tolist() == ["million contained gold ounces"]


def test_every_helper_works_on_the_example_folder():
    seen = every_helper(EXAMPLE)
    figures = seen["figures"].set_index("figure_id")
    assert figures.loc["amulsar-gold-mi-2014", "value_as_written"] == "3.0"  # '3.0 million contained gold ounces'
    assert figures.loc["kumtor-design-grade", ["value_as_written", "value_high_as_written"]].tolist() == ["3", "4"]
    assert figures.loc["tshepong-north-mine-life", "value"] == 5  # 'five years'
    assert figures.loc["gagarinskoye-gold-c1c2", "value"] == 10104.3  # '10 104.3 kg', a space between digit groups
    # an ounce of gold is contained gold; 'tonnes grading' is ore; tons of gold alone are of unknown basis
    assert figures.loc[["harmony-gold-reserve-2010", "amulsar-ore-mi", "uzbekistan-gold-reserve"], "basis"].tolist() == [
        "contained metal", "ore", "unknown"]
    # the Investors Chronicle's 'mt' meant megatonnes: the editor's suspected slip is shown, the figure kept as written
    slip = figures.loc["hugo-dummett-north-reduction"]
    assert (slip["value_as_written"], slip["unit_reported"], slip["slip_unit"]) == ("47", "mt", "Mt")
    assert "unit_slip" in slip["flag_codes"]
    unattributed = seen["figures"].set_index("figure_id", drop=False).loc["reko-diq-copper-increment"]
    assert "unattributed" in unattributed["flag_codes"] and pd.isna(unattributed["claimant_name"])
    assert reserves.cite(unattributed).startswith("Unattributed (no claimant named), as reported by mqworld.com")


def test_the_example_folder_round_trips_byte_for_byte(tmp_path):
    again = shutil.copytree(EXAMPLE, tmp_path / "again")
    for name in [p.stem for p in EXAMPLE.glob("*.csv") if p.stem in LOADERS]:
        (again / f"{name}.csv").unlink()
        reserves.write_csv(LOADERS[name](EXAMPLE), again)
        assert (again / f"{name}.csv").read_bytes() == (EXAMPLE / f"{name}.csv").read_bytes(), name


def test_every_notebook_and_chart_runs_on_the_example_folder(tmp_path):
    assert main(["charts", "--data", str(EXAMPLE), "--out", str(tmp_path / "charts")]) == 0
    assert (tmp_path / "charts" / "report" / "index.html").is_file()
    assert len(list((tmp_path / "charts").glob("*.svg"))) >= 5


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(folder_rows())
def test_a_folder_validate_accepts_works_with_every_helper(tmp_path, tables):
    folder = write_folder(tmp_path / "mine", tables)
    report = check_folder(Folder(folder))
    assert report.valid, report.errors
    seen = every_helper(folder)
    converted = seen["readings"]["value_converted"].dropna()
    assert converted.map(math.isfinite).all()


def test_total_adds_no_territory_with_one_it_lies_inside(tmp_path):
    """A region's figure is in its country's: the country's total adds the country's figure alone."""
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    rows = reserves.load_reserves(EXAMPLE)
    keep = rows[rows["figure_id"].isin(["buryatia-gold-potential"])]
    country = keep.assign(figure_id="russia-gold-potential", territory_id="russia")
    reserves.write_csv(reserves.concat([keep, country]), tmp_path)
    total = reserves.total(reserves.load_reserves(tmp_path))
    assert total[["total", "figures", "left_out", "why"]].values.tolist() == [
        [pytest.approx(21 * 31.1034768), 1, 1, "1 inside another territory of the sum"]]
