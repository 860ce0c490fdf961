"""Stored forecasts: refit fills the table, skips unchanged series, refits touched ones, respects breaks."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select, update

from data.schema import Forecast as ForecastRow
from data.schema import Indicator, Observation
from services import forecast_jobs, forecasts
from services.access import Access, access_for
from services.forecasts import forecast_for, forecasts_for, refit_series


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
        row = conn.execute(select(ForecastRow).where(ForecastRow.indicator_code == "penduduk",
                                                     ForecastRow.region_code == "11")).one()
    assert row.model is None and row.reason_id.startswith("hanya ") and row.reason_en.startswith("only ")


def test_kabkota_poverty_of_five_points_is_forecast_with_2020_as_march(engine):
    """BPS kab/kota P0 comes from the March Susenas: the plain "2020" is fitted as March 2020 (services.forecasts.
    YEAR_MONTH), so 2020-2024 make five points, enough with the pooled calibration; the stored periods stay."""
    refit_series(engine, [("p0", "3273")])
    found = forecast_for(engine, "p0", "3273")
    assert found.ok and found.used_periods[0] == "2020" and len(found.used_periods) == 5
    assert [p.period for p in found.points][:2] == ["2025-03", "2026-03"]
    assert all(len(p.quantiles) == 17 for p in found.points)
    assert any(n.code == "held_1" and "dari 100 proyeksi serupa" in n.id for n in found.notes)


def test_touched_series_is_refit(engine):
    refit_series(engine, [("ipm", "11")])
    with engine.begin() as conn:
        conn.execute(update(Observation).where(Observation.indicator_code == "ipm", Observation.region_code == "11",
                                               Observation.period == "2024").values(value=80.0))
    report = refit_series(engine, [("ipm", "11"), ("ipm", "12")])
    assert report.fitted == 2  # 11 changed, 12 was never fitted


def test_penduduk_is_not_forecast_across_bases(engine):
    refit_series(engine, [("penduduk", "11")])
    f = forecast_for(engine, "penduduk", "11")
    assert f is not None and not f.ok
    assert any(n.code == "basis" for n in f.notes)


def test_papua_split_is_respected(engine):
    refit_series(engine, [("ipm", "91"), ("uhh", "91")])
    f = forecast_for(engine, "ipm", "91")
    assert f is not None and f.used_periods[0] == "2022"
    assert any(n.code == "papua_split" for n in f.notes)
    # the IPM components' break (2024) comes from the same one list the overview and trend pages use
    uhh = forecast_for(engine, "uhh", "91")
    assert not uhh.ok and uhh.reason.code == "too_few" and all(p >= "2024" for p in uhh.used_periods)


def test_one_list_of_series_breaks():
    from services import compare
    from services.series_breaks import SERIES_BREAKS

    assert {b["indicator"] for b in SERIES_BREAKS if b["kind"] == "papua_split"} <= set(compare.PAPUA_SPLIT_FIRST_YEAR)
    assert compare.PAPUA_SPLIT_FIRST_YEAR["p0"] == 2024 and compare.PAPUA_SPLIT_FIRST_YEAR["ipm"] == 2022
    assert [b.period for b in forecast_jobs.breaks_for("penduduk", "3273")] == ["2023", "2025"]
    assert forecast_jobs.breaks_for("p0", "32") == () and forecast_jobs.breaks_for("p0", "91")[0].period == "2024"


def test_page_reads_never_fit_and_filter_by_access(engine):
    assert _count(engine) == 0
    assert forecasts_for(engine, "ipm", None) == {} and forecast_for(engine, "ipm", "32") is None
    assert _count(engine) == 0  # a read stored nothing: pages show "proyeksi belum dihitung"
    forecasts.refit_indicator(engine, "ipm")
    result = forecasts_for(engine, "ipm", None)
    assert len(result) == _count(engine) > 500
    assert set(forecasts_for(engine, "ipm", None, Access(region_scope="32"))) == set(result)  # public: not narrowed
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "ipm").values(tier="internal"))
    scoped = forecasts_for(engine, "ipm", None, access_for("analis", "a", region_scope="32"))
    assert scoped and set(scoped) <= {r for r in result if r == "ID" or r.startswith("32")}
    assert forecasts_for(engine, "no_such", None) == {}


def test_stored_json_round_trips(engine):
    refit_series(engine, [("tpt", "ID")])
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


def test_an_import_refits_only_the_series_it_touched(engine):
    from data import ingest
    from services.importing import run_file

    refit_series(engine, [("ipm", "11"), ("ipm", "12")])
    with engine.connect() as conn:
        before = dict(conn.execute(select(ForecastRow.region_code, ForecastRow.input_hash)
                                   .where(ForecastRow.indicator_code == "ipm")).all())
    content = b"indikator,kode_wilayah,tahun,nilai\nipm,11,2025,75.9\n"
    assert run_file(engine, content, "ipm.csv", ingest.ImportOptions(code_system="kemendagri"), dry_run=False,
                    user="t", out=lambda *_: None) == 0
    with engine.connect() as conn:
        after = dict(conn.execute(select(ForecastRow.region_code, ForecastRow.input_hash)
                                  .where(ForecastRow.indicator_code == "ipm")).all())
    assert after["11"] != before["11"] and after["12"] == before["12"] and set(after) == {"11", "12"}
    assert forecast_for(engine, "ipm", "11").used_periods[-1] == "2025"


def test_first_start_on_an_empty_store_fits_in_the_background(tmp_path):
    # villages off: with them the refit starts after their load, in their thread (tests/services/test_village_seed.py)
    from dashboard.app import prepare_store
    from data.store import open_engine
    from services.config import Config

    engine = open_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    calls = []
    original = forecasts.refit_series
    try:
        forecasts.refit_series = lambda eng, keys=None, **kw: calls.append((keys, kw)) or forecasts.RefitReport()
        prepare_store(engine, Config(database_url=str(engine.url), villages=False))
        for thread in __import__("threading").enumerate():
            if thread.name == "first-refit":
                thread.join(30)
        assert calls == [(None, {"processes": 1})]  # every series, once, after the seed
        original(engine, None, processes=1)  # the real fit, as the background thread does it
        prepare_store(engine, Config(database_url=str(engine.url), villages=False))  # seeded and fitted: no second refit
        assert len(calls) == 1
        with engine.begin() as conn:  # a store made before forecasts were stored: values, no forecast
            conn.execute(delete(ForecastRow))
        prepare_store(engine, Config(database_url=str(engine.url), villages=False))
        for thread in __import__("threading").enumerate():
            if thread.name == "first-refit":
                thread.join(30)
        assert len(calls) == 2 and calls[1] == (None, {"processes": 1})
    finally:
        forecasts.refit_series = original
        engine.dispose()


@pytest.mark.slow
def test_servers_starting_together_on_a_new_store_fit_every_series_once(tmp_path, monkeypatch):
    """Three gunicorn workers (or servers) start on one empty store: the first seeds and fits in the background, the
    others find the store seeded while that fit still runs, and must wait for it instead of fitting it all again."""
    import threading

    from dashboard.app import prepare_store
    from data.store import open_engine
    from services.config import Config

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engines = [open_engine(url) for _ in range(3)]
    fitted = []
    original = forecasts._fit_all
    monkeypatch.setattr(forecasts, "_fit_all", lambda jobs, *a: fitted.append(len(jobs)) or original(jobs, *a))
    try:
        for engine in engines:
            prepare_store(engine, Config(database_url=url, villages=False))  # villages: tests/deploy
        for thread in threading.enumerate():
            if thread.name == "first-refit":
                thread.join(60)
        series = len(forecasts.read_jobs(engines[0]))
        assert series > 3000 and sum(fitted) == series  # each series fitted by one worker only
        assert _count(engines[0]) == series
    finally:
        for engine in engines:
            engine.dispose()


def test_a_refit_makes_cached_pages_stale(engine):
    from data.store import read_generation

    with engine.connect() as conn:
        before = read_generation(conn)
    refit_series(engine, [("ipm", "11")])
    with engine.connect() as conn:
        assert read_generation(conn) != before  # overview/trends layouts are cached per store generation


def test_ranges_stay_inside_the_indicator_bounds(engine):
    """Kota Denpasar's poverty rate (2-3%): the pooled kab/kota ranges reach below zero after two years; a rate is
    never negative, so every range and quantile stops at the indicator's minimum (0), while the mean is untouched."""
    refit_series(engine, [("p0", "5171")])
    found = forecast_for(engine, "p0", "5171")
    assert found.ok
    lows = [p.lo95 for p in found.points] + [q for p in found.points for q in p.quantiles]
    assert min(lows) == 0.0  # held at the bound, where the unbounded ranges went below it
    assert all(p.lo80 >= 0 and p.mean > 1 for p in found.points)
