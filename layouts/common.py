"""Pieces shared by page layouts: graph config (offline map outlines), messages, download buttons."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import t

#: plotly.js fetches map outlines from its CDN unless told otherwise; these are served by the app itself.
TOPOJSON_URL = "/assets/00_vendor/topojson/"


def graph_config(filename: str = "dasbor-satu-data") -> dict:
    """dcc.Graph config: PNG export kept, local map outlines, no plotly logo."""
    return {
        "displaylogo": False,
        "topojsonURL": TOPOJSON_URL,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def separators(lang: str) -> str:
    """plotly `layout.separators`: decimal mark then thousands mark."""
    return ",." if lang == "id" else ".,"


def notice(text: str, color: str = "warning") -> dbc.Alert:
    return dbc.Alert(text, color=color, className="py-2 my-2", dismissable=True)


def page_header(title: str, subtitle: str | None = None) -> html.Div:
    children = [html.H1(title, className="h3 mb-1")]
    if subtitle:
        children.append(html.P(subtitle, className="text-muted mb-3"))
    return html.Div(children, className="page-header mt-3")


def error_block(lang: str = "id") -> dbc.Alert:
    return dbc.Alert([html.H2(t("error.title", lang), className="h5"), html.P(t("error.store", lang))],
                     color="danger", className="mt-4")
