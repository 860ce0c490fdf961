"""The store on SQLite and on the real PostgreSQL: migrations match the schema, history, rollback, state."""
from __future__ import annotations

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from data import writer
from data.errors import StoreError
from data.schema import Base, ImportBatch, Observation
from data.store import open_engine, pending_heads, store_state


def _schema_diff(engine):
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def _history_round_trip(engine):
    key = {"indicator_code": "ipm", "region_code": "3273", "period": "2024"}
    frame = pd.DataFrame([{**key, "value": 99.0, "status": "final"},
                          {"indicator_code": "ipm", "region_code": "3273", "period": "2030", "value": 80.0,
                           "status": "preliminary"}])
    with engine.begin() as conn:
        old = conn.scalar(select(Observation.value).where(*[getattr(Observation, k) == v for k, v in key.items()],
                                                          Observation.is_current.is_(True)))
        result = writer.diff(conn, frame)
        assert (result.new, result.changed, result.unchanged) == (1, 1, 0)
        batch = writer.new_batch(conn, kind="test", created_by="pytest", rows_total=2)
        writer.apply(conn, result, batch)
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.value, Observation.is_current, Observation.replaced_by_batch_id)
                            .where(*[getattr(Observation, k) == v for k, v in key.items()])
                            .order_by(Observation.id)).all()
    assert [(r.value, r.is_current) for r in rows] == [(old, False), (99.0, True)]
    assert rows[0].replaced_by_batch_id == batch
    with engine.begin() as conn:
        writer.rollback_batch(conn, batch, "pytest")
    with engine.connect() as conn:
        now = conn.execute(select(Observation.value).where(*[getattr(Observation, k) == v for k, v in key.items()],
                                                           Observation.is_current.is_(True))).scalars().all()
        future = conn.scalar(select(func.count()).select_from(Observation).where(
            Observation.period == "2030", Observation.is_current.is_(True)))
        status = conn.scalar(select(ImportBatch.status).where(ImportBatch.id == batch))
    assert now == [old] and future == 0 and status == "rolled_back"


def test_sqlite_migrations_match_schema(engine):
    assert _schema_diff(engine) == []
    assert pending_heads(engine) == set()


def test_sqlite_history_and_rollback(engine):
    _history_round_trip(engine)


def test_current_value_is_unique_per_key(engine):
    with pytest.raises(Exception, match="UNIQUE|unique"):
        with engine.begin() as conn:
            conn.execute(Observation.__table__.insert().values(
                indicator_code="ipm", region_code="32", period="2024", value=1.0, status="final", is_current=True))


@pytest.mark.postgres
def test_postgres_seed_migrations_and_history(pg_engine):
    assert _schema_diff(pg_engine) == []
    state = store_state(pg_engine)
    assert state["backend"] == "postgresql" and state["observations"] == 22574 + 24109
    _history_round_trip(pg_engine)


def test_store_state_raises_store_error_when_unreachable():
    engine = open_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    with pytest.raises(StoreError):
        store_state(engine)
