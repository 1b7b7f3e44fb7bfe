"""Benchmarks of reserves against plain pandas, written to BENCHMARKS.md.

    python benchmarks/run.py            # or: make benchmarks

Every timing is a median of several runs after a warm-up, taken side by side
with its baseline in the same run. Nothing here is a test: goals are reported,
not asserted.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pandas as pd

import reserves
from reserves import _contract as contract

sys.path.insert(0, str(Path(__file__).parent))
import peers  # noqa: E402
from realistic import write_realistic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)


def timed(function, runs: int, warm_up: bool = True) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls, after one warm-up call."""
    if warm_up:
        function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def fails(function):
    """Call ``function``, which must raise ReservesDataError; return the error."""
    try:
        function()
    except reserves.ReservesDataError as err:
        return err
    raise AssertionError("the bad file loaded without error")


PEERS = {"pandas.read_csv": pd.read_csv, "pyarrow read_csv": peers.pyarrow_read, "polars read_csv": peers.polars_read,
         "pandera on pandas": peers.pandera_pandas, "pandera on polars": peers.pandera_polars, "load_reserves": reserves.load_reserves}


def loader_and_peers(packages: dict[int, Path], runs: int) -> list[dict]:
    """Every peer on the same file, runs interleaved, the median wall time of each; ratios to pandas.read_csv."""
    rows = []
    for size, folder in packages.items():
        path = folder / "reserves.csv"
        times = {name: [] for name in PEERS}
        for name, read in PEERS.items():
            read(path)  # warm-up
        for _ in range(runs):
            for name, read in PEERS.items():
                start = time.perf_counter()
                read(path)
                times[name].append(time.perf_counter() - start)
        medians = {name: statistics.median(walls) for name, walls in times.items()}
        base = medians["pandas.read_csv"]
        rows.append({"rows": size, "MB": path.stat().st_size / 1e6, "read_csv s": base}
                    | {f"{name} ×": wall / base for name, wall in medians.items() if name != "pandas.read_csv"}
                    | {"load_reserves µs per row": medians["load_reserves"] / size * 1e6})
    return rows


def frictionless_vs_ours(packages: dict[int, Path], runs: int) -> list[dict]:
    import frictionless

    rows = []
    for size, folder in packages.items():
        descriptor = folder / "datapackage.json"
        shutil.copy(contract.data_dir() / "datapackage.json", descriptor)  # every table is in the folder
        n = runs if size <= 100_000 else 1  # frictionless takes minutes a run at a million rows
        theirs = timed(lambda: _valid(frictionless.validate(str(descriptor))), n, warm_up=n > 1)
        ours = timed(lambda: reserves.load_reserves(folder / "reserves.csv"), runs)
        rows.append({"rows": size, "frictionless runs": n, "frictionless validate s": theirs[0], "load_reserves s": ours[0],
                     "frictionless / ours": theirs[0] / ours[0]})
    return rows


def warm_load(runs: int) -> list[dict]:
    """The shipped data, loaded again: reference tables come from the cache of parsed files."""
    reserves.load_reserves()
    wall, _ = timed(reserves.load_reserves, runs * 20)
    return [{"rows": len(reserves.load_reserves()), "warm load_reserves ms": wall * 1000}]


def _valid(report) -> None:
    assert report.valid, report.flatten(["type", "note"])[:3]


PEAK = """
import re
import pandas as pd
{imports}
def high_water():  # VmHWM is this process's own peak (ru_maxrss would carry the parent's across fork)
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
base = high_water()
{call}
print(high_water() - base)
"""


def peak_memory(path: Path, rows: int, runs: int) -> list[dict]:
    """Peak RSS growth (MB) of one call in a fresh interpreter, after the imports it needs."""
    cases = {"pandas.read_csv": ("", f"pd.read_csv({str(path)!r})"),
             "reserves.load_reserves": ("import reserves, pyarrow.csv", f"reserves.load_reserves({str(path)!r})")}
    result = {}
    for name, (imports, call) in cases.items():
        code = PEAK.format(imports=imports, call=call)
        result[name] = statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                              check=True).stdout) for _ in range(runs))
    return [{"rows": rows, "read_csv peak MB": result["pandas.read_csv"], "load_reserves peak MB": result["reserves.load_reserves"],
             "ratio": result["reserves.load_reserves"] / result["pandas.read_csv"]}]


def bad_cells(folder: Path, clean: Path, runs: int) -> list[dict]:
    path = write_realistic(folder, 1_000_000, bad_cells=100_000)
    error = fails(lambda: reserves.load_reserves(path))
    failing = timed(lambda: fails(lambda: reserves.load_reserves(path)), runs)
    ok = timed(lambda: reserves.load_reserves(clean), runs)
    return [{"rows": 1_000_000, "bad cells": 100_000, "clean load s": ok[0], "failing load s": failing[0], "ratio": failing[0] / ok[0],
             "problems counted": sum(error.counts.values()), "message lines": len(str(error).splitlines())}]


def imports(runs: int) -> list[dict]:
    def interpreter(module: str) -> float:
        walls = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
            walls.append(time.perf_counter() - start)
        return statistics.median(walls[1:])

    heavy = subprocess.run([sys.executable, "-c", "import sys, reserves; print(sorted({m.split('.')[0] for m in sys.modules} & "
                            "{'matplotlib', 'nbclient', 'nbconvert', 'ipykernel', 'jupyter_client', 'IPython'}))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    pandas_s, reserves_s = interpreter("pandas"), interpreter("reserves")
    return [{"import pandas s": pandas_s, "import reserves s": reserves_s, "ratio": reserves_s / pandas_s, "heavy modules imported": heavy}]


def charts(runs: int) -> list[dict]:
    from reserves import _report as report

    rows = []
    with tempfile.TemporaryDirectory() as out:
        report.build(ROOT / "notebooks", Path(out), say=lambda *a, **k: None)  # warm-up
        for _ in range(runs):
            rows.append(report.build(ROOT / "notebooks", Path(out), say=lambda *a, **k: None))
    phases = rows[0].keys()
    return [{"phase": phase, "median s": statistics.median(row[phase] for row in rows)} for phase in phases]


def table(rows: list[dict]) -> str:
    columns = list(rows[0])
    cell = lambda v: f"{v:,.3f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        packages = {size: write_realistic(scratch / str(size), size).parent for size in args.sizes}
        largest = packages[max(args.sizes)] / "reserves.csv"
        sections = [  # (title, rows, goal, whether the rows meet it)
            ("1. load_reserves and its peers, on realistic rows", rows := loader_and_peers(packages, args.runs),
             "load_reserves at most 1.25x pandas.read_csv at 10^6 rows (1.5x at 10^7), cost per row flat from 10^6 up",
             all(r["load_reserves ×"] <= (1.25 if r["rows"] <= 1_000_000 else 1.5) for r in rows if r["rows"] >= 1_000_000)),
            ("2. frictionless validate against load_reserves", frictionless_vs_ours(packages, args.runs), None, None),
            ("3. Peak memory", rows := peak_memory(largest, max(args.sizes), args.runs), "at most 1.5x read_csv's", rows[0]["ratio"] <= 1.5),
            ("4. A file with bad cells", rows := bad_cells(scratch / "bad", packages[max(args.sizes)] / "reserves.csv", args.runs),
             "10^5 bad cells within 1.5x a clean load, with a short report", rows[0]["ratio"] <= 1.5 and rows[0]["message lines"] < 50),
            ("5. Import time, fresh interpreter", rows := imports(args.runs * 2),
             "at most 1.1x import pandas, no matplotlib or Jupyter module",
             rows[0]["ratio"] <= 1.1 and rows[0]["heavy modules imported"] == "[]"),
            ("6. A warm load of the shipped data", rows := warm_load(args.runs), "under 5 ms", rows[0]["warm load_reserves ms"] < 5),
            ("7. reserves charts on the shipped data", charts(args.runs),
             "Phases are summed over the notebooks, which run side by side, one kernel each, one per core; "
             "the last line is the wall time of the whole run", None),
        ]
    write(args.out, sections, args)


def write(out: Path, sections, args) -> None:
    versions = ", ".join(f"{p} {version(p)}" for p in ("pandas", "pyarrow", "numpy", "polars", "pandera", "matplotlib", "nbclient", "frictionless"))
    head = (f"# Benchmarks\n\nReproduce with `make benchmarks` (or `python benchmarks/run.py --runs {args.runs}`).\n\n"
            f"- date: {date.today()}\n- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}\n"
            f"- Python {platform.python_version()}; {versions}\n- runs: median of {args.runs} after a warm-up\n")
    def goal(text, met):
        if met is None:
            return f"{text}.\n\n" if text else ""
        return f"Goal: {text}. **{'Met' if met else 'Not met'}.**\n\n"

    body = "\n\n".join(f"## {title}\n\n{goal(text, met)}{table(rows)}" for title, rows, text, met in sections)
    out.write_text(head + "\n" + body + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
