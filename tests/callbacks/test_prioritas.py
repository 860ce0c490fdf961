"""Priority page plain function on the bundled data: ranking, set-apart regions, notes, narrative."""
from __future__ import annotations

from callbacks.prioritas import view_for
from services.access import PUBLIC
from services.context import AppContext
from services.priorities import DEFAULT_WEIGHTS, build_inputs


def test_provinces_ranked_with_notes_and_narrative(engine, config):
    ctx = AppContext(engine=engine, config=config, cache=None)
    view = view_for(ctx, "ID", ["p0", "tpt", "ipm"], DEFAULT_WEIGHTS, "id", PUBLIC)
    assert len(view.rows) >= 30 and [r["rank"] for r in view.rows] == list(range(1, len(view.rows) + 1))
    assert all(r["stability"].endswith("%") for r in view.rows)
    assert view.narrative and view.narrative[0].startswith("1. " + view.rows[0]["region"])
    periods = next(n for n in view.notes if "Periode yang dipakai" in n)
    assert "Kemiskinan (P0) September 2024" in periods and "IPM 2024" in periods  # names and months, not codes
    assert "p0 2024-09" not in periods
    assert len(view.figure.data[0].y) == len(view.rows)


def test_kabkota_narrative_names_months_not_period_codes(engine, config):
    ctx = AppContext(engine=engine, config=config, cache=None)
    view = view_for(ctx, "32", ["p0", "ipm"], DEFAULT_WEIGHTS, "id", PUBLIC)
    text = " ".join(view.narrative)
    assert view.narrative and "2024-03" not in text and "(Maret 2024)" in text


def test_kabkota_without_targets_drop_the_target_criteria(engine):
    inputs = build_inputs(engine, "32", ["p0", "ipm"], PUBLIC)
    assert ("p0", "gap_to_target") in inputs.dropped  # no kab/kota targets in the bundled data
    assert len(inputs.names) == 27 and inputs.latest == {"p0": "2024-03", "ipm": "2024"}


def test_targets_are_used_for_provinces(engine):
    inputs = build_inputs(engine, "ID", ["p0"], PUBLIC)
    gaps = inputs.long[(inputs.long.criterion == "gap_to_target")].dropna(subset=["value"])
    assert len(gaps) >= 30  # RPJMN 2025-2029 provincial poverty targets exist for 37 provinces
