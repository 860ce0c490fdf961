"""An agency adds a governance indicator (service satisfaction, IKM) through the normal import: the workbook's
`indikator` sheet defines it, the first sheet holds its values, and both land in one batch. The values here are
test values made up for the test, not data."""
from __future__ import annotations

import io

import openpyxl
import pytest

from data import ingest
from data.errors import ValidationError
from services import queries, uploads
from services.access import AccessDenied, access_for

DEFINITION = ["kode", "nama", "name_en", "satuan", "tema", "arah", "frekuensi", "produsen", "min", "max", "sdg"]
IKM = ["ikm_layanan", "Indeks Kepuasan Masyarakat (IKM) layanan publik", "Public service satisfaction index",
       "indeks (0-100)", "governance", "naik", "tahunan", "Dinas Komunikasi dan Informatika", 0, 100, "16.6.2"]


def workbook(definitions: list[list], values: list[list]) -> bytes:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "data"
    data.append(["indikator", "kode_wilayah", "tahun", "nilai"])
    for row in values:
        data.append(row)
    sheet = book.create_sheet("indikator")
    sheet.append(DEFINITION)
    for row in definitions:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_new_governance_indicator_and_its_values_in_one_upload(engine):
    content = workbook([IKM], [["ikm_layanan", "5171", 2024, 81.5], ["ikm_layanan", "5171", 2023, 80.25],
                               ["ipm", "5171", 2024, 84.0]])
    producer = access_for("produsen", user="kominfo", agency="Dinas Komunikasi dan Informatika")
    preview = uploads.preview_upload(engine, content, "ikm.xlsx", ingest.ImportOptions(), producer)
    assert [p.reason_en for p in preview.problems] == ["you may not load indicator ipm"]  # not its agency's

    content = workbook([IKM], [["ikm_layanan", "5171", 2024, 81.5], ["ikm_layanan", "5171", 2023, 80.25]])
    done = uploads.commit_upload(engine, content, "ikm.xlsx", ingest.ImportOptions(), producer)
    assert done.counts()["new"] == 2 and [d["code"] for d in done.new_indicators] == ["ikm_layanan"]
    analyst, walidata = access_for("analis"), access_for("walidata", "wali")
    # a produsen's upload is submitted: until a walidata publishes it, neither the new indicator's definition nor
    # its values reach an analyst; the reviewer reads both
    assert "ikm_layanan" not in set(queries.indicators(engine, analyst)["code"])
    with pytest.raises(AccessDenied):
        queries.indicator(engine, "ikm_layanan", analyst)
    assert queries.indicator(engine, "ikm_layanan", walidata)["tier"] == "dikecualikan"
    assert queries.series(engine, "ikm_layanan", ["5171"], access=analyst).empty
    uploads.approve(engine, done.batch_id, walidata)
    meta = queries.indicator(engine, "ikm_layanan", analyst)
    assert (meta["theme"], meta["tier"], meta["producer"], meta["sdg_target"]) == \
        ("governance", "internal", "Dinas Komunikasi dan Informatika", "16.6.2")
    assert meta["higher_is_better"] is True and meta["max_value"] == 100
    series = queries.series(engine, "ikm_layanan", ["5171"], access=analyst)
    assert sorted(series["value"]) == [80.25, 81.5]
    assert "ikm_layanan" not in set(queries.indicators(engine)["code"])  # internal until an admin opens it


def test_overview_shows_the_new_governance_indicator_to_those_who_may_read_it(engine, config):
    from services.context import AppContext
    from services.overview import governance_cards

    ingest.commit(engine, workbook([IKM], [["ikm_layanan", "5171", 2024, 81.5]]), "ikm.xlsx")
    ctx = AppContext(engine=engine, config=config, cache=None)
    assert [c["indicator"]["code"] for c in governance_cards(ctx, "5171", access_for("analis"))] == \
        ["indeks_spbe", "ikm_layanan"]
    assert [c["indicator"]["code"] for c in governance_cards(ctx, "5171")] == ["indeks_spbe"]


@pytest.mark.parametrize("change, reason", [
    ({0: "ipm"}, "indicator 'ipm' already exists; change its metadata in the catalogue"),
    ({4: "tata_kelola"}, "unknown theme 'tata_kelola'"),
    ({0: "IKM Layanan"}, "invalid code 'IKM Layanan' (lower-case letters, digits, _)"),
    ({10: "16.x.9"}, "invalid code: 16.x.9"),
    ({8: 100, 9: 0}, "min is above max"),
])
def test_bad_definitions_are_refused_with_their_cell(engine, change, reason):
    row = [change.get(i, v) for i, v in enumerate(IKM)]
    code = row[0] if row[0] != "IKM Layanan" else "ikm_layanan"
    with pytest.raises(ValidationError) as refused:
        ingest.commit(engine, workbook([row], [[code, "5171", 2024, 81.5]]), "ikm.xlsx")
    problems = refused.value.problems
    assert any(reason in p.reason_en and p.row == 2 and p.column.startswith("indikator!") for p in problems), \
        [(p.row, p.column, p.reason_en) for p in problems]
    assert "ikm_layanan" not in set(queries.indicators(engine, access_for("admin"))["code"])
