"""Charts carry their caveats, drawn from the plotted rows' flags, and save the same bytes every time."""

import pytest

pytest.importorskip("matplotlib")

import pandas as pd  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import reserves  # noqa: E402
from conftest import figure_line  # noqa: E402
from reserves import charts  # noqa: E402

ARTICLE = "jamnews-2022-12-13"
CHARTS = [
    ("copper_by_deposit", lambda figures, counts: charts.tonnage_by_deposit(figures, "copper"), "copper in the ground"),
    ("reported_figures", lambda figures, counts: charts.reported_figures(figures), "figures"),
    ("deposit_counts", lambda figures, counts: charts.deposit_counts(counts), "counts"),
    ("demirli-kashen_copper_claims", lambda figures, counts: charts.claims_compared(figures, "demirli-kashen", "copper"), "demirli copper"),
    ("gyzylbulag-drmbon_gold_claims", lambda figures, counts: charts.claims_compared(figures, "gyzylbulag-drmbon", "gold"), "gyzylbulag gold"),
    ("territory_totals", lambda figures, counts: charts.territory_totals(figures), "territories"),
    ("classes", lambda figures, counts: charts.classes_compared(figures), "classes"),
    ("copper_readings", lambda figures, counts: charts.world_shares(reserves.readings(figures)), "copper readings"),
]
IDS = [c[0] for c in CHARTS]


def all_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def footnote(fig) -> str:
    return " ".join(fig.texts[1].get_text().split())


def draw(chart, figures=None, counts=None):
    return chart(reserves.load_reserves() if figures is None else figures, reserves.load_counts() if counts is None else counts)


def plotted(table: str) -> pd.DataFrame:
    """The rows a chart of CHARTS draws."""
    figures = reserves.load_reserves()
    in_ground = figures[(figures["in_situ"] == "yes") & figures["dimension"].isin(["mass", "unknown"])]
    if table == "counts":
        return reserves.load_counts()
    if table == "figures":
        return figures
    if table == "copper in the ground":
        return in_ground[(in_ground["commodity"] == "copper") & (in_ground["scope"] == "deposit")]
    if table == "territories":
        return in_ground[in_ground["deposit_id"].isna()]
    if table == "classes":
        return in_ground[in_ground["resource_class"].notna()]
    if table == "copper readings":  # the world-shares chart draws uncertain reserve figures read as contained metal
        shares = reserves.readings(figures).query("share_of_world_percent.notna() and commodity == 'copper'", engine="python")
        return figures[figures["figure_id"].isin(shares["figure_id"]) & ~figures["flag_codes"].str.contains("not_reserve")]
    deposit, commodity = table.split()
    return in_ground[in_ground["deposit_id"].fillna("").str.startswith(deposit) & (in_ground["commodity"] == commodity)]


@pytest.mark.parametrize("name, chart, table", CHARTS, ids=IDS)
def test_chart_carries_title_source_and_every_caveat(name, chart, table):
    fig = draw(chart)
    rows = plotted(table)
    assert len(rows) and fig.texts[0].get_text()
    assert footnote(fig).startswith("Source: ")
    for row in rows.itertuples():
        who = row.claimant if isinstance(row.claimant, str) else "unattributed"
        assert f"{who}, reported by {row.publisher}" in footnote(fig)
        assert row.caveat in footnote(fig)


def test_caveat_follows_a_changed_flag(variant):
    path = variant("reserves", lambda text: text.replace(";estimate", "").replace(",estimate;", ",").replace(",estimate,", ",,"))
    before, after = footnote(draw(CHARTS[0][1])), footnote(draw(CHARTS[0][1], reserves.load_reserves(path)))
    assert "called an estimate by the source" in before and "called an estimate" not in after


def test_flagged_and_plain_figures_are_drawn_differently(variant):
    plain = figure_line(figure_id="plain", value="275000", unit_reported="metric tons", basis="contained metal")
    figures = reserves.load_reserves(variant("reserves", lambda text: text + plain)).query("source_id == @ARTICLE")
    fig = charts.tonnage_by_deposit(figures)
    bars = fig.axes[0].patches
    assert [bool(bar.get_hatch()) for bar in bars] == figures.query("commodity == 'copper'")["ambiguous"].tolist() == [True, True, False]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["hatched: the figure carries flags (caveats below)", "plain: no flag"]
    assert "275,000 metric tons\nbasis: contained metal" in all_text(fig)


def test_copper_bars_say_the_basis_is_unknown():
    fig = charts.tonnage_by_deposit(reserves.load_reserves().query("source_id == @ARTICLE"))
    on_bars = [t.get_text() for t in fig.axes[0].texts]
    assert on_bars == ["47.9 million tons\nbasis not stated: ore, concentrate or contained copper",
                       "100 million tons\nbasis not stated: ore, concentrate or contained copper"]


def test_gold_in_units_stays_off_the_tonnes_axis():
    figures = reserves.load_reserves()
    assert "Not on the axis: 13.6 units (Gyzylbulag (Drmbon))" in footnote(charts.tonnage_by_deposit(figures, "gold"))
    table = charts.reported_figures(figures).axes[0].tables[0]
    assert "13.6 units (industrial)" in [cell.get_text().get_text() for cell in table.get_celld().values()]


def test_counts_are_drawn_as_open_bounds_and_partial():
    text = all_text(charts.deposit_counts(reserves.load_counts()))
    assert "more than 150" in text and "more than 160" in text
    assert "? not stated: one item of a list ending in 'etc.'" in text
    assert "open end: a lower bound ('more than'), not an exact figure" in text


@pytest.mark.parametrize("name, chart, table", CHARTS, ids=IDS)
def test_svg_keeps_text_with_title_and_description(tmp_path, name, chart, table):
    svg, png = charts.save(draw(chart), tmp_path, name)
    text = svg.read_text(encoding="utf-8")
    assert text.count("<title>") == 1 and text.count("<desc>") == 1
    assert "<text" in text and "Source:" in text.split("</desc>", 1)[1]
    assert ". Source: " in text.split("<desc>", 1)[1].split("</desc>", 1)[0]
    assert png.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("name, chart, table", CHARTS, ids=IDS)
def test_same_data_gives_the_same_bytes(tmp_path, name, chart, table):
    first = charts.save(draw(chart), tmp_path / "a", name)
    second = charts.save(draw(chart), tmp_path / "b", name)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_claims_side_by_side_are_coloured_by_basis_and_keep_unknown_units():
    fig = charts.claims_compared(reserves.load_reserves(), "gyzylbulag-drmbon", "gold")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[0] == "13.6 units (industrial): unit unknown, cannot be placed on this axis"
    assert texts[1:] == ["17.5 tons", "13.7 tons"]
    assert fig.axes[0].get_xscale() == "log"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["basis: unknown", "hatched: flagged (caveats below)"]


def test_readings_chart_marks_implausible_readings():
    fig = charts.world_shares(reserves.readings(reserves.load_reserves()))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:2] == ["5.4%: implausible", "11%: implausible"]
    assert "Not drawn: 218,000 tons (today.az (unattributed)): not a quantity in the ground." in footnote(fig)
    bars = fig.axes[0].patches
    assert [bar.get_facecolor()[:3] for bar in bars[:3]] == [(232 / 255, 160 / 255, 160 / 255)] * 2 + [(217 / 255, 164 / 255, 65 / 255)]
