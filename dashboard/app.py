"""The composition root: builds a Dash app from a Config and an engine. The only module that knows every folder."""
from __future__ import annotations

import copy
import importlib
import json
import logging
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import dash
from dash import Dash, html
from dash.development.base_component import Component
from flask import Flask, g, has_request_context
from flask_caching import Cache
from flask_wtf.csrf import generate_csrf
from sqlalchemy.engine import Engine

from callbacks import brief as brief_callbacks
from callbacks import feedback as feedback_callbacks
from callbacks import shell as shell_callbacks
from dashboard import api, health, malformed, security
from dashboard.compression import init_compression
from dashboard.errors import report_error
from dashboard.pages import PAGES, protected_paths, register_pages
from dashboard.plotly_bundle import serve_partial_plotly
from data.errors import StoreError
from data.seed import load_seed
from data.store import migrate, open_engine
from i18n import reset_display_timezone, set_display_timezone, urls
from layouts import shell
from services import auth, village_seed
from services import cache as shared_cache
from services.config import Config
from services.context import AppContext, install
from services.forecasts import forecasts_missing, refit_in_background

ASSETS = Path(__file__).resolve().parent / "assets"
URLS = escape(json.dumps(urls.for_scripts(), separators=(",", ":")), quote=True)
log = logging.getLogger("dashboard")


def make_cache(config: Config) -> Cache:
    if config.redis_url:
        return Cache(config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url,
                             "CACHE_DEFAULT_TIMEOUT": config.cache_timeout, "CACHE_KEY_PREFIX": config.cache_prefix})
    return Cache(config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": config.cache_timeout})


def prepare_store(engine: Engine, config: Config) -> None:
    """Migrate (and seed an empty store when allowed, then fit its forecasts and load the villages in the
    background); a store that does not answer is logged, not fatal."""
    try:
        if not config.auto_seed:
            migrate(engine)
            return
        fit = not load_seed(engine).skipped or forecasts_missing(engine)
        refit = (lambda: refit_in_background(engine)) if fit else None
        # the villages first (seconds), then the forecasts (minutes): both wait for the store lock
        if not (config.villages and village_seed.load_in_background(engine, then=refit)) and refit:
            refit()
    except StoreError as exc:
        log.error("store not ready: %s", exc)


def create_app(config: Config | None = None, *, engine: Engine | None = None) -> Dash:
    config = config or Config.from_env()
    engine = engine or open_engine(config.database_url)
    engine.update_execution_options(write_wait=config.write_wait)
    prepare_store(engine, config)
    app = Dash(
        __name__, use_pages=True, pages_folder="", assets_folder=str(ASSETS), title="Dasbor Satu Data",
        update_title=None, on_error=report_error, serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # the page's language for screen readers from the first byte (assets/a11y.js follows ?lang= afterwards), and
    # the URL vocabulary the page scripts use (assets/00_urls.js), so no script retypes a key or a path
    app.index_string = app.index_string.replace("<html>", f'<html lang="{config.default_lang}" data-urls="{URLS}">', 1)
    talisman, limiter, _csrf = security.init_security(app, config)
    init_compression(app.server)
    serve_partial_plotly(app.server)
    cache = make_cache(config)
    cache.init_app(app.server)
    ctx = AppContext(engine=engine, config=config, cache=cache)
    install(app.server, ctx)
    shared_cache.watch(engine)
    show_times_in(app.server, config.timezone)
    auth.register(app.server, ctx, limiter)
    register_pages(app, ctx)
    app.layout = shell_layout(ctx)
    shell_callbacks.register(app, ctx)
    feedback_callbacks.register(app, ctx)
    brief_callbacks.register(app, ctx)
    health.register(app.server, ctx)
    api.register(app.server, ctx)
    malformed.register(app)
    security.guard_pages(app.server, protected_paths(), auth.login_url, auth.current_access)
    limit_api(app, limiter, config)
    finish(app, talisman)
    return app


def show_times_in(server: Flask, zone: str) -> None:
    """Every request this server handles shows times in `zone` (its Config.timezone), whatever other apps in the
    same process use: the zone is set in the request's own context and reset when the request ends."""
    ZoneInfo(zone)  # ZoneInfoNotFoundError now rather than on the first request

    def set_zone() -> None:
        g.display_zone_token = set_display_timezone(zone)

    # first of all: Dash's own first-request hook already builds page layouts
    server.before_request_funcs.setdefault(None, []).insert(0, set_zone)

    @server.teardown_request
    def reset_zone(_exc: BaseException | None) -> None:
        token = g.pop("display_zone_token", None)
        if token is not None:
            reset_display_timezone(token)


def shell_layout(ctx: AppContext):
    """The frame, built per page load for the caller: pages they may open, their name and a sign-out form."""

    def layout():
        access = auth.current_access()
        token = generate_csrf() if has_request_context() else ""
        return shell.layout(dash.page_registry.values(), ctx.config.default_lang, user=access.user,
                            role=access.role, can=access.can, csrf_token=token)

    return layout


def limit_api(app: Dash, limiter, config: Config) -> None:
    """Rate-limit the API blueprint(s) (any blueprint whose URL prefix starts with /api)."""
    if not config.api_rate_limit:
        return
    for blueprint in app.server.blueprints.values():
        if (blueprint.url_prefix or "").startswith("/api"):
            limiter.limit(config.api_rate_limit)(blueprint)


def protected_skeletons() -> list:
    """The empty layouts (no data) of pages the public may not open, so Dash knows their component ids:
    the public's validation layout holds only the refusal of such pages."""
    return [importlib.import_module(f"layouts.{spec.module}").layout()
            for spec in PAGES if spec.permission]


def ids_only(layout: Component) -> html.Div:
    """The components of `layout` that have an id, flat and stripped to their id and type.

    Dash 4 serialises the validation layout into every page's HTML; the renderer only looks up ids and
    component types in it. Whole, it held every page's rendered data: 570 KB and ~100 ms of JSON per page load.
    """
    found: list[Component] = []
    seen: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, Component):
            if id(value) in seen:
                return
            seen.add(id(value))
            if getattr(value, "id", None) is not None:
                bare = copy.copy(value)
                bare.__dict__ = {k: v for k, v in vars(value).items() if k.startswith(("_", "available_"))}
                bare.id = value.id
                found.append(bare)
            for item in vars(value).values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(layout)
    return html.Div(found)


def finish(app: Dash, talisman) -> None:
    """Run Dash's first-request setup now, as the anonymous public, then allow Dash's inline scripts by hash.

    Dash builds its validation layout (every page layout, sent to every browser) during the first request it
    serves; left alone, the first caller's rights would decide what that layout holds.
    """
    with app.server.test_client() as client:
        client.get("/_dash-layout", base_url="https://localhost")
    app.validation_layout = ids_only(html.Div([app.validation_layout, *protected_skeletons()]))
    policy = talisman.content_security_policy
    policy["script-src"] = ["'self'", *app.csp_hashes()]
