"""``reserves charts``: run every notebook with a real Jupyter kernel; write charts and a static report.

The notebooks save the charts (SVG and PNG) into the output folder; the report
(``report/index.html`` beside them) shows every chart with its sources and
caveats, and every figure and count as reported.
"""

import asyncio
import os
import time
from html import escape
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from . import _site as site

TIMEOUT = 600  # seconds a cell may take


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the error."""


async def run(notebook: Path, out: Path, data: Path | None, cores: asyncio.Semaphore) -> dict[str, float]:
    """Execute ``notebook`` in its own folder, charts going to ``out`` and data read from ``data``.

    Returns the seconds spent starting its kernel and running its cells.
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
                for index, cell in enumerate(book.cells):
                    if cell.cell_type == "code":
                        await client.async_execute_cell(cell, index)
                seconds["cells: loading, tables, charts"] = time.perf_counter() - clock
        except CellExecutionError as err:
            index = next(i for i, cell in enumerate(book.cells) if any(o.get("output_type") == "error" for o in cell.get("outputs", [])))
            raise NotebookFailed(f"{notebook}: cell {index + 1} failed: {err.ename}: {err.evalue}") from None
    return seconds


def build(notebooks: Path, out: Path, data: Path | None = None, say=print) -> dict[str, float]:
    """Run every notebook of ``notebooks`` and write the report; return the seconds spent per phase.

    Notebooks run side by side, one kernel each, as many at once as there are cores.
    """
    paths = sorted(notebooks.glob("*.ipynb"))
    if not paths:
        raise NotebookFailed(f"{notebooks}: no notebooks (*.ipynb) here; give the notebooks folder with --notebooks")
    start = time.perf_counter()
    say(f"running {len(paths)} notebooks: " + ", ".join(p.name for p in paths), flush=True)

    async def all_notebooks():
        cores = asyncio.Semaphore(os.cpu_count() or 1)
        return await asyncio.gather(*(run(path, out, data, cores) for path in paths))

    timings = []
    for notebook, seconds in zip(paths, asyncio.run(all_notebooks())):
        say(f"  {notebook}: " + ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items()), flush=True)
        timings.append(seconds)
    clock = time.perf_counter()
    page = site.write(out, data)
    timings[-1]["report"] = time.perf_counter() - clock
    totals = {phase: sum(t.get(phase, 0) for t in timings) for phase in timings[-1]} | {"total (wall)": time.perf_counter() - start}
    say(f"charts in {out}/, report at {page} ({totals['total (wall)']:.1f} s)")
    return totals
