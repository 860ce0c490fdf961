"""Two app servers (separate gunicorn processes on two ports) over one PostgreSQL store and one Redis:
they start together on the empty store, an import committed through one is seen through the other on its next
request, and a session signed in on one is valid on the other."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

import pandas as pd
import pytest
import requests
from sqlalchemy import text

from bench.load_servers import start_gunicorn, stop, wait_ready
from data import writer
from data.seed import BUNDLES
from data.store import open_engine
from services import users
from tests.conftest import PASSWORD, csrf_token, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@dataclass
class Http:
    """requests with the small interface the conftest helpers expect of a test client (get(path).get_data())."""

    base: str
    session: requests.Session

    def get(self, path: str) -> requests.Response:
        response = self.session.get(self.base + path, timeout=30)
        response.get_data = lambda as_text=True: response.text  # type: ignore[attr-defined]
        return response

    def post(self, path: str, **kwargs) -> requests.Response:
        headers = {"Origin": self.base, **kwargs.pop("headers", {})}
        return self.session.post(self.base + path, headers=headers, timeout=30, allow_redirects=False, **kwargs)


@pytest.fixture
def two_servers(pg_url, redis_target, tmp_path):
    """Two gunicorn processes started at the same moment on an empty PostgreSQL database."""
    env = {"DASHBOARD_DATABASE_URL": pg_url, "DASHBOARD_REDIS_URL": redis_target.url,
           "DASHBOARD_CACHE_PREFIX": redis_target.prefix, "DASHBOARD_SECRET_KEY": secrets.token_hex(32),
           "DASHBOARD_WORKERS": "1", "DASHBOARD_THREADS": "4", "DASHBOARD_AUTO_SEED": "true",
           "DASHBOARD_VILLAGES": "false"}  # villages loaded by several workers at once: test_gunicorn
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"gunicorn-{p}.log" for p in ports]
    procs = [start_gunicorn(env, port, log) for port, log in zip(ports, logs, strict=True)]
    try:
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        for base, proc, log in zip(bases, procs, logs, strict=True):
            wait_ready(base, proc, log)
        yield bases, logs
    finally:
        for proc in procs:
            stop(proc)


def map_table(http: Http, indicator: str, period: str, level: str = "province") -> dict[str, float]:
    """The /peta table callback, as the browser posts it: region code -> value."""
    def prop(id_: str, name: str, value):
        return {"id": id_, "property": name, "value": value}

    payload = {
        "output": "peta-grid.rowData", "outputs": {"id": "peta-grid", "property": "rowData"},
        "inputs": [prop("peta-tabs", "active_tab", "table"), prop("peta-period", "value", 0),
                   prop("peta-periods", "data", [period]), prop("peta-method", "value", "quantile"),
                   prop("peta-indicator", "value", indicator), prop("peta-parent", "data", None),
                   prop("peta-level", "value", level)],
        "changedPropIds": ["peta-tabs.active_tab"], "state": [prop("peta-lang", "data", "id")],
    }
    response = http.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.text[:500]
    rows = response.json()["response"]["peta-grid"]["rowData"]
    return {row["code"]: row["value"] for row in rows}


def commit_import(url: str, indicator: str, region: str, period: str, value: float) -> None:
    """An import committed to the shared store (data.writer, as the import path does)."""
    engine = open_engine(url)
    frame = pd.DataFrame([{"indicator_code": indicator, "region_code": region, "period": period,
                           "value": value, "status": "final"}])
    with engine.begin() as conn:
        result = writer.diff(conn, frame)
        batch = writer.new_batch(conn, kind="upload", created_by="test", rows_total=1, rows_changed=1)
        writer.apply(conn, result, batch)
    engine.dispose()


def test_two_servers_share_store_cache_and_sessions(two_servers, pg_url):
    (base_a, base_b), logs = two_servers
    a, b = Http(base_a, requests.Session()), Http(base_b, requests.Session())

    # both workers started on the empty database at once; it was migrated and seeded exactly once
    engine = open_engine(pg_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM import_batch WHERE kind = 'seed'")) == len(BUNDLES) + 1
    assert not any("store not ready" in log.read_text() for log in logs)

    # both servers answer the map from the shared cache
    before_a, before_b = map_table(a, "ipm", "2024"), map_table(b, "ipm", "2024")
    assert before_a == before_b and before_a["32"] is not None
    new_value = round(before_a["32"] + 3.21, 2)

    # an import committed through server A's store is seen through server B on its next request
    commit_import(pg_url, "ipm", "32", "2024", new_value)
    assert map_table(b, "ipm", "2024")["32"] == pytest.approx(new_value)
    assert map_table(a, "ipm", "2024")["32"] == pytest.approx(new_value)

    # a session signed in on server A is valid on server B (same DASHBOARD_SECRET_KEY, user from the store)
    users.add_user(engine, "budi", PASSWORD, "analis")
    engine.dispose()
    response = a.post("/auth/masuk", data={"username": "budi", "password": PASSWORD, "csrf_token": csrf_token(a),
                                           "next": "/katalog"})
    assert response.status_code == 303 and "gagal" not in response.headers["Location"]
    cookie = a.session.cookies.get("satudata_session")
    assert cookie
    assert "budi" in a.get("/_dash-layout").text
    b.session.cookies.set("satudata_session", cookie)
    assert "budi" in b.get("/_dash-layout").text
    # and without the cookie, server B knows nobody
    assert "budi" not in Http(base_b, requests.Session()).get("/_dash-layout").text
