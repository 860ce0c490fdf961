"""Rate limits hold across the workers of one gunicorn: without Redis they share a file (dashboard.limit_store),
with Redis they count there. Each worker counting alone let 16 of 20 wrong passwords through on 4 workers."""
from __future__ import annotations

import multiprocessing

import pytest
import requests

from bench.load_servers import start_gunicorn, stop, wait_ready
from dashboard.limit_store import FileStorage, uri_for
from tests.conftest import csrf_token, free_port
from tests.deploy.test_multi_instance import Http


def _count(path: str, times: int) -> None:
    storage = FileStorage(uri_for(path))
    for _ in range(times):
        storage.incr("k", 60)


def test_the_file_counts_every_process(tmp_path):
    path = str(tmp_path / "limits.db")
    procs = [multiprocessing.get_context("spawn").Process(target=_count, args=(path, 50)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    storage = FileStorage(uri_for(path))
    assert storage.get("k") == 200 and storage.get_expiry("k") > 0
    storage.clear("k")
    assert storage.get("k") == 0


def wrong_passwords(base: str, attempts: int) -> list[int]:
    """Sign-in attempts with a wrong password, each on a fresh session with its own form token."""
    codes = []
    for _ in range(attempts):
        http = Http(base, requests.Session())
        token = csrf_token(http)
        response = http.post("/auth/masuk", data={"username": "admin", "password": "wrong", "csrf_token": token})
        codes.append(response.status_code)
    return codes


@pytest.fixture(params=["file", "redis"])
def four_workers(request, sqlite_url, tmp_path):
    env = {"DASHBOARD_DATABASE_URL": sqlite_url, "DASHBOARD_WORKERS": "4", "DASHBOARD_THREADS": "2",
           "DASHBOARD_AUTO_SEED": "false", "DASHBOARD_LOGIN_RATE_LIMIT": "5 per minute",
           "DASHBOARD_API_RATE_LIMIT": "10 per minute", "DASHBOARD_REDIS_URL": "", "DASHBOARD_RATE_LIMIT_FILE": ""}
    if request.param == "redis":
        target = request.getfixturevalue("redis_target")
        env.update(DASHBOARD_REDIS_URL=target.url, DASHBOARD_CACHE_PREFIX=target.prefix)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = start_gunicorn(env, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, proc, log)
        yield base
    finally:
        stop(proc)


@pytest.mark.slow
def test_limits_hold_across_workers(four_workers):
    base = four_workers
    codes = wrong_passwords(base, 12)
    assert codes[:5] == [303] * 5 and set(codes[5:]) == {429}, codes
    api = [requests.get(f"{base}/api/v1/indicators", timeout=30).status_code for _ in range(25)]
    assert api.count(200) == 10 and api.count(429) == 15, api
