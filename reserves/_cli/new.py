"""``reserves new DIR``: an empty folder of claims that validates, with a README that explains each file.

Only the tables an analyst fills are written: the tables of claims, and the reference tables they name rows of
(sources, deposits, territories), each after the tables it names. The vocabularies (units, flags, ...) and the
world figures stay the shipped ones, so fixes to them reach every folder; a folder's own file of a vocabulary
extends the shipped table.
"""

import csv
import io
import shlex
from pathlib import Path

from .._contract import descriptor as contract


def filled() -> list[str]:
    """The tables an analyst fills, in the order one fills them: a row may name rows of the tables above it."""
    claims = [name for name in contract.table_names() if contract.role(name) == "claims"]
    named = {target for name in claims for _, target, _ in contract.foreign_keys(name) if contract.role(target) == "reference"}
    return [name for name in contract.load_order() if name in named or name in claims]


def vocabularies() -> list[str]:
    return [name for name in contract.table_names() if contract.role(name) == "vocabulary"]


def write(folder: Path) -> list[Path]:
    """Write each table's header line and README.md into ``folder`` (created; it must be new or empty); return the files.

    Raises FileExistsError when ``folder`` is a file or holds anything: nothing of an analyst's is overwritten.
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder}: {'not empty' if folder.is_dir() else 'is a file'}; give a new or empty folder "
                              "to 'reserves new' (your tables there are left as they are)")
    folder.mkdir(parents=True, exist_ok=True)
    files = [_create(folder / f"{name}.csv", ",".join(contract.field_names(name)) + "\n") for name in filled()]
    return files + [_create(folder / "README.md", _readme(folder))]


def _create(path: Path, text: str) -> Path:
    with path.open("x", encoding="utf-8", newline="") as file:  # "x": a file that appeared meanwhile is never overwritten
        file.write(text)
    return path


def _example(name: str) -> str:
    """The first row of the shipped table ``name``, as a CSV line (a quoted line break stays in it), with any cell that
    names another row of its own table blank: the example stands alone."""
    rows = csv.reader(io.StringIO((contract.shipped_dir() / f"{name}.csv").read_text(encoding="utf-8"), newline=""))
    header = next(rows)
    own = {header.index(column) for column, target, _ in contract.foreign_keys(name) if target == name}
    row, line = [("" if i in own else cell) for i, cell in enumerate(next(rows))], io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(row)
    return line.getvalue()


def _readme(folder: Path) -> str:
    """README.md of a new folder: each file, an example row of each table, and the commands that check and chart it."""
    where = shlex.quote(str(folder))
    tables = "\n".join(f"| `{name}.csv` | {contract.resource(name)['description']} |" for name in filled())
    examples = "\n\n".join(f"`{name}.csv`:\n\n```csv\n" + "".join(f"# {line}\n" for line in _example(name).splitlines()) + "```"
                           for name in filled())
    return f"""# Reported figures about mineral deposits

Each CSV here is a table of claims for the Python package `reserves`: UTF-8, comma-separated, its
header line first. `reserves new` wrote the header lines only; add one row per claim, exactly as its
source reports it.

| file | one row per |
| --- | --- |
{tables}

The vocabularies are the ones shipped with `reserves`: {", ".join(vocabularies())}. To add a
unit, a flag or a commodity of your own, put a file of that table here with the shipped header line
and your new rows only: it extends the shipped table.

## An example row of each table

From the shipped data. Delete the `# ` to use one; a row names its source, deposit, territory or figure
by id, so the row it names must be in that table here too.

{examples}

## Check and chart

```sh
reserves validate {where}
reserves charts --data {where} --out {where}/charts
```

`reserves validate` prints each problem as `file:line: column: message`. `reserves charts` runs the
notebooks of the folder `--notebooks` names (default: `notebooks`, as in a clone of the `reserves`
repository) and writes every chart, as SVG and PNG, with a report in `charts/report/`. With `--check`
it writes nothing and fails when a chart in `--out` is not what the data now gives, as CI should.
"""
