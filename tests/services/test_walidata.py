"""The walidata workflow: a produsen's upload is submitted (diajukan) and invisible; a walidata publishes it
(values current, replaced values kept as history) or returns it with a note; conflicting approvals are refused.

The store-level tests run on SQLite and on PostgreSQL (`store` is parametrised over both).
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from data import ingest
from data.errors import ValidationError
from data.schema import ImportBatch, Observation
from services import audit, forecasts, queries, uploads
from services.access import INTERNAL_TIERS, Access, AccessDenied, access_for

PRODUSEN = access_for("produsen", "bps-user", agency="Badan Pusat Statistik")
OTHER_PRODUSEN = access_for("produsen", "bps-other", agency="Badan Pusat Statistik")
WALIDATA = access_for("walidata", "wali")
ANALIS = access_for("analis", "ana")
PUBLIK = access_for("publik")
#: 3273 2024 exists in the seed (a change); 2026 does not (a new value). Both distinctive.
FILE = b"indicator,region,period,value\nuhh,3273,2024,81.234\nuhh,3273,2026,82.345\n"
OPTIONS = ingest.ImportOptions(max_bytes=10_000)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


def current(engine, period: str = "2024") -> list[float]:
    with engine.connect() as conn:
        return list(conn.scalars(select(Observation.value).where(
            Observation.indicator_code == "uhh", Observation.region_code == "3273", Observation.period == period,
            Observation.is_current)))


def batch(engine, batch_id: int):
    with engine.connect() as conn:
        return conn.execute(select(*ImportBatch.__table__.columns).where(ImportBatch.id == batch_id)).one()


def submit(engine, access: Access = PRODUSEN, content: bytes = FILE) -> int:
    return uploads.commit_upload(engine, content, "uhh.csv", OPTIONS, access).batch_id


def seen_values(engine, access: Access) -> set[float]:
    """uhh 3273 values through every query-layer read a page, export or forecast uses."""
    found = set(queries.series(engine, "uhh", ["3273"], access)["value"])
    found |= set(queries.observations(engine, "uhh", access)["value"])
    found |= set(queries.region_values(engine, "3273", access)["value"])
    for period in ("2024", "2026"):
        found |= set(queries.values_for_period(engine, "uhh", period, access=access)["value"])
    for job in forecasts.read_jobs(engine, [("uhh", "3273")]):
        found |= set(job.values)
    return found


def test_submitted_batch_is_invisible_to_everyone_but_uploader_and_reviewers(store):
    before = current(store)
    batch_id = submit(store)
    row = batch(store, batch_id)
    assert (row.status, row.created_by, row.rows_changed, row.rows_new) == ("diajukan", "bps-user", 1, 1)
    assert current(store) == before and current(store, "2026") == []
    for access in (PUBLIK, ANALIS, PRODUSEN, WALIDATA):  # nobody reads pending values as data, not even its author
        assert not {81.234, 82.345} & seen_values(store, access)
    # the batch itself: the uploader and the reviewers; nobody else
    for access, sees in ((PUBLIK, False), (ANALIS, False), (OTHER_PRODUSEN, False), (PRODUSEN, True),
                         (WALIDATA, True)):
        assert (batch_id in set(queries.batches(store, access)["id"])) is sees, access.role
        if sees:
            changes = uploads.batch_changes(store, batch_id, access)
            assert dict(zip(changes["period"], changes["value"], strict=True)) == {"2024": 81.234, "2026": 82.345}
            old = dict(zip(changes["period"], changes["old_value"], strict=True))
            assert old["2024"] == before[0] and old["2026"] != old["2026"] or old["2026"] is None
        else:
            with pytest.raises(AccessDenied):
                uploads.batch_changes(store, batch_id, access)
    assert audit.entries(store, WALIDATA, action="submit")["target"].tolist()[0] == f"batch {batch_id}"


def test_approve_publishes_and_keeps_history(store):
    before = current(store)[0]
    batch_id = submit(store)
    done = uploads.approve(store, batch_id, WALIDATA)
    assert (done.status, done.published, done.replaced) == ("diterbitkan", 2, 1)
    assert current(store) == [81.234] and current(store, "2026") == [82.345]
    assert {81.234, 82.345} <= seen_values(store, PUBLIK)
    row = batch(store, batch_id)
    assert (row.status, row.reviewed_by) == ("diterbitkan", "wali") and row.reviewed_at is not None
    with store.connect() as conn:
        old = conn.execute(select(Observation.value, Observation.is_current, Observation.replaced_by_batch_id)
                           .where(Observation.indicator_code == "uhh", Observation.region_code == "3273",
                                  Observation.period == "2024", Observation.value == before)).one()
    assert tuple(old) == (before, False, batch_id)  # the replaced value stays, as after a direct commit
    assert batch_id in set(queries.batches(store, PUBLIK)["id"])
    changes = uploads.batch_changes(store, batch_id, PUBLIK)
    assert changes.loc[changes["period"] == "2024", "old_value"].iloc[0] == before
    entry = audit.entries(store, WALIDATA, action="approve").iloc[0]
    assert entry["actor"] == "wali" and entry["target"] == f"batch {batch_id}" and entry["success"]
    # an approved batch rolls back like any other: exactly the value it replaced comes back
    uploads.rollback(store, batch_id, WALIDATA)
    assert current(store) == [before] and current(store, "2026") == []
    with pytest.raises(ValidationError):  # approving twice is refused
        uploads.approve(store, batch_id, WALIDATA)


def test_return_keeps_values_invisible_and_stores_the_note(store):
    before = current(store)
    batch_id = submit(store)
    with pytest.raises(ValidationError, match="note"):
        uploads.return_with_note(store, batch_id, "   ", WALIDATA)
    uploads.return_with_note(store, batch_id, "Nilai 2026 belum rilis BPS", WALIDATA)
    row = batch(store, batch_id)
    assert (row.status, row.reviewed_by, row.review_note) == ("dikembalikan", "wali", "Nilai 2026 belum rilis BPS")
    assert current(store) == before and current(store, "2026") == []
    assert not {81.234, 82.345} & seen_values(store, PUBLIK)
    assert batch_id in set(queries.batches(store, PRODUSEN)["id"])  # the produsen sees its batch and the note
    assert batch_id not in set(queries.batches(store, ANALIS)["id"])
    with pytest.raises(ValidationError, match="not awaiting review"):
        uploads.approve(store, batch_id, WALIDATA)
    with pytest.raises(ValidationError, match="never published"):
        uploads.rollback(store, batch_id, WALIDATA)
    assert audit.entries(store, WALIDATA, action="return").iloc[0]["actor"] == "wali"


def test_produsen_and_analis_cannot_review(store):
    batch_id = submit(store)
    for access in (PRODUSEN, ANALIS, PUBLIK):
        with pytest.raises(ValidationError, match="not allowed"):
            uploads.approve(store, batch_id, access)
        with pytest.raises(ValidationError, match="not allowed"):
            uploads.return_with_note(store, batch_id, "ok", access)
    assert batch(store, batch_id).status == "diajukan"
    refused = audit.entries(store, WALIDATA, action="approve")
    assert not refused["success"].any() and "bps-user" in set(refused["actor"])


def test_conflicting_approval_is_refused(store):
    pending = submit(store)
    other = submit(store, WALIDATA, b"indicator,region,period,value\nuhh,3273,2024,79.5\nuhh,3273,2026,80.5\n")
    assert batch(store, other).status == "committed"  # a walidata's upload publishes directly
    with pytest.raises(ValidationError) as refused:
        uploads.approve(store, pending, WALIDATA)
    text = " ".join(p.reason_en for p in refused.value.problems)
    assert f"batch {pending} cannot be published" in text and f"now from batch {other}" in text
    assert "uhh 3273 2024" in text and "uhh 3273 2026" in text
    assert current(store) == [79.5] and current(store, "2026") == [80.5]  # nothing overwritten
    assert batch(store, pending).status == "diajukan"
    assert len(uploads.pending_conflicts(store, pending, WALIDATA)) == 2
    # once the other batch is rolled back, the 2026 cell is new again but 2024 is back to the value it replaced
    uploads.rollback(store, other, WALIDATA)
    assert uploads.pending_conflicts(store, pending, WALIDATA) == []
    uploads.approve(store, pending, WALIDATA)
    assert current(store) == [81.234]


def test_two_submissions_of_the_same_cell(store):
    first = submit(store)
    second = submit(store, OTHER_PRODUSEN, b"indicator,region,period,value\nuhh,3273,2024,81.5\n")
    uploads.approve(store, second, WALIDATA)
    with pytest.raises(ValidationError, match=f"now from batch {second}"):
        uploads.approve(store, first, WALIDATA)
    assert current(store) == [81.5]


# ---------------------------------------------------------------- over HTTP (SQLite app)
def test_api_hides_submitted_values_and_batches(engine, client):
    batch_id = submit(engine)
    body = client.get("/api/v1/observations?indicator=uhh&region=3273").get_json()
    values = {r["value"] for r in body["data"]}
    assert values and not {81.234, 82.345} & values
    assert batch_id not in {b["id"] for b in client.get("/api/v1/batches").get_json()["data"]}
    uploads.approve(engine, batch_id, WALIDATA)
    body = client.get("/api/v1/observations?indicator=uhh&region=3273").get_json()
    assert {81.234, 82.345} <= {r["value"] for r in body["data"]}


def decide_request(batch_id: int, button: str = "katalog-batches-approve") -> dict:
    """The Dash request the catalogue's approve button sends."""
    out = ("..katalog-batches-message.children@{h}...katalog-batches-grid.rowData@{h}..."
           "katalog-batches-approve.disabled@{h}...katalog-batches-return.disabled@{h}..")
    return {"output": out, "outputs": [], "changedPropIds": [f"{button}.n_clicks"],
            "inputs": [{"id": "katalog-batches-approve", "property": "n_clicks",
                        "value": 1 if button.endswith("approve") else None},
                       {"id": "katalog-batches-return", "property": "n_clicks",
                        "value": 1 if button.endswith("return") else None}],
            "state": [{"id": "katalog-batches-grid", "property": "selectedRows",
                       "value": [{"id": batch_id, "status_code": "diajukan"}]},
                      {"id": "katalog-batches-note", "property": "value", "value": "catatan"},
                      {"id": "katalog-batches-lang", "property": "data", "value": "en"}]}


def real_output_key(app) -> str:
    return next(k for k in app.callback_map if "katalog-batches-approve.disabled@" in k and "message" in k)


def post_decide(app, client, batch_id: int, button: str = "katalog-batches-approve"):
    request = decide_request(batch_id, button)
    key = real_output_key(app)
    request["output"] = key
    request["outputs"] = [{"id": p.split(".")[0], "property": p.split(".")[1].split("@")[0]}
                          for p in key[2:-2].split("...")]
    return client.post("/_dash-update-component", json=request)


def test_produsen_calling_the_approve_callback_is_refused(app, engine, client, login):
    batch_id = submit(engine, access_for("produsen", "bps-up", agency="Badan Pusat Statistik"))
    login(client, "produsen", "bps-up", agency="Badan Pusat Statistik")
    response = post_decide(app, client, batch_id)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "not allowed" in text
    assert batch(engine, batch_id).status == "diajukan" and current(engine, "2026") == []
    response = post_decide(app, client, batch_id, "katalog-batches-return")
    assert "not allowed" in response.get_data(as_text=True) and batch(engine, batch_id).status == "diajukan"


def test_walidata_approves_through_the_callback(app, engine, client, login):
    batch_id = submit(engine)
    login(client, "walidata", "wali-http")
    response = post_decide(app, client, batch_id)
    body = json.loads(response.get_data(as_text=True))
    assert f"Batch {batch_id} published" in json.dumps(body)
    assert batch(engine, batch_id).status == "diterbitkan" and current(engine, "2026") == [82.345]


def test_internal_indicator_changes_need_the_tier(engine):
    """A batch of an internal indicator shows its values only to readers of that tier."""
    from services import metadata

    metadata.set_tier(engine, "uhh", "internal")
    batch_id = uploads.commit_upload(engine, FILE, "uhh.csv", OPTIONS, WALIDATA).batch_id
    assert uploads.batch_changes(engine, batch_id, PUBLIK).empty
    assert not uploads.batch_changes(engine, batch_id, Access(tiers=INTERNAL_TIERS)).empty


def test_the_inbox_counts_waiting_batches_for_reviewers(engine, config):
    from callbacks.kotak_masuk import waiting_batches
    from layouts.kotak_masuk import layout
    from services.context import AppContext

    ctx = AppContext(engine=engine, config=config, cache=None)
    assert waiting_batches(ctx, WALIDATA) == 0
    batch_id = submit(engine)
    assert waiting_batches(ctx, WALIDATA) == 1 and waiting_batches(ctx, PRODUSEN) == 0
    assert "/katalog#riwayat" in json.dumps(layout([], "id", waiting=1).to_plotly_json(), default=str)
    uploads.return_with_note(engine, batch_id, "periksa lagi", WALIDATA)
    assert waiting_batches(ctx, WALIDATA) == 0
