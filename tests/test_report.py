"""reserves charts: every notebook runs in a real kernel, the committed charts are fresh, the report is safe."""

import gc
import json
import os
import re
import shutil
import subprocess
import sys
from html import escape, unescape

import pytest

pytest.importorskip("nbclient")

import reserves
from conftest import ROOT, figure_line
from reserves._cli.main import main
from reserves._contract import descriptor as contract
from reserves._publishing import notebooks as report

NOTEBOOKS = ROOT / "notebooks"
COMMITTED = ROOT / "charts"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts")
    assert main(["charts", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 0
    return out


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_committed_charts_are_what_the_data_gives(built):
    differences = report.differences(built, COMMITTED)
    assert not differences, "\n".join(differences) + "\nrun 'make charts' and commit charts/"


def copy_of_committed_charts(folder):
    shutil.copytree(COMMITTED, folder)
    return folder, {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_charts_check_passes_on_the_committed_charts(tmp_path, capsys):
    out, before = copy_of_committed_charts(tmp_path / "charts")
    assert main(["charts", "--check", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"charts fresh: every chart in {out}/ and its report are what the notebooks draw from the data"
    finished = [line for line in lines if line.startswith(f"  {NOTEBOOKS}")]  # a line as each notebook finishes
    assert sorted(line.split(":")[0].strip() for line in finished) == [str(p) for p in sorted(NOTEBOOKS.glob("*.ipynb"))]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("change, line", [
    (lambda out: flip_a_byte(out / "classes.svg"), "{out}/classes.svg: stale: the data draws it differently"),
    (lambda out: (out / "classes.png").unlink(), "{out}/classes.png: missing: the data draws it, {out}/ does not have it"),
    (lambda out: (out / "gone.svg").write_text("<svg/>"), "{out}/gone.svg: no longer drawn: the data gives no such chart (delete it)"),
])
def test_charts_check_names_each_chart_that_is_not_what_the_data_gives(built, tmp_path, capsys, monkeypatch, change, line):
    """The notebooks drew ``built`` already: here they "run" by copying its charts, so the check costs no kernel."""
    monkeypatch.setattr(report, "run_all", lambda notebooks, made, data, say: shutil.copytree(built, made, dirs_exist_ok=True))
    out, _ = copy_of_committed_charts(tmp_path / "charts")
    change(out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert main(["charts", "--check", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 1
    fix = f"; run 'reserves charts --out {out} --notebooks {NOTEBOOKS}' and commit {out}/\n"
    assert capsys.readouterr().out == line.format(out=out) + fix
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_report_shows_every_chart_figure_and_count_with_its_source(built):
    index = (built / "report" / "index.html").read_text(encoding="utf-8")
    for svg in built.glob("*.svg"):
        if svg.stem != "reported_figures":  # a table drawn as a chart: the page's own table shows every figure
            title = svg.read_text(encoding="utf-8").split("<title>", 1)[1].split("</title>", 1)[0]
            assert f'id="{svg.stem}"' in index and f'href="#{svg.stem}">{title}</a>' in index
    figures, counts = reserves.load_reserves(), reserves.load_counts()
    for table in (figures, counts):
        for quote, caveat in zip(table["quote"], table["caveat"]):
            assert escape(quote) in index and escape(caveat) in index
    cited = set(figures["source_id"]) | set(counts["source_id"]) | set(";".join(figures["also_reported_by"].dropna()).split(";"))
    for url in reserves.load_sources().set_index("source_id").loc[sorted(cited), "url"]:
        assert f'href="{escape(url)}"' in index
    assert index.count('<tr class=flagged>') == int(figures["ambiguous"].sum() + counts["ambiguous"].sum())


def test_report_travels_as_one_file(built):
    """Every chart is inside the page; nothing is fetched from beside it or from the network."""
    index = (built / "report" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "<link" not in index and "@import" not in index
    sources = re.findall(r'src="([^"]*)"', index)
    assert sources and all(src.startswith("data:image/svg+xml;base64,") for src in sources)
    assert "&amp;#x27;" not in index and "&amp;amp;" not in index  # each text escaped once


def test_charts_check_covers_the_report(built, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(report, "run_all", lambda notebooks, made, data, say: shutil.copytree(built, made, dirs_exist_ok=True))
    out = shutil.copytree(built, tmp_path / "charts")
    flip_a_byte(out / "report" / "index.html")
    assert main(["charts", "--check", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 1
    assert f"{out}/report/index.html: stale: the data draws it differently" in capsys.readouterr().out


def test_a_failed_run_leaves_the_previous_output_as_it_was(built, tmp_path, capsys):
    out = shutil.copytree(built, tmp_path / "charts")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    books = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, books)
    book = json.loads((books / "counts.ipynb").read_text(encoding="utf-8"))
    book["cells"][-1]["source"] = "raise RuntimeError('broken at the end')"
    (books / "counts.ipynb").write_text(json.dumps(book), encoding="utf-8")
    assert main(["charts", "--out", str(out), "--notebooks", str(books)]) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".charts-")]  # its temporary folder is gone


EVIL = "<script>alert('x')</script>"
LONG = "Q" * 5000


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The charts of a folder whose texts attack: markup in a claimant and a quote, commodities named like paths and
    queries, a deposit name of one 5,000-letter word. Returns the run's folder, its output folder and its stderr."""
    root = tmp_path_factory.mktemp("hostile")
    data = shutil.copytree(contract.shipped_dir(), root / "data")
    (data / "commodities.csv").write_text("commodity,symbol,group,members,metal_words,grade_unit,note\n../../pwned,,grouped,,,,\n"
                                          "Pt/Pd,,grouped,,,,\nAu #2 %20?,,grouped,,,,\n", encoding="utf-8")
    deposits = (data / "deposits.csv").read_text(encoding="utf-8").replace("\nmehman,Mehman,", f"\nmehman,Mehman {LONG},", 1)
    (data / "deposits.csv").write_text(deposits, encoding="utf-8")
    reserves_csv = (data / "reserves.csv").read_text(encoding="utf-8").replace("(NGO),", f"(NGO) {EVIL},", 1)
    for i, commodity in enumerate(["../../pwned", "../../pwned", "Pt/Pd", "Pt/Pd", "Au #2 %20?", "Au #2 %20?"]):
        deposit = ["mehman", "vejnaly"][i % 2]
        reserves_csv += figure_line(figure_id=f"evil-{i}", deposit_id=deposit, commodity=f'"{commodity}"', value=str(10 + i),
                                    quote=f'"<img src=x onerror=alert({i})> {10 + i} tons of it"')
    (data / "reserves.csv").write_text(reserves_csv, encoding="utf-8")
    out = root / "site" / "out"
    done = subprocess.run([sys.executable, "-m", "reserves", "charts", "--data", str(data), "--out", str(out), "--notebooks",
                           str(NOTEBOOKS)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    return root, out, done.stderr


def test_markup_in_the_data_stays_text_in_the_report_and_the_charts(hostile):
    root, out, _ = hostile
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert EVIL not in page and "<img src=x" not in page and "&lt;script&gt;alert" in page and "&lt;img src=x onerror" in page
    for svg in out.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text, svg.name


def test_file_names_from_data_stay_in_out_and_name_nothing_else(hostile):
    root, out, _ = hostile
    written = [p for p in root.rglob("*") if p.is_file() and "data" not in p.relative_to(root).parts]
    assert all(out in p.parents for p in written), [p for p in written if out not in p.parents]
    assert all(re.fullmatch(r"[a-z0-9]+([_-][a-z0-9]+)*\.(svg|png)", p.name) for p in out.glob("*.*"))
    assert (out / "pwned-9397561a_by_deposit.svg").is_file()  # the chart of '../../pwned', in out, under a plain name


def test_a_normal_run_is_quiet(hostile):
    assert hostile[2] == ""  # no kernel warnings, nothing on stderr


def test_a_failing_notebook_stops_the_others_and_is_one_line(tmp_path, capfd, caplog):
    """The others' kernels are killed quietly: no traceback from them, from nbclient or from asyncio."""
    for notebook in ("comparison.ipynb", "counts.ipynb", "reserves.ipynb"):  # comparison runs longest: it is cut mid-cell
        shutil.copy(NOTEBOOKS / notebook, tmp_path)
    book = json.loads((NOTEBOOKS / "reserves.ipynb").read_text(encoding="utf-8"))
    book["cells"][2]["source"] = "raise ValueError('no such figure')"
    (tmp_path / "broken.ipynb").write_text(json.dumps(book), encoding="utf-8")
    assert main(["charts", "--notebooks", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    gc.collect()  # asyncio reports a task's unretrieved exception when the task is collected
    err = capfd.readouterr().err  # the kernels' own output too: they write to this process's stderr
    assert err.splitlines() == [f"error: {tmp_path / 'broken.ipynb'}: cell 3 failed: ValueError: no such figure"]
    assert "Traceback" not in err and "never retrieved" not in caplog.text + err


MEASURE = """<script>
const caveat = document.querySelector("#figures + table tbody tr td:nth-child(6)");
const box = caveat.getBoundingClientRect();
document.title = JSON.stringify({overflow: document.documentElement.scrollWidth - window.innerWidth,
  caveat: caveat.textContent, left: box.left, right: box.right, width: window.innerWidth});
</script>"""


def browser(tmp_path, width: int = 1280):
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("RESERVES_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed, and CI requires the browser test: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed; .ci/run installs it")
    return [found, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: a request would fail
            f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},900"]


def measured(index, tmp_path, width: int) -> dict:
    """The report as Chromium lays it out in a window ``width`` pixels wide (a copy with a measuring script)."""
    page = index.parent / f"measured-{width}.html"
    page.write_text(index.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = subprocess.run(browser(tmp_path, width) + ["--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return json.loads(unescape(re.search(r"<title>(.*?)</title>", dom, re.S).group(1)))


@pytest.mark.parametrize("width", [390, 1280])
def test_report_reads_on_a_phone_and_a_laptop_in_a_real_browser(built, tmp_path, width):
    """No horizontal scrolling, and the first figure's caveat wraps inside the window, at least 300 px wide: on a phone
    each figure is a card, not a row of columns one letter wide."""
    seen = measured(built / "report" / "index.html", tmp_path, width)
    assert seen["overflow"] <= 0, seen
    assert seen["caveat"] == reserves.load_reserves()["caveat"].iloc[0]
    assert 0 <= seen["left"] < seen["right"] <= seen["width"], seen
    assert seen["right"] - seen["left"] >= min(300, width * 0.2), seen


def test_a_5000_letter_word_does_not_widen_the_page(hostile, tmp_path):
    seen = measured(hostile[1] / "report" / "index.html", tmp_path, 390)
    assert seen["overflow"] <= 0, seen


def test_report_renders_in_a_real_browser(built, tmp_path):
    shot = tmp_path / "index.png"
    subprocess.run(browser(tmp_path) + [f"--screenshot={shot}", (built / "report" / "index.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels < 0.9).any(axis=-1).mean()
    assert 0.02 < ink < 0.9, f"the screenshot is {ink:.0%} ink: blank or broken"
