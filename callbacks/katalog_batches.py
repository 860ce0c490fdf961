"""The catalogue's load history: batch list, what a batch wrote, rollback for the custodian. Thin callbacks over
plain functions; the permission is checked again in every callback (each is a public HTTP endpoint)."""
from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate
from flask import has_request_context, request

from dashboard import queries, uploads
from dashboard.access import Access
from dashboard.auth import current_access
from dashboard.context import AppContext
from dashboard.i18n import fmt_date, fmt_number, normalise_lang, t
from data.errors import StoreError, ValidationError
from layouts import katalog_batches as view
from layouts.katalog_batches import ids


def batch_rows(ctx: AppContext, lang: str, access: Access) -> list[dict]:
    frame = queries.batches(ctx.engine)
    rows = []
    for b in frame.to_dict("records"):
        rows.append({"id": int(b["id"]), "when": fmt_date(b["created_at"], lang, with_time=True), "kind": b["kind"],
                     "by": b["created_by"] if access.can("view_audit") else "",
                     "file": b["file_name"] or "",
                     "indicator": b["indicator_code"] if isinstance(b["indicator_code"], str) else "–",
                     "new": fmt_number(b["rows_new"], 0, lang), "changed": fmt_number(b["rows_changed"], 0, lang),
                     "unchanged": fmt_number(b["rows_unchanged"], 0, lang),
                     "status": t(f"batches.status.{b['status']}", lang), "status_code": b["status"],
                     "kind_code": b["kind"]})
    return rows


def change_rows(ctx: AppContext, batch: int, lang: str, limit: int = 2000) -> list[dict]:
    frame = uploads.batch_changes(ctx.engine, batch).head(limit)
    return [{"indicator": r["indicator_code"], "region": r["region_code"], "name": r["region_name"],
             "period": r["period"], "old": "–" if r["old_value"] is None or r["old_value"] != r["old_value"]
             else fmt_number(r["old_value"], 2, lang), "new": fmt_number(r["value"], 2, lang)}
            for r in frame.to_dict("records")]


def section(ctx: AppContext, lang: str, access: Access):
    return view.section(batch_rows(ctx, lang, access), lang, can_rollback=access.can("rollback"),
                        show_user=access.can("view_audit"))


def may_roll_back(row: dict | None, access: Access) -> bool:
    return bool(row) and access.can("rollback") and row.get("status_code") == "committed" \
        and row.get("kind_code") != "seed"


def roll_back(ctx: AppContext, batch: int, lang: str, access: Access):
    try:
        done = uploads.rollback(ctx.engine, batch, access, ip=request.remote_addr if has_request_context() else None)
    except ValidationError as refused:
        return view.message(" ".join(p.reason_id if lang == "id" else p.reason_en for p in refused.problems),
                            "danger")
    return view.message(t("batches.rolled_back", lang, batch=batch, restored=done.restored, removed=done.removed),
                        "success")


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.CHANGES, "children"), Output(ids.ROLLBACK, "disabled"),
                  Input(ids.GRID, "selectedRows"), State(ids.LANG, "data"), prevent_initial_call=True)
    def select(selected, lang):
        if not selected:
            raise PreventUpdate
        lang, row = normalise_lang(lang), selected[0]
        try:
            return view.changes(row["id"], change_rows(ctx, int(row["id"]), lang), lang), \
                not may_roll_back(row, current_access())
        except StoreError:
            return no_update, True

    @app.callback(Output(ids.CONFIRM, "displayed"), Output(ids.CONFIRM, "message"),
                  Input(ids.ROLLBACK, "n_clicks"), State(ids.GRID, "selectedRows"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def ask(n_clicks, selected, lang):
        if not n_clicks or not selected:
            raise PreventUpdate
        return True, t("batches.confirm", normalise_lang(lang), batch=selected[0]["id"])

    @app.callback(Output(ids.MESSAGE, "children"), Output(ids.GRID, "rowData"),
                  Output(ids.ROLLBACK, "disabled", allow_duplicate=True),
                  Input(ids.CONFIRM, "submit_n_clicks"), State(ids.GRID, "selectedRows"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def confirm(submitted, selected, lang):
        if not submitted or not selected:
            raise PreventUpdate
        lang, access = normalise_lang(lang), current_access()
        message = roll_back(ctx, int(selected[0]["id"]), lang, access)
        return message, batch_rows(ctx, lang, access), True
