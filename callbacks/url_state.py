"""The region/indicator pickers of a URL-driven page (/proyeksi, /skenario): choosing a region or an indicator
rewrites the address bar's query, and the page is rebuilt from the URL. One place for both pages."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from i18n.urls import keys
from layouts.shell import ids as shell_ids


def url_search(search: str | None, region: str | None, indicator: str | None) -> str:
    """The URL query with the chosen region and indicator (other parameters, such as lang, kept)."""
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    if region:
        params[keys.REGION] = region
    if indicator:
        params[keys.INDICATOR] = indicator
    return "?" + urlencode(params)


def changed_search(region: str | None, indicator: str | None, state: dict | None, search: str | None) -> str:
    """The new query when the pickers differ from the page's state (`region`, `indicator`); else PreventUpdate."""
    state = state or {}
    if not region or not indicator or (state.get("region") == region and state.get("indicator") == indicator):
        raise PreventUpdate
    return url_search(search, region, indicator)


def register_navigation(app: Dash, region_id: str, indicator_id: str, state_id: str) -> None:
    """Wire a page's region and indicator dropdowns to the URL (the page's state store holds the current pair)."""
    @app.callback(Output(shell_ids.URL, "search", allow_duplicate=True), Input(region_id, "value"),
                  Input(indicator_id, "value"), State(state_id, "data"), State(shell_ids.URL, "search"),
                  prevent_initial_call=True)
    def navigate(region, indicator, state, search):
        return changed_search(region, indicator, state, search)
