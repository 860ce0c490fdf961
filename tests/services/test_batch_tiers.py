"""The public never sees the file name, hash or counts of a batch that holds values of an internal indicator:
not in /api/v1/batches, not in the catalogue's load history (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from dashboard.api.queries import batch_page
from data import ingest
from data.schema import Indicator
from data.store import bump_generation
from services import queries
from services.access import PUBLIC, access_for


def hide(engine, code: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == code).values(tier="internal"))
        bump_generation(conn)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request):
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


def test_batches_with_an_internal_indicator_are_hidden_from_the_public(store):
    ingest.commit(store, b"indicator,region,period,value\ngini,32,2024,0.4\n", "gini-secret.csv", user="w")
    ingest.commit(store, b"indicator,region,period,value\nipm,32,2024,74.1\nuhh,32,2024,73.0\n", "open.csv", user="w")
    before = set(queries.batches(store, PUBLIC)["file_name"].dropna())
    assert {"gini-secret.csv", "open.csv"} <= before
    hide(store, "gini")
    for frame in (queries.batches(store, PUBLIC), batch_page(store, PUBLIC, 1000, 0)):
        names = set(frame["file_name"].dropna())
        assert "gini-secret.csv" not in names and "open.csv" in names
        assert "indicators/observations.csv" not in names  # the seed batch holds gini values too
    analyst = access_for("analis", "a")
    assert "gini-secret.csv" in set(queries.batches(store, analyst)["file_name"].dropna())


def test_api_batches_hide_them_too(client, engine):
    ingest.commit(engine, b"indicator,region,period,value\ngini,32,2024,0.4\n", "gini-secret.csv", user="w")
    hide(engine, "gini")
    rows = client.get("/api/v1/batches").get_json()["data"]
    assert rows and "gini-secret.csv" not in {r["file_name"] for r in rows}
    assert "indicators/observations.csv" not in {r["file_name"] for r in rows}
