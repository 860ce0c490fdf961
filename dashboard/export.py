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


def safe_xlsx(frame: pd.DataFrame, sheet: str = "data", about: list[tuple[str, str]] | None = None) -> bytes:
    """An XLSX workbook: the data sheet (text cells escaped, numbers as numbers) and an `about` sheet with the
    citation lines (indicator, source, date accessed, licence)."""
    import io

    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    data = book.active
    data.title = sheet[:31]
    data.append([str(escape_cell(str(c))) for c in frame.columns])
    for row in frame.itertuples(index=False):
        data.append([None if (isinstance(v, float) and v != v) else escape_cell(v) for v in row])
    if about:
        info = book.create_sheet("about")
        for key, value in about:
            info.append([escape_cell(key), escape_cell(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def citation(indicator_name: str, region_name: str, period: str | None, source: str, accessed: str,
             url: str | None = None, lang: str = "id") -> str:
    """One line to cite a figure: what, where, when, whose, when accessed, and the permalink."""
    period_text = f", {period}" if period else ""
    if lang == "id":
        text = f"{indicator_name}, {region_name}{period_text}. Sumber: {source}. Dasbor Satu Data, diakses {accessed}."
    else:
        text = f"{indicator_name}, {region_name}{period_text}. Source: {source}. Satu Data Dashboard, accessed {accessed}."
    return f"{text} {url}" if url else text
