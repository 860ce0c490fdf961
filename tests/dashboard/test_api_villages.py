"""The REST API and /healthz over kecamatan and desa/kelurahan: IDM under 10-digit Kemendagri codes, `parent` with a
level two steps down, dotted codes, pagination."""
from __future__ import annotations

from urllib.parse import urlsplit

import dash
import pytest

from services.config import Config


@pytest.fixture
def village_client(village_engine):
    from dashboard import create_app

    dash.page_registry.clear()
    app = create_app(Config(database_url=str(village_engine.url), auto_seed=False), engine=village_engine)
    yield app.server.test_client()
    dash.page_registry.clear()


def _pages(client, query: str, resource: str = "observations") -> list[list[dict]]:
    pages, url = [], f"/api/v1/{resource}?{query}"
    while url:
        body = client.get(url).get_json()
        pages.append(body["data"])
        url = body["next"] and f"{urlsplit(body['next']).path}?{urlsplit(body['next']).query}"
    return pages


def test_idm_of_the_desa_of_a_kabupaten_paginated(village_client):
    pages = _pages(village_client, "indicator=idm&parent=3201&level=village&limit=200")
    assert [len(p) for p in pages] == [200, 200, 16]  # the 416 desa of Kab. Bogor (its 19 kelurahan have no IDM)
    rows = [r for p in pages for r in p]
    assert len({r["region"] for r in rows}) == 416
    assert all(len(r["region"]) == 10 and r["region"].startswith("3201") and r["period"] == "2024" for r in rows)
    assert {r["region"]: r["value"] for r in rows}["3201022001"] == 0.9183


def test_dotted_codes_and_parent_levels(village_client):
    get = lambda q: village_client.get(f"/api/v1/{q}").get_json()["data"]
    assert get("observations?indicator=idm&region=32.01.02.2001") == [
        {"indicator": "idm", "region": "3201022001", "period": "2024", "value": 0.9183, "status": "final",
         "quality": None, "comparable": True}]
    assert len(get("observations?indicator=idm&parent=32.01&level=village")) == 416
    assert len(get("observations?indicator=status_idm&parent=320102&level=village")) == 10
    districts = get("regions?level=district&parent=3201")
    assert len(districts) == 40 and {d["parent"] for d in districts} == {"3201"}
    villages = get("regions?level=village&parent=320101")
    assert villages[0] == {"code": "3201011001", "name": "Pondok Rajeg", "level": "village", "parent": "320101"}
    assert len(get("regions?parent=3201")) == 40  # without a level: the direct children, as before
    assert len(get("observations?indicator=ipm&parent=32&level=regency&period=2024")) == 27  # unchanged


def test_every_village_region_is_listed_page_by_page(village_client):
    """83,762 desa/kelurahan are 8 MB of JSON in one answer: the region list pages like the observations do."""
    pages = _pages(village_client, "level=village&limit=20000", "regions")
    assert [len(p) for p in pages] == [20000, 20000, 20000, 20000, 3762]
    codes = [r["code"] for p in pages for r in p]
    assert len(set(codes)) == 83762 and all(len(c) == 10 for c in codes)
    assert len(village_client.get("/api/v1/regions?level=village").get_json()["data"]) == 1000  # the default limit


def test_unknown_level_is_refused_and_the_new_ones_are_described(village_client):
    assert village_client.get("/api/v1/observations?level=desa").status_code == 400
    spec = village_client.get("/api/v1/openapi.json").get_json()
    levels = next(p["schema"]["enum"] for p in spec["paths"]["/observations"]["get"]["parameters"]
                  if p["name"] == "level")
    assert levels == ["country", "province", "regency", "district", "village"]


def test_healthz_says_the_villages_are_ready(village_client, client):
    assert village_client.get("/healthz").get_json()["villages"] == "ready"
    assert client.get("/healthz").get_json()["villages"] == "off"  # auto-seed off and no villages in the store


def test_pages_pick_from_the_553_upper_regions_only(village_engine):
    from services import options
    from services.context import AppContext

    ctx = AppContext(engine=village_engine, config=Config(database_url=str(village_engine.url), auto_seed=False),
                     cache=None)
    picked = options.region_options(ctx)
    assert len(picked) == 553 and {o["level"] for o in picked} == {"country", "province", "regency"}
