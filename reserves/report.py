"""``reserves charts``: run every notebook with a real Jupyter kernel; write charts and a static report.

The notebooks save the charts (SVG and PNG) into the output folder; each
executed notebook becomes a standalone HTML page in ``report/`` beside them,
with an index page that links the pages and shows every chart.
"""

import os
import time
from html import escape
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

TIMEOUT = 600  # seconds a cell may take


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the error."""


def run(notebook: Path, out: Path, data: Path | None) -> nbformat.NotebookNode:
    """Execute ``notebook`` in its own folder, charts going to ``out`` and data read from ``data``."""
    book = nbformat.read(notebook, as_version=4)
    env = {**os.environ, "RESERVES_CHARTS": str(out.resolve())}
    if data is not None:
        env["RESERVES_DATA"] = str(data.resolve())
    client = NotebookClient(book, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        index = next(i for i, cell in enumerate(book.cells) if any(o.get("output_type") == "error" for o in cell.get("outputs", [])))
        raise NotebookFailed(f"{notebook}: cell {index + 1} failed: {err.ename}: {err.evalue}") from None
    return book


def build(notebooks: Path, out: Path, data: Path | None = None, say=print) -> list[Path]:
    """Run every notebook of ``notebooks`` and write the report; return the HTML pages written."""
    pages, report = [], out / "report"
    report.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    paths = sorted(notebooks.glob("*.ipynb"))
    if not paths:
        raise NotebookFailed(f"{notebooks}: no notebooks (*.ipynb) here; give the notebooks folder with --notebooks")
    for number, notebook in enumerate(paths, 1):
        start = time.perf_counter()
        say(f"[{number}/{len(paths)}] {notebook} ...", end=" ", flush=True)
        html, _ = exporter.from_notebook_node(run(notebook, out, data), resources={"metadata": {"name": notebook.stem}})
        page = report / f"{notebook.stem}.html"
        page.write_text(html, encoding="utf-8")
        pages.append(page)
        say(f"ran and exported in {time.perf_counter() - start:.1f} s")
    (report / "index.html").write_text(_index(pages, out), encoding="utf-8")
    say(f"charts in {out}/, report at {report / 'index.html'}")
    return pages


def _index(pages: list[Path], out: Path) -> str:
    """An index page that links every notebook page and shows every chart with its alt text."""
    links = "".join(f'<li><a href="{escape(p.name)}">{escape(p.stem)}</a></li>' for p in pages)
    figures = []
    for svg in sorted(out.glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        desc = text.split("<desc>", 1)[1].split("</desc>", 1)[0]  # already escaped when saved
        figures.append(f'<figure><img src="../{escape(svg.name)}" alt="{desc}" width="800">'
                       f'<figcaption><a href="../{escape(svg.name)}">{escape(svg.name)}</a></figcaption></figure>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>reserves: charts and notebooks</title>"
            "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}figure{margin:2em 0}</style></head><body>"
            "<h1>Reported figures about mineral deposits</h1><p>Every chart carries its source and caveats inside the image. "
            f"Notebooks, with the tables and caveats:</p><ul>{links}</ul><h2>Charts</h2>{''.join(figures)}</body></html>\n")
