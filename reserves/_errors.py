"""Problems in the input, and the one exception that lists them: what every layer reports through.

A problem has a kind from one closed vocabulary (after frictionless' error codes) and its column in a field of its
own. The counts per kind are derived from the problems themselves, never kept beside them: a check that finds a
hundred thousand bad cells records one *finding* (kind, column, how many, the first few in full), not a hundred
thousand objects.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import NamedTuple

SHOWN = 20  # problems of one finding reported in full; the rest are counted


class Kind(StrEnum):
    """Every kind of problem the loader can report, as frictionless' error codes name theirs.

    Examples
    --------
    >>> Kind("foreign-key") is Kind.FOREIGN_KEY
    True
    """

    MISSING_FILE = "missing-file"  # a file is not there, is not a file, or cannot be read
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
    UNICODE = "unicode"  # a key not in one Unicode form (NFC), or with spaces around it
    UNIQUE = "unique"  # a value or key that appears twice
    FOREIGN_KEY = "foreign-key"  # a reference to a row that does not exist
    FLAG = "flag"  # a doubt that flags.csv does not define, or that the loader derives
    QUOTED_VALUE = "quoted-value"  # a figure whose number its quote does not hold
    VOCABULARY = "vocabulary"  # a reference table that contradicts itself, the contract or the shipped one
    RULE = "rule"  # a row that breaks a rule across its columns or tables (a basis, a date, a unit for its measure)
    CONTRACT = "contract"  # datapackage.json asks for what the loader does not implement


class Problem(NamedTuple):
    """One problem in an input file, at a line and column an editor can jump to.

    Examples
    --------
    >>> str(Problem("my/reserves.csv", 4, "value", "13,6", "'13,6' has a comma", Kind.TYPE))
    "my/reserves.csv:4: value: '13,6' has a comma"
    """

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

    The first problems of each kind and column are kept in full (``problems``); ``counts`` holds how many
    problems there are of each (kind, column), so a file with a hundred thousand bad cells gives a short
    message. The error survives pickling, so a process pool reports it whole.

    Examples
    --------
    >>> import pickle
    >>> err = ReservesDataError([Problem("r.csv", 2, "value", "-1", "'-1' is below the minimum 0", Kind.RANGE)])
    >>> print(pickle.loads(pickle.dumps(err)))
    1 problem in the reserves data:
      r.csv:2: value: '-1' is below the minimum 0
    """

    def __init__(self, problems: Sequence[Problem], counts: Counter | None = None):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        self.counts = Counter((p.kind, p.column) for p in problems) if counts is None else Counter(counts)
        total = sum(self.counts.values())
        lines = [f"{total} problem{'s' if total != 1 else ''} in the reserves data:"]
        lines += [f"  {p}" for p in self.problems[:SHOWN]]
        if total > min(len(self.problems), SHOWN):
            lines.append(f"  ... and {total - min(len(self.problems), SHOWN)} more; problems by kind:")
            lines += [f"    {line}" for line in self.summary()]
        super().__init__("\n".join(lines))

    def __reduce__(self):
        return type(self), (self.problems, self.counts)

    @property
    def kinds(self) -> Counter:
        """The number of problems of each kind, whatever their column."""
        kinds: Counter = Counter()
        for (kind, _), n in self.counts.items():
            kinds[kind] += n
        return kinds

    def summary(self) -> list[str]:
        """'500 x range (value)': one line per kind and column, most frequent first."""
        return [f"{n} x {kind} ({column})" for (kind, column), n in self.counts.most_common()]


class Problems:
    """Collects the findings of a check, each recorded once, and raises them all at once.

    A finding is one kind of problem in one column: how many rows have it, and the first of them in full.
    """

    def __init__(self) -> None:
        self._findings: list[tuple[Kind, str, int, list[Problem]]] = []

    def add(self, problem: Problem) -> None:
        self._findings.append((problem.kind, problem.column, 1, [problem]))

    def add_rows(self, kind: Kind, column: str, rows: Sequence, place: Callable[..., tuple[str, int, str, str]],
                 column_of: Callable[..., str] | None = None) -> None:
        """Record one problem per item of ``rows``, counted under ``kind`` and ``column``; ``place(row)`` gives its
        (file, line, value, message), and ``column_of(row)`` its own column where one finding spans columns (an
        invisible character anywhere in a file).

        Only the first few are placed (a line number and a message cost time); the rest are counted.
        """
        if len(rows):
            first = rows[:SHOWN]
            columns = map(column_of, first) if column_of else [column] * len(first)
            shown = [Problem(file, line, own, value, message, kind)
                     for (file, line, value, message), own in zip(map(place, first), columns)]
            self._findings.append((kind, column, len(rows), shown))

    def extend(self, other: "Problems") -> None:
        self._findings.extend(other._findings)

    @property
    def counts(self) -> Counter:
        counts: Counter = Counter()
        for kind, column, n, _ in self._findings:
            counts[kind, column] += n
        return counts

    @property
    def shown(self) -> list[Problem]:
        return [problem for *_, shown in self._findings for problem in shown]

    def __bool__(self) -> bool:
        return bool(self._findings)

    def __len__(self) -> int:
        return sum(n for _, _, n, _ in self._findings)

    def error(self) -> ReservesDataError:
        return ReservesDataError(self.shown, self.counts)

    def raise_if_any(self) -> None:
        if self:
            raise self.error()

