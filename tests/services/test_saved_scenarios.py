"""Saved scenarios in the store (save, overwrite only when asked, list, rights, delete) and the proposed-target
XLSX read back with openpyxl."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from data.errors import NoDataError
from services import queries
from services import saved_scenarios as SS
from services.access import PUBLIC, access_for
from services.scenario_annex import AnnexRow, annex_frame, annex_xlsx

ANALIS = access_for("analis", "budi")
PATH = [(2024, 7.46), (2025, 7.0), (2026, 6.5), (2027, 6.0)]


def _save(engine, access=ANALIS, name="moderat", target=6.0, path=PATH, overwrite=False, region="32"):
    return SS.save(engine, access, name=name, region=region, indicator="p0", base_year=path[0][0],
                   baseline=path[0][1], end_year=path[-1][0], target=target, method="linear", path=path,
                   overwrite=overwrite)


def test_save_list_and_overwrite_only_when_asked(engine):
    stored, replaced = _save(engine)
    assert not replaced and stored.name == "moderat" and stored.created_by == "budi"
    assert stored.path == tuple(PATH) and stored.target == 6.0
    with pytest.raises(SS.ScenarioExists) as exc:
        _save(engine, target=5.5, path=[(2024, 7.46), (2027, 5.5)])
    assert exc.value.existing.target == 6.0                       # the old one is reported ...
    assert SS.list_saved(engine, ANALIS, "32", "p0")[0].target == 6.0  # ... and left alone
    other = access_for("walidata", "sari")
    again, replaced = _save(engine, other, target=5.5, path=[(2024, 7.46), (2027, 5.5)], overwrite=True)
    assert replaced and again.id == stored.id and again.target == 5.5
    assert again.created_by == "budi" and again.updated_by == "sari" and again.saved_by == "sari"
    _save(engine, name="  optimis  ", target=5.0)
    listed = SS.list_saved(engine, ANALIS, "32", "p0")
    assert sorted(s.name for s in listed) == ["moderat", "optimis"]
    assert SS.list_saved(engine, ANALIS, "33", "p0") == [] and SS.list_saved(engine, ANALIS, "32", "ipm") == []


def test_the_same_name_in_another_region_is_another_scenario(engine):
    _save(engine)
    _, replaced = _save(engine, region="33")
    assert not replaced
    assert len(SS.list_saved(engine, ANALIS, "33", "p0")) == 1


@pytest.mark.parametrize("access", [PUBLIC, access_for("produsen", "opd"), access_for("analis", "x", "33")])
def test_who_may_not_save(engine, access):
    with pytest.raises(SS.ScenarioRefused) as exc:
        _save(engine, access)
    assert exc.value.key == "skenario.saved.forbidden"
    assert SS.list_saved(engine, ANALIS, "32", "p0") == []


def test_the_public_sees_no_saved_scenarios(engine):
    _save(engine)
    assert SS.list_saved(engine, PUBLIC, "32", "p0") == []
    assert SS.get_many(engine, PUBLIC, [1]) == []
    assert len(SS.list_saved(engine, access_for("produsen", "opd"), "32", "p0")) == 1  # staff may read


@pytest.mark.parametrize(("name", "key"), [("", "skenario.saved.name_empty"), ("   ", "skenario.saved.name_empty"),
                                           ("x" * 81, "skenario.saved.name_long"),
                                           ("a\x00b", "skenario.saved.name_bad")])
def test_bad_names_are_refused(engine, name, key):
    with pytest.raises(SS.ScenarioRefused) as exc:
        _save(engine, name=name)
    assert exc.value.key == key


def test_a_scenario_without_a_path_is_refused(engine):
    with pytest.raises(SS.ScenarioRefused) as exc:
        SS.save(engine, ANALIS, name="x", region="32", indicator="p0", base_year=2024, baseline=7.46,
                end_year=2029, target=5.0, method="linear", path=[])
    assert exc.value.key == "skenario.saved.no_path"


def test_hidden_indicator_cannot_be_saved(engine):
    from sqlalchemy import update

    from data.schema import Indicator
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "p0").values(tier="dikecualikan"))
    with pytest.raises(NoDataError):
        _save(engine)


def test_delete(engine):
    stored, _ = _save(engine)
    with pytest.raises(SS.ScenarioRefused):
        SS.remove(engine, access_for("produsen", "opd"), stored.id)
    assert SS.remove(engine, ANALIS, stored.id).name == "moderat"
    assert SS.list_saved(engine, ANALIS, "32", "p0") == []


def test_annex_xlsx_shape_read_back(engine):
    meta = queries.indicator(engine, "p0")
    rows = [AnnexRow("optimis", "linear", 2024, 7.456, [(2024, 7.456), (2025, 6.9), (2026, 6.3456)]),
            AnnexRow("=HYPERLINK(\"x\")", "growth", 2024, 7.456, [(2024, 7.456), (2025, 7.1), (2026, 6.8),
                                                                     (2027, 6.5)])]
    content = annex_xlsx(rows, meta, "Jawa Barat", "id", by="budi", today=date(2026, 11, 28))
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["usulan target", "about"]
    sheet = list(book["usulan target"].iter_rows(values_only=True))
    assert sheet[0] == ("No", "Indikator", "Satuan", "Wilayah", "Skenario", "Jalur", "Kondisi awal: tahun",
                        "Kondisi awal: nilai", "Target 2025", "Target 2026", "Target 2027")
    assert sheet[1] == (1, meta["name_id"], "persen", "Jawa Barat", "optimis", "perubahan tetap", 2024, 7.46,
                        6.9, 6.35, None)  # rounded to the indicator's 2 decimals; no 2027 in this one
    assert sheet[2][4] == "'=HYPERLINK(\"x\")"  # a formula-looking name is escaped
    assert sheet[2][5] == "laju tetap" and sheet[2][-1] == 6.5
    about = dict(book["about"].iter_rows(values_only=True))
    assert "Sumber" in about["Sitasi"] and "Jawa Barat" in about["Sitasi"]
    assert "bukan target resmi" in about["Catatan"] and about["Dibuat"].endswith("budi")
    assert about["Sumber data kondisi awal"]


def test_annex_headers_in_english(engine):
    frame = annex_frame([AnnexRow("a", "linear", 2023, 1.0, [(2023, 1.0), (2024, 2.0)])],
                        queries.indicator(engine, "p0"), "West Java", "en")
    assert list(frame.columns) == ["No", "Indicator", "Unit", "Region", "Scenario", "Path", "Baseline: year",
                                   "Baseline: value", "Target 2024"]
    assert frame.iloc[0]["Unit"] == "percent" and frame.iloc[0]["Path"] == "constant change"
