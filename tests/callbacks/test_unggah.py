"""The upload page's plain functions: preview (counts, every problem by row and column), commit, rights."""
from __future__ import annotations

import base64

from sqlalchemy import select

from callbacks import unggah as page
from dashboard import audit
from dashboard.access import access_for
from dashboard.context import AppContext
from data.schema import Observation

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


def test_preview_lists_every_problem_bilingually(engine, config):
    ctx = ctx_for(engine, config)
    view, ok = page.preview_for(ctx, data_url(BAD), "bad.csv", page.options_from(ctx, None, None, "auto"), "en",
                                WALIDATA)
    assert not ok and find(view, "unggah-refused")
    problems = grid_rows(view, "unggah-problems")
    assert [(p["row"], p["column"]) for p in problems] == [(2, "C (period)"), (3, "B (region)"), (3, "D (value)")]
    assert all(p["reason_id"] and p["reason_en"] and p["reason_id"] != p["reason_en"] for p in problems)


def test_public_and_other_agency_refused(engine, config):
    ctx = ctx_for(engine, config)
    options = page.options_from(ctx, "uhh", None, "auto")
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "id", access_for("publik"))
    assert not ok and find(view, "unggah-refused")
    other = access_for("produsen", "dinkes", agency="Dinas Kesehatan")
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "en", other)
    assert not ok and "may not load indicator uhh" in grid_rows(view, "unggah-problems")[0]["reason_en"]
    bps = access_for("produsen", "bps", agency="Badan Pusat Statistik")
    assert page.preview_for(ctx, data_url(GOOD), "uhh.csv", options, "en", bps)[1]


def test_too_big_refused_before_decoding(engine, config):
    ctx = ctx_for(engine, config)
    options = page.options_from(ctx, "uhh", None, "auto")
    small = options.__class__(indicator="uhh", max_bytes=10)
    view, ok = page.preview_for(ctx, data_url(GOOD), "uhh.csv", small, "en", WALIDATA)
    assert not ok and "limit" in grid_rows(view, "unggah-problems")[0]["reason_en"]


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
