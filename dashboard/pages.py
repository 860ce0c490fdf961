"""The page list: each page is a `callbacks.<name>` module with `page(ctx)` and `register(app, ctx)`.

Adding a page = adding one PageSpec line here; the navbar is built from dash.page_registry. A page with a
`permission` is shown in the navbar only to callers who have it, and its layout refuses everyone else
(a page's callbacks must check the permission themselves too: every callback is a public HTTP endpoint).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

import dash
from flask import current_app, has_request_context

from i18n import normalise_lang
from i18n.urls import PATHS
from layouts.common import forbidden, plain_figures
from services import cache
from services.access import Access
from services.auth import current_access
from services.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    module: str  # callbacks.<module>, layouts.<module>, i18n key "page.<module>"; its path is i18n.urls.PATHS
    order: int
    nav: bool = True
    redirect_from: tuple[str, ...] = ()
    permission: str | None = None  # e.g. "admin", "upload", "view_audit"; None: everyone
    cached: bool = False  # layout depends only on its URL arguments, the caller and the store's generation

    @property
    def path(self) -> str:
        return PATHS[self.module]


#: key of each app's {page module: layout} on its Flask server
LAYOUTS = "satudata.page_layouts"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("ringkasan", 10, cached=True),
    PageSpec("peta", 20, cached=True),
    PageSpec("tren", 30, cached=True),
    PageSpec("bandingkan", 40, cached=True),
    PageSpec("proyeksi", 50, cached=True),
    PageSpec("skenario", 55, cached=True),
    PageSpec("prioritas", 60, cached=True),
    PageSpec("unggah", 80, permission="upload"),
    PageSpec("katalog", 90, cached=True),
    PageSpec("tanya_jawab", 92),
    PageSpec("kotak_masuk", 94, permission="approve"),
    PageSpec("kiosk", 95, nav=False),
    PageSpec("embed", 97, nav=False),
    PageSpec("audit", 96, permission="view_audit"),
    PageSpec("admin", 98, permission="admin"),
    PageSpec("masuk", 99, nav=False),
)


def protected_paths() -> dict[str, str]:
    """path -> the permission needed to open it."""
    return {spec.path: spec.permission for spec in PAGES if spec.permission}


def guarded(layout: Callable, spec: PageSpec, ctx: AppContext) -> Callable:
    """The page's layout for callers with the permission; a refusal in the page's language for the rest."""
    if spec.permission is None:
        return layout

    @wraps(layout)
    def page_layout(lang: str | None = None, **kwargs):
        access = current_access()
        if not access.can(spec.permission):
            return forbidden(normalise_lang(lang or ctx.config.default_lang), signed_in=access.signed_in,
                             next_path=spec.path)
        return layout(lang=lang, **kwargs)

    return page_layout


def whole(access: Access) -> tuple:
    """Every field of the caller's Access, for a layout cache key: a layout may show what a signed-in role can do
    (save a scenario, edit targets), not only what its tiers read."""
    return (tuple(sorted(access.tiers)), access.region_scope, access.user, access.role,
            tuple(sorted(access.permissions)), access.agency)


def cached(layout: Callable, spec: PageSpec, ctx: AppContext) -> Callable:
    """The page's layout kept in the shared cache per URL arguments and caller, for one store generation.

    Building a page costs 40-500 ms of pandas and plotly (/proyeksi: its forecast, attainment table and targets),
    reading it back ~10 ms (figures kept as plain dicts, see plain_figures). Only pages whose layout reads nothing
    but the store and the caller: the kiosk (profiles) and the Q&A (answers) change without a new generation.
    """
    if not spec.cached:
        return layout

    @wraps(layout)
    def page_layout(**kwargs):
        if ctx.cache is None or not has_request_context():
            return layout(**kwargs)
        key = cache.call_key(f"page.{spec.module}", (whole(current_access()),), kwargs)
        return cache.cached(ctx, key, lambda: plain_figures(layout(**kwargs)))

    return page_layout


def register_pages(app: dash.Dash, ctx: AppContext) -> None:
    """Register every page's layout and callbacks on `app` (called while building the app, never at import).

    Dash keeps its page registry process-wide; what it holds here is the same for every app (paths, names and a
    layout that asks the app serving the request for its own), so a second app in the same process registers the
    same entries again instead of taking the first app's pages over.
    """
    layouts = app.server.extensions.setdefault(LAYOUTS, {})
    for spec in PAGES:
        module = importlib.import_module(f"callbacks.{spec.module}")
        layouts[spec.module] = guarded(cached(module.page(ctx), spec, ctx), spec, ctx)
        dash.register_page(spec.module, path=spec.path, name=f"page.{spec.module}", order=spec.order,
                           title="Dasbor Satu Data", layout=served(spec.module), nav=spec.nav,
                           redirect_from=list(spec.redirect_from) or None, permission=spec.permission)
        module.register(app, ctx)


def served(module: str) -> Callable:
    """The layout of page `module` of the app serving the current request."""

    def page_layout(**kwargs):
        return current_app.extensions[LAYOUTS][module](**kwargs)

    page_layout.__name__ = f"{module}_layout"
    return page_layout
