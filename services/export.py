"""Turning frames into downloadable files safely (CSV formula-injection escaping). No Dash here."""
from __future__ import annotations

import pandas as pd

from models.cells import escape_cell


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

    from openpyxl import Workbook  # heavy: imported only when a workbook is written

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


def citation_by_figure(region_name: str, groups: list[tuple[str, list[str]]], accessed: str, lang: str = "id") -> str:
    """One line citing several figures, each with its own period, grouped by source: `groups` is
    [(source, ["IPM 2024", "TPT Agustus 2024"]), ...] in display order."""
    word = "Sumber" if lang == "id" else "Source"
    listed = "; ".join(f"{', '.join(figures)} ({word}: {source})" for source, figures in groups)
    if lang == "id":
        return f"{region_name}: {listed}. Dasbor Satu Data, diakses {accessed}."
    return f"{region_name}: {listed}. Satu Data Dashboard, accessed {accessed}."
