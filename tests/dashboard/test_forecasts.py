"""Stored forecasts: refit fills the table, skips unchanged series, refits touched ones, respects breaks."""
from __future__ import annotations

import json

from sqlalchemy import func, select, update

from dashboard import forecasts
from dashboard.access import Access
from dashboard.forecasts import forecast_for, forecasts_for, refit_series
from data.schema import Forecast as ForecastRow
from data.schema import Observation


def _count(engine):
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(ForecastRow))


def test_refit_selected_keys_then_skip_unchanged(engine):
    keys = [("ipm", "11"), ("tpt", "ID"), ("p0", "1101"), ("penduduk", "11")]
    first = refit_series(engine, keys)
    assert first.fitted == 4 and _count(engine) == 4
    again = refit_series(engine, keys)
    assert again.fitted == 0 and again.unchanged == 4
    with engine.connect() as conn:
        row = conn.execute(select(ForecastRow).where(ForecastRow.indicator_code == "p0",
                                                     ForecastRow.region_code == "1101")).one()
    assert row.model is None and row.reason_id.startswith("hanya ") and row.reason_en.startswith("only ")


def test_touched_series_is_refit(engine):
    refit_series(engine, [("ipm", "11")])
    with engine.begin() as conn:
        conn.execute(update(Observation).where(Observation.indicator_code == "ipm", Observation.region_code == "11",
                                               Observation.period == "2024").values(value=80.0))
    report = refit_series(engine, [("ipm", "11"), ("ipm", "12")])
    assert report.fitted == 2  # 11 changed, 12 was never fitted


def test_penduduk_is_not_forecast_across_bases(engine):
    f = forecast_for(engine, "penduduk", "11")
    assert f is not None and not f.ok
    assert any(n.code == "basis" for n in f.notes)


def test_papua_split_is_respected(engine):
    f = forecast_for(engine, "ipm", "91")
    assert f is not None and f.used_periods[0] == "2022"
    assert any(n.code == "papua_split" for n in f.notes)


def test_lazy_read_stores_and_filters_by_access(engine):
    assert _count(engine) == 0
    result = forecasts_for(engine, "ipm", None)
    assert len(result) == _count(engine) > 500
    scoped = forecasts_for(engine, "ipm", None, Access(region_scope="32"))
    assert set(scoped) <= {r for r in result if r == "ID" or r.startswith("32")}
    assert forecasts_for(engine, "no_such", None) == {}


def test_stored_json_round_trips(engine):
    f = forecast_for(engine, "tpt", "ID")
    assert f.ok and f.points[0].period == "2025-02"
    with engine.connect() as conn:
        points = json.loads(conn.scalar(select(ForecastRow.points).where(ForecastRow.indicator_code == "tpt")))
    assert points[0]["period"] == "2025-02"
    assert forecasts.forecast_for(engine, "tpt", "ID") == f


def test_refit_command_exits_zero(sqlite_url, engine, capsys):
    from dashboard.cli import main

    assert main(["refit", "--database-url", sqlite_url, "--indicator", "gini", "--quiet"]) == 0
    assert "39 series fitted" in capsys.readouterr().out
    assert main(["refit", "--database-url", sqlite_url, "--indicator", "gini", "--quiet"]) == 0
    assert "0 series fitted" in capsys.readouterr().out
