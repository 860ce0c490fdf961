"""`gunicorn app:server` with gunicorn.conf.py: settings come from DASHBOARD_*, several workers start together
and serve pages (concurrent seeding of an empty store: tests/data/test_store_lock.py)."""
from __future__ import annotations

import os
import runpy
import time

import pytest
import requests
from sqlalchemy import text

from bench.load_servers import ROOT, start_gunicorn, stop, wait_ready
from data.seed import BUNDLES
from data.store import open_engine
from tests.conftest import free_port


def test_config_file_reads_dashboard_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HOST", "0.0.0.0")
    monkeypatch.setenv("DASHBOARD_PORT", "9077")
    monkeypatch.setenv("DASHBOARD_WORKERS", "3")
    monkeypatch.setenv("DASHBOARD_THREADS", "2")
    monkeypatch.setenv("DASHBOARD_TIMEOUT", "45")
    monkeypatch.setenv("DASHBOARD_SECRET_KEY", "fixed")
    monkeypatch.setenv("DASHBOARD_RATE_LIMIT_FILE", "")  # restored afterwards: the file gunicorn.conf.py names
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9077"
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (3, 2, 45)
    assert conf["worker_class"] == "gthread"
    assert os.environ["DASHBOARD_SECRET_KEY"] == "fixed"


def test_workers_of_one_gunicorn_share_a_session_key(monkeypatch):
    monkeypatch.delenv("DASHBOARD_SECRET_KEY", raising=False)
    monkeypatch.setenv("DASHBOARD_RATE_LIMIT_FILE", "")
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert os.environ["DASHBOARD_RATE_LIMIT_FILE"].endswith(".db")  # workers without Redis share their counts
    assert len(os.environ["DASHBOARD_SECRET_KEY"]) == 64  # set before the workers fork, so all inherit it


@pytest.mark.slow
def test_gunicorn_workers_start_together_and_serve(sqlite_url, tmp_path):
    url = sqlite_url
    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = start_gunicorn({"DASHBOARD_DATABASE_URL": url, "DASHBOARD_WORKERS": "2",
                           "DASHBOARD_REDIS_URL": ""}, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, proc, log)
        for _ in range(6):  # several requests, so more than one worker answers, while the villages load
            assert requests.get(f"{base}/katalog", timeout=10).status_code == 200
        assert requests.get(f"{base}/healthz", timeout=10).json()["villages"] in ("loading", "ready")
        deadline = time.monotonic() + 180
        while requests.get(f"{base}/healthz", timeout=10).json()["villages"] != "ready":
            assert time.monotonic() < deadline, "villages not loaded in 180 s"
            time.sleep(1)
        engine = open_engine(url)
        with engine.connect() as conn:
            # one batch per bundle, the targets, and the villages' IDM: both workers asked, one loaded them
            assert conn.scalar(text("SELECT count(*) FROM import_batch WHERE kind = 'seed'")) == len(BUNDLES) + 2
            assert conn.scalar(text("SELECT count(*) FROM region WHERE level = 'village'")) == 83762
        engine.dispose()
        assert "store not ready" not in log.read_text()
    finally:
        stop(proc)
