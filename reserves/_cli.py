"""Command line: ``reserves validate [PATH ...]`` and ``reserves charts [--out DIR]``."""

import argparse
import difflib
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from . import _contract as contract, _rules as rules, _tables as tables
from ._errors import Kind, ReservesDataError
from ._loaders import load_companies, load_context, load_counts, load_reserves

_LOADERS = {"reserves": load_reserves, "counts": load_counts, "context": load_context, "companies": load_companies}


class Usage(Exception):
    """Nothing to check, or a path that names no table: said in one line, exit code 2."""


def _targets(paths: list[str]) -> list[tuple[str, Path]]:
    """(table name, CSV path) for every file to check; a folder means each table CSV in it."""
    names = contract.resource_names()
    if not paths:
        return [(name, tables.locate(name)) for name in names]
    targets = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [(name, path / f"{name}.csv") for name in names if os.path.lexists(path / f"{name}.csv")]
            strays = sorted(p.name for p in path.glob("*.csv") if p.stem not in names)
            if strays:
                raise Usage(f"{path}: {', '.join(strays)} {'does' if len(strays) == 1 else 'do'} not name a table"
                            f"{_did_you_mean(strays[0], names)}; name each CSV after its table ({_csvs(names)})")
            if not found:
                raise Usage(f"{path}: no table to check: the folder has no CSV named after a table ({_csvs(names)})")
            targets += found
        elif not path.exists():
            raise Usage(f"{path}: no such file or folder")
        elif path.stem in names:
            targets.append((path.stem, path))
        else:
            raise Usage(f"{path}: {path.name} does not name a table{_did_you_mean(path.name, names)}; name the file "
                        f"after its table ({_csvs(names)}) or give its folder")
    return targets


def _csvs(names: list[str]) -> str:
    return ", ".join(n + ".csv" for n in names)


def _did_you_mean(file: str, names: list[str]) -> str:
    stem = Path(file).stem.lower()
    close = [n for n in names if n == stem] or difflib.get_close_matches(stem, names, n=1)
    return f" (did you mean {close[0]}.csv?)" if close else ""


def _provenance(targets: list[tuple[str, Path]]) -> str:
    """Which reference tables the checked files resolved against came from their folder, and which were shipped."""
    checked = {path.resolve() for _, path in targets}
    own, shipped = set(), set()
    for name, path in targets:
        for ref in _references(name):
            found = tables.locate(ref, path.parent)
            if found.resolve() not in checked:
                (shipped if found.parent == contract.data_dir() else own).add(f"{found.name}")
    parts = [f"from the folder: {', '.join(sorted(own))}"] if own else []
    parts += [f"shipped: {', '.join(sorted(shipped))}"] if shipped else []
    return "reference tables " + "; ".join(parts) if parts else ""


def _references(name: str) -> set[str]:
    refs = {target for _, target, _ in contract.foreign_keys(name) if target != name} | set(rules.REFERENCES.get(name, ()))
    return refs | ({tables.FLAGS} if tables.DOUBTS in contract.field_names(name) else set())


def validate(paths: list[str]) -> int:
    """Exit 0 when every table is valid, 1 when any has problems, 2 when there is nothing to check."""
    try:
        targets = _targets(paths)
    except Usage as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    loaded, kinds = {}, Counter()
    for name, path in targets:
        try:
            loaded[name] = _LOADERS.get(name, lambda p, n=name: tables.load(n, p).frame)(path)
        except ReservesDataError as err:
            print(*err.problems, sep="\n")  # file:line: column: message, one a line, as editors jump to them
            hidden = sum(err.counts.values()) - len(err.problems)
            if hidden:
                print(f"... and {hidden} more in {path.name}")
            kinds.update(err.kinds)
        except FileNotFoundError as err:
            print(err)
            kinds[Kind.MISSING_FILE] += 1
    if kinds:
        print("problems by kind: " + ", ".join(f"{n} x {kind}" for kind, n in kinds.most_common()))
        print("validation failed: fix the problems above and run 'reserves validate' again")
        return 1
    parts = [f"{len(frame)} {name}" + (f" ({int(frame['ambiguous'].sum())} flagged)" if "ambiguous" in frame else "")
             for name, frame in loaded.items()]
    print("valid: " + ", ".join(parts))
    if paths:
        print(_provenance(targets))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reserves", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the shipped data, or the given CSV files or folders")
    check.add_argument("paths", nargs="*", metavar="PATH")
    draw = commands.add_parser("charts", help="run every notebook, writing the charts and an HTML report")
    draw.add_argument("--out", type=Path, default=Path("charts"), help="folder for the charts; the report goes in its report/ (default: charts)")
    draw.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="folder of the notebooks (default: notebooks)")
    draw.add_argument("--data", type=Path, help="folder of the CSVs to chart (default: the shipped data)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    return charts(args.notebooks, args.out, args.data)


def charts(notebooks: Path, out: Path, data: Path | None) -> int:
    try:  # before any kernel starts: a folder that cannot take the charts is one line, not a traceback per notebook
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as err:
        print(f"error: --out {out}: cannot write charts there ({err.strerror}); give a folder you can write to", file=sys.stderr)
        return 1
    from . import _report as report  # Jupyter is imported only for this command

    try:
        report.build(notebooks, out, data)
    except report.NotebookFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
