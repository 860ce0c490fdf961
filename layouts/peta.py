"""The map page: controls, timeline, the map and table tabs, summary. The map itself is drawn by
layouts.choropleth (the one map builder); the page holds the figure it is given. No store access here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_number, t
from layouts.common import chart_export, dropdown_labels, graph_config, grid_locale
from layouts.embed import share as embed_share


class ids:
    INDICATOR = "peta-indicator"
    LEVEL = "peta-level"
    METHOD = "peta-method"
    PERIOD = "peta-period"
    PERIODS = "peta-periods"
    PLAY = "peta-play"
    TICK = "peta-tick"
    PARENT = "peta-parent"
    DRAWN = "peta-drawn"
    BREADCRUMB = "peta-breadcrumb"
    CRUMB_HOME = "peta-crumb-home"
    CRUMB_TAIL = "peta-crumb-tail"
    PERIOD_LABEL = "peta-period-label"
    TABS = "peta-tabs"
    GRAPH = "peta-graph"
    GRID = "peta-grid"
    SUMMARY = "peta-summary"
    NOTICE = "peta-notice"
    LANG = "peta-lang"
    HIGHLIGHT = "peta-highlight"
    SYNC = "peta-sync"
    CRUMB = "peta-crumb"  # pattern: {"type": CRUMB, "code": <region>}, one per region on the way down


MAP_HEIGHT = "calc(100vh - 300px)"  # the whole map on a 1366x768 screen, larger on bigger ones


def grid_columns(lang: str) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return [
        col("rank", "peta.col.rank", width=110, type="rightAligned"),
        col("code", "peta.col.code", width=100),
        col("name", "peta.col.name", flex=2, minWidth=220),
        col("value", "peta.col.value", flex=1, minWidth=120, type="rightAligned",
            valueFormatter={"function": "params.data.value_text"}),
        col("class_label", "peta.col.class", flex=1, minWidth=160),
        col("status", "peta.col.status", width=120),
        col("source", "peta.col.source", flex=2, minWidth=260, tooltipField="source"),
    ]


def summary(with_data: int, total: int, higher_is_better: bool | None, notes: Sequence[str], lang: str,
            categorical: bool = False) -> list:
    key = {True: "peta.direction.higher", False: "peta.direction.lower"}.get(higher_is_better, "peta.direction.neutral")
    key = "peta.direction.categories" if categorical else key
    text = t("peta.summary", lang, with_data=fmt_number(with_data, 0, lang), total=fmt_number(total, 0, lang),
             missing=fmt_number(total - with_data, 0, lang), direction=t(key, lang))
    return [html.Span(text), " ", html.Span(t("peta.rank_note", lang), className="text-muted"),
            *[html.Div(n, className="text-muted small") for n in notes]]


def crumb_id(code) -> dict:
    return {"type": ids.CRUMB, "code": code}


def crumb_tail(crumbs: Sequence[tuple[str, str]]) -> list:
    """› Jawa Barat › Kab. Bogor › Cibinong: every region on the way down is a link back up, the open one is bold."""
    tail = []
    for i, (code, name) in enumerate(crumbs):
        tail.append(html.Span("›", className="mx-2 text-muted"))
        if i == len(crumbs) - 1:
            tail.append(html.Strong(name))
        else:
            tail.append(dbc.Button(name, id=crumb_id(code), color="link", size="sm", className="p-0 align-baseline",
                                   n_clicks=0))
    return tail


def breadcrumb(crumbs: Sequence[tuple[str, str]], lang: str) -> list:
    """Indonesia › <province> › <kab/kota> › <kecamatan>: the home link is always there (disabled at home)."""
    home = dbc.Button(t("peta.breadcrumb.home", lang), id=ids.CRUMB_HOME, color="link", size="sm",
                      className="p-0 align-baseline", disabled=not crumbs, n_clicks=0)
    return [html.I(className="bi bi-geo-alt me-1"), home, html.Span(crumb_tail(crumbs), id=ids.CRUMB_TAIL)]


def level_options(levels: Sequence[str], lang: str) -> list[dict]:
    return [{"label": t(f"peta.level.{lv}", lang), "value": lv} for lv in levels]


def _radio(id_, options: Mapping[str, str], value: str) -> dbc.RadioItems:
    return dbc.RadioItems(id=id_, options=[{"label": v, "value": k} for k, v in options.items()],
                          value=value, inline=True, className="mb-0")


def layout(indicators: Sequence[dict] = (), indicator: str | None = None, level: str = "province",
           levels: Sequence[str] = ("province", "regency"),
           method: str = "quantile", periods: Sequence[str] = (), period_marks: Mapping | None = None,
           period_index: int = 0, parent: str | None = None, crumbs: Sequence[tuple[str, str]] = (),
           figure: go.Figure | None = None, drawn: str | None = None, summary_children: Sequence = (),
           notices: Sequence = (), highlight: str | None = None, period_label: str = "",
           lang: str = "id") -> dbc.Container:
    """The whole page for one checked state; `figure` is the full first figure (later changes are patches)."""
    methods = {m: t(f"peta.method.{m}", lang) for m in ("quantile", "equal", "jenks")}
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("common.indicator", lang), html_for=ids.INDICATOR, className="small mb-1"),
                 dcc.Dropdown(id=ids.INDICATOR, options=list(indicators), value=indicator, clearable=False,
                              labels=dropdown_labels(lang))],
                xl=4, lg=12, className="mb-1"),
        dbc.Col([dbc.Label(t("peta.level", lang), className="small mb-1 d-block"),
                 dbc.RadioItems(id=ids.LEVEL, options=level_options(levels, lang), value=level, inline=True,
                                className="mb-0")],
                xl=4, lg=6, className="mb-1"),
        dbc.Col([dbc.Label(t("peta.method", lang), className="small mb-1 d-block"),
                 _radio(ids.METHOD, methods, method)], xl=4, lg=6, className="mb-1"),
    ], className="g-3 align-items-end mb-1")
    timeline = dbc.Row([
        dbc.Col(html.Div(breadcrumb(crumbs, lang), id=ids.BREADCRUMB, className="text-nowrap"),
                width="auto"),
        dbc.Col(dbc.Button([html.I(className="bi bi-play-fill me-1"), t("peta.play", lang)], id=ids.PLAY,
                           color="primary", outline=True, size="sm", n_clicks=0), width="auto"),
        dbc.Col([html.Label(t("peta.period", lang), htmlFor=ids.PERIOD, className="visually-hidden"),
                 dcc.Slider(id=ids.PERIOD, min=0, max=max(len(periods) - 1, 0), step=1, value=period_index,
                           marks=dict(period_marks or {}), included=False, allow_direct_input=False,
                           updatemode="mouseup")], className="pt-1"),
        dbc.Col(html.Strong(period_label, id=ids.PERIOD_LABEL), width="auto", className="peta-period-label"),
    ], className="align-items-center mb-1 g-3")
    grid = dag.AgGrid(id=ids.GRID, rowData=[], columnDefs=grid_columns(lang),
                      defaultColDef={"sortable": True, "filter": True, "resizable": True},
                      dashGridOptions={"localeText": grid_locale(lang), "animateRows": False}, getRowId="params.data.code",
                      style={"height": MAP_HEIGHT, "minHeight": "420px", "width": "100%"})
    tabs = dbc.Tabs([
        dbc.Tab(dcc.Graph(id=ids.GRAPH, figure=figure or go.Figure(), config=graph_config("peta"), responsive=True,
                          style={"height": MAP_HEIGHT, "minHeight": "420px"}), label=t("peta.tab.map", lang),
                tab_id="map"),
        dbc.Tab(grid, label=t("peta.tab.table", lang), tab_id="table"),
    ], id=ids.TABS, active_tab="map", className="mb-2")
    return dbc.Container([
        html.Div([html.H1(t("peta.title", lang), className="h4 mb-0 me-3 d-inline"),
                  html.Span(t("peta.subtitle", lang), className="text-muted small")], className="mt-2 mb-2"),
        html.Div(list(notices), id=ids.NOTICE),
        controls,
        timeline,
        tabs,
        html.Div(list(summary_children), id=ids.SUMMARY, className="small mb-2"),
        html.Div([chart_export("peta", lang), html.Div(embed_share("peta", lang), className="d-flex gap-2 mt-2")],
                 className="mb-4"),
        dcc.Interval(id=ids.TICK, interval=1500, disabled=True),
        dcc.Store(id=ids.PERIODS, data=list(periods)),
        # "" for Indonesia, not None: a memory Store mounted with data=None reports a data change (undefined ->
        # null), which re-ran the periods and map callbacks and redrew the map a moment after it first showed
        dcc.Store(id=ids.PARENT, data=parent or ""),
        dcc.Store(id=ids.DRAWN, data=drawn),
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.HIGHLIGHT, data=highlight),
        html.Div(id=ids.SYNC, hidden=True),
    ], fluid=True, className="pb-2 peta-page")
