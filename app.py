"""Entry point: `python app.py` serves the dashboard; `gunicorn app:server` serves it in production."""
from __future__ import annotations

import logging
import sys

from dashboard import create_app
from dashboard.config import Config, ConfigError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
# Alembic lists every plugin it sets up at INFO; the migrations it runs (alembic.runtime.migration) stay visible.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
try:
    config = Config.from_env()
except ConfigError as exc:
    sys.exit(f"configuration error: {exc}")
app = create_app(config)
server = app.server

if __name__ == "__main__":
    app.run(host=config.host, port=config.port, debug=config.debug)
