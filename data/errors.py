"""Errors raised by the store and the loaders, and the bilingual messages they carry (Problem, Note).

    StoreError                 the store could not be read or written (driver errors are wrapped)
    ├── NoDataError            a query matched nothing
    ├── Busy                   a store-wide lock stayed held by another writer (``holder`` says who)
    └── ValidationError        input was refused; ``problems`` lists every problem found
"""
from __future__ import annotations

from dataclasses import dataclass, field


class StoreError(Exception):
    """The store could not answer or could not be written."""


class NoDataError(StoreError):
    """A query that must return rows returned none."""


class Busy(StoreError):
    """Another writer held a store-wide lock for longer than this one would wait."""

    def __init__(self, holder: str):
        super().__init__(f"held by {holder}")
        self.holder = holder


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


class Note(str):
    """What an import read (layout, delimiter, guesses) in both languages: `text(lang)` gives one language for a
    page; the string itself is "Indonesian / English" for the command line and logs."""

    id: str
    en: str

    def __new__(cls, text_id: str, text_en: str) -> Note:
        note = super().__new__(cls, text_id if text_id == text_en else f"{text_id} / {text_en}")
        note.id, note.en = text_id, text_en
        return note

    def text(self, lang: str = "id") -> str:
        return self.id if lang == "id" else self.en


@dataclass
class ValidationError(StoreError):
    """Input refused as a whole; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = "; ".join(p.text("en") for p in self.problems[:5])
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"{len(self.problems)} problem(s): {head}{more}"
