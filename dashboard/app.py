"""The composition root: builds a Dash app from a Config and an engine. The only module that knows every folder."""
from __future__ import annotations

import logging
from pathlib import Path

import dash
from dash import Dash
from flask_caching import Cache
from sqlalchemy.engine import Engine

from callbacks import shell as shell_callbacks
from dashboard import cache as shared_cache
from dashboard import health
from dashboard.config import Config
from dashboard.context import AppContext
from dashboard.errors import report_error
from dashboard.pages import register_pages
from data.errors import StoreError
from data.seed import load_seed
from data.store import migrate, open_engine
from layouts import shell

ASSETS = Path(__file__).resolve().parent / "assets"
log = logging.getLogger("dashboard")


def make_cache(config: Config) -> Cache:
    if config.redis_url:
        return Cache(config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url,
                             "CACHE_DEFAULT_TIMEOUT": config.cache_timeout, "CACHE_KEY_PREFIX": config.cache_prefix})
    return Cache(config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": config.cache_timeout})


def prepare_store(engine: Engine, config: Config) -> None:
    """Migrate (and seed an empty store when allowed); a store that does not answer is logged, not fatal."""
    try:
        if config.auto_seed:
            load_seed(engine)
        else:
            migrate(engine)
    except StoreError as exc:
        log.error("store not ready: %s", exc)


def create_app(config: Config | None = None, *, engine: Engine | None = None) -> Dash:
    config = config or Config.from_env()
    engine = engine or open_engine(config.database_url)
    prepare_store(engine, config)
    app = Dash(
        __name__, use_pages=True, pages_folder="", assets_folder=str(ASSETS), title="Dasbor Satu Data",
        update_title=None, on_error=report_error, serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.config.update(SECRET_KEY=config.session_secret(),
                             MAX_CONTENT_LENGTH=config.max_upload_mb * 1024 * 1024)
    cache = make_cache(config)
    cache.init_app(app.server)
    ctx = AppContext(engine=engine, config=config, cache=cache)
    shared_cache.bind(engine, cache)
    dash.page_registry.clear()
    register_pages(app, ctx)
    app.layout = shell.layout(dash.page_registry.values(), config.default_lang)
    shell_callbacks.register(app, ctx)
    health.register(app.server, ctx)
    return app
