"""Turning frames into downloadable files safely (CSV formula-injection escaping). No Dash here."""
from __future__ import annotations

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """CSV text (UTF-8, comma, decimal point) with every text cell escaped."""
    escaped = frame.copy()
    for column in escaped.columns:
        if escaped[column].dtype == object or pd.api.types.is_string_dtype(escaped[column]):
            escaped[column] = escaped[column].map(escape_cell)
    escaped.columns = [escape_cell(str(c)) for c in escaped.columns]
    return escaped.to_csv(index=False)
