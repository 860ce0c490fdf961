"""The walidata's feedback inbox: messages with their contact and the answer form."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t, urls
from layouts.common import grid_locale, page_header


class ids:
    INBOX_GRID = "inbox-grid"
    INBOX_ANSWER = "inbox-answer"
    INBOX_PUBLISH = "inbox-publish"
    INBOX_SAVE = "inbox-save"
    INBOX_RESULT = "inbox-result"
    INBOX_LANG = "inbox-lang"


def layout(rows: Sequence[Mapping] = (), lang: str = "id", waiting: int = 0) -> dbc.Container:
    """`waiting`: produsen uploads awaiting review, linked to the catalogue's load history."""
    col = lambda f, k, **kw: {"field": f, "headerName": t(k, lang), **kw}
    katalog = urls.link("katalog", "riwayat", lang=None if lang == "id" else lang)
    return dbc.Container([
        page_header(t("kotak_masuk.title", lang), t("kotak_masuk.subtitle", lang)),
        dbc.Alert([html.I(className="bi bi-inbox me-2"), t("batches.waiting_inbox", lang, n=waiting), " ",
                   dcc.Link(t("batches.open_review", lang), href=katalog)], color="warning",
                  className="kotak-masuk-batches") if waiting else None,
        dcc.Store(id=ids.INBOX_LANG, data=lang),
        dag.AgGrid(id=ids.INBOX_GRID, rowData=list(rows), columnDefs=[
            col("created", "kotak_masuk.col.created", width=150), col("figure", "kotak_masuk.col.figure", flex=2),
            col("kind", "kotak_masuk.col.kind", width=150), col("message", "kotak_masuk.col.message", flex=3),
            col("contact", "kotak_masuk.col.contact", flex=1), col("answer", "kotak_masuk.col.answer", flex=2)],
            defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapText": True, "autoHeight": True},
            dashGridOptions={"localeText": grid_locale(lang), "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                             "domLayout": "autoHeight"},
            getRowId="'' + params.data.id", className="mb-3"),
        dbc.Label(t("kotak_masuk.answer", lang), html_for=ids.INBOX_ANSWER),
        dbc.Textarea(id=ids.INBOX_ANSWER, rows=3, maxLength=2000, placeholder=t("kotak_masuk.pick", lang)),
        dbc.Checkbox(id=ids.INBOX_PUBLISH, value=True, label=t("kotak_masuk.publish", lang), className="my-2"),
        dbc.Button(t("kotak_masuk.save", lang), id=ids.INBOX_SAVE, color="primary"),
        html.Div(id=ids.INBOX_RESULT, className="mt-3"),
    ], fluid=True, className="pb-4")
