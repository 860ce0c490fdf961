"""The catalogue's load history: every import batch, what a selected batch wrote (old -> new), and rollback for
those allowed to. Pure functions; no store access."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t


class ids:
    GRID = "katalog-batches-grid"
    CHANGES = "katalog-batches-changes"
    ROLLBACK = "katalog-batches-rollback"
    CONFIRM = "katalog-batches-confirm"
    MESSAGE = "katalog-batches-message"
    LANG = "katalog-batches-lang"


def columns(lang: str, show_user: bool) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}  # noqa: E731
    out = [col("id", "batches.col.id", maxWidth=100, type="rightAligned"), col("when", "batches.col.when", minWidth=150),
           col("kind", "batches.col.kind", maxWidth=110)]
    if show_user:
        out.append(col("by", "batches.col.by", maxWidth=140))
    return out + [col("file", "batches.col.file", flex=2, minWidth=180, tooltipField="file"),
                  col("indicator", "common.indicator", maxWidth=150),
                  col("new", "unggah.new", maxWidth=100, type="rightAligned"),
                  col("changed", "unggah.changed", maxWidth=110, type="rightAligned"),
                  col("unchanged", "unggah.unchanged", maxWidth=100, type="rightAligned"),
                  col("status", "batches.col.status", maxWidth=140)]


def section(rows: Sequence[Mapping] = (), lang: str = "id", can_rollback: bool = False,
            show_user: bool = False) -> html.Div:
    """`rows`: one formatted dict per batch (newest first)."""
    return html.Div([
        html.H2(t("batches.title", lang), className="h4 mt-4"),
        html.P(t("batches.subtitle", lang), className="text-muted"),
        dcc.Store(id=ids.LANG, data=lang),
        dag.AgGrid(id=ids.GRID, rowData=list(rows), columnDefs=columns(lang, show_user),
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                                    "domLayout": "autoHeight", "pagination": True, "paginationPageSize": 10,
                                    "paginationPageSizeSelector": False},
                   getRowId="params.data.id", className="mb-2", style={"width": "100%"}),
        dbc.Button([html.I(className="bi bi-arrow-counterclockwise me-2"), t("batches.rollback", lang)],
                   id=ids.ROLLBACK, color="danger", outline=True, disabled=True, className="mb-2",
                   style=None if can_rollback else {"display": "none"}),
        dcc.ConfirmDialog(id=ids.CONFIRM, message=""),
        html.Div(id=ids.MESSAGE),
        html.Div(id=ids.CHANGES),
    ], className="katalog-batches")


def changes(batch: int, rows: Sequence[Mapping], lang: str = "id") -> html.Div:
    """`rows`: indicator, region, name, period, old, new (formatted)."""
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}  # noqa: E731
    grid = dag.AgGrid(rowData=list(rows), columnDefs=[
        col("indicator", "common.indicator", maxWidth=140), col("region", "katalog.col.code", maxWidth=100),
        col("name", "common.region", flex=2, minWidth=180), col("period", "common.period", maxWidth=110),
        col("old", "unggah.col.old", type="rightAligned", maxWidth=140),
        col("new", "unggah.col.new", type="rightAligned", maxWidth=140)],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                         "paginationPageSizeSelector": False},
        style={"width": "100%"})
    return html.Div([html.H3(t("batches.changes", lang, batch=batch), className="h6 mt-2"), grid],
                    className="katalog-batch-changes")


def message(text: str, color: str) -> dbc.Alert:
    return dbc.Alert(text, color=color, dismissable=True, className="katalog-batches-alert")
