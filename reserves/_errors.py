"""The one domain exception, the closed vocabulary of problem kinds, and the problems it lists."""

from collections import Counter
from enum import StrEnum
from typing import NamedTuple

SHOWN = 20  # problems reported in full; the rest are counted per kind and column


class Kind(StrEnum):
    """Every kind of problem the loader can report, as frictionless' error codes name theirs."""

    MISSING_FILE = "missing-file"  # a file, or a reference file named in a folder, is not there
    EMPTY_FILE = "empty-file"
    ENCODING = "encoding"  # not UTF-8 text
    DIALECT = "dialect"  # another delimiter than the comma
    LINE_ENDING = "line-ending"  # a lone carriage return
    CONTROL_CHARACTER = "control-character"  # invisible, bidirectional or control characters
    QUOTE = "quote"  # a quote out of place, or never closed
    HEADER = "header"  # a column missing, unknown, repeated or out of order
    ROW_WIDTH = "row-width"  # a record of more or fewer fields than the header
    BLANK_ROW = "blank-row"
    REQUIRED = "required"  # a blank cell where a value is required
    TYPE = "type"  # not a number, an integer or a date
    PRECISION = "precision"  # a number a double cannot hold as written
    RANGE = "range"  # below a minimum, or beyond what a double holds
    ENUM = "enum"  # not one of a column's values
    PATTERN = "pattern"
    LENGTH = "length"
    UNIQUE = "unique"  # a value or key that appears twice
    FOREIGN_KEY = "foreign-key"  # a reference to a row that does not exist
    FLAG = "flag"  # a doubt that flags.csv does not define, or that the loader derives
    VOCABULARY = "vocabulary"  # a reference table that contradicts itself or the contract
    CONTRACT = "contract"  # datapackage.json asks for what the loader does not implement


class Problem(NamedTuple):
    """One problem in an input file, at a line and column an editor can jump to."""

    file: str
    line: int
    column: str
    value: str
    message: str
    kind: Kind

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class ReservesDataError(ValueError):
    """Input data breaks the data contract; ``problems`` lists what and where.

    The first problems are kept in full (``problems``); ``counts`` holds the
    number of problems of each (kind, column), so a file with a hundred
    thousand bad cells gives a short message. ``kinds`` sums them per kind.
    """

    def __init__(self, problems: list[Problem], counts: Counter | None = None):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))[:SHOWN]
        self.counts = counts if counts is not None else Counter((p.kind, p.column) for p in problems)
        total = sum(self.counts.values())
        lines = [f"{total} problem{'s' if total != 1 else ''} in the reserves data:"]
        lines += [f"  {p}" for p in self.problems]
        if total > len(self.problems):
            lines.append(f"  ... and {total - len(self.problems)} more; problems by kind:")
            lines += [f"    {line}" for line in self.summary()]
        super().__init__("\n".join(lines))

    @property
    def kinds(self) -> Counter:
        kinds = Counter()
        for (kind, _), n in self.counts.items():
            kinds[kind] += n
        return kinds

    def summary(self) -> list[str]:
        """'500 x range (value)': one line per kind and column, most frequent first."""
        return [f"{n} x {kind} ({column})" for (kind, column), n in self.counts.most_common()]


class Problems:
    """Collects problems while a table is checked; raises them all at once."""

    def __init__(self):
        self.shown: list[Problem] = []
        self.counts: Counter = Counter()

    def add(self, problem: Problem) -> None:
        self.counts[problem.kind, problem.column] += 1
        self.shown.append(problem)

    def add_many(self, kind: Kind, column: str, rows, build) -> None:
        """Count ``rows`` under ``kind`` and ``column``; build a full Problem for the first few only."""
        if not len(rows):
            return
        self.counts[kind, column] += len(rows)
        self.shown.extend(build(row) for row in rows[:SHOWN])

    def merge(self, other: "Problems") -> None:
        self.counts.update(other.counts)
        self.shown.extend(other.shown)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def raise_if_any(self) -> None:
        if self:
            raise ReservesDataError(self.shown, self.counts)
