"""The one validated import path for observations (CSV / XLSX, tidy or BPS-as-published); see `core`.

    files    bytes -> grid of cells (encoding, delimiter, workbook values; refuses what is not a table)
    layout   grid -> entries (tidy long or a BPS table as published)
    regions  region code (Kemendagri / BPS) or name -> Kemendagri code
    values   numbers, "not available" markers, periods and frequencies
    core     prepare / preview (dry run) / commit (one transaction); rollback lives in data.writer
"""
from data.ingest.core import ImportOptions, Prepared, Skipped, commit, prepare, preview

__all__ = ["ImportOptions", "Prepared", "Skipped", "commit", "prepare", "preview"]
