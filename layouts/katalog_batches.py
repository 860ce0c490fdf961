"""The catalogue's load history: every import batch, what a selected batch wrote (old -> new), rollback for those
allowed to, and the walidata's review of submitted batches (approve, or return with a note). Pure functions; no
store access."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t
from layouts.common import WRAP, grid_locale


class ids:
    GRID = "katalog-batches-grid"
    CHANGES = "katalog-batches-changes"
    ROLLBACK = "katalog-batches-rollback"
    CONFIRM = "katalog-batches-confirm"
    MESSAGE = "katalog-batches-message"
    LANG = "katalog-batches-lang"
    APPROVE_ASK = "katalog-batches-approve-ask"  # opens the confirmation; APPROVE inside it publishes
    APPROVE_CONFIRM = "katalog-batches-approve-confirm"
    APPROVE_CONFIRM_TEXT = "katalog-batches-approve-confirm-text"
    APPROVE_CANCEL = "katalog-batches-approve-cancel"
    APPROVE = "katalog-batches-approve"
    RETURN = "katalog-batches-return"
    NOTE = "katalog-batches-note"
    REVIEW = "katalog-batches-review"


def columns(lang: str, show_user: bool) -> list[dict]:
    """Narrow enough that a reviewer's columns (reviewed, note) fit 1366 px without scrolling sideways; the counts
    need no filter (its header button would squeeze their titles). Times wrap under their date and headers wrap
    rather than ending in "19:4…" or "Indik…"; the count columns are wide enough for a whole header word."""
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    count = lambda field, key, width: col(field, key, width=width, type="rightAligned", filter=False)
    out = [count("id", "batches.col.id", 70), col("when", "batches.col.when", width=125, **WRAP),
           col("kind", "batches.col.kind", width=95, **WRAP)]
    if show_user:
        out.append(col("by", "batches.col.by", width=90))
    # "new" fits the bundled village batch's 376.240 rows (it read "376.…"); the file name (tooltip) gives way
    out += [col("file", "batches.col.file", flex=2, minWidth=100, tooltipField="file"),
            col("indicator", "common.indicator", width=110),
            count("new", "unggah.new", 85), count("changed", "unggah.changed", 90),
            count("unchanged", "unggah.unchanged", 105),
            col("status", "batches.col.status", width=125, cellClass="batch-status", **WRAP)]
    if show_user:
        out += [col("reviewed", "batches.col.reviewed", width=140, tooltipField="reviewed", **WRAP),
                col("note", "batches.col.note", flex=1, minWidth=125, tooltipField="note", **WRAP)]
    return out


def section(rows: Sequence[Mapping] = (), lang: str = "id", can_rollback: bool = False,
            show_user: bool = False, can_review: bool = False) -> html.Div:
    """`rows`: one formatted dict per batch (newest first); `can_review`: the approve / return controls."""
    waiting = sum(1 for r in rows if r.get("status_code") == "diajukan")
    return html.Div([
        html.H2(t("batches.title", lang), className="h4 mt-4", id="riwayat"),
        html.P(t("batches.subtitle", lang), className="text-muted"),
        pending_notice(waiting, lang) if can_review and waiting else None,
        dcc.Store(id=ids.LANG, data=lang),
        dag.AgGrid(id=ids.GRID, rowData=list(rows), columnDefs=columns(lang, show_user),
                   defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                                  "autoHeaderHeight": True},
                   dashGridOptions={"localeText": grid_locale(lang),
                                    "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                                    "domLayout": "autoHeight", "pagination": True, "paginationPageSize": 10,
                                    "paginationPageSizeSelector": False},
                   getRowId="'' + params.data.id", className="mb-2", style={"width": "100%"}),
        dbc.Button([html.I(className="bi bi-arrow-counterclockwise me-2"), t("batches.rollback", lang)],
                   id=ids.ROLLBACK, color="danger", outline=True, disabled=True, className="mb-2",
                   style=None if can_rollback else {"display": "none"}),
        review_controls(lang, can_review),
        dcc.ConfirmDialog(id=ids.CONFIRM, message=""),
        html.Div(id=ids.MESSAGE),
        html.Div(id=ids.CHANGES),
    ], className="katalog-batches")


def changes(batch: int, rows: Sequence[Mapping], lang: str = "id") -> html.Div:
    """`rows`: indicator, region, name, period, old, new (formatted)."""
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    grid = dag.AgGrid(rowData=list(rows), columnDefs=[
        col("indicator", "common.indicator", maxWidth=140), col("region", "katalog.col.code", maxWidth=100),
        col("name", "common.region", flex=2, minWidth=180), col("period", "common.period", maxWidth=110),
        col("old", "unggah.col.old", type="rightAligned", maxWidth=140),
        col("new", "unggah.col.new", type="rightAligned", maxWidth=140)],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"localeText": grid_locale(lang), "domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                         "paginationPageSizeSelector": False},
        style={"width": "100%"})
    return html.Div([html.H3(t("batches.changes", lang, batch=batch), className="h6 mt-2"), grid],
                    className="katalog-batch-changes")


def message(text: str, color: str) -> dbc.Alert:
    return dbc.Alert(text, color=color, dismissable=True, className="katalog-batches-alert")


def pending_notice(waiting: int, lang: str = "id") -> dbc.Alert:
    return dbc.Alert([html.I(className="bi bi-inbox me-2"), t("batches.waiting", lang, n=waiting)],
                     color="warning", className="katalog-batches-waiting")


def review_controls(lang: str = "id", visible: bool = False) -> html.Div:
    """Approve / return-with-note for a selected submitted batch (walidata, admin; the server checks again)."""
    return html.Div([
        html.H3(t("batches.review", lang), className="h6"),
        dbc.Textarea(id=ids.NOTE, placeholder=t("batches.note_hint", lang), rows=2, maxLength=2000,
                     className="mb-2"),
        dbc.Button([html.I(className="bi bi-check2-circle me-2"), t("batches.approve", lang)], id=ids.APPROVE_ASK,
                   color="success", disabled=True, className="me-2 mb-2"),
        dbc.Button([html.I(className="bi bi-reply me-2"), t("batches.return", lang)], id=ids.RETURN,
                   color="warning", outline=True, disabled=True, className="mb-2"),
        html.Div([  # publishing shows values to every reader: one more, deliberate click
            html.P(id=ids.APPROVE_CONFIRM_TEXT, className="mb-2"),
            dbc.Button(t("batches.approve_yes", lang), id=ids.APPROVE, color="success", disabled=True,
                       className="me-2"),
            dbc.Button(t("batches.approve_no", lang), id=ids.APPROVE_CANCEL, color="secondary", outline=True),
        ], id=ids.APPROVE_CONFIRM, hidden=True, className="alert alert-warning mb-2", role="alertdialog"),
    ], id=ids.REVIEW, className="katalog-batches-review border rounded p-2 mb-2",
        style=None if visible else {"display": "none"})


def review_note(status: str, by: str, when: str, note: str, lang: str = "id") -> dbc.Alert:
    """The reviewer's note on a returned batch, for its uploader."""
    return dbc.Alert([html.Strong(t(f"batches.status.{status}", lang) + f" — {by}, {when}: "), note],
                     color="warning", className="katalog-batches-note")


def conflict_warning(problems: Sequence[str], lang: str = "id") -> dbc.Alert:
    return dbc.Alert([html.Strong(t("batches.conflicts", lang, n=len(problems))),
                      html.Ul([html.Li(p) for p in problems[:10]], className="mb-0 small")],
                     color="danger", className="katalog-batches-conflicts")
