"""What an import reads and reports: the options it runs with, the values it skipped, and `Prepared`, everything
an import would do (layout, notes, problems, the diff against the store) before anything is written."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data import writer
from data.errors import Note, Problem
from data.ingest.limits import ReadLimits
from data.ingest.values import CellError
from data.schema import ImportBatch

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: What the batch row holds of who loaded it and the file's name (a CLI --user or a file name may be longer: kept
#: shortened, as PostgreSQL would refuse the whole commit and SQLite would store it whole).
BATCH_USER, BATCH_FILE = ImportBatch.created_by.type.length, ImportBatch.file_name.type.length
#: A file with more problems than this lists the first ones and says how many more there are.
MAX_PROBLEMS = 2000


@dataclass(frozen=True)
class ImportOptions:
    indicator: str | None = None  # for rows whose file has no indicator column
    period: str | None = None  # for values whose file gives no period (BPS table with the year only in the title)
    code_system: str = "auto"  # auto | kemendagri | bps | idm (a Kemendes IDM file's village codes)
    skip_unresolved: bool = False  # seed only: leave out (and report) regions the code map cannot translate
    max_bytes: int = DEFAULT_MAX_BYTES
    limits: ReadLimits = ReadLimits()  # rows, columns, cells of a sheet; a workbook's unpacked size


@dataclass(frozen=True)
class Skipped:
    """A value marked not available ("-", "...", "…") or left empty: skipped and reported, never read as zero."""

    row: int
    column: str
    region: str
    period: str | None
    marker: str


@dataclass
class Prepared:
    """Everything an import would do; `diff` is set once the file is valid."""

    file_name: str
    file_hash: str
    size: int
    layout: str = "unknown"
    code_system: str | None = None
    notes: list[Note] = field(default_factory=list)
    indicator_guess: str | None = None  # guessed from the title and file name when none was chosen
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    diff: writer.Diff | None = None
    batch_id: int | None = None
    new_indicators: list[dict] = field(default_factory=list)  # defined in the upload's `indikator` sheet

    @property
    def ok(self) -> bool:
        return not self.problems and self.frame is not None

    def counts(self) -> dict[str, int]:
        d = self.diff
        return {"rows": 0 if self.frame is None else len(self.frame), "new": d.new if d else 0,
                "changed": d.changed if d else 0, "unchanged": d.unchanged if d else 0,
                "skipped": len(self.skipped), "problems": len(self.problems)}


def valid_range(low: float | None, high: float | None) -> str:
    """An indicator's bounds as written in a message: '0 – 100', '≥ 0' or '≤ 100' (either may be open)."""
    if low is not None and high is not None:
        return f"{low:g} – {high:g}"
    return f"≥ {low:g}" if low is not None else f"≤ {high:g}"


def problem_of(row, column, err: CellError) -> Problem:
    return Problem(row, column, err.reason_id, err.reason_en)
