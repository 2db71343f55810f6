"""What went wrong with an input, said so a spreadsheet user can find it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import BadInput

REPORT_CAP = 200  # problems shown in full; the rest are counted


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    `row` is the row number a spreadsheet shows (the header is row 1, so the
    first data row is 2); for Popolo JSON it is the 1-based position in the
    collection named by `sheet`. `column` is the header as the user wrote it.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class LoadError(BadInput):
    """The input was rejected before anything was written; `.problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.report(), argument=None)

    def report(self, cap: int = REPORT_CAP) -> str:
        lines = [f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} found; nothing was written:"]
        lines += [f"  {problem}" for problem in self.problems[:cap]]
        if len(self.problems) > cap:
            lines.append(f"  … and {len(self.problems) - cap} more")
        return "\n".join(lines)
