"""Shared fixtures: a seeded temporary SQLite store, the app on it, a throwaway PostgreSQL database,
a live server in a thread, and a real headless Chromium (Debian's) driven by Playwright.

Outside network is blocked in every browser context: a request to anything but 127.0.0.1 fails the test.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dash
import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from data.seed import SEED, load_seed
from data.store import open_engine
from services.config import Config

CHROMIUM = os.environ.get("DASHBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
PG_ADMIN_URL = os.environ.get("DASHBOARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
#: Tests use their own Redis database number and a fresh key prefix each, and delete their keys afterwards.
REDIS_TEST_URL = os.environ.get("DASHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


# ---------------------------------------------------------------- stores
def idm_bundle(prefix: str = "") -> pd.DataFrame:
    """The bundled IDM 2024 rows (idm_2024.csv, as text) under their 2025 codes in `code` (idm_code_map.csv, row for
    row, as SOURCE.md says; "" where the map has none), those whose code starts with `prefix`: what tests hold the
    village pages against."""
    folder = SEED / "villages"
    idm = pd.read_csv(folder / "idm_2024.csv", dtype=str, keep_default_na=False)
    idm["code"] = pd.read_csv(folder / "idm_code_map.csv", dtype=str, keep_default_na=False)["kemendagri_code"]
    return idm[idm["code"].str.startswith(prefix)] if prefix else idm


def village_status_counts(prefix: str) -> dict[str, int]:
    """Desa per published IDM status under a region code prefix, read straight from the bundled files."""
    mine = idm_bundle(prefix)
    return mine[mine["status"] != ""]["status"].value_counts().to_dict()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One seeded SQLite file per test session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "seed.db"
    engine = open_engine(f"sqlite:///{path}")
    load_seed(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def village_template(seeded_template, tmp_path_factory) -> Path:
    """The seeded store with the villages (data.villages, ~10 s) as well, once per session; only tests that need
    kecamatan and desa ask for it (the plain `engine` stays without them, so the suite stays quick)."""
    from data.villages import load_villages

    path = tmp_path_factory.mktemp("villages") / "villages.db"
    shutil.copy(seeded_template, path)
    engine = open_engine(f"sqlite:///{path}")
    load_villages(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def village_engine(village_template, tmp_path):
    """A copy of the village store for one test (it may write)."""
    target = tmp_path / "villages.db"
    shutil.copy(village_template, target)
    engine = open_engine(f"sqlite:///{target}")
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_url(seeded_template, tmp_path) -> str:
    target = tmp_path / "store.db"
    shutil.copy(seeded_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def engine(sqlite_url):
    engine = open_engine(sqlite_url)
    yield engine
    engine.dispose()


def _pg_admin():
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
        return admin
    except Exception as exc:  # any failure means "no server here"
        return exc


@pytest.fixture
def pg_url():
    """A throwaway PostgreSQL database on the real server, dropped afterwards; skipped when no server answers."""
    admin = _pg_admin()
    if isinstance(admin, Exception):
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {admin.__class__.__name__}")
    name = f"satudata_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url):
    engine = open_engine(pg_url)
    load_seed(engine)
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class RedisTarget:
    url: str
    prefix: str


@pytest.fixture
def redis_target():
    """The test Redis database with a key prefix of this test only; its keys are deleted afterwards.

    Skipped when no Redis answers at DASHBOARD_TEST_REDIS_URL."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_TEST_URL}: {exc.__class__.__name__}")
    prefix = f"satudata_test_{uuid.uuid4().hex[:10]}:"
    yield RedisTarget(REDIS_TEST_URL, prefix)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


# ---------------------------------------------------------------- app
@pytest.fixture
def config(sqlite_url) -> Config:
    return Config(database_url=sqlite_url, auto_seed=False)


@pytest.fixture
def app(config, engine):
    from dashboard import create_app

    dash.page_registry.clear()  # Dash keeps pages in a process-wide registry
    app = create_app(config, engine=engine)
    yield app
    dash.page_registry.clear()


@pytest.fixture
def client(app):
    return app.server.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(flask_app):
    """`flask_app` served from a thread on a free port; yields its base URL."""
    port = free_port()
    server = make_server("127.0.0.1", port, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The app served from a thread on a free port; yields its base URL."""
    with serving(app.server) as url:
        yield url


@pytest.fixture
def village_server(village_engine, tmp_path):
    """The app over the store with the villages, served like live_server."""
    from dashboard import create_app

    dash.page_registry.clear()
    app = create_app(Config(database_url=f"sqlite:///{tmp_path / 'villages.db'}", auto_seed=False),
                     engine=village_engine)
    with serving(app.server) as url:
        yield url
    dash.page_registry.clear()


# ---------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@dataclass
class BrowserPage:
    """A Playwright page plus what it saw: console errors and requests that tried to leave 127.0.0.1."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.outside_requests, f"requests outside 127.0.0.1: {self.outside_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


def open_page(browser, width: int = 1366, height: int = 768, timezone_id: str | None = None) -> BrowserPage:
    options = {"timezone_id": timezone_id} if timezone_id else {}
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID", **options)
    page = context.new_page()
    seen = BrowserPage(page)

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
            r.continue_()
        else:
            seen.outside_requests.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
    return seen


@pytest.fixture
def bpage(browser):
    seen = open_page(browser)
    yield seen
    seen.page.context.close()


# ---------------------------------------------------------------- access (issue 8)
PASSWORD = "correct horse battery"


def csrf_token(client) -> str:
    """The CSRF token a browser gets: the shell's sign-out form carries it in the /_dash-layout JSON."""
    import json

    def find(node):
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("name") == "csrf_token":
                return props["value"]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                found = find(child)
                if found:
                    return found
        return None

    token = find(json.loads(client.get("/_dash-layout").get_data(as_text=True)))
    assert token, "no csrf_token in the layout"
    return token


def sign_in(client, name: str, password: str = PASSWORD, **headers):
    return client.post("/auth/masuk", data={"username": name, "password": password, "csrf_token": csrf_token(client),
                                            "next": "/katalog"}, headers=headers)


@pytest.fixture
def login(engine):
    """login(client, role, name=None, **user_fields): create a user with that role and sign the client in."""
    from services import users

    def _login(client, role: str, name: str | None = None, **fields):
        name = name or f"{role}-user"
        users.add_user(engine, name, PASSWORD, role, fields.get("agency"), fields.get("region"))
        response = sign_in(client, name)
        assert response.status_code == 303 and "gagal" not in response.headers["Location"], response.headers
        return client

    return _login


def wait_js(page, expression: str, timeout: float = 15000, interval: float = 100) -> object:
    """Poll `expression` with page.evaluate until it is truthy; page.wait_for_function would eval() a string,
    which the app's Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    import time

    deadline = time.monotonic() + timeout / 1000
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = page.evaluate(expression)
        except Exception as exc:  # the page may be navigating; try again
            last = exc
        if last and not isinstance(last, Exception):
            return last
        page.wait_for_timeout(interval)
    raise AssertionError(f"timed out after {timeout} ms waiting for {expression!r} (last: {last!r})")
