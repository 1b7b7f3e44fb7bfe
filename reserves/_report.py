"""``reserves charts``: run every notebook with a real Jupyter kernel; write charts and a static report.

The notebooks save the charts (SVG and PNG) into the output folder; each
executed notebook becomes a standalone HTML page in ``report/`` beside them,
with an index page that links the pages and shows every chart.
"""

import asyncio
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


async def run(notebook: Path, out: Path, data: Path | None, cores: asyncio.Semaphore) -> tuple[nbformat.NotebookNode, dict[str, float]]:
    """Execute ``notebook`` in its own folder, charts going to ``out`` and data read from ``data``.

    Returns the executed notebook and the seconds spent starting its kernel, in its
    first cell (imports and loading) and in the other cells.
    """
    book = nbformat.read(notebook, as_version=4)
    env = {**os.environ, "RESERVES_CHARTS": str(out.resolve())}
    if data is not None:
        env["RESERVES_DATA"] = str(data.resolve())
    client = NotebookClient(book, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}})
    async with cores:
        clock, seconds = time.perf_counter(), {}
        try:
            async with client.async_setup_kernel(env=env):
                seconds["kernel start"] = -clock + (clock := time.perf_counter())
                code = [(index, cell) for index, cell in enumerate(book.cells) if cell.cell_type == "code"]
                for number, (index, cell) in enumerate(code):
                    await client.async_execute_cell(cell, index)
                    if number == 0:
                        seconds["first cell: imports, loading"] = -clock + (clock := time.perf_counter())
                seconds["other cells: tables, charts"] = time.perf_counter() - clock
        except CellExecutionError as err:
            index = next(i for i, cell in enumerate(book.cells) if any(o.get("output_type") == "error" for o in cell.get("outputs", [])))
            raise NotebookFailed(f"{notebook}: cell {index + 1} failed: {err.ename}: {err.evalue}") from None
    return book, seconds


def build(notebooks: Path, out: Path, data: Path | None = None, say=print) -> dict[str, float]:
    """Run every notebook of ``notebooks`` and write the report; return the seconds spent per phase.

    Notebooks run side by side, one kernel each, as many at once as there are cores.
    """
    report = out / "report"
    report.mkdir(parents=True, exist_ok=True)
    paths = sorted(notebooks.glob("*.ipynb"))
    if not paths:
        raise NotebookFailed(f"{notebooks}: no notebooks (*.ipynb) here; give the notebooks folder with --notebooks")
    start = time.perf_counter()
    say(f"running {len(paths)} notebooks: " + ", ".join(p.name for p in paths), flush=True)

    async def all_notebooks():
        cores = asyncio.Semaphore(os.cpu_count() or 1)
        return await asyncio.gather(*(run(path, out, data, cores) for path in paths))

    timings = []
    for notebook, (book, seconds) in zip(paths, asyncio.run(all_notebooks())):
        clock = time.perf_counter()
        html, _ = HTMLExporter(template_name="lab").from_notebook_node(book, resources={"metadata": {"name": notebook.stem}})
        (report / f"{notebook.stem}.html").write_text(html, encoding="utf-8")
        seconds["HTML export"] = time.perf_counter() - clock
        say(f"  {notebook}: " + ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items()), flush=True)
        timings.append(seconds)
    (report / "index.html").write_text(_index(paths, out), encoding="utf-8")
    totals = {phase: sum(t[phase] for t in timings) for phase in timings[0]} | {"total (wall)": time.perf_counter() - start}
    say(f"charts in {out}/, report at {report / 'index.html'} ({totals['total (wall)']:.1f} s)")
    return totals


def _index(notebooks: list[Path], out: Path) -> str:
    """An index page that links every notebook page and shows every chart with its alt text."""
    links = "".join(f'<li><a href="{escape(p.stem)}.html">{escape(p.stem)}</a></li>' for p in notebooks)
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
