"""A village table through the one import path: desa by 10-digit code (dotted or not), or by name inside its
kecamatan or kab/kota, never across Indonesia. The rows are real IDM 2024 rows (data/seed/villages/idm_2024.csv), so
a row resolved to the right desa is `unchanged` against the seeded store and a wrong one could not be."""
from __future__ import annotations

import pytest

from data import ingest
from data.ingest import ImportOptions

IDM = ImportOptions(indicator="idm")


def preview(engine, text: str, options: ImportOptions = IDM, name: str = "idm_desa_2024.csv"):
    with engine.connect() as conn:
        return ingest.preview(conn, text.encode(), name, options)


def reasons(out) -> list[str]:
    return [f"{p.row} {p.column}: {p.reason_en}" for p in out.problems]


def test_desa_by_dotted_and_plain_codes_with_their_names(village_engine):
    out = preview(village_engine, "kode_desa,nama_desa,tahun,idm\n"
                                  "32.01.05.2001,CIJAYANTI,2024,0.8678\n"
                                  "3201052002,Sumur Batu,2024,0.8605\n"
                                  "32.01.05.2003,DESA SENTUL,2024,0.8978\n"
                                  "3201052004,KARANG TENGAH,2024,0.7748\n")
    assert out.ok, reasons(out)
    assert list(out.frame["region_code"]) == ["3201052001", "3201052002", "3201052003", "3201052004"]
    assert out.counts()["unchanged"] == 4  # the seeded IDM of exactly these desa


def test_a_changed_value_shows_the_seeded_one(village_engine):
    out = preview(village_engine, "kode_desa,tahun,nilai\n3201052004,2024,0.7800\n")
    row = out.diff.rows.iloc[0]
    assert (row["change"], row["old_value"], row["value"]) == ("changed", 0.7748, 0.78)


def test_desa_by_name_inside_its_kecamatan(village_engine):
    out = preview(village_engine, "kecamatan,desa,tahun,nilai\n"
                                  "BABAKAN MADANG,CIJAYANTI,2024,0.8678\n"
                                  "Kec. Babakan Madang,Desa Sumur Batu,2024,0.8605\n"
                                  "TENJO,BABAKAN,2024,0.8146\n"
                                  "DRAMAGA,BABAKAN,2024,0.9014\n")
    assert out.ok, reasons(out)
    assert list(out.frame["region_code"]) == ["3201052001", "3201052002", "3201232004", "3201302008"]
    assert out.counts()["unchanged"] == 4


def test_a_desa_name_fitting_several_desa_of_the_kabupaten_is_refused(village_engine):
    out = preview(village_engine, "kabupaten_kota,desa,tahun,nilai\nKabupaten Bogor,Babakan,2024,0.8146\n"
                                  "Kab. Bogor,Cijayanti,2024,0.8678\n")
    assert [p.row for p in out.problems] == [2]
    assert "fits more than one desa/kelurahan in Kabupaten Bogor (3201" in out.problems[0].reason_en
    assert "Babakan (3201232004, Tenjo)" in out.problems[0].reason_en


def test_a_desa_name_without_kecamatan_or_kabupaten_is_refused(village_engine):
    out = preview(village_engine, "desa,tahun,nilai\nCijayanti,2024,0.8678\n")
    assert not out.ok
    assert "only known inside its kecamatan or kab/kota" in out.problems[0].reason_en


def test_a_kecamatan_name_shared_by_two_kabupaten_needs_the_kabupaten(village_engine):
    text = "kecamatan,desa,tahun,nilai\nBanjaran,Kamasan,2024,0.7635\n"
    out = preview(village_engine, text)
    assert "fits more than one kecamatan" in out.problems[0].reason_en and "add a kab/kota column" in \
        out.problems[0].reason_en
    out = preview(village_engine, "kabupaten,kecamatan,desa,tahun,nilai\n"
                                  "Kabupaten Bandung,Banjaran,Kamasan,2024,0.7635\n"
                                  "3204,BANJARAN,BANJARAN WETAN,2024,0.7546\n")
    assert out.ok, reasons(out)
    assert list(out.frame["region_code"]) == ["3204132001", "3204132002"]


@pytest.mark.parametrize(("text", "column", "reason"), [
    ("kecamatan,desa,tahun,nilai\nTenjo,Cijayanti,2024,0.8678\n", "B (desa)", "no desa/kelurahan 'Cijayanti' in Tenjo"),
    ("kode_desa,nama_desa,tahun,nilai\n3201052001,Sumur Batu,2024,0.8678\n", "B (nama_desa)",
     "code 3201052001 is Cijayanti (3201052001, Babakan Madang) but the name says Sumur Batu (3201052002"),
    ("kode_kecamatan,kode_desa,tahun,nilai\n320123,3201052001,2024,0.8678\n", "B (kode_desa)",
     "Cijayanti (3201052001, Babakan Madang) is not in Tenjo (320123"),
    ("kode_desa,tahun,nilai\n3201059999,2024,0.5\n", "A (kode_desa)", "unknown Kemendagri code '3201059999'"),
    ("kode_desa,tahun,nilai\n3201052001,2024,1.5\n", "C (nilai)", "outside the valid range of idm (0 – 1"),
])
def test_every_misplaced_row_is_named(village_engine, text, column, reason):
    out = preview(village_engine, text)
    assert not out.ok
    assert any(p.column == column and reason in p.reason_en for p in out.problems), reasons(out)


def test_commit_a_village_table_and_read_it_back(village_engine):
    from sqlalchemy import select

    from data.schema import Observation

    out = ingest.commit(village_engine, b"kecamatan,desa,tahun,nilai\nBabakan Madang,Sentul,2024,0.9\n",
                        "perbaikan_idm_2024.csv", IDM, user="produsen-bogor")
    assert out.counts()["changed"] == 1
    with village_engine.connect() as conn:
        rows = conn.execute(select(Observation.value, Observation.is_current).where(
            Observation.indicator_code == "idm", Observation.region_code == "3201052003")
            .order_by(Observation.id)).all()
    assert [tuple(r) for r in rows] == [(0.8978, False), (0.9, True)]


def test_a_kabupaten_table_is_read_as_before(village_engine, engine):
    text = "kode_kabupaten_kota,nama_kabupaten_kota,tahun,nilai\n3201,Kabupaten Bogor,2024,70.0\n"
    for store in (village_engine, engine):
        out = preview(store, text, ImportOptions(indicator="ipm"))
        assert out.ok and list(out.frame["region_code"]) == ["3201"], reasons(out)
