"""``reserves charts``: run every notebook with a real Jupyter kernel; write charts and a static report, or check them.

The notebooks save the charts (SVG and PNG) into the output folder; the report
(``report/index.html`` beside them) shows every chart with its sources and
caveats, and every figure and count as reported. A check runs the notebooks into a temporary
folder and compares its charts, byte for byte, with the committed ones.
"""

import asyncio
import os
import signal
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from . import report

TIMEOUT = 600  # seconds a cell may take
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows has no SIGKILL; its SIGTERM ends the process at once too


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the error."""


async def run(notebook: Path, out: Path, data: Path | None, cores: asyncio.Semaphore) -> dict[str, float]:
    """Execute ``notebook`` in its own folder, charts going to ``out`` and data read from ``data``.

    Returns the seconds spent starting its kernel and running its cells. Cancelled, it kills its kernel first.
    """
    book = nbformat.read(notebook, as_version=4)
    env = {**os.environ, "RESERVES_CHARTS": str(out.resolve())}
    if data is not None:
        env["RESERVES_DATA"] = str(data.resolve())
    with tempfile.TemporaryDirectory(prefix="reserves-kernel-") as sockets:
        client = NotebookClient(book, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}},
                                config=_transport(Path(sockets)))
        async with cores:
            started = asyncio.Event()
            work = asyncio.ensure_future(_execute(notebook, book, client, env, started))
            try:
                return await asyncio.shield(work)
            except asyncio.CancelledError:
                await _stop(client, work, started)
                raise


def _transport(sockets: Path) -> Config:
    """The kernel speaks over sockets in a private folder (IPC), not over TCP on localhost, which any local user
    could listen to and which makes every kernel warn; Windows has no IPC sockets, so it keeps TCP."""
    if os.name == "nt":
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")}})


async def _stop(client: NotebookClient, work: asyncio.Future, started: asyncio.Event) -> None:
    """Kill the kernel once it has started, and wait for ``work`` to end on its death.

    Cancelling nbclient mid-cell instead leaves a poller task that fails once the client is gone, a kernel
    shut down gracefully while busy logs a traceback, and one killed while starting leaves nbclient an exit
    hook that fails: the user would read each as a second failure.
    """
    while not work.done():
        if started.is_set() and client.km is not None and client.km.has_kernel:  # None once nbclient cleaned up
            await client.km.signal_kernel(KILL)  # not shutdown_kernel: nbclient may be stopping it meanwhile
        await asyncio.wait([work], timeout=1)
    if not work.cancelled():
        work.exception()  # nbclient's 'kernel died', expected here: retrieved, or asyncio would log it


async def _execute(notebook: Path, book, client: NotebookClient, env: dict[str, str], started: asyncio.Event) -> dict[str, float]:
    clock, seconds = time.perf_counter(), {}
    try:
        async with client.async_setup_kernel(env=env):
            started.set()
            seconds["kernel start"] = -clock + (clock := time.perf_counter())
            for index, cell in enumerate(book.cells):
                if cell.cell_type == "code":
                    await client.async_execute_cell(cell, index)
            seconds["cells: loading, tables, charts"] = time.perf_counter() - clock
    except CellExecutionError as err:
        index = next(i for i, cell in enumerate(book.cells) if any(o.get("output_type") == "error" for o in cell.get("outputs", [])))
        raise NotebookFailed(f"{notebook}: cell {index + 1} failed: {err.ename}: {err.evalue}") from None
    return seconds


def build(notebooks: Path, out: Path, data: Path | None, frames: dict, say=print) -> dict[str, float]:
    """Run every notebook of ``notebooks`` on the folder ``data`` and write the report of its loaded ``frames``
    (reserves and counts, as the folder's check loaded them); return the seconds spent per phase.

    Everything is drawn into a temporary folder beside ``out`` and moved into ``out`` only once every notebook has
    run and the report is written: a failed run leaves ``out`` as it was.
    """
    start = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as made:  # one file system: each move is a rename
        made = Path(made)
        timings = run_all(notebooks, made, data, say)
        clock = time.perf_counter()
        _report(made, frames)
        timings[-1]["report"] = time.perf_counter() - clock
        drawn = set(_drawn(made))
        _publish(made, out)
    page = out / "report" / "index.html"
    totals = {phase: sum(t.get(phase, 0) for t in timings) for phase in timings[-1]} | {"total (wall)": time.perf_counter() - start}
    for name in (name for name in _drawn(out) if name not in drawn):
        say(f"{out / name}: no longer drawn: the data gives no such chart (delete it)")
    say(f"charts in {out}/, report at {page} ({totals['total (wall)']:.1f} s)")
    return totals


def _report(made: Path, frames: dict) -> None:
    """The report of the charts in ``made``, in the order the notebooks show them; the table of every figure drawn as
    a chart is left to the report's own table."""
    from .charts.plan import plan

    charts = plan(frames["reserves"], frames["counts"])
    report.write(made, frames["reserves"], frames["counts"], [c.name for c in charts], [c.name for c in charts if c.section == "figures"])


def _publish(made: Path, out: Path) -> None:
    """Move every chart and the report of ``made`` into ``out``, each file replacing its old copy at once."""
    (out / "report").mkdir(parents=True, exist_ok=True)
    for path in [*_drawn(made), Path("report") / "index.html"]:
        os.replace(made / path, out / path)


def _drawn(folder: Path) -> list[Path]:
    """The chart files of a folder, by name."""
    return sorted(Path(p.name) for p in folder.glob("*") if p.suffix in (".svg", ".png"))


def check(notebooks: Path, kept: Path, data: Path | None, frames: dict, say=print) -> list[str]:
    """Run every notebook into a temporary folder and write its report there; return one line per file of ``kept``
    (chart or report) that is not what they give.

    Nothing in ``kept`` is written: a check in CI must not repair what it reports.
    """
    with tempfile.TemporaryDirectory(prefix="reserves-charts-") as made:
        run_all(notebooks, Path(made), data, say)
        _report(Path(made), frames)
        return differences(Path(made), kept)


def differences(made: Path, kept: Path) -> list[str]:
    """One line per file (each chart's SVG and PNG, and the report) that differs between ``made`` (what the data gives)
    and ``kept``."""
    files = lambda folder: {str(p) for p in _drawn(folder)} | ({"report/index.html"} if (folder / "report" / "index.html").exists() else set())
    drawn, committed = files(made), files(kept)
    stale = [f"{kept / name}: stale: the data draws it differently" for name in sorted(drawn & committed)
             if (made / name).read_bytes() != (kept / name).read_bytes()]
    return (stale + [f"{kept / name}: missing: the data draws it, {kept}/ does not have it" for name in sorted(drawn - committed)]
            + [f"{kept / name}: no longer drawn: the data gives no such chart (delete it)" for name in sorted(committed - drawn)])


def run_all(notebooks: Path, out: Path, data: Path | None, say=print) -> list[dict[str, float]]:
    """Run every notebook of ``notebooks``, saying a line as each finishes; return the seconds per phase of each.

    Notebooks run side by side, one kernel each, as many at once as there are cores. The first to fail
    cancels the others (their kernels killed, quietly) and its NotebookFailed is raised.
    """
    paths = sorted(notebooks.glob("*.ipynb"))
    if not paths:
        raise NotebookFailed(f"{notebooks}: no notebooks (*.ipynb) here; give the notebooks folder with --notebooks")
    say(f"running {len(paths)} notebooks: " + ", ".join(p.name for p in paths), flush=True)

    async def one(path: Path, cores: asyncio.Semaphore) -> dict[str, float]:
        seconds = await run(path, out, data, cores)
        say(f"  {path}: " + ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items()), flush=True)
        return seconds

    async def all_notebooks() -> list[dict[str, float]]:
        cores = asyncio.Semaphore(os.cpu_count() or 1)
        try:
            async with asyncio.TaskGroup() as group:  # a failure cancels the rest: no kernel runs on for nothing
                tasks = [group.create_task(one(path, cores)) for path in paths]
        except* NotebookFailed as failed:  # one line: those that failed before the rest were cancelled, usually one
            raise NotebookFailed("; ".join(map(str, failed.exceptions))) from None
        return [task.result() for task in tasks]

    return asyncio.run(all_notebooks())
