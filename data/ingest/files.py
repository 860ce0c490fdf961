"""Turning an uploaded file's bytes into a grid of cells: CSV (encoding, delimiter) or XLSX (values only).

Refuses, with a bilingual Problem, what is not a table: empty, binary, an unknown encoding, a broken workbook,
formula cells, a file above the size limit. No store access.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from data.errors import Problem

#: A workbook's unpacked size may be this many times the upload limit (guards against zip bombs).
UNZIP_FACTOR = 20
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))


class FileRefused(Exception):
    """The file cannot be read as a table; `problems` says why (row and column where known)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.text("en") for p in problems))
        self.problems = problems


def refuse(reason_id: str, reason_en: str, row: int | None = None, column: str | None = None) -> FileRefused:
    return FileRefused([Problem(row, column, reason_id, reason_en)])


@dataclass
class Grid:
    """Rows of raw cells (str, int, float or datetime) as the file holds them, 1-based row numbers."""

    rows: list[list[object]]
    kind: str  # csv | xlsx
    notes: list[str] = field(default_factory=list)
    delimiter: str | None = None
    formulas: list[Problem] = field(default_factory=list)  # formula cells of this sheet (refused if it is used)
    others: list[Grid] = field(default_factory=list)  # a workbook's further data sheets, in order


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names, used in every problem)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most `max_bytes`; refuse (without reading the rest) when the stream holds more."""
    content = stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_big(max_bytes)
    return content


def too_big(max_bytes: int) -> FileRefused:
    mb = max_bytes / (1024 * 1024)
    return refuse(f"berkas lebih besar dari batas {mb:g} MB; pecah menjadi beberapa berkas",
                  f"the file is larger than the {mb:g} MB limit; split it into several files")


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding's name: UTF-8 (with or without BOM) or Windows-1252; anything else is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:65536]:
        raise refuse("berkas bukan teks CSV (berisi byte biner atau UTF-16); simpan sebagai CSV UTF-8",
                     "the file is not CSV text (binary bytes or UTF-16); save it as CSV UTF-8")
    for codec, name in ENCODINGS:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:65536]):
            break
        return text, name
    raise refuse("pengodean karakter tidak dikenal; simpan sebagai CSV UTF-8 atau Windows-1252",
                 "unknown character encoding; save the file as CSV UTF-8 or Windows-1252")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (comma, semicolon or tab)."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        multi = [c for c in counts if c > 1]
        score = len(multi) * 1000 + (max(multi) if multi else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(content: bytes) -> Grid:
    text, encoding = decode(content)
    if not text.strip():
        raise refuse("berkas kosong", "the file is empty")
    delimiter = sniff_delimiter(text)
    try:
        rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""),
                                                                    delimiter=delimiter, strict=True)]
    except csv.Error as exc:
        raise refuse(f"CSV rusak: {exc}", f"broken CSV: {exc}") from exc
    name = {",": "koma/comma", ";": "titik koma/semicolon", "\t": "tab"}[delimiter]
    return Grid(rows, "csv", notes=[f"CSV {encoding}, {name}"], delimiter=delimiter)


def _sheet_rows(sheet) -> tuple[list[list[object]], list[Problem]]:
    rows: list[list[object]] = []
    problems: list[Problem] = []
    for row in sheet.iter_rows():
        cells: list[object] = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                problems.append(Problem(cell.row, column_letter(cell.column - 1),
                                        f"sel berisi rumus {str(cell.value)[:40]!r}; salin sebagai nilai (Paste Values)",
                                        f"the cell holds a formula {str(cell.value)[:40]!r}; paste it as a value"))
                cells.append(None)
            else:
                cells.append(cell.value)
        rows.append(cells)
    return rows, problems


def read_xlsx(content: bytes, max_bytes: int) -> Grid:
    """The workbook's data sheets (every sheet but an `indikator` definitions sheet), the first one as the grid
    and the rest in `others`, so a table on a later sheet (after a cover sheet) is found. A formula cell is refused
    at its cell when its sheet is the one imported (it could change after upload)."""
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy; only for workbooks)

    from data.ingest.definitions import SHEET_NAMES  # noqa: PLC0415

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise refuse("berkas .xlsx ini bukan buku kerja Excel yang sah", "this .xlsx file is not a valid Excel workbook") from exc
    if unpacked > max_bytes * UNZIP_FACTOR:
        raise too_big(max_bytes)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise refuse("berkas .xlsx ini bukan buku kerja Excel yang sah", "this .xlsx file is not a valid Excel workbook") from exc
    grids: list[Grid] = []
    try:
        for number, sheet in enumerate(book.worksheets):
            if number > 0 and sheet.title.strip().casefold() in SHEET_NAMES:
                continue
            rows, problems = _sheet_rows(sheet)
            if any(any(c not in (None, "") for c in row) for row in rows):
                grids.append(Grid(rows, "xlsx", notes=[f"XLSX, lembar/sheet {sheet.title!r}"], formulas=problems))
    finally:
        book.close()
    if not grids:
        raise refuse("buku kerja kosong", "the workbook is empty")
    first, *rest = grids
    first.others = rest
    return first


def read_grid(content: bytes, file_name: str, max_bytes: int) -> Grid:
    """Dispatch on the file name; the size limit is checked first."""
    if len(content) > max_bytes:
        raise too_big(max_bytes)
    if not content:
        raise refuse("berkas kosong", "the file is empty")
    lower = file_name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return read_xlsx(content, max_bytes)
    if lower.endswith(".xls"):
        raise refuse("format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV",
                     "the old .xls format is not supported; save as .xlsx or CSV")
    if content.startswith(b"PK\x03\x04"):
        raise refuse("berkas ini buku kerja/arsip ZIP, bukan CSV; beri akhiran .xlsx",
                     "this file is a workbook/ZIP archive, not CSV; name it .xlsx")
    return read_csv(content)
