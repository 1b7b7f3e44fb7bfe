"""Benchmarks of reserves against plain pandas, written to BENCHMARKS.md.

    python benchmarks/run.py            # or: make benchmarks

Every timing is a median of several runs after a warm-up, taken side by side
with its baseline in the same run. Nothing here is a test: goals are reported,
not asserted.
"""

import argparse
import gc
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
import pyarrow.compute as pc

import reserves
from reserves._contract import descriptor as contract

sys.path.insert(0, str(Path(__file__).parent))
import peers  # noqa: E402
from realistic import write_realistic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
LARGE = (10_000_000,)  # sizes at which only read_csv and load_reserves run, once: the peers would take an hour


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


def read_both(path: Path):
    """What load_reserves reads, read plainly: reserves.csv and the citations.csv beside it."""
    return pd.read_csv(path), pd.read_csv(path.parent / "citations.csv")


PEERS = {"pandas.read_csv, both files": read_both, "pandas.read_csv, reserves.csv": pd.read_csv,
         "pyarrow read_csv": peers.pyarrow_read, "polars read_csv": peers.polars_read,
         "pandera on pandas": peers.pandera_pandas, "pandera on polars": peers.pandera_polars, "load_reserves": reserves.load_reserves}
BASE = "pandas.read_csv, both files"  # every peer reads and checks both files, as load_reserves does


def loader_and_peers(packages: dict[int, Path], runs: int) -> list[dict]:
    """Every peer on the same files, runs interleaved, the median wall time of each; ratios to read_csv of both files."""
    rows = []
    for size, folder in packages.items():
        path = folder / "reserves.csv"
        times = {name: [] for name in PEERS}
        for read in PEERS.values():
            read(path)  # warm-up
        for _ in range(runs):
            for name, read in PEERS.items():
                gc.collect()
                start = time.perf_counter()
                read(path)
                times[name].append(time.perf_counter() - start)
        medians = {name: statistics.median(walls) for name, walls in times.items()}
        base = medians[BASE]
        rows.append({"rows": size, "MB": (path.stat().st_size + (folder / "citations.csv").stat().st_size) / 1e6, "read_csv s": base}
                    | {f"{name} ×": wall / base for name, wall in medians.items() if name != BASE}
                    | {"load_reserves µs per row": medians["load_reserves"] / size * 1e6})
    return rows


PHASES = {  # (module, function): what it is
    ("_reading.csvfile", "read"): "strict read of a CSV: byte check, then pyarrow's parse on both cores (reserves.csv, citations.csv)",
    ("_contract.cells", "typed_column"): "column checks: types, patterns, vocabularies, foreign keys (summed over columns, two at a time)",
    ("_contract.cells", "all_distinct"): "key uniqueness by hashing (beside the column checks)",
    ("_contract.quotes", "locate"): "each value found among its quote's numbers (in pieces, two at a time)",
    ("_contract.quotes", "spelled_out"): "numbers written in words, for the rows the digits did not settle (plain Python)",
    ("_contract.quotes", "stated_basis"): "the basis the quote's words state, around each figure's number",
    ("_contract.figures", "figures"): "every rule across the columns of a figure (the three above included)",
    ("_contract.rules", "citations"): "citations: no citation names the claim's own source",
    ("_tables.derive", "_further_sources"): "also_reported_by: citations grouped per figure (on a second thread)",
    ("_tables.derive", "_converted"): "values converted to the canonical unit of their dimension",
    ("_contract.flags", "annotate"): "flags and caveats",
}


def phases(path: Path, runs: int) -> list[dict]:
    """Wall seconds inside each phase of one load (median of ``runs``); phases on other threads overlap the rest."""
    import importlib

    spent, originals = {}, {}
    for (module, name), _ in PHASES.items():
        owner = importlib.import_module(f"reserves.{module}")
        originals[owner, name] = function = getattr(owner, name)

        def timed_phase(*args, _function=function, _key=(module, name), **kwargs):
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - start
        setattr(owner, name, timed_phase)
    rules = importlib.import_module("reserves._contract.rules").RULES  # the rules are called through this table, which holds the originals
    saved = dict(rules)
    rules.update({"reserves": [importlib.import_module("reserves._contract.figures").figures],
                  "citations": [importlib.import_module("reserves._contract.rules").citations]})
    samples = []
    try:
        for _ in range(runs + 1):
            spent.clear()
            start = time.perf_counter()
            reserves.load_reserves(path)
            samples.append(dict(spent) | {"total": time.perf_counter() - start})
    finally:
        for (owner, name), function in originals.items():
            setattr(owner, name, function)
        rules.update(saved)
    samples = samples[1:]  # the first is the warm-up
    rows = [{"phase": f"{module}.{name}", "what": what, "median s": statistics.median(s.get((module, name), 0.0) for s in samples)}
            for (module, name), what in PHASES.items()]
    return rows + [{"phase": "load_reserves", "what": "the whole call", "median s": statistics.median(s["total"] for s in samples)}]


def large(folder: Path, size: int) -> list[dict]:
    """At a size where the peers would take too long: read_csv (of both files) and load_reserves alone, once each, each
    in a fresh interpreter, so that the larger peak of one never weighs on the other."""
    path = write_realistic(folder, size)
    (read_csv, read_peak), (ours, our_peak) = (fresh(*case) for case in calls(path).values())
    megabytes = (path.stat().st_size + (path.parent / "citations.csv").stat().st_size) / 1e6
    return [{"rows": size, "MB": megabytes, "read_csv s": read_csv, "load_reserves s": ours,
             "load_reserves ×": ours / read_csv, "load_reserves µs per row": ours / size * 1e6,
             "read_csv peak MB": read_peak, "load_reserves peak MB": our_peak, "peak ratio": our_peak / read_peak}]


def quote_pass(path: Path, runs: int) -> float:
    """Seconds of one pass of the number pattern over every quote (RE2, as the rules use it): a unit of the rules' cost."""
    from pyarrow import csv

    from reserves._contract import quotes

    texts = csv.read_csv(path, parse_options=csv.ParseOptions(newlines_in_values=True)).column("quote").combine_chunks()
    return timed(lambda: pc.replace_substring_regex(texts, quotes.NUMBER, quotes.MARK + r"\0" + quotes.MARK), runs)[0]


def frictionless_vs_ours(packages: dict[int, Path], runs: int) -> list[dict]:
    import frictionless

    rows = []
    for size, folder in packages.items():
        descriptor = folder / "datapackage.json"
        shutil.copy(contract.shipped_dir() / "datapackage.json", descriptor)  # every table is in the folder
        n = runs if size <= 100_000 else 1  # frictionless takes minutes a run at a million rows
        theirs = timed(lambda descriptor=descriptor: _valid(frictionless.validate(str(descriptor))), n, warm_up=n > 1)
        ours = timed(lambda folder=folder: reserves.load_reserves(folder), runs)
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


FRESH = """
import re, time
import pandas as pd
{imports}
def high_water():  # VmHWM is this process's own peak (ru_maxrss would carry the parent's across fork)
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
base = high_water()
start = time.perf_counter()
{call}
print(time.perf_counter() - start, high_water() - base)
"""


def calls(path: Path) -> dict[str, tuple[str, str]]:
    """The two calls compared at every size: (imports, call)."""
    citations = path.parent / "citations.csv"
    return {"pandas.read_csv": ("", f"pd.read_csv({str(path)!r}), pd.read_csv({str(citations)!r})"),
            "reserves.load_reserves": ("import reserves, pyarrow.csv", f"reserves.load_reserves({str(path)!r})")}


def fresh(imports: str, call: str) -> tuple[float, float]:
    """Wall seconds and peak RSS growth (MB) of one call in a fresh interpreter, after the imports it needs."""
    out = subprocess.run([sys.executable, "-c", FRESH.format(imports=imports, call=call)], capture_output=True, text=True, check=True)
    seconds, peak = map(float, out.stdout.split())
    return seconds, peak


def peak_memory(path: Path, rows: int, runs: int) -> list[dict]:
    """Peak RSS growth (MB) of one call in a fresh interpreter, median of ``runs``; read_csv reads both files."""
    result = {name: statistics.median(fresh(*case)[1] for _ in range(runs)) for name, case in calls(path).items()}
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
    """``reserves charts`` on the shipped data, as the command runs it: its phases summed over the notebooks."""
    from reserves._publishing import notebooks

    frames = {"reserves": reserves.load_reserves(), "counts": reserves.load_counts()}
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs + 1):
            rows.append(notebooks.build(ROOT / "notebooks", Path(out) / "charts", None, frames, say=lambda *a, **k: None))
    rows = rows[1:]  # the first is the warm-up
    return [{"phase": phase, "median s": statistics.median(row[phase] for row in rows)} for phase in rows[0]]


def table(rows: list[dict]) -> str:
    columns = list(rows[0])
    cell = lambda v: f"{v:,.3f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--large", type=int, nargs="*", default=list(LARGE), help="sizes for read_csv and load_reserves alone")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        packages = {size: write_realistic(scratch / str(size), size).parent for size in args.sizes}
        largest = packages[max(args.sizes)] / "reserves.csv"
        peers_rows = loader_and_peers(packages, args.runs)
        large_rows = [row for size in args.large for row in large(scratch / f"large-{size}", size)]
        phase_rows = phases(largest, args.runs) + [
            {"phase": "(one pass)", "what": "one RE2 pass of the number pattern over every quote, alone", "median s": quote_pass(largest, args.runs)}]
        memory_rows = peak_memory(largest, max(args.sizes), args.runs)
        frictionless_rows = frictionless_vs_ours(packages, args.runs)
        million = peers_rows[-1]
        sections = [  # (title, rows, goal, whether the rows meet it)
            ("1. load_reserves and its peers, on realistic rows", peers_rows,
             "load_reserves at most 2.0x pandas.read_csv of the files it reads (reserves.csv and citations.csv) at 10^6 rows, "
             "and ahead of pandera on polars given the same files",
             million["load_reserves ×"] <= 2.0 and million["load_reserves ×"] <= million["pandera on polars ×"]),
            ("1b. At larger sizes: read_csv and load_reserves alone, one run", large_rows or [{"rows": "not run"}],
             "at most 2.5x read_csv of both files at 10^7 rows, cost per row flat from 10^6, peak memory at most 2.0x read_csv's",
             bool(large_rows) and all(r["load_reserves ×"] <= 2.5 and r["peak ratio"] <= 2.0
                                      and r["load_reserves µs per row"] <= 1.1 * million["load_reserves µs per row"] for r in large_rows)),
            ("1c. Where the time of one load goes, at the largest size of table 1", phase_rows,
             "Wall seconds inside each phase, summed over its calls; phases on other threads overlap the rest, and the rules' "
             "phases are inside 'figures'", None),
            ("2. frictionless validate against load_reserves", frictionless_rows, None, None),
            ("3. Peak memory", memory_rows, "at most 2.0x read_csv's of both files", memory_rows[0]["ratio"] <= 2.0),
            ("4. A file with bad cells", rows := bad_cells(scratch / "bad", largest, args.runs),
             "10^5 bad cells within 1.5x a clean load, with a short report", rows[0]["ratio"] <= 1.5 and rows[0]["message lines"] < 50),
            ("5. Import time, fresh interpreter", rows := imports(args.runs * 2),
             "at most 1.1x import pandas, no matplotlib or Jupyter module",
             rows[0]["ratio"] <= 1.1 and rows[0]["heavy modules imported"] == "[]"),
            ("6. A warm load of the shipped data", rows := warm_load(args.runs), "under 5 ms", rows[0]["warm load_reserves ms"] < 5),
            ("7. reserves charts on the shipped data", charts(max(1, args.runs // 2)),
             "Phases are summed over the notebooks, which run side by side, one kernel each, one per core; "
             "the last line is the wall time of the whole run", None),
        ]
        summary = reading(million, large_rows, phase_rows, memory_rows[0], frictionless_rows[-1])
    write(args.out, sections, summary, args)


def reading(peers: dict, larger: list[dict], phase_rows: list[dict], memory: dict, frictionless: dict) -> str:
    """What this run's tables say, in sentences made from them."""
    spent = {row["phase"]: row["median s"] for row in phase_rows}
    total = spent["load_reserves"]
    quotes = spent["_contract.quotes.locate"] + spent["_contract.quotes.spelled_out"] + spent["_contract.quotes.stated_basis"]
    lines = [f"- At {peers['rows']:,} rows `load_reserves` took **{peers['load_reserves ×']:.1f}×** `pandas.read_csv` of the "
             f"two files it reads ({peers['read_csv s']:.2f} s), {peers['pandas.read_csv, reserves.csv ×']:.2f}× being "
             f"`read_csv` of reserves.csv alone; pandera on pandas {peers['pandera on pandas ×']:.1f}×, pandera on polars "
             f"{peers['pandera on polars ×']:.1f}× (both files, the same column checks, no strict grammar, no rule across "
             f"columns), and `frictionless validate` took {frictionless['frictionless / ours']:.1f} times as long as `load_reserves`.",
             f"- Of the load's {total:.2f} s, the strict reads took {spent['_reading.csvfile.read']:.2f} s, the rules of a figure "
             f"{spent['_contract.figures.figures']:.2f} s, of which the three that read each quote {quotes:.2f} s (finding each "
             f"value among its quote's numbers {spent['_contract.quotes.locate']:.2f} s, numbers in words "
             f"{spent['_contract.quotes.spelled_out']:.2f} s, the basis its words state {spent['_contract.quotes.stated_basis']:.2f} s); "
             f"the column checks {spent['_contract.cells.typed_column']:.2f} s summed over columns that run two at a time; "
             f"`also_reported_by` {spent['_tables.derive._further_sources']:.2f} s; flags and caveats {spent['_contract.flags.annotate']:.2f} s. "
             f"One RE2 pass of the number pattern over every quote costs {spent['(one pass)']:.2f} s "
             f"({spent['(one pass)'] / peers['read_csv s']:.2f}× `read_csv` of both files).",
             f"- Peak memory: {memory['ratio']:.1f}× `read_csv`'s of both files at {memory['rows']:,} rows."]
    for row in larger:
        lines.append(f"- At {row['rows']:,} rows (one run): {row['load_reserves ×']:.1f}× `read_csv` of both files, "
                     f"{row['load_reserves µs per row']:.2f} µs per row against {peers['load_reserves µs per row']:.2f} at "
                     f"{peers['rows']:,}; peak memory {row['peak ratio']:.1f}× `read_csv`'s.")
    return "\n".join(lines)


def write(out: Path, sections, summary: str, args) -> None:
    versions = ", ".join(f"{p} {version(p)}" for p in ("pandas", "pyarrow", "numpy", "polars", "pandera", "matplotlib", "nbclient", "frictionless"))
    head = (f"# Benchmarks\n\nReproduce with `make benchmarks` (or `python benchmarks/run.py --runs {args.runs}`).\n\n"
            f"- date: {date.today()}\n- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}\n"
            f"- Python {platform.python_version()}; {versions}\n- runs: median of {args.runs} after a warm-up\n")

    def goal(text, met):
        if met is None:
            return f"{text}.\n\n" if text else ""
        return f"Goal: {text}. **{'Met' if met else 'Not met'}.**\n\n"

    body = "\n\n".join(f"## {title}\n\n{goal(text, met)}{table(rows)}" for title, rows, text, met in sections)
    notes = (ROOT / "benchmarks" / "NOTES.md").read_text(encoding="utf-8")
    out.write_text(f"{head}\n## What this run says\n\n{summary}\n\n{notes}\n{body}\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
