"""The catalogue's load history: batch rows, what a batch wrote (old -> new), rollback only for the custodian."""
from __future__ import annotations

from sqlalchemy import select

from callbacks import katalog_batches as history
from data import ingest
from data.schema import Observation
from services.access import access_for
from services.context import AppContext

WALIDATA = access_for("walidata", "wali")


def test_rows_changes_and_rollback(engine, config):
    ctx = AppContext(engine=engine, config=config, cache=None)
    done = ingest.commit(engine, b"indicator,region,period,value\nipm,3273,2024,90.5\nipm,3273,2025,91\n", "x.csv",
                         user="budi")
    rows = history.batch_rows(ctx, "id", WALIDATA)
    top = rows[0]
    assert (top["id"], top["by"], top["file"], top["new"], top["changed"]) == (done.batch_id, "budi", "x.csv", "1", "1")
    assert history.batch_rows(ctx, "id", access_for("publik"))[0]["by"] == ""  # who loaded is for the audit roles
    changes = {(c["period"], c["old"], c["new"]) for c in history.change_rows(ctx, done.batch_id, "id", WALIDATA)}
    assert changes == {("2024", "83,52", "90,50"), ("2025", "–", "91,00")}
    assert history.may_roll_back(top, WALIDATA)
    assert not history.may_roll_back(top, access_for("analis", "a"))
    assert not history.may_roll_back(rows[-1], WALIDATA)  # the seed
    refused = history.roll_back(ctx, done.batch_id, "en", access_for("analis", "a"))
    assert refused.color == "danger"
    ok = history.roll_back(ctx, done.batch_id, "en", WALIDATA)
    assert ok.color == "success" and "1 values restored, 1 values removed" in ok.children
    with engine.connect() as conn:
        value = conn.scalar(select(Observation.value).where(
            Observation.indicator_code == "ipm", Observation.region_code == "3273", Observation.period == "2024",
            Observation.is_current))
    assert value == 83.52
    again = history.roll_back(ctx, done.batch_id, "en", WALIDATA)
    assert again.color == "danger" and "already been rolled back" in again.children
