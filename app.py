"""Entry point: `python app.py` serves the dashboard with waitress, a production WSGI server that also runs on the
Windows PCs of regional offices and command centers (Werkzeug's development server only with DASHBOARD_DEBUG=true);
`gunicorn app:server` serves it with several worker processes (gunicorn.conf.py)."""
from __future__ import annotations

import logging
import sys

from dashboard import create_app
from services.config import Config, ConfigError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
# Alembic lists every plugin it sets up at INFO; the migrations it runs (alembic.runtime.migration) stay visible.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
try:
    config = Config.from_env()
except ConfigError as exc:
    sys.exit(f"configuration error: {exc}")
app = create_app(config)
server = app.server



def serve(config: Config) -> None:
    """Serve `server` on DASHBOARD_HOST:DASHBOARD_PORT: waitress with DASHBOARD_THREADS threads, or Dash's
    development server (reloader, debugger) when debug mode is asked for."""
    if config.debug:
        app.run(host=config.host, port=config.port, debug=True)
        return
    import waitress

    logging.getLogger("dashboard").info("serving on http://%s:%s (waitress, %d threads)",
                                        config.host, config.port, config.threads)
    waitress.serve(server, host=config.host, port=config.port, threads=config.threads, ident="dasbor-satu-data")


if __name__ == "__main__":
    serve(config)
