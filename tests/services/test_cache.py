"""The shared cache: query results are reused within a store generation and dropped by any committed write,
on this server and on every other one (per-process caches and a shared Redis)."""
from __future__ import annotations

import dash
import pandas as pd
import pytest
from sqlalchemy import event

from dashboard import create_app
from data import writer
from data.store import open_engine
from services import cache, queries
from services.access import PUBLIC, Access
from services.config import Config
from services.context import current_context


class SqlCounter:
    """Counts statements against the observation table on one engine."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args):
        if "FROM observation" in statement:
            self.count += 1


def make_app(url: str, **settings):
    dash.page_registry.clear()
    config = Config(database_url=url, auto_seed=False, **settings)
    engine = open_engine(url)
    app = create_app(config, engine=engine)
    dash.page_registry.clear()
    return app, engine


def write_value(engine, indicator: str, region: str, period: str, value: float) -> None:
    frame = pd.DataFrame([{"indicator_code": indicator, "region_code": region, "period": period,
                           "value": value, "status": "final"}])
    with engine.begin() as conn:
        result = writer.diff(conn, frame)
        batch = writer.new_batch(conn, kind="test", created_by="test", rows_total=1)
        writer.apply(conn, result, batch)


def ipm_jabar(engine) -> float:
    frame = queries.values_for_period(engine, "ipm", "2024", level="province")
    return float(frame.set_index("region_code").loc["32", "value"])


def test_reads_are_reused_within_a_request_generation(app, engine):
    counter = SqlCounter(engine)
    with app.server.test_request_context("/"):
        first = ipm_jabar(engine)
    with app.server.test_request_context("/"):
        assert ipm_jabar(engine) == first
        queries.series(engine, "ipm", ["32", "33"])
        queries.series(engine, "ipm", ("32", "33"))  # a tuple is the same question as a list
    assert counter.count == 2  # one values_for_period, one series


def test_unbound_engine_reads_the_store_every_time(sqlite_url):
    engine = open_engine(sqlite_url)
    counter = SqlCounter(engine)
    queries.periods(engine, "ipm")
    queries.periods(engine, "ipm")
    assert counter.count == 2
    engine.dispose()


def test_committed_write_is_seen_on_the_next_read(app, engine):
    with app.server.test_request_context("/"):
        before = ipm_jabar(engine)
    write_value(engine, "ipm", "32", "2024", before + 1.5)
    with app.server.test_request_context("/"):
        assert ipm_jabar(engine) == pytest.approx(before + 1.5)


def test_write_through_one_server_invalidates_the_other(sqlite_url):
    """Two apps with their own in-process caches over one store: the generation travels through the store."""
    one, engine_one = make_app(sqlite_url)
    two, engine_two = make_app(sqlite_url)
    with two.server.test_request_context("/"):
        before = ipm_jabar(engine_two)
    write_value(engine_one, "ipm", "32", "2024", before - 2.0)
    with two.server.test_request_context("/"):
        assert ipm_jabar(engine_two) == pytest.approx(before - 2.0)
    engine_one.dispose()
    engine_two.dispose()


def test_redis_cache_is_shared_between_servers(sqlite_url, redis_target):
    one, engine_one = make_app(sqlite_url, redis_url=redis_target.url, cache_prefix=redis_target.prefix)
    two, engine_two = make_app(sqlite_url, redis_url=redis_target.url, cache_prefix=redis_target.prefix)
    counter_two = SqlCounter(engine_two)
    with one.server.test_request_context("/"):
        before = ipm_jabar(engine_one)
    with two.server.test_request_context("/"):
        assert ipm_jabar(engine_two) == before
    assert counter_two.count == 0  # answered from the entry server one put in Redis
    write_value(engine_one, "ipm", "32", "2024", before + 0.25)
    with two.server.test_request_context("/"):
        assert ipm_jabar(engine_two) == pytest.approx(before + 0.25)
    assert counter_two.count == 1
    engine_one.dispose()
    engine_two.dispose()


def test_cache_that_does_not_answer_falls_back_to_the_store(sqlite_url):
    from tests.conftest import free_port

    app, engine = make_app(sqlite_url, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with app.server.test_request_context("/"):
        assert ipm_jabar(engine) > 0
    engine.dispose()


def test_cached_and_invalidate(app, engine):
    with app.server.app_context():
        ctx = current_context()
    assert ctx.engine is engine
    calls = []
    fn = lambda: calls.append(1) or {"n": len(calls)}
    assert cache.cached(ctx, "geometry:regency", fn) == {"n": 1}
    assert cache.cached(ctx, "geometry:regency", fn) == {"n": 1}
    before = cache.generation(engine)
    after = cache.invalidate(ctx)
    assert int(after) == int(before) + 1
    assert cache.cached(ctx, "geometry:regency", fn) == {"n": 2}


def test_rollback_bumps_the_generation(engine):
    write_value(engine, "ipm", "32", "2024", 80.0)
    with engine.begin() as conn:
        batch = conn.exec_driver_sql("SELECT max(id) FROM import_batch").scalar()
    before = cache.generation(engine)
    with engine.begin() as conn:
        writer.rollback_batch(conn, batch, "test")
    assert int(cache.generation(engine)) == int(before) + 1


def test_keys_do_not_depend_on_set_order():
    a = Access(tiers=frozenset({"publik", "internal"}))
    b = Access(tiers=frozenset({"internal", "publik"}), user="someone else")
    assert cache.call_key("regions", (), {"access": a}) == cache.call_key("regions", (), {"access": b})
    assert cache.call_key("regions", (), {"access": a}) != cache.call_key("regions", (), {"access": PUBLIC})
    assert cache.call_key("series", ("ipm", ["32"]), {}) == cache.call_key("series", ("ipm", ("32",)), {})
