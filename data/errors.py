"""Errors raised by the store and the loaders; nothing else lives here.

    StoreError                 the store could not be read or written (driver errors are wrapped)
    ├── NoDataError            a query matched nothing
    └── ValidationError        input was refused; ``problems`` lists every problem found
"""
from __future__ import annotations

from dataclasses import dataclass, field


class StoreError(Exception):
    """The store could not answer or could not be written."""


class NoDataError(StoreError):
    """A query that must return rows returned none."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and why, in Indonesian and English."""

    row: int | None
    column: str | None
    reason_id: str
    reason_en: str

    def text(self, lang: str = "id") -> str:
        where = []
        if self.row is not None:
            where.append(f"{'baris' if lang == 'id' else 'row'} {self.row}")
        if self.column:
            where.append(f"{'kolom' if lang == 'id' else 'column'} {self.column!r}")
        reason = self.reason_id if lang == "id" else self.reason_en
        return f"{', '.join(where)}: {reason}" if where else reason


@dataclass
class ValidationError(StoreError):
    """Input refused as a whole; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = "; ".join(p.text("en") for p in self.problems[:5])
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"{len(self.problems)} problem(s): {head}{more}"
