"""Embedded charts (/embed): the chart alone, its source line and a link back; and the "Sematkan" (embed)
button with the modal that shows the iframe code, for the trend and map pages. No store access here."""
from __future__ import annotations

from html import escape

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import t
from layouts.common import graph_config


class ids:
    ROOT = "embed-root"
    TITLE = "embed-title"
    GRAPH = "embed-graph"
    SOURCE = "embed-source"
    LINK = "embed-link"
    REFUSAL = "embed-refusal"
    # the Sematkan action: pattern ids, one set per page ("tren", "peta")
    SHARE_BUTTON = "embed-share-button"
    SHARE_MODAL = "embed-share-modal"
    SHARE_CODE = "embed-share-code"
    SHARE_MESSAGE = "embed-share-message"
    SHARE_PREVIEW = "embed-share-preview"

    @staticmethod
    def of(kind: str, page: str) -> dict:
        return {"type": kind, "page": page}


def layout(figure: go.Figure | None = None, title: str = "", citation: str = "", link: str = "/",
           lang: str = "id") -> html.Div:
    return html.Div([
        html.Div(title, id=ids.TITLE, className="embed-title"),
        dcc.Graph(id=ids.GRAPH, figure=figure or go.Figure(), config=graph_config("dasbor-satu-data"),
                  responsive=True, className="embed-graph"),
        html.Div([html.Span(citation, id=ids.SOURCE), " ",
                  html.A(t("embed.open", lang), href=link, target="_blank", rel="noopener", id=ids.LINK)],
                 className="embed-source"),
    ], id=ids.ROOT, className="embed")


def refusal(message: str, lang: str = "id") -> html.Div:
    return html.Div(dbc.Alert([html.Strong(t("embed.refused", lang)), html.Br(), message], color="warning",
                              id=ids.REFUSAL, className="m-2"), id=ids.ROOT, className="embed")


def iframe_code(url: str, lang: str = "id", height: int = 480) -> str:
    """The HTML a site owner pastes: a lazy, borderless iframe of the chart."""
    return (f'<iframe src="{escape(url)}" title="{escape(t("embed.iframe_title", lang))}" width="100%" '
            f'height="{height}" style="border:0" loading="lazy"></iframe>')


def share(page: str, lang: str = "id") -> list:
    """The "Sematkan" button and its modal (code filled in by callbacks/embed.py from the page's controls)."""
    return [
        dbc.Button([html.I(className="bi bi-code-slash me-2"), t("embed.share", lang)],
                   id=ids.of(ids.SHARE_BUTTON, page), color="secondary", outline=True, size="sm"),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(t("embed.share.title", lang))),
            dbc.ModalBody([
                html.P(t("embed.share.help", lang), className="small text-muted"),
                html.Div(id=ids.of(ids.SHARE_MESSAGE, page)),
                dcc.Textarea(id=ids.of(ids.SHARE_CODE, page), value="", readOnly=True, rows=4,
                             className="form-control font-monospace small embed-code"),
                html.A(t("embed.share.preview", lang), id=ids.of(ids.SHARE_PREVIEW, page), href="/embed",
                       target="_blank", rel="noopener", className="small d-inline-block mt-2"),
            ]),
        ], id=ids.of(ids.SHARE_MODAL, page), is_open=False, size="lg"),
    ]
