"""Reading an XLSX workbook with bounded work: the archive and every XML part are checked first (members,
compression, unpacked size, element counts, no DTD), each sheet's declared and actual shape is held against the
ReadLimits, and only then does openpyxl read the cells, never past the last one that holds a value.

A 4.9 KB workbook with cells at A1 and XFD1048576 is refused here in a fraction of a second instead of making openpyxl fill
1,048,576 x 16,384 cells. Refuses, with a bilingual Problem, whatever is not a sound workbook. No store access.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from data.errors import Note, Problem
from data.ingest.definitions import SHEET_NAMES
from data.ingest.files import FileRefused, Grid, column_letter, refuse
from data.ingest.limits import ReadLimits, grouped, shape_problem, too_large, unpacked_problem

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW, DIMENSION = f"{MAIN}}}row", f"{MAIN}}}dimension"
#: What Excel, LibreOffice and openpyxl write; anything else (deflate64, bzip2, LZMA) is not a workbook they made.
COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
MAX_MEMBERS = 10_000
#: Elements one row may hold per column limit (a cell with rich text runs has a few); openpyxl keeps a row whole.
ELEMENTS_PER_COLUMN = 10
COORDINATE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
#: The exceptions a damaged archive raises through zipfile and openpyxl's XML readers.
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, NotImplementedError, UnicodeDecodeError,
           ValueError, KeyError, EOFError, OSError, RuntimeError, expat.ExpatError)


def broken(detail_id: str = "", detail_en: str = "") -> FileRefused:
    return refuse("berkas .xlsx ini bukan buku kerja Excel yang sah" + detail_id,
                  "this .xlsx file is not a valid Excel workbook" + detail_en)


class Refused(Exception):
    """Raised inside the XML scan to stop it (a DTD, too many unpacked bytes)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.reason_en)
        self.problem = problem


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class Shape:
    """What the scan counted in one XML part; for a sheet, its declared range and the extent of its values."""

    declared: str | None = None
    rows: int = 0  # the last row number holding a value
    columns: int = 0  # the last column number holding a value
    cells: int = 0
    row_elements: int = 0  # <row> elements, empty ones too
    widest_row: int = 0  # most elements inside one row (openpyxl holds a row whole)
    other_elements: int = 0  # elements outside rows (openpyxl keeps styles, shared texts etc. in memory)


@dataclass
class _Scan:
    """expat handlers counting what openpyxl would build, numbering rows and cells as it does (every child of a
    row is read as a cell). Keeps no element: memory stays flat whatever the part holds."""

    shape: Shape = field(default_factory=Shape)
    stack: list[str] = field(default_factory=list)
    row: int = 0
    column: int = 0
    in_row: int = 0
    cell_depth: int = -1
    has_value: bool = False

    def start(self, name: str, attrs: dict) -> None:
        depth = len(self.stack)
        if self.stack and self.stack[-1] == ROW:
            self.cell(attrs.get("r"), depth)
        elif name == ROW:
            self.row = self.number(attrs.get("r"), self.row + 1)
            self.column = self.in_row = 0
            self.shape.row_elements += 1
        elif name == DIMENSION:
            self.shape.declared = attrs.get("ref")
        if self.cell_depth >= 0 and depth > self.cell_depth:
            self.has_value = True
        if ROW in self.stack:
            self.in_row += 1
            self.shape.widest_row = max(self.shape.widest_row, self.in_row)
        elif name != ROW:
            self.shape.other_elements += 1
        self.stack.append(name)

    def cell(self, reference: str | None, depth: int) -> None:
        self.shape.cells += 1
        if reference is None:
            self.column += 1
        else:
            match = COORDINATE.match(reference)
            if not match:
                raise ValueError(f"cell reference {reference!r}")
            self.column = column_number(match.group(1))
        self.cell_depth, self.has_value = depth, False

    def end(self, _name: str) -> None:
        self.stack.pop()
        if len(self.stack) == self.cell_depth:
            if self.has_value:
                self.shape.rows = max(self.shape.rows, self.row)
                self.shape.columns = max(self.shape.columns, self.column)
            self.cell_depth = -1

    @staticmethod
    def number(text: str | None, default: int) -> int:
        if text is None:
            return default
        value = float(text)  # openpyxl reads '5' and '5.0'; anything else is a damaged sheet (ValueError)
        if not value.is_integer():
            raise ValueError(f"row number {text!r}")
        return int(value)


def _no_dtd(*_args) -> None:
    raise Refused(Problem(None, None, "buku kerja memuat deklarasi DTD/entitas; simpan ulang dari Excel",
                          "the workbook holds a DTD/entity declaration; save it again from Excel"))


def scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ReadLimits, unpacked: list[int]) -> Shape:
    """Stream one XML member through expat; stops once the workbook's unpacked bytes pass the limit."""
    scan = _Scan()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _no_dtd
    xml = None
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 16):
            unpacked[0] += len(chunk)
            if unpacked[0] > limits.unpacked_bytes:
                raise Refused(unpacked_problem(limits, unpacked[0]))
            if xml is None:  # images and other binary parts are only counted; openpyxl cannot parse them either
                xml = chunk.lstrip().startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
            if xml:
                parser.Parse(chunk, False)
    if xml:
        parser.Parse(b"", True)
    return scan.shape


def check_archive(archive: zipfile.ZipFile, limits: ReadLimits) -> list[zipfile.ZipInfo]:
    """The members, once the archive is known to be a plain workbook of a bounded size."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise broken(f" (lebih dari {MAX_MEMBERS} bagian)", f" (more than {MAX_MEMBERS} parts)")
    if any(i.flag_bits & 0x1 for i in infos):
        raise refuse("buku kerja ini terkunci sandi; simpan tanpa sandi",
                     "the workbook is password-protected; save it without a password")
    if any(i.compress_type not in COMPRESSIONS for i in infos):
        raise broken(" (metode kompresi tidak dikenal)", " (unknown compression method)")
    declared = sum(i.file_size for i in infos)
    if declared > limits.unpacked_bytes:
        raise FileRefused([unpacked_problem(limits, declared)])
    return infos


def scan_archive(content: bytes, limits: ReadLimits) -> dict[str, Shape]:
    """Every XML part's shape, by member name; refuses a damaged, encrypted or oversized archive, and one whose
    parts would make openpyxl hold more than the limits allow (rows, row widths, items outside rows)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = [0]
        shapes = {i.filename: scan_part(archive, i, limits, unpacked) for i in check_archive(archive, limits)}
    except Refused as stop:
        raise FileRefused([stop.problem]) from None
    except DAMAGED as exc:
        raise broken() from exc
    for name, shape in shapes.items():  # openpyxl walks every row of a sheet without a declared range on opening
        if not shape.declared and shape.row_elements > limits.rows:
            raise FileRefused([too_large(limits, shape.row_elements, shape.columns, shape.cells,
                                         (f"bagian {name}", f"part {name}"))])
    others = sum(shape.other_elements for shape in shapes.values())
    if others > limits.cells:
        raise refuse(f"buku kerja memuat lebih dari {grouped(limits.cells, 'id')} unsur di luar sel "
                     "(gaya, teks bersama); simpan ulang sebagai CSV",
                     f"the workbook holds more than {grouped(limits.cells, 'en')} items outside its cells "
                     "(styles, shared texts); save it as CSV")
    return shapes


def declared_extent(reference: str | None) -> tuple[int, int] | None:
    """'A1:XFD1048576' -> (1048576, 16384): the rows and columns a sheet says it spans from A1."""
    corner = (reference or "").split(":")[-1]
    match = COORDINATE.match(corner)
    return (int(match.group(2)), column_number(match.group(1))) if match else None


def check_sheet(title: str, shape: Shape, limits: ReadLimits) -> None:
    """Refuse a sheet whose declared range or whose values reach past the limits (rows x columns filled)."""
    where = (f"lembar {title!r}", f"sheet {title!r}")
    declared = declared_extent(shape.declared)
    if declared is not None:
        rows, columns = declared
        problem = shape_problem(limits, rows, columns, rows * columns,
                                (f"{where[0]} (rentang {shape.declared})", f"{where[1]} (range {shape.declared})"))
        if problem:
            raise FileRefused([problem])
    columns = max(shape.columns, -(-shape.widest_row // ELEMENTS_PER_COLUMN))  # openpyxl holds a row whole
    problem = shape_problem(limits, shape.rows, columns, max(shape.cells, shape.rows * columns), where)
    if problem:
        raise FileRefused([problem])


def sheet_rows(sheet, shape: Shape) -> tuple[list[list[object]], list[Problem]]:
    """The values of a checked sheet up to its last value (formula cells become problems at their cell)."""
    rows: list[list[object]] = []
    problems: list[Problem] = []
    if not shape.rows or not shape.columns:
        return rows, problems
    for row in sheet.iter_rows(min_row=1, max_row=shape.rows, min_col=1, max_col=shape.columns):
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


def read_xlsx(content: bytes, limits: ReadLimits = ReadLimits()) -> Grid:
    """The workbook's data sheets (every sheet but an `indikator` definitions sheet), the first one as the grid
    and the rest in `others`, so a table on a later sheet (after a cover sheet) is found; the definitions sheet's
    rows in `definitions`. A formula cell is refused at its cell when its sheet is the one imported."""
    shapes = scan_archive(content, limits)
    from openpyxl import load_workbook  # heavy: imported only when a workbook is read

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise broken() from exc
    try:
        return _read_sheets(book, shapes, limits)
    except FileRefused:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # a damaged sheet surfaces only while openpyxl reads it
        raise broken() from exc
    finally:
        book.close()


def _read_sheets(book, shapes: dict[str, Shape], limits: ReadLimits) -> Grid:
    grids: list[Grid] = []
    definitions = None
    for number, sheet in enumerate(book.worksheets):
        shape = shapes.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/"))
        if shape is None:  # a part the scan did not see: read nothing unchecked
            raise broken()
        check_sheet(sheet.title, shape, limits)
        rows, problems = sheet_rows(sheet, shape)
        if number > 0 and sheet.title.strip().casefold() in SHEET_NAMES:
            definitions = definitions or (sheet.title, rows)
        elif any(any(c not in (None, "") for c in row) for row in rows):
            grids.append(Grid(rows, "xlsx", notes=[Note(f"XLSX, lembar {sheet.title!r}", f"XLSX, sheet {sheet.title!r}")],
                              formulas=problems))
    if not grids:
        raise refuse("buku kerja kosong", "the workbook is empty")
    first, *rest = grids
    first.others = rest
    first.definitions = definitions
    return first
