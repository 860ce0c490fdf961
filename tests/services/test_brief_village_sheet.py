"""The XLSX brief of a kab/kota carries its desa: one row per desa/kelurahan (code, name, kind, kecamatan, IDM,
IKS, IKE, IKL, status), values as stored (the bundle's), headers in the brief's language, no empty trailing rows;
no such sheet for a province."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from callbacks.brief import xlsx_bytes
from data.seed import SEED
from services.config import Config
from services.context import AppContext
from tests.conftest import idm_bundle

BOGOR = "3201"


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(database_url="sqlite://", auto_seed=False), cache=None)


def bundle() -> pd.DataFrame:
    return idm_bundle(BOGOR).set_index("code")


def sheet_rows(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


def test_the_desa_sheet_holds_every_desa_with_the_bundles_values(ctx):
    rows = sheet_rows(xlsx_bytes(ctx, BOGOR, "id"), "desa")
    head, body = rows[0], rows[1:]
    assert head == ("Kode desa/kelurahan", "Desa/kelurahan", "Jenis", "Kecamatan", "Tahun IDM", "IDM",
                    "IKS (ketahanan sosial)", "IKE (ketahanan ekonomi)", "IKL (ketahanan lingkungan)", "Status IDM")
    regions = pd.read_csv(SEED / "villages" / "regions.csv", dtype=str, keep_default_na=False)
    mine = regions[(regions["level"] == "village") & regions["code"].str.startswith(BOGOR)]
    assert [r[0] for r in body] == sorted(mine["code"])  # every desa/kelurahan, in code order: 435
    assert all(any(v is not None for v in r) for r in body) and len(rows) == 1 + len(mine)  # no empty rows
    expected = bundle()
    scored = [r for r in body if r[5] is not None]
    assert len(scored) == len(expected[expected["idm"] != ""])
    for row in scored:
        want = expected.loc[row[0]]
        assert row[5:9] == tuple(float(want[k]) for k in ("idm", "iks", "ike", "ikl"))  # as stored
        assert row[9] == want["status"] and row[4] == "2024"
    by_code = {r[0]: r for r in body}
    assert by_code["3201022006"][1:4] == ("Tlajung Udik", "Desa", "Gunungputri")
    kelurahan = [r for r in body if r[2] == "Kelurahan"]
    assert len(kelurahan) == 19 and all(r[5:] == (None,) * 5 for r in kelurahan)  # not scored: empty, not zero


def test_english_headers_and_labels_and_no_sheet_for_a_province(ctx):
    book = load_workbook(io.BytesIO(xlsx_bytes(ctx, BOGOR, "en")))
    rows = list(book["villages"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Desa/kelurahan code", "Desa/kelurahan", "Kind", "Kecamatan (district)")
    assert rows[0][5] == "IDM (Village Development Index)" and rows[0][9] == "IDM status"
    assert {r[9] for r in rows[1:]} - {None} <= {"Mandiri (independent)", "Maju (advanced)",
                                                   "Berkembang (developing)", "Tertinggal (left behind)",
                                                   "Sangat Tertinggal (very left behind)"}
    first = next(i for i, r in enumerate(rows) if i and r[5] is not None) + 1  # openpyxl rows count from 1
    assert book["villages"].cell(first, 6).number_format == "#,##0.0000"  # shown with the IDM's 4 decimals
    assert "desa" not in load_workbook(io.BytesIO(xlsx_bytes(ctx, "32", "id"))).sheetnames
