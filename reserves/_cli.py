"""Command line: ``reserves validate [PATH ...]`` and ``reserves charts [--out DIR]``."""

import argparse
import sys
from pathlib import Path

from . import _contract as contract, _tables as tables
from ._errors import ReservesDataError
from ._loaders import load_companies, load_context, load_counts, load_reserves

_LOADERS = {"reserves": load_reserves, "counts": load_counts, "context": load_context, "companies": load_companies}


def _targets(paths: list[str]) -> list[tuple[str, Path]]:
    """(table name, CSV path) for every file to check; a folder means each table CSV in it."""
    names = contract.resource_names()
    if not paths:
        return [(name, tables.locate(name)) for name in names]
    targets = []
    for path in map(Path, paths):
        if path.is_dir():
            targets += [(name, path / f"{name}.csv") for name in names if (path / f"{name}.csv").is_file()]
        elif path.stem in names:
            targets.append((path.stem, path))
        else:
            raise SystemExit(f"{path}: cannot tell which table this is; name the file after its table "
                             f"({', '.join(n + '.csv' for n in names)}) or give its folder")
    return targets


def validate(paths: list[str]) -> int:
    loaded, failed = {}, False
    for name, path in _targets(paths):
        try:
            loaded[name] = _LOADERS.get(name, lambda p, n=name: tables.load(n, p).frame)(path)
        except ReservesDataError as err:
            failed = True
            print(*err.problems, sep="\n")  # file:line: column: message, one a line, as editors jump to them
            hidden = sum(err.counts.values()) - len(err.problems)
            if hidden:
                print(f"... and {hidden} more: " + "; ".join(f"{n} x {kind}" for kind, n in err.counts.most_common()))
        except FileNotFoundError as err:
            failed = True
            print(err)
    if failed:
        print("validation failed: fix the problems above and run 'reserves validate' again")
        return 1
    parts = [f"{len(frame)} {name}" + (f" ({int(frame['ambiguous'].sum())} flagged)" if "ambiguous" in frame else "")
             for name, frame in loaded.items()]
    print("valid: " + ", ".join(parts))
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
    from . import _report as report  # Jupyter is imported only for this command

    try:
        report.build(notebooks, out, data)
    except report.NotebookFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
