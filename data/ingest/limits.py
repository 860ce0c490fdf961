"""How much work reading one file may take: a sheet's rows, columns and cells, a workbook's unpacked size.

The readers check these before they materialise a cell (a workbook's declared and actual sheet shapes, each CSV
row as it is read), so a small hostile file cannot make them fill memory. Pure; no store, no file access.
"""
from __future__ import annotations

from dataclasses import dataclass

from data.errors import Problem

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """The most a file may unpack to and hold; the defaults match the Config defaults."""

    unpacked_bytes: int = 200 * MB  # a workbook's members, decompressed
    rows: int = 1_048_576  # rows of one sheet (Excel's own limit)
    columns: int = 2_000  # columns of one sheet
    cells: int = 5_000_000  # cells of one sheet, and items of a workbook outside its sheets


def grouped(number: int, lang: str) -> str:
    """1048576 -> '1.048.576' (id) or '1,048,576' (en); data/ may not use the app's Babel helpers."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "id" else text


def shape_problem(limits: ReadLimits, rows: int, columns: int, cells: int, where: tuple[str, str],
                  row: int | None = None) -> Problem | None:
    """A Problem when a sheet of `rows` x `columns` holding `cells` cells passes a limit; `where` names it
    in Indonesian and English ("lembar 'data', rentang A1:XFD1048576")."""
    if rows <= limits.rows and columns <= limits.columns and cells <= limits.cells:
        return None
    return too_large(limits, rows, columns, cells, where, row)


def too_large(limits: ReadLimits, rows: int, columns: int, cells: int, where: tuple[str, str],
              row: int | None = None) -> Problem:
    """The Problem for a sheet known to pass a limit (see shape_problem)."""
    words = {"id": ("baris", "kolom", "sel"), "en": ("rows", "columns", "cells")}

    def say(lang: str, r: int, c: int, n: int) -> str:
        row_word, column_word, cell_word = words[lang]
        return f"{grouped(r, lang)} {row_word} x {grouped(c, lang)} {column_word}, {grouped(n, lang)} {cell_word}"

    return Problem(row, None,
                   f"{where[0]} terlalu besar: {say('id', rows, columns, cells)}; batas "
                   f"{say('id', limits.rows, limits.columns, limits.cells)}. Hapus baris/kolom kosong di ujung "
                   "lembar atau pecah berkas",
                   f"{where[1]} is too large: {say('en', rows, columns, cells)}; the limit is "
                   f"{say('en', limits.rows, limits.columns, limits.cells)}. Delete empty rows/columns at the "
                   "sheet's end or split the file")


def unpacked_problem(limits: ReadLimits, size: int) -> Problem:
    cap = {lang: grouped(max(1, limits.unpacked_bytes // MB), lang) for lang in ("id", "en")}
    return Problem(None, None,
                   f"buku kerja terurai menjadi lebih dari batas {cap['id']} MB ({grouped(size, 'id')} byte); "
                   "simpan ulang tanpa isi berlebih atau pecah berkas",
                   f"the workbook unpacks to more than the {cap['en']} MB limit ({grouped(size, 'en')} bytes); "
                   "save it again without extra content or split it")
