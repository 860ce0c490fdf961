"""The servers behind `python -m bench load`: a throwaway PostgreSQL database, a Redis key prefix, gunicorn
processes started and stopped on their ports, and the faults (one worker killed, one server restarted)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import redis
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")


@contextmanager
def postgres_database():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""

    name = f"satudata_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@contextmanager
def redis_prefix():
    """A cache key prefix of this run only; its keys are deleted afterwards."""

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    client.ping()
    prefix = f"satudata_load_{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


def start_gunicorn(env: dict, port: int, log: Path, *, append: bool = False) -> subprocess.Popen:
    """`gunicorn app:server` on 127.0.0.1:`port` with the DASHBOARD_* settings in `env`, its output in `log`."""
    full = {**os.environ, **env, "DASHBOARD_HOST": "127.0.0.1", "DASHBOARD_PORT": str(port)}
    handle = log.open("ab" if append else "wb")
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "app:server"], cwd=ROOT, env=full,
                            stdout=handle, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    """Until /healthz answers 200; RuntimeError with the log's tail when gunicorn exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen, seconds: float = 20) -> None:
    """Graceful stop (requests in flight are finished), killed after `seconds`."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Server:
    """One `gunicorn app:server` on a port; can be stopped and started again on the same port."""

    def __init__(self, env: dict, port: int, log_path: Path):
        self.env = env
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = start_gunicorn(self.env, self.port, self.log_path, append=True)

    def wait_ready(self, seconds: float = 180) -> None:
        if self.proc is None:
            raise RuntimeError("gunicorn was not started")
        wait_ready(self.url, self.proc, self.log_path, seconds)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc, seconds=40)
            self.proc = None

    def kill_one_worker(self) -> int:
        """SIGKILL one worker process (the master starts another); its pid."""
        assert self.proc is not None
        found = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        pid = int(found[0])
        os.kill(pid, signal.SIGKILL)
        return pid
