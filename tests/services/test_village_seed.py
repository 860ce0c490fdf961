"""The first start loads the villages in a background thread, then fits the forecasts; /healthz follows it."""
from __future__ import annotations

import threading

from data.store import open_engine
from data.villages import loaded
from services import village_seed
from services.config import Config


def test_first_start_loads_the_villages_then_the_forecasts(sqlite_url, monkeypatch):
    import dashboard.app as app_module

    calls: list[bool] = []
    monkeypatch.setattr(app_module, "refit_in_background", lambda engine: calls.append(loaded(engine)))
    engine = open_engine(sqlite_url)
    try:
        app_module.prepare_store(engine, Config(database_url=sqlite_url))
        assert village_seed.state(engine, True) in ("loading", "ready")  # the app serves meanwhile
        thread = next(t for t in threading.enumerate() if t.name == "villages")
        thread.join(300)
        assert village_seed.state(engine, True) == "ready"
        assert calls == [True]  # the forecasts (no store holds them yet) only once the villages are in
        app_module.prepare_store(engine, Config(database_url=sqlite_url))  # a restart: nothing to load
        assert not any(t.name == "villages" for t in threading.enumerate())
    finally:
        engine.dispose()


def test_villages_off_fits_the_forecasts_at_once(sqlite_url, monkeypatch):
    import dashboard.app as app_module

    calls: list[bool] = []
    monkeypatch.setattr(app_module, "refit_in_background", lambda engine: calls.append(loaded(engine)))
    engine = open_engine(sqlite_url)
    try:
        app_module.prepare_store(engine, Config(database_url=sqlite_url, villages=False))
        assert calls == [False] and village_seed.state(engine, False) == "off"
    finally:
        engine.dispose()
