"""The catalogue's load history: batch list, what a batch wrote, rollback and the review of submitted batches for
the custodian. Thin callbacks over plain functions; the permission is checked again in every callback (each is a
public HTTP endpoint), in services/uploads.py."""
from __future__ import annotations

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate
from flask import has_request_context, request

from i18n import fmt_date, fmt_number, label_of, normalise_lang, t
from layouts import katalog_batches as view
from layouts.katalog_batches import ids
from services import queries, uploads
from services.access import Access
from services.auth import current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError, ValidationError


def batch_rows(ctx: AppContext, lang: str, access: Access) -> list[dict]:
    """The batches the caller may see; who loaded / reviewed and the note only for the audit roles and the uploader."""
    frame = queries.batches(ctx.engine, access)
    rows = []
    for b in frame.to_dict("records"):
        who = access.can("view_audit") or (access.user is not None and b["created_by"] == access.user)
        reviewed = f"{b['reviewed_by']}, {fmt_date(b['reviewed_at'], lang, with_time=True)}" \
            if who and isinstance(b["reviewed_by"], str) else ""
        rows.append({"id": int(b["id"]), "when": fmt_date(b["created_at"], lang, with_time=True),
                     "kind": kind_label(b["kind"], lang),
                     "by": b["created_by"] if who else "",
                     "file": b["file_name"] or "",
                     "indicator": b["indicator_code"] if isinstance(b["indicator_code"], str) else "–",
                     "new": fmt_number(b["rows_new"], 0, lang), "changed": fmt_number(b["rows_changed"], 0, lang),
                     "unchanged": fmt_number(b["rows_unchanged"], 0, lang),
                     "status": t(f"batches.status.{b['status']}", lang), "status_code": b["status"],
                     "kind_code": b["kind"], "reviewed": reviewed,
                     "note": b["review_note"] if who and isinstance(b["review_note"], str) else ""})
    return rows


def kind_label(kind: str, lang: str) -> str:
    """How a batch came in, in the page language ("seed" -> "data bawaan"); an unknown kind as stored."""
    return label_of("batches.kind", kind, lang)


def change_rows(ctx: AppContext, batch: int, lang: str, access: Access, limit: int = 2000) -> list[dict]:
    frame = uploads.batch_changes(ctx.engine, batch, access).head(limit)
    return [{"indicator": r["indicator_code"], "region": r["region_code"], "name": r["region_name"],
             "period": r["period"], "old": "–" if r["old_value"] is None or r["old_value"] != r["old_value"]
             else fmt_number(r["old_value"], 2, lang), "new": fmt_number(r["value"], 2, lang)}
            for r in frame.to_dict("records")]


def section(ctx: AppContext, lang: str, access: Access):
    return view.section(batch_rows(ctx, lang, access), lang, can_rollback=access.can("rollback"),
                        show_user=access.can("view_audit") or access.can("upload"),
                        can_review=access.can("approve"))


def may_roll_back(row: dict | None, access: Access) -> bool:
    return bool(row) and access.can("rollback") and row.get("status_code") in uploads.PUBLISHED \
        and row.get("kind_code") != "seed"


def may_review(row: dict | None, access: Access) -> bool:
    return bool(row) and access.can("approve") and row.get("status_code") == "diajukan"


def batch_detail(ctx: AppContext, row: dict, lang: str, access: Access):
    """What a selected batch wrote, with the reviewer's note (returned) or the conflicts (submitted, reviewers)."""
    batch = int(row["id"])
    parts = [view.changes(batch, change_rows(ctx, batch, lang, access), lang)]
    if row.get("status_code") == "dikembalikan" and row.get("note"):
        by, _, when = row.get("reviewed", "").partition(", ")
        parts.insert(0, view.review_note("dikembalikan", by, when, row["note"], lang))
    elif row.get("status_code") == "diajukan" and access.can("approve"):
        found = uploads.pending_conflicts(ctx.engine, batch, access)
        if found:
            parts.insert(0, view.conflict_warning([p.reason_id if lang == "id" else p.reason_en for p in found],
                                                  lang))
    elif row.get("status_code") == "diajukan":
        parts.insert(0, view.message(t("batches.pending_own", lang, batch=batch), "info"))
    return parts


def roll_back(ctx: AppContext, batch: int, lang: str, access: Access):
    try:
        done = uploads.rollback(ctx.engine, batch, access, ip=_ip())
    except ValidationError as refused:
        return _refusal(refused, lang)
    return view.message(t("batches.rolled_back", lang, batch=batch, restored=done.restored, removed=done.removed),
                        "success")


def review(ctx: AppContext, batch: int, lang: str, access: Access, note: str | None = None, *, approve: bool):
    """Approve or return one submitted batch; the permission is checked in uploads (a produsen is refused)."""
    try:
        if approve:
            done = uploads.approve(ctx.engine, batch, access, ip=_ip())
            return view.message(t("batches.approved", lang, batch=batch, published=done.published,
                                  replaced=done.replaced), "success")
        uploads.return_with_note(ctx.engine, batch, note or "", access, ip=_ip())
    except ValidationError as refused:
        return _refusal(refused, lang)
    return view.message(t("batches.returned", lang, batch=batch), "success")


def _refusal(refused: ValidationError, lang: str):
    return view.message(" ".join(p.reason_id if lang == "id" else p.reason_en for p in refused.problems), "danger")


def _ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.CHANGES, "children"), Output(ids.ROLLBACK, "disabled"),
                  Output(ids.APPROVE, "disabled"), Output(ids.RETURN, "disabled"),
                  Output(ids.APPROVE_ASK, "disabled"), Output(ids.APPROVE_CONFIRM, "hidden"),
                  Input(ids.GRID, "selectedRows"), State(ids.LANG, "data"), prevent_initial_call=True)
    def select(selected, lang):
        if not selected or not isinstance(selected[0], dict) or "id" not in selected[0]:
            raise PreventUpdate
        lang, row, access = normalise_lang(lang), selected[0], current_access()
        try:
            detail = batch_detail(ctx, row, lang, access)
        except (StoreError, NoDataError, ValueError, TypeError):  # NoDataError: AccessDenied, not theirs to see
            return None, True, True, True, True, True
        refused = not may_review(row, access)
        return detail, not may_roll_back(row, access), refused, refused, refused, True

    @app.callback(Output(ids.APPROVE_CONFIRM, "hidden", allow_duplicate=True),
                  Output(ids.APPROVE_CONFIRM_TEXT, "children"),
                  Input(ids.APPROVE_ASK, "n_clicks"), Input(ids.APPROVE_CANCEL, "n_clicks"),
                  State(ids.GRID, "selectedRows"), State(ids.LANG, "data"), prevent_initial_call=True)
    def ask_approve(_ask, _cancel, selected, lang):
        if dash_ctx.triggered_id == ids.APPROVE_CANCEL or not selected:
            return True, None
        return False, t("batches.approve_confirm", normalise_lang(lang), batch=selected[0].get("id"))

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

    @app.callback(Output(ids.MESSAGE, "children", allow_duplicate=True),
                  Output(ids.GRID, "rowData", allow_duplicate=True),
                  Output(ids.APPROVE, "disabled", allow_duplicate=True),
                  Output(ids.RETURN, "disabled", allow_duplicate=True),
                  Output(ids.APPROVE_ASK, "disabled", allow_duplicate=True),
                  Output(ids.APPROVE_CONFIRM, "hidden", allow_duplicate=True),
                  Input(ids.APPROVE, "n_clicks"), Input(ids.RETURN, "n_clicks"), State(ids.GRID, "selectedRows"),
                  State(ids.NOTE, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def decide(approve_clicks, return_clicks, selected, note, lang):
        if not selected or not isinstance(selected[0], dict) or "id" not in selected[0]:
            raise PreventUpdate
        approve = dash_ctx.triggered_id == ids.APPROVE
        if not (approve_clicks if approve else return_clicks):
            raise PreventUpdate
        lang, access = normalise_lang(lang), current_access()
        try:
            batch = int(selected[0]["id"])
        except (TypeError, ValueError):
            raise PreventUpdate from None
        message = review(ctx, batch, lang, access, note, approve=approve)
        return message, batch_rows(ctx, lang, access), True, True, True, True
