"""An analyst's own folder of claims: its vocabularies extend the shipped ones, and the folder travels with the frame."""

import re
import shutil

import pandas as pd
import pytest

import reserves
from conftest import figure_line
from reserves._contract import descriptor as contract
from reserves._tables.loaders import LOADERS

UNITS = "unit_reported,dimension,unit,factor,unit_status,read_as,basis,readings,note\n"
COMMODITIES = "commodity,symbol,group,members,metal_words,grade_unit,note\n"


@pytest.fixture
def own(tmp_path):
    """A folder with the shipped deposits and sources, and a claims file of three rows no shipped vocabulary can hold."""
    for name in ("deposits", "sources", "territories"):
        shutil.copy(contract.shipped_dir() / f"{name}.csv", tmp_path)
    (tmp_path / "units.csv").write_text(UNITS + "quintals,mass,t,0.1,stated,,,,Metric quintal of 100 kg.\n", encoding="utf-8")
    (tmp_path / "commodities.csv").write_text(COMMODITIES + "antimony,Sb,minor metal,,,%,\n", encoding="utf-8")
    header = ",".join(contract.field_names("reserves"))
    rows = [figure_line(figure_id="mine-quintals", value="120", unit_reported="quintals", quote="120 quintals of gold"),
            figure_line(figure_id="mine-ounces", value="5000", unit_reported="troy ounces", basis="contained metal", quote="5000 troy ounces"),
            figure_line(figure_id="mine-antimony", commodity="antimony", value="12", quote="12 tons of antimony")]
    (tmp_path / "reserves.csv").write_text(header + "\n" + "".join(rows), encoding="utf-8")
    return tmp_path


def test_own_vocabularies_extend_the_shipped_ones(own):
    figures = reserves.load_reserves(own / "reserves.csv").set_index("figure_id")
    assert figures.loc["mine-quintals", "value_t"] == pytest.approx(12)  # the folder's own unit
    assert figures.loc["mine-ounces", "value_t"] == pytest.approx(5000 * 0.0000311034768)  # a shipped unit, still known
    assert figures.loc["mine-antimony", "commodity"] == "antimony"


def test_an_own_row_that_contradicts_the_shipped_one_names_both_files(own):
    (own / "units.csv").write_text(UNITS + "tons,mass,t,1000,stated,,,,Wrong.\n", encoding="utf-8")
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(own / "reserves.csv")
    assert f"{own / 'units.csv'}:2: unit_reported: the shipped units.csv ({contract.shipped_dir() / 'units.csv'}) has this" in str(caught.value)


def test_the_helpers_use_the_frames_own_folder(own):
    figures = reserves.load_reserves(own / "reserves.csv")
    readings = reserves.readings(figures)
    assert set(readings["figure_id"]) >= {"mine-antimony"}  # 'tons' read three ways: no KeyError on the folder's units
    totals = reserves.total(figures).set_index("commodity")
    assert totals.loc["antimony", "why"] == "1 basis unknown"
    assert reserves.cite(figures.iloc[0]).startswith("c, as reported by JAMnews")


@pytest.mark.parametrize("name", LOADERS)
def test_no_column_shadows_a_dataframe_attribute(name):
    assert not set(LOADERS[name]().columns) & set(dir(pd.DataFrame))


@pytest.mark.parametrize("load", [reserves.load_reserves, reserves.load_counts], ids=["reserves", "counts"])
def test_view_shows_numbers_as_written_and_caveats_whole(load):
    frame = load()
    html = reserves.view(frame).to_html()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    assert not [cell for cell in cells if re.fullmatch(r"-?\d+\.0|nan|<NA>|None", cell)]
    longest = max(frame["caveat"], key=len)
    assert longest.replace("'", "&#39;") in html or longest in html
    assert "white-space: pre-wrap" in html


def test_a_new_analyst_from_an_empty_folder_to_a_report(tmp_path, capsys):
    """reserves new, three claims of one's own (troy ounces, a grade, a new commodity), validate, charts, helpers."""
    from html import escape

    from conftest import ROOT
    from reserves._cli.main import main

    mine = tmp_path / "mine"
    assert main(["new", str(mine)]) == 0
    with (mine / "deposits.csv").open("a", encoding="utf-8") as out:
        out.write("mine-a,Mine A,,,,\n")
    with (mine / "claimants.csv").open("a", encoding="utf-8") as out:
        out.write("the-company,The Company plc,The company,company,,,\n")
    with (mine / "sources.csv").open("a", encoding="utf-8") as out:
        out.write("my-paper-2024,My Paper,Gold in the hills,2024-05,https://example.org/gold,en,\n")
    (mine / "commodities.csv").write_text(COMMODITIES + "antimony,Sb,minor metal,,,%,\n", encoding="utf-8")
    said = {"deposit_id": "mine-a", "source_id": "my-paper-2024", "claimant_id": "the-company", "claimant": "The company"}
    claims = [figure_line(figure_id="a-gold-oz", commodity="gold", value="250000", unit_reported="troy ounces", basis="contained metal",
                          quote='"250,000 troy ounces of gold"', **said),
              figure_line(figure_id="a-gold-grade", commodity="gold", measure="grade", value="4.5", unit_reported="g/t",
                          basis="not applicable", quote="an average grade of 4.5 g/t", **said),
              figure_line(figure_id="a-antimony", commodity="antimony", value="1200", unit_reported="tonnes",
                          quote='"1,200 tonnes of antimony"', **said)]
    with (mine / "reserves.csv").open("a", encoding="utf-8") as out:
        out.write("".join(claims))
    assert main(["validate", str(mine)]) == 0
    figures = reserves.load_reserves(mine / "reserves.csv")
    assert figures["value_converted"].round(4).tolist() == [7.7759, 4.5, 1200]
    assert set(reserves.readings(figures)["figure_id"]) == {"a-antimony"}  # ounces weigh gold itself: only the tonnes are uncertain
    assert reserves.cite(figures.iloc[0]).startswith('The company, as reported by My Paper, "Gold in the hills", 2024-05')
    assert reserves.total(figures).set_index("commodity").loc["antimony", "why"] == "1 basis unknown"
    out = tmp_path / "out"
    assert main(["charts", "--data", str(mine), "--out", str(out), "--notebooks", str(ROOT / "notebooks")]) == 0
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    for row in figures.itertuples():
        assert escape(row.quote) in report and escape(row.caveat) in report
    assert (out / "gold_readings.svg").is_file() or (out / "reported_figures.svg").is_file()
