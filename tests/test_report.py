"""reserves charts: every notebook runs in a real kernel, the committed charts are fresh, the report is safe."""

import gc
import json
import os
import re
import shutil
import subprocess
from html import escape, unescape

import pytest

pytest.importorskip("nbclient")

import reserves
from conftest import ROOT
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
    shutil.copytree(COMMITTED, folder, ignore=shutil.ignore_patterns("report"))
    return folder, {p.name: p.read_bytes() for p in folder.iterdir()}


def test_charts_check_passes_on_the_committed_charts(tmp_path, capsys):
    out, before = copy_of_committed_charts(tmp_path / "charts")
    assert main(["charts", "--check", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"charts fresh: every chart in {out}/ is what the notebooks draw from the data"
    finished = [line for line in lines if line.startswith(f"  {NOTEBOOKS}")]  # a line as each notebook finishes
    assert sorted(line.split(":")[0].strip() for line in finished) == [str(p) for p in sorted(NOTEBOOKS.glob("*.ipynb"))]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


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
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["charts", "--check", "--out", str(out), "--notebooks", str(NOTEBOOKS)]) == 1
    fix = f"; run 'reserves charts --out {out} --notebooks {NOTEBOOKS}' and commit {out}/\n"
    assert capsys.readouterr().out == line.format(out=out) + fix
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_report_shows_every_chart_figure_and_count_with_its_source(built):
    index = (built / "report" / "index.html").read_text(encoding="utf-8")
    for svg in built.glob("*.svg"):
        assert f'src="../{svg.name}"' in index and f'href="#{svg.stem}"' in index
    figures, counts = reserves.load_reserves(), reserves.load_counts()
    for table in (figures, counts):
        for quote, caveat in zip(table["quote"], table["caveat"]):
            assert escape(quote) in index and escape(caveat) in index
    cited = set(figures["source_id"]) | set(counts["source_id"]) | set(";".join(figures["also_reported_by"].dropna()).split(";"))
    for url in reserves.load_sources().set_index("source_id").loc[sorted(cited), "url"]:
        assert f'href="{escape(url)}"' in index
    assert index.count('<tr class=flagged>') == int(figures["ambiguous"].sum() + counts["ambiguous"].sum())


def test_report_needs_no_network(built):
    index = (built / "report" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "<link" not in index and "@import" not in index
    assert all(not src.startswith(("http:", "https:", "//")) for src in re.findall(r'src="([^"]*)"', index))


def test_report_escapes_data_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(contract.shipped_dir(), data)
    evil = "<script>alert('x')</script>"
    csv = data / "reserves.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("(NGO)", f"(NGO) {evil}", 1), encoding="utf-8")
    assert main(["charts", "--data", str(data), "--out", str(tmp_path / "out"), "--notebooks", str(NOTEBOOKS)]) == 0
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "report").glob("*.html")]
    assert all(evil not in page for page in pages)
    assert any("&lt;script&gt;alert" in page for page in pages)


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
    assert [line for line in err.splitlines() if not line.startswith("[IPKernelApp] WARNING")] == [
        f"error: {tmp_path / 'broken.ipynb'}: cell 3 failed: ValueError: no such figure"]
    assert "Traceback" not in err and "never retrieved" not in caplog.text + err


MEASURE = """<script>
const caveat = document.querySelector("#figures + table tbody tr td:nth-child(6)");
const box = caveat.getBoundingClientRect();
document.title = JSON.stringify({overflow: document.documentElement.scrollWidth - window.innerWidth,
  caveat: caveat.textContent, left: box.left, right: box.right, width: window.innerWidth});
</script>"""


def browser(tmp_path):
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("RESERVES_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed, and CI requires the browser test: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed; .ci/run installs it")
    return [found, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: a request would fail
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]


def test_report_reads_at_1280_px_in_a_real_browser_without_network(built, tmp_path):
    """No horizontal scrolling, and the first figure's caveat wraps inside the window."""
    page = built / "report" / "measured.html"  # the report, with a script that measures it: for the test only
    page.write_text((built / "report" / "index.html").read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
                    encoding="utf-8")
    dom = subprocess.run(browser(tmp_path) + ["--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    measured = json.loads(unescape(re.search(r"<title>(.*?)</title>", dom, re.S).group(1)))
    assert measured["overflow"] <= 0, measured
    assert measured["caveat"] == reserves.load_reserves()["caveat"].iloc[0]
    assert 0 <= measured["left"] < measured["right"] <= measured["width"], measured


def test_report_renders_in_a_real_browser(built, tmp_path):
    shot = tmp_path / "index.png"
    subprocess.run(browser(tmp_path) + [f"--screenshot={shot}", (built / "report" / "index.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels < 0.9).any(axis=-1).mean()
    assert 0.02 < ink < 0.9, f"the screenshot is {ink:.0%} ink: blank or broken"
