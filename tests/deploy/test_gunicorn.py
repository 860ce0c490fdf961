"""`gunicorn app:server` with gunicorn.conf.py: settings come from DASHBOARD_*, several workers start together
and serve pages (concurrent seeding of an empty store: tests/data/test_store_lock.py)."""
from __future__ import annotations

import os
import runpy
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from data.store import open_engine
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_config_file_reads_dashboard_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HOST", "0.0.0.0")
    monkeypatch.setenv("DASHBOARD_PORT", "9077")
    monkeypatch.setenv("DASHBOARD_WORKERS", "3")
    monkeypatch.setenv("DASHBOARD_THREADS", "2")
    monkeypatch.setenv("DASHBOARD_TIMEOUT", "45")
    monkeypatch.setenv("DASHBOARD_SECRET_KEY", "fixed")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9077"
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (3, 2, 45)
    assert conf["worker_class"] == "gthread"
    assert os.environ["DASHBOARD_SECRET_KEY"] == "fixed"


def test_workers_of_one_gunicorn_share_a_session_key(monkeypatch):
    monkeypatch.delenv("DASHBOARD_SECRET_KEY", raising=False)
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert len(os.environ["DASHBOARD_SECRET_KEY"]) == 64  # set before the workers fork, so all inherit it


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    full = {**os.environ, **env, "DASHBOARD_HOST": "127.0.0.1", "DASHBOARD_PORT": str(port)}
    handle = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "app:server"], cwd=ROOT, env=full,
                            stdout=handle, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
        for _ in range(6):  # several requests, so more than one worker answers
            assert requests.get(f"{base}/katalog", timeout=10).status_code == 200
        engine = open_engine(url)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM import_batch WHERE kind = 'seed'")) == 2
        engine.dispose()
        assert "store not ready" not in log.read_text()
    finally:
        stop(proc)
