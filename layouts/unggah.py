"""The upload page (/unggah): drop a file, confirm indicator / period / code system, see the preview with every
problem by row, column and reason (both languages), then save. Pure functions; no store access."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import fmt_number, t, urls
from layouts.common import dropdown_labels, grid_locale, page_header


class ids:
    UPLOAD = "unggah-upload"
    INDICATOR = "unggah-indicator"
    PERIOD = "unggah-period"
    CODE_SYSTEM = "unggah-code-system"
    PREVIEW = "unggah-preview"
    COMMIT = "unggah-commit"
    RESULT = "unggah-result"
    LANG = "unggah-lang"
    PROBLEMS = "unggah-problems"
    CHANGES = "unggah-changes"


def layout(indicators: Sequence[Mapping] = (), lang: str = "id", max_mb: int = 20, submits: bool = False) -> dbc.Container:
    """`submits`: the user's uploads go to a walidata for review (a produsen), so the button says so."""
    systems = [{"label": t(f"unggah.system.{s}", lang), "value": s} for s in ("auto", "kemendagri", "bps", "idm")]
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("unggah.indicator", lang), html_for=ids.INDICATOR),
                 dcc.Dropdown(id=ids.INDICATOR, options=list(indicators), clearable=True, labels=dropdown_labels(lang))], md=5),
        dbc.Col([dbc.Label(t("unggah.period", lang), html_for=ids.PERIOD),
                 dbc.Input(id=ids.PERIOD, type="text", placeholder=t("unggah.period_hint", lang), debounce=True)], md=3),
        dbc.Col([dbc.Label(t("unggah.code_system", lang)),
                 dbc.RadioItems(id=ids.CODE_SYSTEM, options=systems, value="auto", inline=True)], md=4),
    ], className="g-3 mb-3")
    drop = dcc.Upload(
        id=ids.UPLOAD, multiple=False, accept=".csv,.xlsx,.xlsm,text/csv", max_size=max_mb * 1024 * 1024,
        className="unggah-drop", style={"border": "2px dashed #6c757d", "borderRadius": "8px", "padding": "28px",
                                        "textAlign": "center", "cursor": "pointer", "background": "#f8f9fa"},
        children=html.Div([html.I(className="bi bi-cloud-arrow-up fs-2 d-block mb-2"),
                           html.Span(t("unggah.drop", lang), className="fw-semibold")]))
    return dbc.Container([
        page_header(t("unggah.title", lang), t("unggah.subtitle", lang)),
        dcc.Store(id=ids.LANG, data=lang),
        drop,
        html.P(t("unggah.limit", lang, mb=max_mb), className="text-muted small mt-2"),
        controls,
        dcc.Loading(html.Div(dbc.Alert(t("unggah.none", lang), color="light"), id=ids.PREVIEW), type="default"),
        dbc.Button([html.I(className="bi bi-check2-circle me-2"), t("unggah.submit" if submits else "unggah.commit", lang)],
                   id=ids.COMMIT,
                   color="primary", disabled=True, className="my-3"),
        dcc.Loading(html.Div(id=ids.RESULT), type="default"),
    ], fluid=True, className="pb-4")


def _grid(grid_id: str, rows: Sequence[Mapping], columns: list[dict], height: int = 320,
          lang: str = "id") -> dag.AgGrid:
    return dag.AgGrid(id=grid_id, rowData=list(rows), columnDefs=columns,
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapText": True,
                                     "autoHeight": True},
                      dashGridOptions={"localeText": grid_locale(lang),
                                       "domLayout": "autoHeight" if len(rows) <= 12 else "normal"},
                      style={"width": "100%", **({} if len(rows) <= 12 else {"height": f"{height}px"})},
                      className="mb-3")


def problem_grid(problems: Sequence[Mapping], lang: str) -> dag.AgGrid:
    """`problems`: dicts row, column, reason (in the page's language)."""
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return _grid(ids.PROBLEMS, problems, [
        col("row", "unggah.col.row", maxWidth=90), col("column", "unggah.col.column", flex=1, minWidth=140),
        col("reason", "unggah.col.reason", flex=4, minWidth=300)], lang=lang)


def change_grid(changes: Sequence[Mapping], lang: str) -> dag.AgGrid:
    """`changes`: dicts indicator, region, name, period, change, old, new (already formatted)."""
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return _grid(ids.CHANGES, changes, [
        col("indicator", "common.indicator", maxWidth=140), col("region", "katalog.col.code", maxWidth=100),
        col("name", "common.region", flex=2, minWidth=180), col("period", "common.period", maxWidth=110),
        col("change", "unggah.col.change", maxWidth=120),
        col("old", "unggah.col.old", type="rightAligned", maxWidth=140),
        col("new", "unggah.col.new", type="rightAligned", maxWidth=140)], lang=lang)


def counts_row(counts: Mapping[str, int], lang: str) -> html.Div:
    items = [("new", "success"), ("changed", "warning"), ("unchanged", "secondary"), ("skipped", "info"),
             ("problems", "danger")]
    return html.Div([dbc.Badge(f"{fmt_number(counts.get(k, 0), 0, lang)} {t('unggah.' + k, lang)}", color=c,
                               className="me-2 fs-6 unggah-count", id=f"unggah-count-{k}") for k, c in items],
                    className="mb-3")


def preview(file_name: str, counts: Mapping[str, int], notes: Sequence[str], problems: Sequence[Mapping],
            changes: Sequence[Mapping], skipped: Sequence[Mapping], lang: str = "id") -> html.Div:
    """The preview of one file: counts, how it was read, every problem, the new and changed values."""
    if problems:
        head = dbc.Alert(t("unggah.refused", lang, n=len(problems)), color="danger", className="unggah-refused")
    elif counts.get("new", 0) + counts.get("changed", 0) == 0:
        head = dbc.Alert(t("unggah.nothing_new", lang), color="secondary")
    else:
        head = dbc.Alert(t("unggah.valid", lang), color="success", className="unggah-valid")
    parts = [html.H2(f"{t('unggah.preview', lang)}: {file_name}", className="h5"), head, counts_row(counts, lang)]
    if notes:
        parts.append(html.P([html.Strong(t("unggah.notes", lang) + ": "), "; ".join(notes)], className="small"))
    if problems:
        parts.append(problem_grid(problems, lang))
    if changes:
        parts += [html.H3(t("unggah.changes", lang), className="h6"), change_grid(changes, lang)]
    if skipped:
        items = [html.Li(f"{t('unggah.col.row', lang)} {s['row']}, {s['column']}: {s['marker']!r}")
                 for s in skipped[:200]]
        parts.append(html.Details([html.Summary(f"{t('unggah.skipped_list', lang)} ({len(skipped)})"),
                                   html.Ul(items, className="small")], className="mb-3"))
    return html.Div(parts, className="unggah-preview")


def committed(batch: int, counts: Mapping[str, int], lang: str = "id", submitted: bool = False) -> dbc.Alert:
    """Saved (a walidata's upload, published) or submitted for review (a produsen's, status diajukan)."""
    key = "unggah.submitted" if submitted else "unggah.committed"
    href = urls.link("katalog", "riwayat", lang=None if lang == "id" else lang)
    return dbc.Alert([html.Span(t(key, lang, batch=batch, new=counts.get("new", 0),
                                  changed=counts.get("changed", 0))), " ",
                      dcc.Link(t("page.katalog", lang), href=href)],
                     color="info" if submitted else "success",
                     className="unggah-submitted" if submitted else "unggah-committed")


def refused(problems: Sequence[Mapping], lang: str = "id") -> html.Div:
    return html.Div([dbc.Alert(t("unggah.refused", lang, n=len(problems)), color="danger", className="unggah-refused"),
                     problem_grid(problems, lang)])
