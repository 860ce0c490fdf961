"""Turning an uploaded file's bytes into a grid of cells: CSV (encoding, delimiter) or XLSX (values only).

Refuses, with a bilingual Problem, what is not a table: empty, binary, an unknown encoding, a file above the size
limit or a sheet above the ReadLimits (workbooks: see `workbook`, which reads them with bounded work). No store access.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import BinaryIO, cast

from data.errors import Note, Problem
from data.ingest.limits import ReadLimits, too_large

#: A workbook may also unpack to at most this many times the file size limit (whichever is smaller).
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
    notes: list[Note] = field(default_factory=list)
    delimiter: str | None = None
    formulas: list[Problem] = field(default_factory=list)  # formula cells of this sheet (refused if it is used)
    others: list[Grid] = field(default_factory=list)  # a workbook's further data sheets, in order
    definitions: tuple[str, list[list[object]]] | None = None  # a workbook's `indikator` sheet: title and rows


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
        counts = [_width(line, delimiter) for line in lines]
        multi = [c for c in counts if c > 1]
        score = len(multi) * 1000 + (max(multi) if multi else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _width(line: str, delimiter: str) -> int:
    """How many cells `line` splits into (0 when it is no CSV line at all: the reader then says why)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error:
        return 0


#: csv module messages -> what they mean for the person who saved the file.
CSV_ERRORS = (("field larger than field limit", "sebuah sel lebih panjang dari 131.072 karakter",
               "a cell is longer than 131,072 characters"),
              ("expected after", "tanda kutip (\") tidak ditutup dengan benar", "a quote (\") is not closed properly"),
              ("unexpected end of data", "berkas berakhir di dalam sel bertanda kutip",
               "the file ends inside a quoted cell"))


def csv_refusal(exc: csv.Error, line: int) -> FileRefused:
    for start, reason_id, reason_en in CSV_ERRORS:
        if start in str(exc):
            return refuse(f"CSV rusak: {reason_id}", f"broken CSV: {reason_en}", row=line)
    return refuse(f"CSV rusak ({exc})", f"broken CSV ({exc})", row=line)


def read_csv(content: bytes, limits: ReadLimits = ReadLimits()) -> Grid:
    """The rows of a CSV file, refused at the first row that passes a limit (rows, columns, cells)."""
    text, encoding = decode(content)
    if not text.strip():
        raise refuse("berkas kosong", "the file is empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    cells = widest = 0
    try:
        for row in reader:
            cells += len(row)
            widest = max(widest, len(row))
            if cells > limits.cells or widest > limits.columns or len(rows) >= limits.rows:
                raise FileRefused([too_large(limits, len(rows) + 1, widest, cells, ("berkas", "the file"),
                                             row=reader.line_num)])
            rows.append(row)
    except csv.Error as exc:
        raise csv_refusal(exc, reader.line_num) from exc
    name_id, name_en = {",": ("koma", "comma"), ";": ("titik koma", "semicolon"), "\t": ("tab", "tab")}[delimiter]
    return Grid(cast(list[list[object]], rows), "csv", notes=[Note(f"CSV {encoding}, {name_id}", f"CSV {encoding}, {name_en}")],
                delimiter=delimiter)


def read_grid(content: bytes, file_name: str, max_bytes: int, limits: ReadLimits = ReadLimits()) -> Grid:
    """Dispatch on the file name; the size limit is checked first, the sheet limits while reading."""
    if len(content) > max_bytes:
        raise too_big(max_bytes)
    if not content:
        raise refuse("berkas kosong", "the file is empty")
    lower = file_name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        from data.ingest.workbook import read_xlsx  # here, not on top: workbook imports this module

        return read_xlsx(content, replace(limits, unpacked_bytes=min(limits.unpacked_bytes, UNZIP_FACTOR * max_bytes)))
    if lower.endswith(".xls"):
        raise refuse("format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV",
                     "the old .xls format is not supported; save as .xlsx or CSV")
    if content.startswith(b"PK\x03\x04"):
        raise refuse("berkas ini buku kerja/arsip ZIP, bukan CSV; beri akhiran .xlsx",
                     "this file is a workbook/ZIP archive, not CSV; name it .xlsx")
    return read_csv(content, limits)
