"""The executive brief on screen and on paper: the download buttons (PDF, XLSX) that the overview and priorities
pages carry, and in this package the renderers of a models.brief.Brief: `text` (its numbers as words), `pdf`,
`xlsx` and `chart` (the map picture, through kaleido). The content comes from services.brief."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t


class ids:
    """Pattern ids, one set per page (`page` = the page module), so two pages never share a component id."""

    PDF_BUTTON = "brief-pdf-button"
    XLSX_BUTTON = "brief-xlsx-button"
    PDF = "brief-pdf"
    XLSX = "brief-xlsx"

    @staticmethod
    def of(kind: str, page: str) -> dict:
        return {"type": kind, "page": page}


def downloads(page: str, lang: str = "id") -> html.Div:
    """PDF and XLSX buttons with their downloads; a spinner overlays them while the brief is drawn (a few s)."""
    return html.Div(dcc.Loading([
        dbc.ButtonGroup([
            dbc.Button([html.I(className="bi bi-file-earmark-pdf me-2"), t("brief.download_pdf", lang)],
                       id=ids.of(ids.PDF_BUTTON, page), color="primary", size="sm"),
            dbc.Button([html.I(className="bi bi-file-earmark-spreadsheet me-1"), t("brief.download_xlsx", lang)],
                       id=ids.of(ids.XLSX_BUTTON, page), color="primary", outline=True, size="sm"),
        ], className="brief-downloads"),
        dcc.Download(id=ids.of(ids.PDF, page)),
        dcc.Download(id=ids.of(ids.XLSX, page)),
    ], type="circle", delay_show=200, overlay_style={"visibility": "visible", "opacity": 0.5}),
        className="d-inline-block")
