"""The shell's callbacks: language in every link, labels in the active language, chrome hidden on kiosk/embeds."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from i18n import normalise_lang, t
from i18n.urls import CHROMELESS, PATHS, keys
from layouts.common import THEME_PICKER
from layouts.shell import ids
from services.auth import current_access
from services.context import AppContext


def lang_of(search: str | None, default: str = "id") -> str:
    values = parse_qs((search or "").lstrip("?")).get(keys.LANG)
    return normalise_lang(values[0]) if values else normalise_lang(default)


def with_lang(search: str | None, lang: str) -> str:
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    params[keys.LANG] = lang
    return "?" + urlencode(params)


#: What a navbar link carries from the page being read to the next: the region and the language.
CARRIED = (keys.REGION, keys.LANG)


def carried_query(search: str | None, default: str = "id") -> str:
    """`?wilayah=32&lang=en` from the current query: the governor who chose Jawa Barat keeps it on every page
    (the default language is left out, as the other links do)."""
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items() if k in CARRIED and v and v[0]}
    if keys.LANG in params:
        params[keys.LANG] = normalise_lang(params[keys.LANG])
        if params[keys.LANG] == normalise_lang(default):
            del params[keys.LANG]
    return "?" + urlencode(params) if params else ""


def shell_state(pathname: str | None, search: str | None, nav_ids: list[dict], pages: dict, default: str):
    """Plain function behind the callback: labels, hrefs and visibility for the active language."""
    lang = lang_of(search, default)
    other = "en" if lang == "id" else "id"
    suffix = carried_query(search, default)
    labels = [t(pages[i["index"]]["name"], lang) for i in nav_ids]
    hrefs = [pages[i["index"]]["path"] + suffix for i in nav_ids]
    hidden = any((pathname or "").startswith(p) for p in CHROMELESS)
    style = {"display": "none"} if hidden else {}
    return (labels, hrefs, t("nav.lang_switch", lang), (pathname or "/") + with_lang(search, other),
            t("app.title", lang), t("footer.data", lang), style, style)


def auth_labels(pathname: str | None, search: str | None, default: str = "id",
                role: str | None = None) -> tuple[str, str, str, str]:
    """Sign-in label and link (back to this page afterwards), sign-out label and the signed-in user's role, in the
    active language (the shell is built in the default language, before the URL's ?lang= is known)."""
    lang = lang_of(search, default)
    params = {keys.NEXT: pathname} if pathname and pathname not in (PATHS["ringkasan"], PATHS["masuk"]) else {}
    if lang != default:
        params[keys.LANG] = lang
    href = PATHS["masuk"] + ("?" + urlencode(params) if params else "")
    return t("security.sign_in", lang), href, t("security.sign_out", lang), t(f"role.{role}", lang) if role else ""


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output({"type": ids.NAV_LINK, "index": ALL}, "children"),
        Output({"type": ids.NAV_LINK, "index": ALL}, "href"),
        Output(ids.LANG_LINK, "children"),
        Output(ids.LANG_LINK, "href"),
        Output(ids.BRAND, "children"),
        Output(ids.FOOTER_TEXT, "children"),
        Output(ids.NAVBAR, "style"),
        Output(ids.FOOTER, "style"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State({"type": ids.NAV_LINK, "index": ALL}, "id"),
    )
    def update_shell(pathname, search, nav_ids):
        pages = {p["module"]: p for p in dash.page_registry.values()}
        return shell_state(pathname, search, nav_ids, pages, ctx.config.default_lang)

    @app.callback(Output(ids.SIGN_IN, "children"), Output(ids.SIGN_IN, "href"), Output(ids.SIGN_OUT, "children"),
                  Output(ids.ROLE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def update_auth(pathname, search):
        access = current_access()
        return auth_labels(pathname, search, ctx.config.default_lang, access.role if access.signed_in else None)

    app.clientside_callback(ClientsideFunction(namespace="theme", function_name="toUrl"),
                            Output(ids.URL, "search", allow_duplicate=True),
                            Input({"type": THEME_PICKER, "index": ALL}, "value"), prevent_initial_call=True)

    @app.callback(Output("shell-collapse", "is_open"), Input("shell-toggler", "n_clicks"),
                  State("shell-collapse", "is_open"), prevent_initial_call=True)
    def toggle(n, is_open):
        return not is_open
