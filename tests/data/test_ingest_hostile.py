"""Hostile and damaged files through the import path: every one refused with a reason in both languages, never an
exception, nothing written; a workbook's work bounded before a cell is read (issue #21)."""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from ingest_files import to_xlsx
from sqlalchemy import select
from test_ingest import fingerprint, preview
from test_ingest_new_indicator import IKM, workbook

from data import ingest
from data.errors import ValidationError
from data.ingest.files import FileRefused, read_grid
from data.ingest.limits import ReadLimits
from data.schema import ImportBatch

ROOT = Path(__file__).resolve().parents[2]
HEADER = b"indicator_code,region_code,period,value\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


def reasons(result: ingest.Prepared, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in result.problems]


def refused_commit(engine, content: bytes, name: str, **options) -> list:
    before = fingerprint(engine)
    with pytest.raises(ValidationError) as refused:
        ingest.commit(engine, content, name, ingest.ImportOptions(**options))
    assert fingerprint(engine) == before
    return refused.value.problems


# ------------------------------------------------------------------ values
def test_value_below_the_only_bound_names_the_open_range(engine):
    result = preview(engine, HEADER + b"ppk,32,2024,-5\n", "ppk.csv")
    assert reasons(result) == ["row 2, column 'D (value)': value -5 is outside the valid range of ppk "
                               "(≥ 0 thousand rupiah/person/year)"]
    assert "di luar rentang sah indikator ppk (≥ 0 ribu rupiah/orang/tahun)" in reasons(result, "id")[0]


def test_a_number_too_large_to_hold_is_refused_not_stored(engine):
    problems = refused_commit(engine, HEADER + b"ppk,32,2024,1" + b"0" * 400 + b"\n", "ppk.csv")
    assert problems[0].row == 2 and "is not a finite number" in problems[0].reason_en


# ------------------------------------------------------------------ CSV
def test_a_cell_over_128_kb_is_refused_at_its_row(engine):
    result = preview(engine, HEADER + b'ppk,32,2024,"' + b"9" * 140_000 + b'"\n', "big-cell.csv")
    assert [(p.row, p.reason_en) for p in result.problems] == \
        [(2, "broken CSV: a cell is longer than 131,072 characters")]
    assert "lebih panjang dari 131.072 karakter" in result.problems[0].reason_id


def test_csv_rows_and_cells_limits_refuse_at_the_row_that_passes_them():
    content = HEADER + b"ppk,32,2024,1\n" * 10
    with pytest.raises(FileRefused) as refused:
        read_grid(content, "many.csv", 1 << 20, ReadLimits(rows=5))
    problem = refused.value.problems[0]
    assert problem.row == 6 and "the file is too large: 6 rows x 4 columns" in problem.reason_en
    assert "berkas terlalu besar: 6 baris x 4 kolom" in problem.reason_id
    with pytest.raises(FileRefused):
        read_grid(content, "wide.csv", 1 << 20, ReadLimits(columns=3))
    assert len(read_grid(content, "fine.csv", 1 << 20, ReadLimits(rows=11, columns=4, cells=44)).rows) == 11


# ------------------------------------------------------------------ damaged archives
def patch_member(content: bytes, member: str, change) -> bytes:
    """Apply `change(data, central_header_at, local_header_at)` to the zip headers of `member`."""
    data = bytearray(content)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if member.encode() in bytes(data[at + 46:at + 46 + length]):
            change(data, at, int.from_bytes(data[at + 42:at + 46], "little"))
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def unknown_compression(data, central, local):
    data[central + 10:central + 12] = data[local + 8:local + 10] = (99).to_bytes(2, "little")


def undecodable_name(data, central, local):  # the UTF-8 name flag over a name that is not UTF-8
    data[central + 9] |= 0x08
    data[local + 7] |= 0x08
    data[central + 46] = data[local + 30] = 0xFF


def encrypted(data, central, local):
    data[central + 8] |= 0x01
    data[local + 6] |= 0x01


@pytest.mark.parametrize("member, change", [
    ("sheet2.xml", unknown_compression),  # the definitions sheet: NotImplementedError while it was read
    ("sheet1.xml", undecodable_name),  # UnicodeDecodeError while the archive was opened
    ("workbook.xml", undecodable_name),
    ("sheet1.xml", encrypted),
])
def test_damaged_zip_headers_are_refused_not_raised(engine, member, change):
    content = patch_member(workbook([IKM], [["ikm_layanan", "5171", 2024, 81.5]]), member, change)
    problems = refused_commit(engine, content, "ikm.xlsx")
    assert len(problems) == 1 and problems[0].row is None
    assert "Excel" in problems[0].reason_en or "password" in problems[0].reason_en
    assert problems[0].reason_id != problems[0].reason_en


def test_a_dtd_in_a_workbook_is_refused(engine):
    content = to_xlsx([["indicator_code", "region_code", "period", "value"], ["ppk", "32", "2024", 1]])
    content = rewrite_member(content, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa">]><worksheet', 1))
    assert "DTD" in reasons(preview(engine, content, "dtd.xlsx"))[0]


def rewrite_member(content: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return out.getvalue()


# ------------------------------------------------------------------ bounded workbook reading
def far_cell_workbook() -> bytes:
    """4.9 KB: cells at A1 and XFD1048576 only (openpyxl used to fill 1,048,576 x 16,384 cells reading it)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "indicator_code"
    book.active["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_far_cell_workbook_is_refused_under_a_memory_cap(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())
    assert path.stat().st_size < 5000
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from data.ingest.files import FileRefused, read_grid
        try:
            read_grid(open({str(path)!r}, "rb").read(), "far.xlsx", 20 << 20)
        except FileRefused as refused:
            for p in refused.problems:
                print(p.text("id")); print(p.text("en"))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("lembar 'Sheet' (rentang A1:XFD1048576) terlalu besar: 1.048.576 baris x 16.384 kolom")
    assert lines[1].startswith("sheet 'Sheet' (range A1:XFD1048576) is too large: 1,048,576 rows x 16,384 columns")


def test_without_a_declared_range_the_values_bound_the_read(engine):
    """No <dimension>: the far value still refuses; a far empty (styled) cell is not read at all."""
    strip = lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576" />', b"")
    content = rewrite_member(far_cell_workbook(), "xl/worksheets/sheet1.xml", strip)
    assert "is too large: 1,048,576 rows x 16,384 columns" in reasons(preview(engine, content, "far.xlsx"))[0]

    tidy = to_xlsx([["indicator_code", "region_code", "period", "value"], ["ppk", "32", "2024", 1]])
    far_empty = b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    content = rewrite_member(tidy, "xl/worksheets/sheet1.xml",
                             lambda xml: xml.replace(b"</sheetData>", far_empty).replace(b'<dimension ref="A1:D2" />', b""))
    grid = read_grid(content, "tidy.xlsx", 1 << 20)
    assert [len(row) for row in grid.rows] == [4, 4]
    assert preview(engine, content, "tidy.xlsx").ok


def test_sheet_limits_come_from_the_options(engine):
    rows = [["indicator_code", "region_code", "period", "value"]] + [["ppk", "32", str(y), 1] for y in range(2000, 2010)]
    result = preview(engine, to_xlsx(rows), "ppk.xlsx", limits=ReadLimits(rows=5))
    assert "sheet 'Sheet' (range A1:D11) is too large: 11 rows x 4 columns, 44 cells" in reasons(result)[0]
    assert preview(engine, to_xlsx(rows), "ppk.xlsx", limits=ReadLimits(rows=11)).ok


def test_unpacked_size_limit_counts_what_is_inflated(engine):
    content = to_xlsx([["indicator_code", "region_code", "period", "value"], ["ppk", "32", "2024", 1]])
    result = preview(engine, content, "ppk.xlsx", limits=ReadLimits(unpacked_bytes=2000))
    assert "the workbook unpacks to more than the" in reasons(result)[0]


# ------------------------------------------------------------------ definitions against column lengths
@pytest.mark.parametrize("column, length, limit", [(1, 301, 300), (2, 301, 300), (3, 101, 100), (7, 301, 300)])
def test_definition_texts_longer_than_their_column_are_refused_on_both_stores(store, column, length, limit):
    row = [("x" * length if i == column else v) for i, v in enumerate(IKM)]
    problems = refused_commit(store, workbook([row], [["ikm_layanan", "5171", 2024, 81.5]]), "ikm.xlsx")
    problems = [p for p in problems if p.column.startswith("indikator!")]  # (the data sheet's then unknown code too)
    assert [(p.row, p.column.split(" ")[0]) for p in problems] == [(2, f"indikator!{chr(65 + column)}")]
    assert problems[0].reason_en.endswith(f"is too long: {length} characters, at most {limit}")
    assert f"terlalu panjang: {length} karakter, paling banyak {limit}" in problems[0].reason_id


def test_a_long_user_or_file_name_commits_on_both_stores(store):
    done = ingest.commit(store, HEADER + b"ppk,32,1990,11000\n", "n" * 400 + ".csv", user="u" * 150)
    with store.connect() as conn:
        row = conn.execute(select(ImportBatch.created_by, ImportBatch.file_name).where(
            ImportBatch.id == done.batch_id)).one()
    assert (len(row.created_by), len(row.file_name)) == (100, 300)
