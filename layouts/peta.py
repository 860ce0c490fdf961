"""The map page: controls, the choropleth figure (geometry by URL, values by trace updates), table and legend.

The figure is built in two parts so that a change of indicator or period can be a `Patch`: `base_figure`
(geometry URL, names, layout) and `value_updates` (colours, values, ranks, hover), which the full figure and the
patch both apply. No store access here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import Patch, dcc, html

from dashboard.i18n import fmt_number, t
from layouts.common import chart_export, dropdown_labels, graph_config, grid_locale, separators
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


NO_DATA_COLOUR = "#cfcfcf"
MAP_HEIGHT = "calc(100vh - 300px)"  # the whole map on a 1366x768 screen, larger on bigger ones
BORDER = "#ffffff"
#: ColorBrewer sequential schemes (colour-blind safe), light to dark, 5 classes.
BAD_SCALE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # YlOrRd: darker = worse
NEUTRAL_SCALE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # Blues: darker = higher


def palette(higher_is_better: bool | None, k: int) -> list[str]:
    """One colour per class, lowest class first; darker = worse (or higher, for an indicator without polarity)."""
    base = list(NEUTRAL_SCALE if higher_is_better is None else BAD_SCALE)
    colours = [base[round(i * (len(base) - 1) / (k - 1))] for i in range(k)] if k > 1 else [base[2]]
    return colours[::-1] if higher_is_better else colours


def stepped_colorscale(low: float, high: float, stops: Sequence[float], colours: Sequence[str]) -> list[list]:
    """A plotly colorscale over [low, high] that changes colour exactly at `stops` (one fewer than colours)."""
    if not colours:
        return [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]]
    span = high - low
    positions = [min(max((s - low) / span, 0.0), 1.0) if span > 0 else 0.0 for s in stops]
    scale, start = [], 0.0
    for colour, end in zip(colours, [*positions, 1.0], strict=True):
        scale += [[start, colour], [end, colour]]
        start = end
    return scale


def tick_labels(edges: Sequence[float], decimals: int, lang: str) -> list[str]:
    """Colour-bar labels at the class edges (minimum, upper bound of each class), formatted for `lang`."""
    return [fmt_number(v, decimals, lang) for v in edges]


def class_labels(edges: Sequence[float], decimals: int, lang: str) -> list[str]:
    """Table labels per class: '59,58 – 68,81', '> 68,81 – 71,01', ... from (low, bin_1, ..., bin_k)."""
    f = lambda v: fmt_number(v, decimals, lang)  # noqa: E731
    labels = [f"{f(edges[0])} – {f(edges[1])}" if edges[0] != edges[1] else f(edges[1])]
    labels += [f"> {f(edges[i])} – {f(edges[i + 1])}" for i in range(1, len(edges) - 1)]
    return labels


def hover_template(unit: str, decimals: int, total: int, lang: str) -> str:
    rank = t("peta.hover.rank", lang, rank="%{customdata}", total=total)
    return f"<b>%{{text}}</b><br>%{{z:,.{decimals}f}} {unit}<br>{rank}<extra></extra>"


def value_updates(missing_codes: Sequence[str], missing_names: Sequence[str], values: np.ndarray,
                  ranks: np.ndarray, edges: Sequence[float], stops: Sequence[float], colours: Sequence[str],
                  unit: str, decimals: int, lang: str) -> tuple[dict, dict]:
    """Trace properties that change with indicator or period: (no-data layer, value layer).

    `values` are the published values (NaN = none: not drawn, the grey layer shows), `ranks` integers (any
    number where there is no value; it is never shown). Arrays go out as numpy so Dash serialises them fast.
    """
    total = int(np.isfinite(values).sum())
    low, high = (edges[0], edges[-1]) if edges else (0.0, 1.0)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    missing = {"locations": list(missing_codes), "z": np.zeros(len(missing_codes), dtype=np.int8),
               "text": list(missing_names)}
    shown = {
        "z": values, "customdata": ranks, "zmin": low, "zmax": high,
        "colorscale": stepped_colorscale(low, high, stops, colours),
        "colorbar": {"tickvals": [round(float(e), decimals + 2) for e in edges],
                     "ticktext": tick_labels(edges, decimals, lang), "title": {"text": unit}},
        "hovertemplate": hover_template(unit, decimals, total, lang),
    }
    return missing, shown


def base_figure(geo_url: str, codes: Sequence[str], names: Sequence[str], revision: str, lang: str) -> go.Figure:
    """Geometry by URL (fetched once, cached by the browser), one no-data layer and one value layer."""
    no_data = go.Choropleth(
        geojson=geo_url, locations=[], z=[], colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
        marker={"line": {"color": BORDER, "width": 0.4}}, name=t("peta.legend.no_data", lang), showlegend=True,
        hovertemplate=f"<b>%{{text}}</b><br>{t('peta.hover.no_data', lang)}<extra></extra>",
    )
    shown = go.Choropleth(
        geojson=geo_url, locations=list(codes), text=list(names), z=[], showlegend=False,
        marker={"line": {"color": BORDER, "width": 0.4}},
        colorbar={"thickness": 14, "len": 0.82, "y": 0.0, "yanchor": "bottom", "x": 0.995, "xanchor": "right", "outlinewidth": 0,
                  "title": {"side": "top", "font": {"size": 12}}, "tickfont": {"size": 11}},
    )
    figure = go.Figure([no_data, shown])
    # equirectangular (the default): with fitbounds, "mercator" leaves Indonesia small in a world-shaped frame
    # the right 8% is the colour bar's: a wide frame (the embed) otherwise draws Papua underneath it
    figure.update_geos(visible=False, fitbounds="locations", bgcolor="rgba(0,0,0,0)", domain={"x": [0, 0.92], "y": [0, 1]})
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 8, "b": 0}, autosize=True, separators=separators(lang),
        paper_bgcolor="rgba(0,0,0,0)", uirevision=revision, hoverlabel={"bgcolor": "white"},
        legend={"x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.7)"},
    )
    return figure


def full_figure(geo_url: str, codes, names, revision: str, updates: tuple[dict, dict], lang: str) -> go.Figure:
    figure = base_figure(geo_url, codes, names, revision, lang)
    figure.update_traces(updates[0], selector=0)
    figure.update_traces(updates[1], selector=1)
    return figure


def value_patch(updates: tuple[dict, dict]) -> Patch:
    """Only what changes with indicator or period: a few KB instead of the whole figure."""
    patch = Patch()

    def assign(target, props: Mapping) -> None:
        for key, value in props.items():
            if isinstance(value, dict):  # e.g. colorbar: keep its size and fonts, change ticks and title text
                assign(target[key], value)
            else:
                target[key] = value

    for index, props in enumerate(updates):
        assign(patch["data"][index], props)
    return patch


def grid_columns(lang: str) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}  # noqa: E731
    return [
        col("rank", "peta.col.rank", width=110, type="rightAligned"),
        col("code", "peta.col.code", width=100),
        col("name", "peta.col.name", flex=2, minWidth=220),
        col("value", "peta.col.value", flex=1, minWidth=120, type="rightAligned",
            valueFormatter={"function": "params.data.value_text"}),
        col("class_label", "peta.col.class", flex=1, minWidth=160),
        col("status", "peta.col.status", width=120),
    ]


def summary(with_data: int, total: int, higher_is_better: bool | None, notes: Sequence[str], lang: str) -> list:
    key = {True: "peta.direction.higher", False: "peta.direction.lower"}.get(higher_is_better, "peta.direction.neutral")
    text = t("peta.summary", lang, with_data=fmt_number(with_data, 0, lang), total=fmt_number(total, 0, lang),
             missing=fmt_number(total - with_data, 0, lang), direction=t(key, lang))
    return [html.Span(text), " ", html.Span(t("peta.rank_note", lang), className="text-muted"),
            *[html.Div(n, className="text-muted small") for n in notes]]


def crumb_tail(parent: str | None, parent_name: str | None) -> list:
    if not parent:
        return []
    return [html.Span("›", className="mx-2 text-muted"), html.Strong(parent_name or parent)]


def breadcrumb(parent: str | None, parent_name: str | None, lang: str) -> list:
    """Indonesia › <province>: the home link is always there (disabled at home), the tail is updated."""
    home = dbc.Button(t("peta.breadcrumb.home", lang), id=ids.CRUMB_HOME, color="link", size="sm",
                      className="p-0 align-baseline", disabled=parent is None, n_clicks=0)
    return [html.I(className="bi bi-geo-alt me-1"), home,
            html.Span(crumb_tail(parent, parent_name), id=ids.CRUMB_TAIL)]


def _radio(id_, options: Mapping[str, str], value: str) -> dbc.RadioItems:
    return dbc.RadioItems(id=id_, options=[{"label": v, "value": k} for k, v in options.items()],
                          value=value, inline=True, className="mb-0")


def layout(indicators: Sequence[dict] = (), indicator: str | None = None, level: str = "province",
           method: str = "quantile", periods: Sequence[str] = (), period_marks: Mapping | None = None,
           period_index: int = 0, parent: str | None = None, parent_name: str | None = None,
           figure: go.Figure | None = None, drawn: str | None = None, summary_children: Sequence = (),
           notices: Sequence = (), highlight: str | None = None, period_label: str = "",
           lang: str = "id") -> dbc.Container:
    """The whole page for one checked state; `figure` is the full first figure (later changes are patches)."""
    levels = {lv: t(f"peta.level.{lv}", lang) for lv in ("province", "regency")}
    methods = {m: t(f"peta.method.{m}", lang) for m in ("quantile", "equal", "jenks")}
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("common.indicator", lang), html_for=ids.INDICATOR, className="small mb-1"),
                 dcc.Dropdown(id=ids.INDICATOR, options=list(indicators), value=indicator, clearable=False,
                              labels=dropdown_labels(lang))],
                xl=4, lg=12, className="mb-1"),
        dbc.Col([dbc.Label(t("peta.level", lang), className="small mb-1 d-block"), _radio(ids.LEVEL, levels, level)],
                xl=3, lg=5, className="mb-1"),
        dbc.Col([dbc.Label(t("peta.method", lang), className="small mb-1 d-block"),
                 _radio(ids.METHOD, methods, method)], xl=5, lg=7, className="mb-1"),
    ], className="g-3 align-items-end mb-1")
    timeline = dbc.Row([
        dbc.Col(html.Div(breadcrumb(parent, parent_name, lang), id=ids.BREADCRUMB, className="text-nowrap"),
                width="auto"),
        dbc.Col(dbc.Button([html.I(className="bi bi-play-fill me-1"), t("peta.play", lang)], id=ids.PLAY,
                           color="primary", outline=True, size="sm", n_clicks=0), width="auto"),
        dbc.Col(dcc.Slider(id=ids.PERIOD, min=0, max=max(len(periods) - 1, 0), step=1, value=period_index,
                           marks=dict(period_marks or {}), included=False, allow_direct_input=False,
                           updatemode="mouseup"), className="pt-1"),
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
        dcc.Store(id=ids.PARENT, data=parent),
        dcc.Store(id=ids.DRAWN, data=drawn),
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.HIGHLIGHT, data=highlight),
        html.Div(id=ids.SYNC, hidden=True),
    ], fluid=True, className="pb-2 peta-page")
