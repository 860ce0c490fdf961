"""gunicorn settings for `gunicorn app:server` (read automatically from the working directory).

Everything comes from the DASHBOARD_* settings (services/config.py), so one environment configures both
`python app.py` and gunicorn. Workers start independently (no preload): each opens its own engine and cache
connections, and the store lock (data.store.store_lock) lets them migrate and seed an empty store in turn.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
import tempfile
from pathlib import Path

from services.config import Config

_config = Config.from_env()

bind = f"{_config.host}:{_config.port}"
# gunicorn's advice: (2 x cores) + 1, so a worker waiting on the store or the network leaves the cores busy.
workers = _config.workers or 2 * multiprocessing.cpu_count() + 1
# Threads keep a worker answering while one callback waits on the store; the GIL bounds CPU work per process.
worker_class = "gthread"
threads = _config.threads
timeout = _config.timeout
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak in a library never accumulates.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = "info"
proc_name = "satudata"

if not _config.secret_key:
    # Every worker of this gunicorn must sign sessions with the same key: without DASHBOARD_SECRET_KEY each
    # worker would draw its own and a session would only be valid on the worker that issued it. Several
    # servers behind a load balancer need the same DASHBOARD_SECRET_KEY set explicitly.
    os.environ["DASHBOARD_SECRET_KEY"] = secrets.token_hex(32)
    logging.getLogger("gunicorn.error").warning(
        "DASHBOARD_SECRET_KEY is not set: using a random key for this gunicorn only "
        "(sessions end on restart and are not valid on other servers)")

if not _config.redis_url and not _config.rate_limit_file:
    # Without Redis each worker would count sign-in attempts and API requests alone (N workers: N times the
    # limit). They share a small SQLite file instead (dashboard.limit_store), named here before they fork.
    _limits = Path(tempfile.gettempdir()) / f"satudata-limits-{os.getpid()}-{secrets.token_hex(4)}.db"
    os.environ["DASHBOARD_RATE_LIMIT_FILE"] = str(_limits)


def on_exit(_server) -> None:
    """Remove the rate-limit file this gunicorn made (one set in the environment by the operator stays)."""
    if "_limits" in globals():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_limits}{suffix}").unlink(missing_ok=True)
