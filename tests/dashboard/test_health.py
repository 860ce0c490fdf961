"""/healthz answers 200 with the store's state, 503 when the store does not answer; errors stay friendly."""
from __future__ import annotations

import dash

from dashboard import create_app
from dashboard.config import Config
from data.store import open_engine


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["store"]["observations"] == 22574


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
