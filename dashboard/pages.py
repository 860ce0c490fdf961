"""The page list: each page is a `callbacks.<name>` module with `page(ctx)` and `register(app, ctx)`.

Adding a page = adding one PageSpec line here; the navbar is built from dash.page_registry.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

import dash

from dashboard.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    module: str  # callbacks.<module>, layouts.<module>, i18n key "page.<module>"
    path: str
    order: int
    nav: bool = True
    redirect_from: tuple[str, ...] = ()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("bandingkan", "/bandingkan", 40),
    PageSpec("katalog", "/katalog", 90),
)


def register_pages(app: dash.Dash, ctx: AppContext) -> None:
    """Register every page's layout and callbacks on `app` (called while building the app, never at import)."""
    for spec in PAGES:
        module = importlib.import_module(f"callbacks.{spec.module}")
        dash.register_page(spec.module, path=spec.path, name=f"page.{spec.module}", order=spec.order,
                           title="Dasbor Satu Data", layout=module.page(ctx), nav=spec.nav,
                           redirect_from=list(spec.redirect_from) or None)
        module.register(app, ctx)
