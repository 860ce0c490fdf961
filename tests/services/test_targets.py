"""Targets: validation with bilingual messages, saving with who and when, the on-track status."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from data.errors import ValidationError
from data.schema import Target
from services.access import Access
from services.context import AppContext
from services.forecasts import refit_series
from services.targets import on_track_for, pick_target, save_targets, targets_for, validate_targets

EDITOR = Access(user="perencana", role="walidata", permissions=frozenset({"edit_targets"}))


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_unknown_region_and_bad_numbers_are_rejected_with_clear_messages(engine):
    rows = [{"region_code": "9999", "year": 2029, "low": 5, "high": 6, "plan": "RPJMD"},
            {"region_code": "32", "year": 2029, "low": 7, "high": 6, "plan": "RPJMD"},
            {"region_code": "32", "year": 2029, "low": 150, "high": 150, "plan": "RPJMD"},
            {"region_code": "32", "year": "dua", "low": "x", "plan": ""}]
    clean, problems = validate_targets(engine, "p0", rows)
    assert clean == []
    texts_id = [p.text("id") for p in problems]
    texts_en = [p.text("en") for p in problems]
    assert any("baris 1" in t and "'9999' tidak dikenal" in t for t in texts_id)
    assert any("row 1" in t and "unknown region code '9999'" in t for t in texts_en)
    assert any("row 2" in t and "low is above high" in t for t in texts_en)
    assert any("row 3" in t and "outside the indicator's bounds" in t for t in texts_en)
    assert {p.column for p in problems if p.row == 4} >= {"year", "low", "plan"}


def test_unknown_indicator_is_rejected(engine):
    _, problems = validate_targets(engine, "no_such", [{"region_code": "32", "year": 2029, "low": 1, "plan": "X"}])
    assert problems and "unknown indicator 'no_such'" in problems[0].text("en")
    assert "tidak dikenal" in problems[0].text("id")


def test_save_records_who_and_when_and_updates_in_place(engine, ctx):
    report = save_targets(engine, "p0", [{"region_code": "32.73", "year": 2029, "low": "3,5", "high": 4,
                                          "plan": "RPJMD 2025-2029", "source": "Perda"}], EDITOR)
    assert (report.inserted, report.updated) == (1, 0)
    again = save_targets(engine, "p0", [{"region_code": "3273", "year": 2029, "low": 3.0, "high": 4,
                                         "plan": "RPJMD 2025-2029", "source": "Perda"}], EDITOR)
    assert (again.inserted, again.updated) == (0, 1)
    with engine.connect() as conn:
        row = conn.execute(select(Target).where(Target.region_code == "3273")).one()
    assert (row.low, row.high, row.updated_by) == (3.0, 4.0, "perencana") and row.updated_at is not None
    assert targets_for(ctx, "p0", "3273")[0]["low"] == 3.0


def test_only_editors_in_scope_may_save(engine):
    row = [{"region_code": "3273", "year": 2029, "low": 3, "plan": "RPJMD"}]
    with pytest.raises(ValidationError) as public:
        save_targets(engine, "p0", row, Access())
    assert "may not edit targets" in str(public.value)
    scoped = Access(user="kab", role="walidata", region_scope="11", permissions=frozenset({"edit_targets"}))
    with pytest.raises(ValidationError):
        save_targets(engine, "p0", row, scoped)


def test_pick_target_prefers_the_next_year():
    targets = [{"year": 2024, "plan": "RPJMN"}, {"year": 2025, "plan": "RKP"}, {"year": 2029, "plan": "RPJMN"}]
    assert pick_target(targets, 2024)["year"] == 2025
    assert pick_target(targets, 2030)["year"] == 2029


def test_on_track_for_a_province_with_real_targets(ctx):
    unfitted = on_track_for(ctx, "p0", "11")  # status from history and target; no chance without a stored forecast
    assert unfitted["probability"] is None and unfitted["has_forecast"] is False
    refit_series(ctx.engine, [("p0", "11")])
    result = on_track_for(ctx, "p0", "11")
    assert result is not None and result["year"] > 2024 and result["has_forecast"]
    assert result["status"] in {"on_track", "moderately_improving", "stagnating", "worsening"}
    assert 0 <= result["probability"] <= 1
    assert result["band"] in {"tercapai", "hampir", "belum"}
    assert on_track_for(ctx, "p0", "1101") is None  # no kab/kota targets


def test_every_add_edit_and_delete_is_audited_with_old_and_new(engine):
    import json

    from services import audit

    viewer = Access(user="auditor", permissions=frozenset({"view_audit"}))
    row = {"region_code": "3273", "year": 2029, "low": 3.5, "high": 4, "plan": "RPJMD 2025-2029", "source": "Perda"}
    save_targets(engine, "p0", [row], EDITOR, ip="10.0.0.7")
    save_targets(engine, "p0", [{**row, "low": 3.0}], EDITOR)
    save_targets(engine, "p0", [{**row, "low": 3.0}], EDITOR)  # unchanged: nothing to audit
    with engine.connect() as conn:
        stored = conn.scalar(select(Target.id).where(Target.region_code == "3273", Target.indicator_code == "p0"))
    refused = Access(user="kab", role="walidata", region_scope="11", permissions=frozenset({"edit_targets"}))
    with pytest.raises(ValidationError, match="may not delete targets of region 3273"):
        save_targets(engine, "p0", [{**row, "id": stored, "delete": True}], refused)
    report = save_targets(engine, "p0", [{**row, "id": stored, "delete": True}], EDITOR)
    assert (report.inserted, report.updated, report.deleted) == (0, 0, 1)
    with engine.connect() as conn:
        assert conn.scalar(select(Target.id).where(Target.id == stored)) is None
    log = audit.entries(engine, viewer, action="target_change").iloc[::-1]
    details = [json.loads(d) for d in log["detail"]]
    assert [d["op"] for d in details] == ["add", "edit", "delete"]
    assert set(log["actor"]) == {"perencana"} and set(log["target"]) == {"p0 3273 2029 RPJMD 2025-2029"}
    assert details[0]["old"] is None and details[0]["new"]["low"] == 3.5 and log.iloc[0]["ip"] == "10.0.0.7"
    assert (details[1]["old"]["low"], details[1]["new"]["low"]) == (3.5, 3.0)
    assert details[2]["old"]["low"] == 3.0 and details[2]["new"] is None
