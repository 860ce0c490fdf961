"""The API answers what its OpenAPI description says: schemathesis generates requests from /api/v1/openapi.json
(valid, invalid, unsupported methods) and runs every check against the app served live."""
from __future__ import annotations

import subprocess
import sys

import pytest

from services.config import Config

pytestmark = pytest.mark.slow


@pytest.fixture
def config(sqlite_url) -> Config:
    # No rate limit here: a few hundred generated requests would otherwise end in 429s (documented, but then the
    # run would test the limiter instead of the API).
    return Config(database_url=sqlite_url, auto_seed=False, api_rate_limit="")


def test_schemathesis_finds_nothing(live_server, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{live_server}/api/v1/openapi.json",
         "--checks", "all", "--max-examples", "25", "--workers", "1", "--seed", "20261207", "--no-color"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
