"""The one domain exception, and the problems it lists."""

from collections import Counter
from typing import NamedTuple

SHOWN = 20  # problems reported in full; the rest are counted per kind


class Problem(NamedTuple):
    """One problem in an input file, at a line and column an editor can jump to."""

    file: str
    line: int
    column: str
    value: str
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class ReservesDataError(ValueError):
    """Input data breaks the data contract; ``problems`` lists what and where.

    The first problems are kept in full (``problems``); ``counts`` holds the
    number of problems of each kind, so a file with a hundred thousand bad cells
    gives a short message.
    """

    def __init__(self, problems: list[Problem], counts: Counter | None = None):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))[:SHOWN]
        self.counts = counts if counts is not None else Counter(p.kind for p in problems)
        total = sum(self.counts.values())
        lines = [f"{total} problem{'s' if total != 1 else ''} in the reserves data:"]
        lines += [f"  {p}" for p in self.problems]
        if total > len(self.problems):
            lines.append(f"  ... and {total - len(self.problems)} more; problems by kind:")
            lines += [f"    {n} x {kind}" for kind, n in self.counts.most_common()]
        super().__init__("\n".join(lines))


class Problems:
    """Collects problems while a table is checked; raises them all at once."""

    def __init__(self):
        self.shown: list[Problem] = []
        self.counts: Counter = Counter()

    def add(self, problem: Problem) -> None:
        self.counts[problem.kind or problem.message] += 1
        self.shown.append(problem)

    def add_many(self, kind: str, rows, build) -> None:
        """Count ``rows`` under ``kind``; build a full Problem for the first few only."""
        if not len(rows):
            return
        self.counts[kind] += len(rows)
        self.shown.extend(build(row) for row in rows[:SHOWN])

    def merge(self, other: "Problems") -> None:
        self.counts.update(other.counts)
        self.shown.extend(other.shown)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def raise_if_any(self) -> None:
        if self:
            raise ReservesDataError(self.shown, self.counts)
