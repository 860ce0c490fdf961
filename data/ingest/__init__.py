"""The one validated import path for observations (CSV / XLSX, tidy or BPS-as-published); see `core`.

    files    bytes -> grid of cells (encoding, delimiter, workbook values; refuses what is not a table)
    layout   grid -> entries (tidy long or a BPS table as published)
    regions  region code (Kemendagri / BPS) or name -> Kemendagri code (renamings and moves as data)
    guess    what a table says as a whole: its level, its latest year, the indicator its title names
    values   numbers, "not available" markers, periods and frequencies
    reader   one table's entries -> rows, problems and skipped cells
    prepared what an import would do (options, Prepared, Skipped), before anything is written
    core     prepare / preview (dry run) / commit (one transaction); rollback lives in data.writer
"""
from data.ingest.core import commit, prepare, preview
from data.ingest.prepared import ImportOptions, Prepared, Skipped

__all__ = ["ImportOptions", "Prepared", "Skipped", "commit", "prepare", "preview"]
