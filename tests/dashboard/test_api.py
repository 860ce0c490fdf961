"""The REST API: the exact observation interface, filters, formats, pagination, tiers, batches, OpenAPI."""
from __future__ import annotations

import csv
import io

import pytest
from openapi_spec_validator import validate
from sqlalchemy import update

from data import ingest
from data.schema import Indicator
from data.store import bump_generation


def test_observation_exact_interface(client, engine):
    body = client.get("/api/v1/observations?indicator=ipm&region=3273&period=2024").get_json()
    assert body["next"] is None
    assert body["data"] == [{"indicator": "ipm", "region": "3273", "period": "2024", "value": 83.52,
                             "status": "final", "quality": None, "comparable": True}]
    raw = client.get("/api/v1/observations?indicator=ipm&region=3273&period=2024").get_data(as_text=True)
    assert raw.index('"indicator"') < raw.index('"region"') < raw.index('"period"') < raw.index('"value"') \
        < raw.index('"status"') < raw.index('"quality"') < raw.index('"comparable"')  # documented order, as the CSV


def test_csv_same_rows_with_header(client):
    json_rows = client.get("/api/v1/observations?indicator=ipm&parent=32&period=2024").get_json()["data"]
    response = client.get("/api/v1/observations?indicator=ipm&parent=32&period=2024&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["indicator", "region", "period", "value", "status", "quality", "comparable"]
    assert [(r["region"], float(r["value"])) for r in rows] == [(r["region"], r["value"]) for r in json_rows]
    assert len(rows) == 27  # the 27 kab/kota of Jawa Barat


def test_filters(client):
    get = lambda q: client.get(f"/api/v1/observations?{q}").get_json()["data"]
    provinces = get("indicator=ipm&level=province&period=2024")
    assert len(provinces) == 38 and all(len(r["region"]) == 2 for r in provinces)
    series = get("indicator=ipm&region=32&from=2020&to=2022")
    assert [r["period"] for r in series] == ["2020", "2021", "2022"]
    semesters = get("indicator=p0&region=32&from=2024&to=2024")
    assert [r["period"] for r in semesters] == ["2024-03", "2024-09"]
    assert get("indicator=ipm&region=32.73&period=2024")[0]["region"] == "3273"
    assert get("indicator=uhh&region=1109&period=2024")  # BPS 1101 Simeulue under its Kemendagri code


def test_pagination_follows_next(client):
    first = client.get("/api/v1/observations?indicator=ipm&period=2024&limit=200").get_json()
    assert len(first["data"]) == 200 and first["next"]
    seen = [r["region"] for r in first["data"]]
    page = first
    while page["next"]:
        page = client.get(page["next"].replace("http://localhost", "")).get_json()
        seen += [r["region"] for r in page["data"]]
    everything = client.get("/api/v1/observations?indicator=ipm&period=2024&limit=10000").get_json()["data"]
    assert seen == [r["region"] for r in everything] and len(set(seen)) == len(seen)


@pytest.mark.parametrize("query, status", [("indicator=nope", 404), ("level=planet", 400), ("period=20x4", 400),
                                           ("format=xml", 400), ("limit=0", 400), ("limit=abc", 400)])
def test_bad_parameters(client, query, status):
    response = client.get(f"/api/v1/observations?{query}")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["id"] and error["en"]


def test_only_publik_without_role(client, engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "gini").values(tier="internal"))
        bump_generation(conn)  # as every tier change does: cached reads under the old tier are never served
    codes = {r["code"] for r in client.get("/api/v1/indicators").get_json()["data"]}
    assert "gini" not in codes and "ipm" in codes
    assert client.get("/api/v1/observations?indicator=gini").status_code == 404
    rows = client.get("/api/v1/observations?region=32&period=2024&limit=10000").get_json()["data"]
    assert rows and "gini" not in {r["indicator"] for r in rows}


def test_regions(client):
    jabar = client.get("/api/v1/regions?parent=32").get_json()["data"]
    assert len(jabar) == 27 and {"code": "3273", "name": "Kota Bandung", "level": "regency", "parent": "32"} in jabar
    assert len(client.get("/api/v1/regions?level=province").get_json()["data"]) == 38


def test_batches_and_new_values_visible_at_once(client, engine):
    ingest.commit(engine, b"indicator,region,period,value\nipm,3273,2024,90.5\n", "x.csv", user="budi")
    body = client.get("/api/v1/batches").get_json()
    assert body["data"][0]["file_name"] == "x.csv" and "created_by" not in body["data"][0]
    value = client.get("/api/v1/observations?indicator=ipm&region=3273&period=2024").get_json()["data"][0]["value"]
    assert value == 90.5


def test_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert {"/indicators", "/regions", "/observations", "/batches"} <= set(document["paths"])
