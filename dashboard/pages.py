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
from flask import has_request_context

from dashboard import cache
from dashboard.auth import current_access
from dashboard.context import AppContext
from dashboard.i18n import normalise_lang
from layouts.common import plain_figures


@dataclass(frozen=True)
class PageSpec:
    module: str  # callbacks.<module>, layouts.<module>, i18n key "page.<module>"
    path: str
    order: int
    nav: bool = True
    redirect_from: tuple[str, ...] = ()
    permission: str | None = None  # e.g. "admin", "upload", "view_audit"; None: everyone
    cached: bool = False  # layout depends only on its URL arguments, the caller's access and the store


PAGES: tuple[PageSpec, ...] = (
    PageSpec("ringkasan", "/", 10, cached=True),
    PageSpec("peta", "/peta", 20, cached=True),
    PageSpec("tren", "/tren", 30, cached=True),
    PageSpec("bandingkan", "/bandingkan", 40),
    PageSpec("proyeksi", "/proyeksi", 50),
    PageSpec("skenario", "/skenario", 55),
    PageSpec("prioritas", "/prioritas", 60),
    PageSpec("unggah", "/unggah", 80, permission="upload"),
    PageSpec("katalog", "/katalog", 90),
    PageSpec("tanya_jawab", "/tanya-jawab", 92),
    PageSpec("kotak_masuk", "/kotak-masuk", 94, permission="approve"),
    PageSpec("kiosk", "/kiosk", 95, nav=False),
    PageSpec("embed", "/embed", 97, nav=False),
    PageSpec("audit", "/audit", 96, permission="view_audit"),
    PageSpec("admin", "/admin", 98, permission="admin"),
    PageSpec("masuk", "/masuk", 99, nav=False),
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
            from layouts.common import forbidden  # noqa: PLC0415

            return forbidden(normalise_lang(lang or ctx.config.default_lang), signed_in=access.signed_in,
                             next_path=spec.path)
        return layout(lang=lang, **kwargs)

    return page_layout


def cached(layout: Callable, spec: PageSpec, ctx: AppContext) -> Callable:
    """The page's layout kept in the shared cache per URL arguments and access tier, for one store generation.

    The overview, map and trends pages are the ones every visitor opens; building them costs 40-300 ms of
    pandas and plotly, reading them back ~10 ms (figures kept as plain dicts, see plain_figures).
    """
    if not spec.cached:
        return layout

    @wraps(layout)
    def page_layout(**kwargs):
        if ctx.cache is None or not has_request_context():
            return layout(**kwargs)
        key = cache.call_key(f"page.{spec.module}", (current_access(),), kwargs)
        return cache.cached(ctx, key, lambda: plain_figures(layout(**kwargs)))

    return page_layout


def register_pages(app: dash.Dash, ctx: AppContext) -> None:
    """Register every page's layout and callbacks on `app` (called while building the app, never at import)."""
    for spec in PAGES:
        module = importlib.import_module(f"callbacks.{spec.module}")
        dash.register_page(spec.module, path=spec.path, name=f"page.{spec.module}", order=spec.order,
                           title="Dasbor Satu Data", layout=guarded(cached(module.page(ctx), spec, ctx), spec, ctx), nav=spec.nav,
                           redirect_from=list(spec.redirect_from) or None, permission=spec.permission)
        module.register(app, ctx)
