"""Starting and stopping real `gunicorn app:server` processes for the deployment tests."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    full = {**os.environ, **env, "DASHBOARD_HOST": "127.0.0.1", "DASHBOARD_PORT": str(port)}
    handle = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "app:server"], cwd=ROOT, env=full,
                            stdout=handle, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
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
