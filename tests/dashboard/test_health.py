"""/healthz answers 200 with the store's state, 503 when the store does not answer; errors stay friendly."""
from __future__ import annotations

import dash

from dashboard import create_app
from data.store import open_engine
from services.config import Config


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["store"]["observations"] == 22574 + 24109


def test_healthz_503_when_store_unreachable():
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    dash.page_registry.clear()
    app = create_app(Config(database_url=url), engine=open_engine(url, connect_args={"connect_timeout": 1}))
    response = app.server.test_client().get("/healthz")
    dash.page_registry.clear()
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    assert "Traceback" not in response.get_data(as_text=True)


def test_pages_serve_the_app_shell(client):
    response = client.get("/katalog")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "cdn." not in html and "https://" not in html.split("<body>")[0]  # nothing from a CDN in the head


def store_file(sqlite_url: str):
    from pathlib import Path

    return Path(sqlite_url.removeprefix("sqlite:///"))


def test_healthz_sees_the_sqlite_file_go_and_come_back(client, sqlite_url):
    path = store_file(sqlite_url)
    assert client.get("/healthz").status_code == 200  # a connection to the file is open and pooled
    path.rename(path.with_suffix(".moved"))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["store"]["error"] == "store file gone"
    assert client.get("/api/v1/indicators").status_code == 503  # pages and API refuse too, not the old file
    assert not path.exists()  # no empty store was created in its place
    path.with_suffix(".moved").rename(path)
    assert client.get("/healthz").status_code == 200  # back without a restart


def test_healthz_sees_the_sqlite_file_overwritten_or_replaced(client, sqlite_url, tmp_path):
    import sqlite3

    path = store_file(sqlite_url)
    assert client.get("/healthz").status_code == 200
    saved = path.read_bytes()
    path.write_bytes(b"\0" * len(saved))  # overwritten in place with zeros
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["store"]["error"] == "store file unreadable"
    empty = tmp_path / "other.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    empty.replace(path)  # another SQLite file, without the store's tables
    assert client.get("/healthz").status_code == 503
    copy = tmp_path / "copy.db"
    copy.write_bytes(saved)
    copy.replace(path)  # a good store put back: followed, no restart
    assert client.get("/healthz").status_code == 200


def test_kiosk_keeps_its_panels_and_says_offline_while_the_file_is_gone(engine, sqlite_url):
    import callbacks.kiosk as ck
    from services.context import AppContext

    ctx = AppContext(engine=engine, config=Config(database_url=sqlite_url), cache=None)
    path = store_file(sqlite_url)
    assert ck.refresh(ctx, {}, {}, {"ok": True, "seq": 1}, heartbeat_only=True) == {"status": {"ok": True, "seq": 2}}
    path.rename(path.with_suffix(".moved"))
    assert ck.refresh(ctx, {}, {}, {"ok": True, "seq": 2}, heartbeat_only=True) == {"status": {"ok": False, "seq": 3}}
    out = ck.refresh(ctx, {}, {}, {"ok": False, "seq": 3}, heartbeat_only=False)
    assert out == {"status": {"ok": False, "seq": 4}}  # nothing but the status: the last panels stay
    path.with_suffix(".moved").rename(path)
    assert ck.refresh(ctx, {}, {}, {"ok": False, "seq": 4}, heartbeat_only=False)["status"] == {"ok": True, "seq": 5}
