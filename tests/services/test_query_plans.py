"""The page queries use the store's partial indexes on both engines (a scan of every row is what made the
map slow at 10 million rows; bench/store.py has the figures)."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from services import queries


def captured(engine, call) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if "FROM observation" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert seen
    return seen


PAGE_QUERIES = {
    "period": lambda e: queries.values_for_period(e, "ipm", "2024", level="regency"),
    "series": lambda e: queries.series(e, "ipm", ["3273"]),
}


@pytest.mark.parametrize("name", list(PAGE_QUERIES))
def test_sqlite_plan_searches_an_index(engine, name):
    statement, params = captured(engine, lambda: PAGE_QUERIES[name](engine))[0]
    with engine.connect() as conn:
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params))
    assert "SEARCH observation USING" in plan and "INDEX" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("name", list(PAGE_QUERIES))
def test_postgres_plan_uses_a_partial_index(pg_engine, name):
    statement, params = captured(pg_engine, lambda: PAGE_QUERIES[name](pg_engine))[0]
    raw = pg_engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET enable_seqscan = off")  # the seed is small; ask whether an index *can* answer
        cur.execute("EXPLAIN " + statement, params)
        plan = " | ".join(row[0] for row in cur.fetchall())
    finally:
        raw.rollback()
        raw.close()
    assert "Seq Scan on observation" not in plan, plan
    assert any(ix in plan for ix in ("ix_observation_period", "ix_observation_series", "uq_observation_current")), plan
