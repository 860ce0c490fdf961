"""The frame around every page: navigation built from the page registry, language switch, error alert, footer."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t
from layouts.feedback import modal as feedback_modal


class ids:
    URL = "shell-url"
    NAVBAR = "shell-navbar"
    BRAND = "shell-brand"
    NAV_LINK = "shell-nav-link"  # pattern-matching type; the index is the page module name
    LANG_LINK = "shell-lang"
    ERROR = "shell-error"
    FOOTER = "shell-footer"
    FOOTER_TEXT = "shell-footer-text"
    SIGN_IN = "shell-sign-in"
    SIGN_OUT = "shell-sign-out"
    SIGN_OUT_FORM = "shell-sign-out-form"
    USER = "shell-user"
    ROLE = "shell-role"


def nav_items(pages: Iterable[Mapping], lang: str = "id", can: Callable[[str], bool] | None = None) -> list:
    """One link per page in the registry; a page that needs a permission only when `can(permission)`."""
    items = []
    for page in sorted(pages, key=lambda p: (p.get("order") or 0)):
        if not page.get("nav", True):
            continue
        if page.get("permission") and not (can and can(page["permission"])):
            continue
        items.append(dbc.NavItem(dbc.NavLink(
            t(page["name"], lang), href=page["path"], active="exact",
            id={"type": ids.NAV_LINK, "index": page["module"]})))
    return items


def user_menu(lang: str = "id", user: str | None = None, role: str | None = None, csrf_token: str = "") -> html.Div:
    """Sign-in link for the public; the user's name, role and a sign-out form (POST with CSRF token) otherwise."""
    signed_in = user is not None
    hidden = {"display": "none"}
    return html.Div([
        html.A(t("security.sign_in", lang), href="/masuk", id=ids.SIGN_IN,
               className="btn btn-light btn-sm ms-2", style=hidden if signed_in else {}),
        html.Span([html.I(className="bi bi-person-circle me-1"), html.Span(user or "", className="shell-user-name",
                                                                          title=user or ""),
                   html.Span(t(f"role.{role}", lang) if role else "", id=ids.ROLE,
                             className="badge bg-light text-dark ms-1")],
                  id=ids.USER, className="navbar-text text-light small ms-2", style={} if signed_in else hidden),
        html.Form([
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
            html.Button(t("security.sign_out", lang), id=ids.SIGN_OUT, type="submit",
                      className="btn btn-outline-light btn-sm ms-2"),
        ], action="/auth/keluar", method="POST", id=ids.SIGN_OUT_FORM,
            style={"display": "inline"} if signed_in else hidden),  # no d-inline: its !important beats display:none
    ], className="d-flex align-items-center")


def layout(pages: Iterable[Mapping] = (), lang: str = "id", user: str | None = None, role: str | None = None,
           can: Callable[[str], bool] | None = None, csrf_token: str = "") -> html.Div:
    pages = list(pages)
    navbar = dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand([html.I(className="bi bi-bar-chart-line-fill me-2"),
                             html.Span(t("app.title", lang), id=ids.BRAND)], href="/"),
            dbc.NavbarToggler(id="shell-toggler"),
            dbc.Collapse(dbc.Nav(nav_items(pages, lang, can), navbar=True, className="me-auto"),
                         id="shell-collapse", navbar=True, is_open=False),
            dcc.Link(t("nav.lang_switch", lang), href="?lang=en", id=ids.LANG_LINK,
                     className="btn btn-outline-light btn-sm ms-2", refresh=False),
            user_menu(lang, user, role, csrf_token),
        ], fluid=True),
        color="primary", dark=True, expand="lg", id=ids.NAVBAR,
        className="shell-navbar shell-signed-in" if user is not None else "shell-navbar",
    )
    footer = html.Footer(html.Small(t("footer.data", lang), id=ids.FOOTER_TEXT), id=ids.FOOTER,
                         className="shell-footer text-muted py-3 px-3")
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        navbar,
        dbc.Alert(id=ids.ERROR, is_open=False, color="danger", dismissable=True, className="m-3"),
        html.Main(dash.page_container, className="shell-main"),
        footer,
        feedback_modal(lang),
    ])
