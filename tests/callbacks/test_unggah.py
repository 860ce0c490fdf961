"""The upload page's plain functions: preview (counts, every problem by row and column), commit, rights."""
from __future__ import annotations

import base64

from sqlalchemy import select

from callbacks import unggah as page
from data.schema import Observation
from layouts import unggah
from services import audit
from services.access import access_for
from services.context import AppContext

GOOD = (b"Umur Harapan Hidup (Tahun), 2024\nProvinsi/Kabupaten/Kota;UHH\nJAWA BARAT;74,10\nKOTA BANDUNG;80,01\n"
        b"Bogor;-\nSumber: BPS\n")
BAD = b"indicator,region,period,value\nipm,3273,2024-03,70\nipm,Atlantis,2024,abc\n"
WALIDATA = access_for("walidata", "wali")


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


def ctx_for(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def find(component, cls: str) -> list:
    """Every component under `component` whose className contains `cls`."""
    found = []
    if cls in (getattr(component, "className", None) or ""):
        found.append(component)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += find(child, cls)
    return found


def grid_rows(component, grid_id: str) -> list[dict]:
    if getattr(component, "id", None) == grid_id:
        return component.rowData
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            rows = grid_rows(child, grid_id)
            if rows is not None:
                return rows
    return None


def test_preview_valid_bps_table(engine, config):
    ctx = ctx_for(engine, config)
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", page.options_from(ctx, "uhh", None, "auto"), "id",
                                WALIDATA)
    assert ok and find(view, "unggah-valid")
    changes = grid_rows(view, "unggah-changes")
    assert {(r["region"], r["change"], r["new"]) for r in changes} == {("32", "berubah", "74,10"),
                                                                     ("3273", "berubah", "80,01")}


def test_preview_lists_every_problem_in_the_page_language(engine, config):
    ctx = ctx_for(engine, config)
    reasons = {}
    for lang in ("en", "id"):
        view, ok = page.preview_for(ctx, data_url(BAD), "bad.csv", page.options_from(ctx, None, None, "auto"), lang,
                                    WALIDATA)
        assert not ok and find(view, "unggah-refused")
        problems = grid_rows(view, "unggah-problems")
        assert [(p["row"], p["column"]) for p in problems] == [(2, "C (period)"), (3, "B (region)"), (3, "D (value)")]
        reasons[lang] = [p["reason"] for p in problems]
    assert all(r_en != r_id for r_en, r_id in zip(reasons["en"], reasons["id"], strict=True))


def test_preview_words_in_one_language(engine, config):
    """The notes of a preview ('Read as: CSV UTF-8, semicolon ...') follow the page language, not both at once."""
    ctx = ctx_for(engine, config)
    for lang, wanted, other in (("en", "semicolon", "titik koma"), ("id", "titik koma", "semicolon")):
        view, _ = page.preview_for(ctx, data_url(GOOD), "uhh.csv", page.options_from(ctx, "uhh", None, "auto"),
                                   lang, WALIDATA)
        text = str(view.to_plotly_json())
        assert wanted in text and other not in text


def test_produsen_is_asked_to_submit_for_review():
    assert "Ajukan untuk ditinjau" in str(unggah.layout(lang="id", submits=True).to_plotly_json())
    assert "Submit for review" in str(unggah.layout(lang="en", submits=True).to_plotly_json())
    assert "Simpan sebagai batch baru" in str(unggah.layout(lang="id").to_plotly_json())


def test_public_and_other_agency_refused(engine, config):
    ctx = ctx_for(engine, config)
    options = page.options_from(ctx, "uhh", None, "auto")
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "id", access_for("publik"))
    assert not ok and find(view, "unggah-refused")
    other = access_for("produsen", "dinkes", agency="Dinas Kesehatan")
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "en", other)
    assert not ok and "may not load indicator uhh" in grid_rows(view, "unggah-problems")[0]["reason"]
    bps = access_for("produsen", "bps", agency="Badan Pusat Statistik")
    assert page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "en", bps)[1]


def test_too_big_refused_before_decoding(engine, config):
    ctx = ctx_for(engine, config)
    options = page.options_from(ctx, "uhh", None, "auto")
    small = options.__class__(indicator="uhh", max_bytes=10)
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", small, "en", WALIDATA)
    assert not ok and "limit" in grid_rows(view, "unggah-problems")[0]["reason"]


def test_commit_writes_one_batch_and_audits(engine, config):
    ctx = ctx_for(engine, config)
    result = page.commit_for(ctx, data_url(GOOD), "uhh.csv", page.options_from(ctx, "uhh", None, "auto"), "id",
                             WALIDATA)
    assert find(result, "unggah-committed")
    with engine.connect() as conn:
        value = conn.scalar(select(Observation.value).where(
            Observation.indicator_code == "uhh", Observation.region_code == "3273", Observation.period == "2024",
            Observation.is_current))
    assert value == 80.01
    log = audit.entries(engine, WALIDATA, action="import")
    assert log.iloc[0]["actor"] == "wali" and log.iloc[0]["success"]


def test_largest_allowed_file_passes_the_request_limit(app):
    """A file at the configured limit, base64-encoded in Dash's callback JSON, is not cut off by Flask."""
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    encoded = len(data_url(b"x" * (20 * 1024 * 1024)))
    assert encoded + 64 * 1024 < limit
