"""The frame around every page: navigation built from the page registry, language switch, error alert, footer."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t


class ids:
    URL = "shell-url"
    NAVBAR = "shell-navbar"
    BRAND = "shell-brand"
    NAV_LINK = "shell-nav-link"  # pattern-matching type; the index is the page module name
    LANG_LINK = "shell-lang"
    ERROR = "shell-error"
    FOOTER = "shell-footer"
    FOOTER_TEXT = "shell-footer-text"


def nav_items(pages: Iterable[Mapping], lang: str = "id") -> list:
    items = []
    for page in sorted(pages, key=lambda p: (p.get("order") or 0)):
        if not page.get("nav", True):
            continue
        items.append(dbc.NavItem(dbc.NavLink(
            t(page["name"], lang), href=page["path"], active="exact",
            id={"type": ids.NAV_LINK, "index": page["module"]})))
    return items


def layout(pages: Iterable[Mapping] = (), lang: str = "id") -> html.Div:
    pages = list(pages)
    navbar = dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand([html.I(className="bi bi-bar-chart-line-fill me-2"),
                             html.Span(t("app.title", lang), id=ids.BRAND)], href="/"),
            dbc.NavbarToggler(id="shell-toggler"),
            dbc.Collapse(dbc.Nav(nav_items(pages, lang), navbar=True, className="me-auto"),
                         id="shell-collapse", navbar=True, is_open=False),
            dcc.Link(t("nav.lang_switch", lang), href="?lang=en", id=ids.LANG_LINK,
                     className="btn btn-outline-light btn-sm ms-2", refresh=False),
        ], fluid=True),
        color="primary", dark=True, expand="lg", id=ids.NAVBAR, className="shell-navbar",
    )
    footer = html.Footer(html.Small(t("footer.data", lang), id=ids.FOOTER_TEXT), id=ids.FOOTER,
                         className="shell-footer text-muted py-3 px-3")
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        navbar,
        dbc.Alert(id=ids.ERROR, is_open=False, color="danger", dismissable=True, className="m-3"),
        html.Main(dash.page_container, className="shell-main"),
        footer,
    ])
