"""Catalogue tags: filters by SDG target, theme and smart-city code; the walidata's tag editor, validated,
audited, and refused in server code for every other role."""
from __future__ import annotations

import pytest

from callbacks.katalog import filter_rows, grid_rows, save_tags, smartcity_codes
from services import audit, metadata, queries
from services.access import access_for
from services.context import AppContext
from services.options import THEMES


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def codes(rows) -> set[str]:
    return {r["code"] for r in rows}


def test_catalogue_filters_by_sdg_target_theme_and_smartcity_code(ctx):
    rows = grid_rows(ctx, "id")
    assert codes(filter_rows(rows, None, "1.2.1")) == {"p0"}
    assert codes(filter_rows(rows, None, "16")) == {"indeks_spbe"}
    assert codes(filter_rows(rows, "governance", None)) == {"indeks_spbe"}
    assert codes(filter_rows(rows, None, None, "37120:5.1")) == {"tpt"}
    assert codes(filter_rows(rows, None, None, "37120:5.3")) == {"p0"}
    assert codes(filter_rows(rows, "jobs", None, "37120:5.3")) == set()
    assert smartcity_codes(rows) == ["37120:5.1", "37120:5.3"]
    spbe = next(r for r in rows if r["code"] == "indeks_spbe")
    assert spbe["flag"] == "data tidak lengkap: dari pemberitaan"


@pytest.mark.parametrize("role", ["publik", "analis", "produsen"])
def test_tag_edit_is_refused_for_other_roles(ctx, engine, role):
    before = queries.indicator(engine, "ipm", access_for("admin"))
    access = access_for(role, user=f"{role}-user")
    with pytest.raises(PermissionError):
        metadata.set_tags(engine, access, "ipm", "3.1.1", "37120:12.1", "health", THEMES)
    text, colour = save_tags(ctx, "ipm", "3.1.1", "", "health", "en", access)
    assert colour == "danger" and text == "Only walidata and admins may change indicator tags."
    after = queries.indicator(engine, "ipm", access_for("admin"))
    assert (after["sdg_target"], after["smartcity_codes"], after["theme"]) == \
        (before["sdg_target"], before["smartcity_codes"], before["theme"])
    refusals = audit.entries(engine, access_for("admin"), action="metadata_change")
    assert not refusals.empty and not refusals["success"].astype(bool).any()


def test_walidata_edits_tags_validated_and_audited(ctx, engine):
    walidata = access_for("walidata", user="wali")
    text, colour = save_tags(ctx, "ipm", "1.2.x", "", "human_development", "en", walidata)
    assert colour == "danger" and "Invalid SDG code: 1.2.x" in text
    text, colour = save_tags(ctx, "ipm", "", "37120-5", "human_development", "id", walidata)
    assert colour == "danger" and "37120-5" in text
    text, colour = save_tags(ctx, "ipm", "3.1.1; 4.1.1", "37120:12.1", "health", "en", walidata)
    assert colour == "success", text
    meta = queries.indicator(engine, "ipm", walidata)
    assert (meta["sdg_target"], meta["smartcity_codes"], meta["theme"]) == ("3.1.1, 4.1.1", "37120:12.1", "health")
    assert codes(filter_rows(grid_rows(ctx, "id", walidata), None, None, "37120:12.1")) == {"ipm"}
    log = audit.entries(engine, walidata, action="metadata_change")
    assert log.iloc[0]["actor"] == "wali" and log.iloc[0]["target"] == "ipm" and "37120:12.1" in log.iloc[0]["detail"]
