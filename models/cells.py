"""Spreadsheet cells that are safe to open: text a spreadsheet would run as a formula is escaped. Pure Python."""
from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value
