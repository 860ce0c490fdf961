"""The forecast page's plain functions: peers, table rows, chart data, CSV, URL state, target saving messages."""
from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate

from callbacks import proyeksi as P
from callbacks.url_state import changed_search, url_search
from services.access import Access
from services.context import AppContext
from services.forecasts import refit_indicator, refit_series


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_peers_of_a_province_and_of_a_kabkota(ctx):
    level, parent, frame = P.peers(ctx, "32")
    assert level == "province" and parent is None and len(frame) == 38
    level, parent, frame = P.peers(ctx, "3273")
    assert level == "regency" and parent == "32" and len(frame) == 27


def test_region_rows_and_csv(ctx):
    refit_indicator(ctx.engine, "p0")
    rows, title = P.region_rows(ctx, "p0", "ID", "en")
    assert len(rows) == 38 and title == "All regions: provinces"
    aceh = next(r for r in rows if r["code"] == "11")
    assert aceh["target"].startswith("2025 (RPJMN 2025-2029)") and 0 <= aceh["probability"] <= 100
    papua_selatan = next(r for r in rows if r["code"] == "93")
    assert papua_selatan["target"] == "" and "at least 4" in papua_selatan["model_text"]
    text = P.rows_csv(rows, "p0")
    assert text.splitlines()[0].startswith("indicator,code,name,latest")
    assert len(text.splitlines()) == 39


def test_view_chart_and_summary(ctx):
    refit_series(ctx.engine, [("tpt", "ID")])
    data = P.view(ctx, "tpt", "ID", "id")
    assert data["forecast"].ok and data["on_track"]["year"] == 2025
    fig = P.figure_for(data, "id")
    assert fig.layout.separators == ",."
    names = [trace.name for trace in fig.data]
    assert {"Rentang 95%", "Rentang 80%", "Proyeksi", "Data", "Target"} <= set(names)
    text = " ".join(str(c) for c in P.summary_children(data, "id"))
    assert "kualitas:" in text
    csv = P.chart_csv(data, "tpt", "ID")
    assert ",forecast," in csv and ",target," in csv


def test_short_series_says_why(ctx):
    refit_series(ctx.engine, [("ipm", "9103")])  # a new Papua kab/kota: 2020-2022 only
    data = P.view(ctx, "ipm", "9103", "id")
    text = " ".join(str(c) for c in P.summary_children(data, "id"))
    assert "hanya 3 titik data, minimal 4" in text


def test_a_five_point_kabkota_series_is_forecast_and_says_how_often_such_forecasts_held(ctx):
    refit_series(ctx.engine, [("p0", "3273")])
    data = P.view(ctx, "p0", "3273", "id")
    text = " ".join(str(c) for c in P.summary_children(data, "id"))
    assert "kualitas:" in text and "Dalam uji mundur, dari 100 proyeksi serupa 1 langkah ke depan," in text
    assert "jatuh di rentang 80%" in text


def test_page_without_a_stored_forecast_says_so_and_fits_nothing(ctx):
    data = P.view(ctx, "tpt", "ID", "id")
    assert data["forecast"] is None and data["on_track"]["probability"] is None
    text = " ".join(str(c) for c in P.summary_children(data, "id"))
    assert "proyeksi belum dihitung" in text
    assert "forecast not computed yet" in " ".join(str(c) for c in P.summary_children(data, "en"))
    assert P.view(ctx, "tpt", "ID", "id")["forecast"] is None  # still nothing: a page read never fits


def test_url_search_keeps_language():
    assert url_search("?lang=en&wilayah=11", "32", "ipm") == "?lang=en&wilayah=32&indikator=ipm"


def test_navigation_changes_the_url_only_when_the_pickers_move():
    state = {"region": "32", "indicator": "p0"}
    with pytest.raises(PreventUpdate):
        changed_search("32", "p0", state, "?wilayah=32&indikator=p0")
    with pytest.raises(PreventUpdate):
        changed_search(None, "p0", state, "")
    assert changed_search("3273", "p0", state, "?lang=en") == "?lang=en&wilayah=3273&indikator=p0"


def test_save_message_refuses_the_public_and_accepts_an_editor(ctx):
    row = [{"region_code": "32", "year": 2030, "low": 4, "high": 5, "plan": "RPJMD 2025-2030"}]
    message, fresh = P.save_message(ctx, "p0", "32", row, Access(), "id")
    assert fresh is None and "tidak berhak" in str(message)
    editor = Access(user="bappeda", role="walidata", permissions=frozenset({"edit_targets"}))
    message, fresh = P.save_message(ctx, "p0", "32", row, editor, "en")
    assert "Saved: 1 new, 0 changed, 0 deleted" in str(message)
    assert any(r["year"] == 2030 and r["updated"].startswith("bappeda") for r in fresh)
    bad = [{"region_code": "99", "year": 2030, "low": 4, "plan": "X"}]
    message, fresh = P.save_message(ctx, "p0", "32", bad, editor, "en")
    assert fresh is None and "unknown region code '99'" in str(message)


def test_bundled_targets_are_said_to_come_with_the_bundled_data_not_from_user_seed(ctx):
    from callbacks.proyeksi import target_grid_rows
    from services.access import access_for

    walidata = access_for("walidata", "wida")
    rows_id = target_grid_rows(ctx, "p0", "32", "id", walidata)
    rows_en = target_grid_rows(ctx, "p0", "32", "en", walidata)
    assert rows_id and {r["updated"] for r in rows_id} == {"data bawaan"}
    assert {r["updated"] for r in rows_en} == {"bundled data"}
