"""Catalogue plain functions: rows per indicator, filters by theme and SDG target, CSV download escaping."""
from __future__ import annotations

import io

import pandas as pd

from callbacks.katalog import availability_matrix, csv_for, filter_rows, grid_rows, sdg_goals
from services.context import AppContext


def ctx_for(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_rows_are_formatted_per_language(engine, config):
    rows = {r["code"]: r for r in grid_rows(ctx_for(engine, config), "id")}
    assert len(rows) == 18
    assert rows["ipm"]["values"] == "2.918" and rows["p0"]["frequency"] == "semesteran"
    english = {r["code"]: r for r in grid_rows(ctx_for(engine, config), "en")}
    assert english["ipm"]["values"] == "2,918" and english["ipm"]["unit"] == "index (0-100)"


def test_filters_by_theme_and_sdg(engine, config):
    rows = grid_rows(ctx_for(engine, config), "id")
    assert {r["code"] for r in filter_rows(rows, "poverty_inequality", None)} == {"p0", "gini"}
    assert [r["code"] for r in filter_rows(rows, None, "1.2.1")] == ["p0"]
    assert {r["code"] for r in filter_rows(rows, None, "8")} >= {"tpt", "pdrb_growth"}
    assert "1.2.1" in sdg_goals(rows) and "8.5.2" in sdg_goals(rows)


def test_availability_matrix_counts_regions(engine, config):
    matrix, totals = availability_matrix(ctx_for(engine, config), "p0")
    by_period = {row["period"]: row for row in matrix}
    assert totals == {"country": 1, "province": 38, "regency": 514}
    assert by_period["2024-03"]["province"] == 38 and by_period["2024-03"]["regency"] == 514


def test_csv_download_has_every_value(engine, config):
    frame = pd.read_csv(io.StringIO(csv_for(ctx_for(engine, config), "ipm")), dtype={"region": str})
    assert len(frame) == 2918
    assert frame[(frame.region == "32") & (frame.period == 2024)]["value"].item() == 74.43


def test_english_page_translates_sdg_qualifiers_and_frequency(engine, config):
    """The English catalogue showed "10.1 (terkait)", "6.1.1 (proksi nasional)" and, in the detail, the producer's
    Indonesian frequency note "semesteran (Maret/September)"; the stored tag stays as it is for the tag editor."""
    from callbacks.katalog import detail_for

    ctx = ctx_for(engine, config)
    english = {r["code"]: r for r in grid_rows(ctx, "en")}
    assert english["gini"]["sdg"] == "10.1 (related)" and english["gini"]["sdg_target"] == "10.1 (terkait)"
    assert english["air_minum_layak"]["sdg"] == "6.1.1 (national proxy)"
    assert english["p0"]["sdg"] == "1.2.1"
    indonesian = {r["code"]: r for r in grid_rows(ctx, "id")}
    assert indonesian["gini"]["sdg"] == "10.1 (terkait)"
    text = str(detail_for(ctx, "gini", "en"))
    assert "terkait" not in text and "10.1 (related)" in text
    assert "semesteran" not in str(detail_for(ctx, "p0", "en")) and "half-yearly" in str(detail_for(ctx, "p0", "en"))
    assert "semesteran (Maret/September)" in str(detail_for(ctx, "p0", "id"))
