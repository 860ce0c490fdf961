"""The walidata's feedback inbox: messages with their contact, and the answer form."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from i18n import fmt_date, fmt_period, normalise_lang, t
from layouts import kotak_masuk
from layouts.common import error_block
from layouts.kotak_masuk import ids
from services import feedback, queries
from services.auth import current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError


def inbox_rows(ctx: AppContext, lang: str) -> list[dict]:
    access = current_access()
    frame = feedback.inbox(ctx.engine, access)
    regions = queries.regions_by_code(ctx.engine, frame["region_code"].tolist()).set_index("code")["name"]
    rows = []
    for r in frame.to_dict("records"):
        period = fmt_period(r["period"], lang) if r["period"] else "–"
        rows.append({"id": str(r["id"]), "created": fmt_date(r["created_at"], lang, with_time=True),
                     "figure": f"{r['indicator_code']} · {regions.get(r['region_code'], r['region_code'])} · {period}",
                     "kind": t(f"feedback.kind.{r['kind']}", lang), "message": r["message"],
                     "contact": r["contact"] or "", "answer": r["answer"] or ""})
    return rows


def waiting_batches(ctx: AppContext, access) -> int:
    """How many produsen uploads await this reviewer (the inbox links to them in the catalogue)."""
    if not access.can("approve"):
        return 0
    frame = queries.batches(ctx.engine, access)
    return int((frame["status"] == "diajukan").sum()) if not frame.empty else 0


def page(ctx: AppContext):
    def layout(lang: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            return kotak_masuk.layout(inbox_rows(ctx, lang), lang, waiting=waiting_batches(ctx, current_access()))
        except (StoreError, PermissionError):
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.INBOX_RESULT, "children"), Output(ids.INBOX_GRID, "rowData"),
                  Input(ids.INBOX_SAVE, "n_clicks"), State(ids.INBOX_GRID, "selectedRows"),
                  State(ids.INBOX_ANSWER, "value"), State(ids.INBOX_PUBLISH, "value"), State(ids.INBOX_LANG, "data"),
                  prevent_initial_call=True)
    def save(n, selected, text, publish, lang):
        if not n or not selected:
            raise PreventUpdate
        lang = normalise_lang(lang)
        try:
            feedback.answer(ctx.engine, current_access(), int(selected[0]["id"]), text or "", bool(publish))
        except feedback.FeedbackRefused as refused:
            return dbc.Alert(t(refused.key, lang, **refused.values), color="warning"), inbox_rows(ctx, lang)
        except (PermissionError, NoDataError, StoreError):
            raise PreventUpdate from None
        return dbc.Alert(t("kotak_masuk.saved", lang), color="success"), inbox_rows(ctx, lang)
