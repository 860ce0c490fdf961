"""Audit-log page: readable by walidata and admin only (the query itself refuses everyone else)."""
from __future__ import annotations

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from i18n import fmt_date, normalise_lang, t
from layouts import audit as audit_layout
from layouts.audit import ids
from layouts.common import error_block
from services import audit
from services.access import Access
from services.auth import current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError


def audit_rows(ctx: AppContext, access: Access, lang: str, action: str | None = None) -> list[dict]:
    """Formatted audit rows; NoDataError when `access` may not view the log."""
    frame = audit.entries(ctx.engine, access, action=action)
    return [{"at": fmt_date(r["at"], lang, with_time=True), "actor": r["actor"] or "",
             "action": audit_layout.action_label(r["action"], lang),
             "target": r["target"] or "", "success": t("admin.yes" if r["success"] else "admin.no", lang),
             "detail": audit_layout.detail_text(r["detail"]), "ip": r["ip"] or ""} for r in frame.to_dict("records")]


def page(ctx: AppContext):
    def layout(lang: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            return audit_layout.layout(audit_rows(ctx, current_access(), lang), lang, audit.ACTIONS)
        except (StoreError, NoDataError):
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.GRID, "rowData"), Input(ids.ACTION, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def filter_rows(action, lang):
        try:
            return audit_rows(ctx, current_access(), normalise_lang(lang), action)
        except NoDataError:
            raise PreventUpdate from None
