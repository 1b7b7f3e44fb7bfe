"""Command line: ``reserves validate [PATH ...]``, ``reserves charts [--check] [--out DIR]``, ``reserves new DIR``."""

import argparse
import difflib
import os
import shlex
import sys
import tempfile
import textwrap
from importlib import metadata
from pathlib import Path

from .._contract import descriptor as contract
from .._tables.folder import Folder
from .._tables.validate import check_folder
from . import new as skeleton


class Usage(Exception):
    """Nothing to check, or a path that names no table: said in one line, exit code 2."""


def _targets(paths: list[str]) -> list[tuple[Folder, list[str] | None]]:
    """(folder, the tables to check: None for every table it has) for each path; a CSV means its table."""
    names = contract.table_names()
    if not paths:
        return [(Folder(), None)]
    targets = []
    for path in map(Path, paths):
        if path.is_dir():
            folder = Folder(path)
            strays = folder.strays()
            if strays:
                raise Usage(f"{path}: {', '.join(strays)} {'does' if len(strays) == 1 else 'do'} not name a table"
                            f"{_did_you_mean(strays[0], names)}; name each CSV after its table ({_csvs(names)})")
            if not folder.tables():
                raise Usage(f"{path}: no table to check: the folder has no CSV named after a table ({_csvs(names)})")
            targets.append((folder, None))
        elif not os.path.lexists(path):
            raise Usage(f"{path}: no such file or folder")
        elif path.stem in names and path.suffix == ".csv":
            targets.append((Folder(path.parent), [path.stem]))
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


def _provenance(folder: Folder, report) -> str:
    """Which reference tables and vocabularies came from the folder, and which were shipped."""
    read = {ref for name in report.frames for ref in contract.references(name)} - set(report.frames)
    own = sorted(f"{name}.csv" for name in read if name in folder.tables())
    shipped = sorted(f"{name}.csv" for name in read if name not in folder.tables())
    parts = ([f"from the folder: {', '.join(own)}"] if own else []) + ([f"shipped: {', '.join(shipped)}"] if shipped else [])
    return "reference tables " + "; ".join(parts) if parts else ""


def validate(paths: list[str]) -> int:
    """Exit 0 when every table is valid, 1 when any has problems, 2 when there is nothing to check."""
    try:
        targets = _targets(paths)
    except Usage as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    failed = False
    for folder, tables in targets:
        report = check_folder(folder, tables)
        failed |= not _print_report(folder, report, bool(paths))
    if failed:
        print("validation failed: fix the problems above and run 'reserves validate' again")
    return 1 if failed else 0


def _print_report(folder: Folder, report, named: bool) -> bool:
    """Print each problem as file:line: column: message, then the folder's counts; True when it is valid."""
    for error in report.errors.values():
        print(*error.problems, sep="\n")  # one a line, as editors jump to them
        hidden = sum(error.counts.values()) - len(error.problems)
        if hidden:
            print(f"... and {hidden} more in {error.problems[0].file}")
    for name, blocked in report.blocked.items():
        print(f"{folder}/{name}.csv: not checked: it reads {', '.join(b + '.csv' for b in blocked)}, which "
              f"{'has' if len(blocked) == 1 else 'have'} problems")
    if not report.valid:
        kinds = report.counts()
        print(f"{folder}: problems by kind: " + ", ".join(f"{n} x {kind}" for kind, n in kinds.most_common()))
        return False
    parts = [f"{len(frame)} {name}" + (f" ({int(frame['ambiguous'].sum())} flagged)" if "ambiguous" in frame else "")
             for name, frame in report.frames.items()]
    print(f"valid: {folder}: " + ", ".join(parts))
    for name in report.lacking():
        print(f"note: {folder} has no {name}.csv: it has no {name} to chart")
    if named:
        print(_provenance(folder, report))
    return True


EXIT_CODES = """exit codes:
  0  success
  1  problems in the data (validate); a notebook failed, or charts are stale (charts)
  2  nothing to check, or a bad argument or path"""


def _version() -> str:
    try:
        return f"reserves {metadata.version('reserves')}"
    except metadata.PackageNotFoundError:  # run from a checkout never installed: say so instead of a number
        return "reserves (not installed: pip install -e . in the checkout gives it a version)"


def _parser() -> argparse.ArgumentParser:
    shared = {"epilog": EXIT_CODES, "formatter_class": argparse.RawDescriptionHelpFormatter}  # raw: one exit code a line
    parser = argparse.ArgumentParser(prog="reserves", description=textwrap.fill(
        "Check reported figures about mineral deposits, kept exactly as reported, and draw their charts."), **shared)
    parser.add_argument("--version", action="version", version=_version(), help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of these; 'reserves COMMAND -h' "
                                     "gives its options")
    about = "check the shipped data, or the given CSV files or folders; print each problem as file:line: column: message"
    check = commands.add_parser("validate", help=about, description=textwrap.fill(about), **shared)
    check.add_argument("paths", nargs="*", metavar="PATH", help="a CSV named after its table, or a folder of them "
                       "(default: the shipped data)")
    about = "run every notebook, writing the charts (SVG and PNG) and an HTML report; or check the charts with --check"
    draw = commands.add_parser("charts", help=about, description=textwrap.fill(about), **shared)
    draw.add_argument("--out", type=Path, default=Path("charts"), metavar="DIR", help="folder of the charts; the report goes in its "
                      "report/ (default: charts)")
    draw.add_argument("--notebooks", type=Path, default=Path("notebooks"), metavar="DIR", help="folder of the notebooks (default: notebooks)")
    draw.add_argument("--data", type=Path, metavar="DIR", help="folder of the CSVs to chart (default: the shipped data)")
    draw.add_argument("--check", action="store_true", help="write nothing: draw into a temporary folder and list every "
                      "chart in --out that is stale, missing or no longer drawn")
    about = "write a folder for your own data: each table's header line, and a README.md that explains each file"
    new = commands.add_parser("new", help=about, description=textwrap.fill(about), **shared)
    new.add_argument("folder", type=Path, metavar="DIR", help="a folder that does not exist yet, or an empty one")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # the reader of the output stopped ('| head'): stop too, without a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own advice: no error at exit either
        return 1


def _run(args) -> int:
    if args.command == "validate":
        return validate(args.paths)
    if args.command == "new":
        return new(args.folder)
    return charts(args.notebooks, args.out, args.data, args.check)


def new(folder: Path) -> int:
    """Exit 0 when ``folder`` was written, 2 when it holds anything already or cannot be written."""
    try:
        files = skeleton.write(folder)
    except FileExistsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {folder}: cannot write there ({err.strerror}); give a folder you can write to", file=sys.stderr)
        return 2
    print(f"wrote {folder}/: {', '.join(f.name for f in files)}")
    print(f"add your rows (README.md has an example of each), then: reserves validate {shlex.quote(str(folder))}")
    return 0


def charts(notebooks: Path, out: Path, data: Path | None, check: bool = False) -> int:
    """Exit 0 when the charts were drawn (or, with ``check``, are fresh), 1 when a notebook failed or a chart is stale."""
    try:  # before any kernel starts: a bad path is one line, not a traceback per notebook
        _usable(notebooks, out, data, check)
    except Usage as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    folder = Folder(data)
    report = check_folder(folder, ["reserves", "counts"])  # what the notebooks and the report will load: checked first
    if not report.valid:
        _print_report(folder, report, True)
        print(f"no charts drawn: fix the problems above ('reserves validate {shlex.quote(str(folder))}' lists them)")
        return 1
    from .._publishing import notebooks as books  # Jupyter is imported only for this command

    try:
        if not check:
            books.build(notebooks, out, data, report.frames)
            return 0
        stale = books.check(notebooks, out, data, report.frames)
    except books.NotebookFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for line in stale:
        print(f"{line}; run '{_charts_command(notebooks, out, data)}' and commit {out}/")
    if not stale:
        print(f"charts fresh: every chart in {out}/ and its report are what the notebooks draw from the data")
    return 1 if stale else 0


def _usable(notebooks: Path, out: Path, data: Path | None, check: bool) -> None:
    if not any(notebooks.glob("*.ipynb")):
        raise Usage(f"--notebooks {notebooks}: no notebooks (*.ipynb) there; give the folder of the notebooks "
                    "(notebooks/ of a clone of the reserves repository)")
    if data is not None and not data.is_dir():
        raise Usage(f"--data {data}: no such folder; give the folder of your CSVs")
    if check:
        if not out.is_dir():
            raise Usage(f"--out {out}: no such folder of charts to check; give the folder of the committed charts, "
                        f"or draw them first with '{_charts_command(notebooks, out, data)}'")
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as err:
        raise Usage(f"--out {out}: cannot write charts there ({err.strerror}); give a folder you can write to") from None


def _charts_command(notebooks: Path, out: Path, data: Path | None) -> str:
    """The command that draws the charts, with the options given where they differ from the defaults."""
    options = [("--data", data, None), ("--out", out, Path("charts")), ("--notebooks", notebooks, Path("notebooks"))]
    return " ".join(["reserves charts"] + [f"{flag} {shlex.quote(str(value))}" for flag, value, default in options if value != default])


if __name__ == "__main__":
    sys.exit(main())
