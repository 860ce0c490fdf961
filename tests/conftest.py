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
from dataclasses import dataclass, field
from pathlib import Path

import dash
import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from dashboard.config import Config
from data.seed import load_seed
from data.store import open_engine

CHROMIUM = os.environ.get("DASHBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
PG_ADMIN_URL = os.environ.get("DASHBOARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
#: Tests use their own Redis database number and a fresh key prefix each, and delete their keys afterwards.
REDIS_TEST_URL = os.environ.get("DASHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


# ---------------------------------------------------------------- stores
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
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
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


@pytest.fixture
def live_server(app):
    """The app served from a thread on a free port; yields its base URL."""
    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


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


def open_page(browser, width: int = 1366, height: int = 768) -> BrowserPage:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
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
    from dashboard import users

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
        except Exception as exc:  # noqa: BLE001 - the page may be navigating; try again
            last = exc
        if last and not isinstance(last, Exception):
            return last
        page.wait_for_timeout(interval)
    raise AssertionError(f"timed out after {timeout} ms waiting for {expression!r} (last: {last!r})")
