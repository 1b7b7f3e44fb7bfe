"""Charts that cannot be misread: every chart of the shipped data, of another region's folder and of generated
folders is checked as drawn (text inside the canvas, no two texts overlapping, no mathtext or e-notation, no bar,
one kind of quantity per axis, each mark as its legend says), carries its caveats, and saves the same bytes."""

import re

import pytest

pytest.importorskip("matplotlib")

import matplotlib as mpl  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import reserves  # noqa: E402
from conftest import ROOT, figure_line  # noqa: E402
from generate import folder_rows, write_folder  # noqa: E402
from reserves import charts  # noqa: E402
from reserves._publishing.charts.base import STYLE  # noqa: E402
from reserves._publishing.charts.quantities import is_quantity, panels  # noqa: E402

EXAMPLE = ROOT / "examples" / "other-regions"
NOT_PLAIN = re.compile(r"\d[eE][+-]?\d|\\times|mathdefault")  # e-notation or mathtext in a drawn text


def drawn_texts(fig) -> list[tuple[str, object]]:
    """Every visible text of the figure with its box in pixels, as the saved PNG draws it."""
    with mpl.rc_context(STYLE):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def assert_readable(fig) -> None:
    """The checks every chart passes, whatever its data."""
    texts = drawn_texts(fig)
    page = fig.bbox
    for text, box in texts:
        assert page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5 and page.y0 - 0.5 <= box.y0 and box.y1 <= page.y1 + 0.5, (
            f"outside the canvas: {text!r}")
        assert not NOT_PLAIN.search(text), f"mathtext or e-notation: {text!r}"
    boxes = sorted(texts, key=lambda t: t[1].y0)
    for i, (text, box) in enumerate(boxes):  # sorted by bottom: only boxes that start below this one's top can touch it
        for other, second in boxes[i + 1:]:
            if second.y0 >= box.y1 - 0.5:
                break
            overlap = min(box.x1, second.x1) - max(box.x0, second.x0)
            assert overlap <= 0.5, f"{text!r} overlaps {other!r}"
    for ax in fig.axes:
        assert not [p for p in ax.patches if isinstance(p, Rectangle)], "a bar: marks are points"
        assert ax.get_xscale() == "log" or ax.get_xlim()[0] == 0, "a linear axis starts at zero"
    legend = {a.get_marker() for a in fig.artists if isinstance(a, Line2D)} - {"s", "None", None, ""}  # the legend's samples
    used = {line.get_marker() for ax in fig.axes for line in ax.lines} - {"None", None, ""}
    assert used == legend, f"marks drawn {used}, legend {legend}"


def every_chart(figures, counts):
    return [(chart.name, chart.draw()) for chart in charts.plan(figures, counts)]


@pytest.fixture(scope="module")
def shipped():
    return every_chart(reserves.load_reserves(), reserves.load_counts())


@pytest.fixture(scope="module")
def other_region():
    return every_chart(reserves.load_reserves(EXAMPLE), reserves.load_counts(EXAMPLE))


def test_every_shipped_chart_is_readable(shipped):
    assert len(shipped) >= 10
    for _, fig in shipped:
        assert_readable(fig)


def test_every_chart_of_another_region_is_readable(other_region):
    names = [name for name, _ in other_region]
    assert {"gold_by_deposit", "kumtor_gold_claims", "reported_figures", "territory_totals", "classes", "deposit_counts"} <= set(names)
    for _, fig in other_region:
        assert_readable(fig)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(folder_rows())
def test_every_chart_of_a_generated_folder_is_readable(tmp_path, tables):
    folder = write_folder(tmp_path / "mine", tables)
    for name, fig in every_chart(reserves.load_reserves(folder), reserves.load_counts(folder)):
        assert re.fullmatch(r"[a-z0-9]+([_-][a-z0-9]+)*", name)
        assert_readable(fig)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(folder_rows())
def test_one_kind_of_quantity_per_axis(tmp_path, tables):
    figures = reserves.load_reserves(write_folder(tmp_path / "mine", tables))
    for panel in panels(figures, figures["figure_id"]):
        drawn = figures.loc[[row.index for row in panel.rows]]
        if panel.scale is None:
            assert drawn["value_converted"].isna().all()
        else:
            assert len(drawn[["commodity", "measure", "basis", "unit"]].drop_duplicates()) == 1


def test_kumtors_claims_keep_their_parts_bounds_and_kinds(other_region):
    fig = dict(other_region)["kumtor_gold_claims"]
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(fig))
    assert "tailings: more than 100 tonnes" in text  # the part and the bound, the number as written
    assert "more than 104 tons" in text and "KS-13 pit expansion: 3.6 million ounces" in text
    headings = [t for t, _ in drawn_texts(fig) if t.startswith(("In the ground", "Increment", "Resource", "Reserve", "Extracted"))]
    assert "Increment · tonnes of contained gold" in headings  # an increment is never on the axis of a stock
    assert "In the ground · tonnes, of ore or of contained gold: not stated" in headings


def test_each_label_is_whole():
    """No label is cut: each row's label and value stand in the chart, whatever their length, in their lines."""
    figures = reserves.load_reserves(EXAMPLE)
    fig = charts.claims_compared(figures, "kumtor", "gold")
    drawn = {"".join(t.split()) for t, _ in drawn_texts(fig)}
    rows = figures[(figures["deposit_id"] == "kumtor") & (figures["commodity"] == "gold") & is_quantity(figures)]
    for who in rows["claimant_short"].dropna():
        assert any("".join(who.split()) in t for t in drawn), who


def test_a_word_wider_than_the_page_is_broken_not_spilled(variant):
    long = "W" * 5000
    path = variant("reserves", lambda text: text + figure_line(figure_id="x", deposit_id="mehman", part=long, commodity="lead"))
    assert_readable(charts.tonnage_by_deposit(reserves.load_reserves(path), "lead"))


def test_markup_in_the_data_stays_text_in_the_svg(variant, tmp_path):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    path = variant("reserves", lambda text: text + figure_line(figure_id="x", deposit_id="mehman", part=evil, commodity="lead"))
    svg = charts.save(charts.tonnage_by_deposit(reserves.load_reserves(path), "lead"), tmp_path, "lead")[0].read_text(encoding="utf-8")
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize("name", ["../up", "a/b", "..", "x.svg", "Upper", "a b", "q?x=1", "", "#x"])
def test_save_refuses_a_name_that_is_not_a_plain_file_name(tmp_path, name):
    with pytest.raises(ValueError, match="not a plain file name"):
        charts.save(charts.deposit_counts(reserves.load_counts()), tmp_path / "out", name)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("text", ["../../pwned", "Pt/Pd", "Au #2 %20?", "золото", "..", "a_b"])
def test_a_file_name_from_data_is_plain_and_its_own(text):
    name = charts.file_name(text, "by_deposit")
    assert re.fullmatch(r"[a-z0-9]+([_-][a-z0-9]+)*", name)
    assert charts.file_name(text + " ", "by_deposit") != name


def test_chart_carries_every_caveat_and_claimant_in_full(shipped):
    figures = reserves.load_reserves()
    fig = dict(shipped)["demirli-kashen_copper_claims"]
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(fig))
    rows = figures[(figures["deposit_id"] == "demirli-kashen") & (figures["commodity"] == "copper") & (figures["in_situ"] == "yes")]
    for row in rows.itertuples():
        assert row.caveat in text
        who = row.claimant_name if isinstance(row.claimant_name, str) else f"{row.publisher} (unattributed)"
        assert who in text and f"reported by {row.publisher}" in text


def test_caveat_follows_a_changed_flag(variant):
    path = variant("reserves", lambda text: text.replace(";estimate", "").replace(",estimate;", ",").replace(",estimate,", ",,"))
    before = charts.tonnage_by_deposit(reserves.load_reserves(), "copper").alt_text
    after = charts.tonnage_by_deposit(reserves.load_reserves(path), "copper").alt_text
    assert "called an estimate by the source" in before and "called an estimate" not in after


def test_a_figure_no_unit_converts_keeps_its_row_in_words(shipped):
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(dict(shipped)["gyzylbulag-drmbon_gold_claims"]))
    assert "On no axis: no unit the figure's text names can be converted" in text
    assert "13.6 units (industrial): unit unknown" in text


def test_counts_say_how_their_wording_bounds_them(shipped):
    fig = dict(shipped)["deposit_counts"]
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(fig))
    assert "more than 150" in text and "about 11" in text and "not stated: the list is left open" in text
    assert "a lower bound ('more than'): the figure is at least the mark" in text
    assert "approximate ('about')" in text  # 'about 11' has its own mark, not the lower bound's


def test_each_item_of_a_breakdown_says_what_it_is(shipped):
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(dict(shipped)["deposit_counts"]))
    assert "Lachin: various minerals" in text and "Zangilan: various minerals" in text  # a district of the region's count
    assert "various minerals (Returned in 2020)" in text  # two items alike but for their note
    assert "(As of 1993" not in text  # a note is no label when the item is told apart without it


def test_readings_chart_marks_implausible_readings(shipped):
    text = " ".join(" ".join(t.split()) for t, _ in drawn_texts(dict(shipped)["copper_readings"]))
    assert "100 million tons → 11.2 %: implausible" in text
    assert "dashed line: 3 % of world reserves" in text
    assert "Not drawn: 218,000 tons" in text


def test_svg_has_title_and_description(tmp_path, shipped):
    for name, fig in shipped[:3]:
        svg, png = charts.save(fig, tmp_path, name)
        text = svg.read_text(encoding="utf-8")
        assert text.count("<title>") == 1 and text.count("<desc>") == 1 and " Sources: " in text
        assert png.read_bytes().startswith(b"\x89PNG")


def test_same_data_gives_the_same_bytes(tmp_path):
    figures = reserves.load_reserves()
    first = charts.save(charts.claims_compared(figures, "vejnaly", "gold"), tmp_path / "a", "x")
    second = charts.save(charts.claims_compared(figures, "vejnaly", "gold"), tmp_path / "b", "x")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_plan_names_the_charts_the_notebooks_draw():
    plan = charts.plan(reserves.load_reserves(), reserves.load_counts())
    assert [c.section for c in plan] == sorted([c.section for c in plan], key=["deposits", "figures", "claims", "territories", "classes",
                                                                                 "readings", "counts"].index)
    assert pd.Series([c.name for c in plan]).is_unique
