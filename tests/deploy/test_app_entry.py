"""`python app.py`, the one command a regional office runs, serves with a production WSGI server (waitress), on
DASHBOARD_HOST/DASHBOARD_PORT, not with Werkzeug's development server."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from bench.load_servers import ROOT, stop, wait_ready
from tests.conftest import free_port


@pytest.mark.slow
def test_python_app_py_serves_with_waitress(sqlite_url, tmp_path):
    port = free_port()
    log = tmp_path / "app.log"
    env = {**os.environ, "DASHBOARD_DATABASE_URL": sqlite_url, "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_PORT": str(port), "DASHBOARD_REDIS_URL": "", "DASHBOARD_DEBUG": "false",
           "DASHBOARD_VILLAGES": "false"}  # their background load: test_gunicorn
    with log.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=handle,
                                stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, proc, log)
        page = requests.get(f"{base}/katalog", timeout=10)
        assert page.status_code == 200
        assert page.headers["Server"] == "dasbor-satu-data"
        text = log.read_text()
        assert "waitress" in text
        assert "development server" not in text
    finally:
        stop(proc)
