"""The import path on the seeded store: BPS tables as published, code systems, every bad input refused with row and
column, nothing written by a refused import (the SQLite file byte-for-byte), on SQLite and on PostgreSQL."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from ingest_files import bps_table_rows, seed_values, to_csv, to_xlsx
from sqlalchemy import func, select

from data import ingest
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.ingest.regions import RegionResolver, name_aliases
from data.ingest.values import CellError
from data.schema import ImportBatch, Observation


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    """The seeded store on SQLite, then on the real PostgreSQL (skipped when no server answers)."""
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


def preview(engine, content: bytes, name: str, **options) -> ingest.Prepared:
    with engine.connect() as conn:
        return ingest.preview(conn, content, name, ImportOptions(**options))


def current(engine, indicator: str, period: str) -> dict[str, float]:
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.region_code, Observation.value).where(
            Observation.indicator_code == indicator, Observation.period == period, Observation.is_current)).all()
    return dict(rows)


def fingerprint(engine) -> tuple:
    with engine.connect() as conn:
        return (conn.scalar(select(func.count(), func.max(Observation.id)).select_from(Observation)),
                conn.execute(select(func.count(), func.sum(Observation.value)).where(Observation.is_current)).one(),
                conn.scalar(select(func.count()).select_from(ImportBatch)))


# ------------------------------------------------------------------ BPS tables as published
@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon-cp1252", "xlsx"])
def test_bps_table_uhh_jawa_barat_lands_under_kemendagri_codes(engine, fmt):
    check_uhh_jawa_barat(engine, fmt)


def test_bps_table_on_postgresql(pg_engine):
    check_uhh_jawa_barat(pg_engine, "csv")


def check_uhh_jawa_barat(store, fmt):
    rows, expected = bps_table_rows("uhh", ["2023", "2024"], "32",
                                    "[Metode Baru] Umur Harapan Hidup Saat Lahir (UHH) Menurut Kabupaten/Kota, 2023-2024")
    content = {"csv": lambda: to_csv(rows), "xlsx": lambda: to_xlsx(rows),
               "csv-semicolon-cp1252": lambda: to_csv(rows, ";", "cp1252")}[fmt]()
    name = "uhh.xlsx" if fmt == "xlsx" else "uhh.csv"
    result = preview(store, content, name, indicator="uhh")
    assert result.ok, [p.text("en") for p in result.problems]
    assert result.layout == "bps"
    got = {(r.region_code, r.period): r.value for r in result.frame.itertuples()}
    assert got == pytest.approx(expected)
    assert got[("3273", "2024")] == seed_values("uhh", "2024")["3273"]  # KOTA BANDUNG, not Kabupaten Bandung
    assert got[("3204", "2024")] == seed_values("uhh", "2024")["3204"]
    # the same figures as the seed's BPS->Kemendagri translation: nothing new, nothing changed
    assert (result.diff.new, result.diff.changed) == (0, 0)
    assert result.diff.unchanged == len(expected)


def test_bps_table_aceh_bps_names_translate(engine):
    """BPS 1101 Simeulue is Kemendagri 1109 (Kemendagri 1101 is Aceh Selatan)."""
    rows, expected = bps_table_rows("ipm", ["2024"], "11", "Indeks Pembangunan Manusia menurut Kabupaten/Kota 2024")
    result = preview(engine, to_csv(rows), "ipm_aceh.csv", indicator="ipm")
    assert result.ok
    got = {r.region_code: r.value for r in result.frame.itertuples()}
    assert got["1109"] == seed_values("ipm", "2024")["1101"]
    assert got["1101"] == seed_values("ipm", "2024")["1103"]


def test_bps_table_period_only_in_title_and_markers_skipped(engine):
    content = ("Umur Harapan Hidup (Tahun) Provinsi Riau 2024\n"
               "Provinsi/Kabupaten/Kota/Indonesia;UHH\n"
               "RIAU;72,0\nS I A K;…\nKEP. MERANTI;...\nKOTA PEKANBARU;-\nINDONESIA;72,39*\n"
               "Sumber: BPS\n").encode("cp1252")
    result = preview(engine, content, "uhh.csv", indicator="uhh")
    assert result.ok, [p.text("en") for p in result.problems]
    assert set(result.frame["period"]) == {"2024"}
    assert {(s.region, s.marker) for s in result.skipped} == {("1408", "…"), ("1410", "..."), ("1471", "-")}
    assert dict(zip(result.frame["region_code"], result.frame["status"], strict=True)) == {
        "14": "final", "ID": "preliminary"}


def _semester_xlsx(rows, merges=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SEMESTERS = ["Semester 1 (Maret)", "Semester 2 (September)"]


@pytest.mark.parametrize("years_on_top", [False, True])
def test_bps_semester_table_combines_semester_and_year_header_rows(engine, years_on_top):
    """BPS poverty tables head each column with the semester and the year (the year often one merged cell over
    its two semesters): each column is one period, March or September, and the values are the real ones."""
    title = ["Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah (Persen)"]
    if years_on_top:
        rows = [title, ["Provinsi", "2023", None, "2024", None], [None, *SEMESTERS, *SEMESTERS],
                ["ACEH", 14.45, 14.45, 14.23, 12.64], ["JAWA BARAT", 7.62, 7.62, 7.46, "abc"], ["Sumber: BPS"]]
        content = _semester_xlsx(rows, ("B2:C2", "D2:E2"))
    else:
        rows = [title, ["Provinsi", "P0 (Persen)", None], [None, *SEMESTERS], [None, "2024", "2024"],
                ["ACEH", 14.23, 12.64], ["JAWA BARAT", 7.46, 7.08], ["INDONESIA", 9.03, 8.57], ["Sumber: BPS"]]
        content = _semester_xlsx(rows, ("B2:C2",))
    result = preview(engine, content, "p0.xlsx", indicator="p0")
    if years_on_top:
        assert [(p.row, p.column) for p in result.problems] == [(5, "E (Semester 2 (September) 2024)")]
        assert not result.ok
        return
    assert result.ok, [p.text("en") for p in result.problems]
    got = {(r, p): v for r, p, v in zip(result.frame["region_code"], result.frame["period"], result.frame["value"],
                                        strict=True)}
    assert got == {("11", "2024-03"): 14.23, ("11", "2024-09"): 12.64, ("32", "2024-03"): 7.46,
                   ("32", "2024-09"): 7.08, ("ID", "2024-03"): 9.03, ("ID", "2024-09"): 8.57}
    assert result.counts()["unchanged"] == 6  # the seed holds the same official figures


@pytest.mark.parametrize("total", ["Jumlah", "Perkotaan+Perdesaan"])
def test_bps_table_broken_down_by_area_loads_the_total_only(engine, total):
    """BPS poverty tables as published are broken down by area: "Perkotaan", "Perdesaan" and the total, each one
    merged cell over its semester columns, with the semester and year rows below. Only the total's columns load;
    the urban and rural columns (999 here, which would fail the 0-100 bound) are skipped and said so."""
    rows = [["Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah (Persen)"],
            ["Provinsi", "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah (Persen)"],
            [None, "Perkotaan", None, "Perdesaan", None, total, None],
            [None, *SEMESTERS * 3], [None, *["2024"] * 6],
            ["ACEH", 999, 999, 999, 999, 14.23, 12.64], ["JAWA BARAT", 999, 999, 999, 999, 7.46, 7.08],
            ["INDONESIA", 999, 999, 999, 999, 9.03, 8.57], ["Sumber: Badan Pusat Statistik"]]
    result = preview(engine, _semester_xlsx(rows, ("B2:G2", "B3:C3", "D3:E3", "F3:G3")), "p0.xlsx", indicator="p0")
    assert result.ok, [p.text("en") for p in result.problems]
    got = {(r, p): v for r, p, v in zip(result.frame["region_code"], result.frame["period"], result.frame["value"],
                                        strict=True)}
    assert got == {("11", "2024-03"): 14.23, ("11", "2024-09"): 12.64, ("32", "2024-03"): 7.46,
                   ("32", "2024-09"): 7.08, ("ID", "2024-03"): 9.03, ("ID", "2024-09"): 8.57}
    assert any(f"'{total}'" in n and "Perkotaan, Perdesaan" in n for n in result.notes), result.notes


def test_bps_table_broken_down_without_a_total_is_refused(engine):
    """Urban and rural columns alone are not the indicator's figure: refused, naming the header row, nothing
    guessed."""
    rows = [["Provinsi", "Perkotaan", "Perdesaan"], [None, "2024", "2024"], ["ACEH", 15.0, 13.0]]
    before = fingerprint(engine)
    result = preview(engine, _semester_xlsx(rows), "p0.xlsx", indicator="p0")
    assert not result.ok
    assert [p.row for p in result.problems] == [1]
    assert "Perkotaan, Perdesaan" in result.problems[0].text("id")
    assert "no total column" in result.problems[0].text("en")
    assert fingerprint(engine) == before


def test_bps_table_gorontalo_province_row_then_kabupaten(engine):
    content = b"Provinsi/Kabupaten/Kota,2024\nGORONTALO,70.1\nBoalemo,68.2\nGorontalo,67.3\nKota Gorontalo,78.9\n"
    result = preview(engine, content, "x.csv", indicator="ipm")
    assert result.ok
    assert list(result.frame["region_code"]) == ["75", "7502", "7501", "7571"]


# ------------------------------------------------------------------ code systems
TIDY_ACEH = "indicator,region,period,value\nipm,1101,2024,70.1\nipm,1171,2024,80.2\n"


def test_auto_refuses_codes_that_mean_different_regions(engine):
    result = preview(engine, TIDY_ACEH.encode(), "x.csv")
    assert not result.ok
    assert result.problems[0].row == 2 and result.problems[0].column == "B (region)"
    assert "Simeulue" in result.problems[0].reason_en and "Aceh Selatan" in result.problems[0].reason_en


@pytest.mark.parametrize("system, expected", [("kemendagri", "1101"), ("bps", "1109")])
def test_explicit_code_system(engine, system, expected):
    result = preview(engine, TIDY_ACEH.encode(), "x.csv", code_system=system)
    assert result.ok
    assert result.frame["region_code"].iloc[0] == expected


def test_auto_follows_names_and_column_names(engine):
    named = "indicator,kode,nama,period,value\nipm,1101,Simeulue,2024,70.1\n"
    assert preview(engine, named.encode(), "x.csv").frame["region_code"].tolist() == ["1109"]
    column = "indicator,kode_bps,period,value\nipm,1101,2024,70.1\n"
    assert preview(engine, column.encode(), "x.csv").frame["region_code"].tolist() == ["1109"]


def test_wrong_system_code_refused_with_row_and_column(engine):
    named = "indicator,kode,nama,period,value\nipm,1101,Simeulue,2024,70.1\n"
    result = preview(engine, named.encode(), "x.csv", code_system="kemendagri")
    assert [(p.row, p.column) for p in result.problems] == [(2, "C (nama)")]
    assert "Aceh Selatan" in result.problems[0].reason_en
    only_bps = "indicator,region,period,value\nipm,9471,2024,70.1\n"  # BPS Kota Jayapura; no such Kemendagri code
    result = preview(engine, only_bps.encode(), "x.csv", code_system="kemendagri")
    assert (result.problems[0].row, result.problems[0].column) == (2, "B (region)")
    assert "BPS" in result.problems[0].reason_en


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_table_after_a_cover_sheet_is_found_and_its_sheet_named(engine):
    """Agency workbooks often open with a cover or notes sheet; the first sheet holding a table is imported (a
    formula on the cover does not matter), and a formula in that table is refused at its cell."""
    value = seed_values("ipm", "2024")["32"]
    cover = [["Dinas Kominfo Provinsi Jawa Barat"], ["Dicetak", "=TODAY()"]]
    table = [["Provinsi", "IPM"], [None, 2024], ["JAWA BARAT", value]]
    result = preview(engine, _workbook({"Sampul": cover, "Data IPM": table}), "ipm.xlsx", indicator="ipm")
    assert result.ok, [p.text("en") for p in result.problems]
    assert list(result.frame["region_code"]) == ["32"] and "Data IPM" in " ".join(result.notes)
    table[2][1] = "=74+0.43"
    result = preview(engine, _workbook({"Sampul": cover, "Data IPM": table}), "ipm.xlsx", indicator="ipm")
    assert [(p.row, p.column) for p in result.problems] == [(3, "B")]


def test_agency_table_with_number_and_code_columns_before_the_names(engine):
    """Agencies' own tables put "No" and "Kode Wilayah" before the region names: the code is used, the name checks
    it (a mismatch names the row), and "Kode BPS" in the heading translates BPS codes."""
    plain = b"No,Kabupaten/Kota,2023,2024\n1,Bogor,71.78,72.39\n2,Kota Bandung,83.04,83.52\n"
    result = preview(engine, plain, "ipm.csv", indicator="ipm")
    assert result.ok, [p.text("en") for p in result.problems]
    assert result.counts()["unchanged"] == 4 and set(result.frame["region_code"]) == {"3201", "3273"}

    coded = (b"No.,Kode Wilayah,Kabupaten/Kota,2023,2024\n1,3201,Bogor,71.78,72.39\n"
             b"2,3273,Kota Bandung,83.04,83.52\n3,3204,Kota Bandung,70.0,71.0\n")
    before = fingerprint(engine)
    result = preview(engine, coded, "ipm.csv", indicator="ipm")
    assert [(p.row, p.column) for p in result.problems] == [(4, "C (Kabupaten/Kota)")]
    assert "Kota Bandung" in result.problems[0].text("en") and "3204" in result.problems[0].text("en")
    assert fingerprint(engine) == before

    bps = "Kode BPS;Kabupaten/Kota;2024\n1101;Simeulue;{v}\n".format(
        v=str(seed_values("ipm", "2024")["1101"]).replace(".", ",")).encode()
    result = preview(engine, bps, "ipm.csv", indicator="ipm")
    assert result.ok and list(result.frame["region_code"]) == ["1109"]  # BPS 1101 Simeulue is Kemendagri 1109
    assert result.counts()["unchanged"] == 1


@pytest.mark.parametrize(("name", "code"), [
    ("NANGGROE ACEH DARUSSALAM", "11"), ("Irian Jaya Barat", "92"), ("Maluku Tenggara Barat", "8103"),
    ("Kab. Maluku Tenggara Barat", "8103"), ("Pangkajene Kepulauan", "7310"), ("Kota Padang Sidempuan", "1277")])
def test_former_names_in_the_alias_list_resolve(engine, name, code):
    """Older BPS tables still carry renamed regions and other spellings; data/seed/regions/aliases.csv lists them
    with the reason, and nothing outside that list is guessed."""

    with engine.connect() as conn:
        resolver = RegionResolver(conn)
    assert resolver.by_name(name) == code
    assert {c for _, c in name_aliases()} <= set(resolver.places)  # every alias names a region of the store
    with pytest.raises(CellError, match="Maluku Barat"):
        resolver.by_name("Maluku Barat")


def test_ambiguous_name_names_both(engine):
    result = preview(engine, b"indicator,wilayah,period,value\nipm,Gorontalo,2024,70\n", "x.csv")
    assert "Gorontalo (75)" in result.problems[0].reason_en and "7501" in result.problems[0].reason_en


# ------------------------------------------------------------------ bad input
def formula_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "region", "period", "value"])
    sheet.append(["ipm", "3273", "2024", '=HYPERLINK("http://x","1")'])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD = {
    "empty": (b"", "x.csv", {}, (None, None)),
    "wrong encoding (UTF-16)": ("indicator,region,period,value\nipm,3273,2024,1\n".encode("utf-16"), "x.csv", {},
                                (None, None)),
    "binary renamed .csv": (bytes(range(256)) * 4, "x.csv", {}, (None, None)),
    "zip renamed .csv": (b"PK\x03\x04" + b"\x00" * 50, "x.csv", {}, (None, None)),
    "not a workbook .xlsx": (b"indicator,region\n", "x.xlsx", {}, (None, None)),
    "formula cell": (formula_xlsx(), "x.xlsx", {}, (2, "D")),
    "thousands separator of the other convention": (
        b"indicator,region,period,value\nppk,3273,2024,\"20.123,5\"\nppk,32,2024,12.5\n", "x.csv", {}, (2, "D (value)")),
    "region code of the wrong system": (b"indicator,region,period,value\nipm,9471,2024,70\n", "x.csv",
                                        {"code_system": "kemendagri"}, (2, "B (region)")),
    "period of the wrong frequency": (b"indicator,region,period,value\nipm,3273,2024-03,70\n", "x.csv", {},
                                      (2, "C (period)")),
    "value out of bounds": (b"indicator,region,period,value\nipm,3273,2024,170\n", "x.csv", {}, (2, "D (value)")),
    "not a number": (b"indicator,region,period,value\nipm,3273,2024,tinggi\n", "x.csv", {}, (2, "D (value)")),
    "duplicate key": (b"indicator,region,period,value\nipm,3273,2024,70\nipm,32.73,2024,71\n", "x.csv", {},
                      (3, "D (value)")),
    "unknown indicator": (b"indicator,region,period,value\nxyz,3273,2024,70\n", "x.csv", {}, (2, "indikator")),
    "text that is not a table": (b"Dear colleague,\nplease find the figures attached.\n", "x.csv", {}, (None, None)),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_refused_with_row_and_column_and_nothing_written(engine, case):
    content, name, options, (row, column) = BAD[case]
    before = fingerprint(engine)
    with pytest.raises(ValidationError) as refused:
        ingest.commit(engine, content, name, ImportOptions(**options))
    first = refused.value.problems[0]
    assert (first.row, first.column) == (row, column), first
    assert first.reason_id and first.reason_en and first.reason_id != first.reason_en
    assert fingerprint(engine) == before


def test_huge_file_refused_before_reading_it_all():
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"1" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    stream = io.BufferedReader(Endless())
    with pytest.raises(ingest.files.FileRefused):
        ingest.files.read_limited(stream, 1024 * 1024)
    assert stream.raw.read_bytes < 3 * 1024 * 1024


def test_zip_bomb_xlsx_refused(engine):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * (25 * 1024 * 1024))
    result = preview(engine, buffer.getvalue(), "x.xlsx", max_bytes=1024 * 1024)
    assert "limit" in result.problems[0].reason_en


def test_refused_import_leaves_sqlite_file_byte_for_byte(engine):
    path = Path(engine.url.database)

    def digest() -> str:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return hashlib.sha256(path.read_bytes()).hexdigest()

    before = digest()
    for content, name, options, _ in BAD.values():
        with pytest.raises(ValidationError):
            ingest.commit(engine, content, name, ImportOptions(**options))
    assert digest() == before


# ------------------------------------------------------------------ revisions and rollback
def test_revision_and_rollback_round_trip(store):
    from data.writer import rollback_batch

    seed = current(store, "ipm", "2024")
    first = ingest.commit(store, b"indicator,region,period,value\nipm,3273,2024,90.5\nipm,3273,2031,91\n"
                          .replace(b"2031", b"2025"), "a.csv", user="walidata")
    assert (first.diff.new, first.diff.changed) == (1, 1)
    second = ingest.commit(store, b"indicator,region,period,value\nipm,3273,2024,95\n", "b.csv")
    assert current(store, "ipm", "2024")["3273"] == 95
    with pytest.raises(ValidationError) as refused:  # batch 1's value was replaced later by batch 2
        with store.begin() as conn:
            rollback_batch(conn, first.batch_id, "walidata")
    assert str(second.batch_id) in refused.value.problems[0].reason_en
    with store.begin() as conn:
        done = rollback_batch(conn, second.batch_id, "walidata")
    assert (done.restored, done.removed) == (1, 0)
    assert current(store, "ipm", "2024")["3273"] == 90.5
    with store.begin() as conn:
        done = rollback_batch(conn, first.batch_id, "walidata")
    assert (done.restored, done.removed) == (1, 1)
    assert current(store, "ipm", "2024") == seed
    assert "3273" not in current(store, "ipm", "2025")
    with store.connect() as conn:
        history = conn.execute(select(Observation.value, Observation.batch_id, Observation.is_current).where(
            Observation.indicator_code == "ipm", Observation.region_code == "3273",
            Observation.period == "2024").order_by(Observation.id)).all()
        statuses = dict(conn.execute(select(ImportBatch.id, ImportBatch.status)).all())
    assert [h.value for h in history] == [seed["3273"], 90.5, 95]
    assert [h.is_current for h in history] == [True, False, False]
    assert statuses[first.batch_id] == statuses[second.batch_id] == "rolled_back"
    with pytest.raises(ValidationError):  # twice
        with store.begin() as conn:
            rollback_batch(conn, first.batch_id, "walidata")
    with pytest.raises(ValidationError):  # the seed
        with store.begin() as conn:
            rollback_batch(conn, 1, "walidata")


def test_commit_records_batch(engine):
    store = engine
    content = b"indicator;region;period;value;status\nipm;3273;2024;90,5;sementara\n"
    result = ingest.commit(store, content, "c.csv", user="budi")
    with store.connect() as conn:
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == result.batch_id)).one()
    assert (batch.created_by, batch.file_name, batch.file_hash) == ("budi", "c.csv", hashlib.sha256(content).hexdigest())
    assert (batch.rows_total, batch.rows_changed, batch.indicator_code) == (1, 1, "ipm")
    with store.connect() as conn:
        status = conn.scalar(select(Observation.status).where(Observation.batch_id == result.batch_id))
    assert status == "preliminary"


@pytest.mark.parametrize("heading", ["Tahun", "Wilayah", "Nama Daerah", None])
def test_compiled_sheet_names_under_any_heading_with_years_across(engine, heading):
    """An agency's compiled sheet: names in the first column under any heading, years as column headings. Built as
    XLSX reproducing the layout of the real 'Gini Ratio Menurut Provinsi dan Daerah 2023.csv' (tests/data/real),
    with its values; no real XLSX of this layout was found."""
    rows = [[heading, 2023], ["JAMBI", 0.343], ["BENGKULU", 0.333], ["GORONTALO", 0.417], ["INDONESIA", 0.388]]
    result = preview(engine, to_xlsx(rows), "Gini Ratio Menurut Provinsi dan Daerah 2023.xlsx")
    assert result.ok, [p.text("en") for p in result.problems]
    assert result.indicator_guess == "gini"
    got = dict(zip(result.frame["region_code"], result.frame["value"], strict=True))
    assert got == {"15": 0.343, "17": 0.333, "75": 0.417, "ID": 0.388}


@pytest.mark.parametrize(("name", "year", "expected"), [
    ("Pontianak", 2010, "6102"),  # Kabupaten Pontianak until PP 58/2014, now Mempawah
    ("Kabupaten Pontianak", 2020, "6102"),
    ("Pontianak", 2020, None),  # after the renaming: Kota Pontianak or the former kabupaten, both named
    ("Mamuju Utara", 2022, "7601"),  # BPS tables kept the former name after PP 61/2017
    ("Toba Samosir / Toba", 2024, "1212"),
    ("Kota Sorong / Sorong", 2024, None),  # two regions: never a guess
])
def test_names_resolve_for_the_tables_period(engine, name, year, expected):
    with engine.connect() as conn:
        resolver = RegionResolver(conn)
    if expected is None:
        with pytest.raises(CellError) as refused:
            resolver.by_name(name, year=year)
        assert refused.value.reason_en.count("(") >= 2  # both meanings named
    else:
        assert resolver.by_name(name, year=year) == expected


def test_islands_written_first_resolve_to_the_kepulauan_regency(engine):
    """Satu Data portals write 'Kab. Kep. Konawe' for Kabupaten Konawe Kepulauan; the bare 'Kepulauan Seribu'
    keeps meaning Kepulauan Seribu (the reordered key never takes a name another region holds)."""
    with engine.connect() as conn:
        resolver = RegionResolver(conn)
    assert resolver.by_name("Kab. Kep. Konawe") == "7412"
    assert resolver.by_name("Kepulauan Banggai") == resolver.by_name("Banggai Kepulauan")
    assert resolver.by_name("Kep. Seribu") == resolver.by_name("Kabupaten Administrasi Kepulauan Seribu")


def test_bps_table_with_several_measures_keeps_the_indicators_one(engine):
    """'Jumlah dan Persentase Balita Stunting' tables put each year under several measures (counts, then the
    percentage): the measure named by the indicator and inside its range is kept and said; counts alone are refused
    (out of the indicator's range), nothing written."""
    rows = [["Wilayah"], [None, "Jumlah dan Persentase Balita Stunting Menurut Kabupaten/Kota (Jiwa)"],
            [None, "Pendek", None, "Stunting", None, "Persentase Stunting", None],
            [None, "2023", "2022", "2023", "2022", "2023", "2022"],
            ["Kupang", 2778, 4624, 3872, 6118, 13, 20], ["Kota Kupang", 2970, 4075, 4019, 5497, 17, 22]]
    result = preview(engine, to_csv(rows, ","), "stunting.csv", indicator="stunting")
    assert result.ok, [p.text("en") for p in result.problems]
    got = {(r, p): v for r, p, v in zip(result.frame["region_code"], result.frame["period"], result.frame["value"],
                                        strict=True)}
    assert got == {("5301", "2023"): 13, ("5301", "2022"): 20, ("5371", "2023"): 17, ("5371", "2022"): 22}
    assert any("'Persentase Stunting'" in n.text("en") and "Pendek, Stunting" in n.text("en") for n in result.notes)
    counts = [r[:5] for r in rows]
    before = fingerprint(engine)
    refused = preview(engine, to_csv(counts, ","), "stunting.csv", indicator="stunting")
    assert not refused.ok and "3872" in refused.problems[0].text("en")
    assert fingerprint(engine) == before


@pytest.mark.parametrize(("name", "guess"), [
    ("Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten_Kota, 2025.csv", None),  # not p0 for its 'Kemiskinan'
    ("Jumlah Penduduk Miskin Menurut Kabupaten_Kota, 2024.csv", None),  # not penduduk for its 'Jumlah Penduduk'
    ("Laju Pertumbuhan Penduduk Menurut Kabupaten_Kota, 2024.csv", None),
    ("Garis Kemiskinan Menurut Kabupaten_Kota, 2024.csv", None),
    ("Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota, 2025.csv", "p0"),
    ("Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2023.csv", "p0"),
    ("Penduduk, Laju Pertumbuhan Penduduk Menurut Kabupaten_Kota, 2024.csv", "penduduk"),
])
def test_other_statistics_named_like_an_indicator_are_not_guessed(engine, name, guess):
    """BPS titles of statistics the store does not hold but whose names contain an indicator's (P1, poor people in
    thousands, population growth, the poverty line): no guess, the preview asks; the indicator's own title beside
    them is still read."""
    rows = [["Kabupaten/Kota", "2024"], ["Kota Bandung", 1.5]]
    result = preview(engine, to_csv(rows, ","), name)
    assert result.indicator_guess == guess
    if guess is None:
        assert [p.text("en") for p in result.problems] == ["the file names no indicator; choose the indicator"]


def test_kab_kota_under_its_former_province_only_within_the_split_years(engine):
    rows = lambda year: [["Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen)"],
                         ["Provinsi/Kabupaten/Kota", year], ["PAPUA", "2,67"], ["Merauke", "3,10"]]
    ok = preview(engine, to_csv(rows("2023"), ";"), "tpt.csv", indicator="tpt")
    assert ok.ok and "9301" in set(ok.frame["region_code"])
    assert any("2022" in n.text("en") and "counted once" in n.text("en") for n in ok.notes)
    late = preview(engine, to_csv(rows("2025"), ";"), "tpt.csv", indicator="tpt")
    assert not late.ok and "UU No. 14/2022" in late.problems[0].reason_en
