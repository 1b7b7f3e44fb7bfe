"""reserves charts: every notebook runs in a real kernel, the committed charts are fresh, the report is safe."""

import json
import os
import shutil
import subprocess

import pytest

pytest.importorskip("nbclient")

from reserves import _contract as contract, _report as report
from reserves._cli import main
from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
COMMITTED = ROOT / "charts"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts")
    report.build(NOTEBOOKS, out, say=lambda *args, **kwargs: None)
    return out


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_committed_charts_are_what_the_data_gives(built):
    made = {p.name for p in built.glob("*.*")}
    kept = {p.name for p in COMMITTED.glob("*.*")}
    stale = sorted(name for name in made & kept if (built / name).read_bytes() != (COMMITTED / name).read_bytes())
    assert made == kept and not stale, (
        f"stale charts: {stale}, missing: {sorted(made - kept)}, no longer drawn: {sorted(kept - made)}; "
        "run 'make charts' and commit charts/")


def test_report_links_every_notebook_and_shows_every_chart(built):
    index = (built / "report" / "index.html").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        assert f'href="{notebook.stem}.html"' in index
        assert (built / "report" / f"{notebook.stem}.html").is_file()
    for svg in built.glob("*.svg"):
        assert f'src="../{svg.name}"' in index


def test_report_escapes_data_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(contract.data_dir(), data)
    evil = "<script>alert('x')</script>"
    csv = data / "reserves.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("(NGO)", f"(NGO) {evil}", 1), encoding="utf-8")
    report.build(NOTEBOOKS, tmp_path / "out", data, say=lambda *args, **kwargs: None)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "report").glob("*.html")]
    assert all(evil not in page for page in pages)
    assert any("&lt;script&gt;alert" in page for page in pages)


def test_failing_notebook_names_notebook_cell_and_error(tmp_path, capsys):
    book = json.loads((NOTEBOOKS / "reserves.ipynb").read_text(encoding="utf-8"))
    book["cells"][1]["source"] = "raise ValueError('no such figure')"
    (tmp_path / "broken.ipynb").write_text(json.dumps(book), encoding="utf-8")
    assert main(["charts", "--notebooks", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert f"error: {tmp_path / 'broken.ipynb'}: cell 2 failed: ValueError: no such figure" in capsys.readouterr().err


def test_report_renders_in_a_real_browser(built, tmp_path):
    browser = shutil.which("chromium")
    if browser is None:
        if os.environ.get("RESERVES_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed, and CI requires the browser test: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed; .ci/run installs it")
    shot = tmp_path / "index.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400", f"--screenshot={shot}",
                    (built / "report" / "index.html").as_uri()], check=True, capture_output=True, timeout=120)
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels < 0.9).any(axis=-1).mean()
    assert 0.02 < ink < 0.9, f"the screenshot is {ink:.0%} ink: blank or broken"
