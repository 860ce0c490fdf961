"""The priority matrix page: parent region, indicators, weight sliders; ranking, heat map, narrative."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import t
from layouts.brief import downloads as brief_downloads
from layouts.common import chart_export, dom_id, dropdown_labels, graph_config, grid_locale, page_header, separators

#: ColorBrewer YlOrRd at five even stops (sequential, colour-blind-safe; darker = more need).
NEED_SCALE = [[0.0, "#ffffb2"], [0.25, "#fecc5c"], [0.5, "#fd8d3c"], [0.75, "#f03b20"], [1.0, "#bd0026"]]
CRITERIA = ("gap_to_target", "trend", "below_median", "p_miss", "population")


class ids:
    PARENT = "prioritas-parent"
    INDICATORS = "prioritas-indicators"
    WEIGHT = "prioritas-weight"  # pattern-matching type; index = criterion
    NARRATIVE = "prioritas-narrative"
    GRID = "prioritas-grid"
    HEATMAP = "prioritas-heatmap"
    NOTES = "prioritas-notes"
    LANG = "prioritas-lang"


def layout(parents: Sequence[Mapping] = (), indicators: Sequence[Mapping] = (), parent: str = "ID",
           chosen: Sequence[str] = (), weights: Mapping[str, float] | None = None, lang: str = "id",
           notices: Sequence = (), criteria: Sequence[str] = CRITERIA, first: Sequence | None = None) -> dbc.Container:
    """`criteria`: the weight sliders (the plan criteria; inside a kab/kota the IDM dimensions); `first`: (grid
    rows, heat map, narrative, notes) as first drawn (the page's callback then does not run at page load)."""
    weights = weights or {}
    rows, figure, story, notes = first if first is not None else ([], None, None, None)
    heat = dcc.Graph(id=ids.HEATMAP, config=graph_config("prioritas"))
    if figure is not None:
        heat.figure = figure
    sliders = [dbc.Col([dbc.Label(t(f"prioritas.crit.{c}", lang), className="small mb-0",
                                  html_for=dom_id({"type": ids.WEIGHT, "index": c})),
                        dcc.Slider(0, 5, 1, value=weights.get(c, 1), id={"type": ids.WEIGHT, "index": c},
                                   marks={i: str(i) for i in range(6)})], md=4, lg=2,
                       className="mb-2 d-flex flex-column justify-content-end")  # sliders in line under 2-line labels
               for c in criteria]
    return dbc.Container([
        page_header(t("prioritas.title", lang), t("prioritas.subtitle", lang)),
        *notices,
        dcc.Store(id=ids.LANG, data=lang),
        dbc.Row([
            dbc.Col([dbc.Label(t("prioritas.parent", lang), html_for=ids.PARENT),
                     dcc.Dropdown(id=ids.PARENT, options=list(parents), value=parent, clearable=False,
                                  labels=dropdown_labels(lang))], md=4),
            dbc.Col([dbc.Label(t("prioritas.indicators", lang), html_for=ids.INDICATORS),
                     dcc.Dropdown(id=ids.INDICATORS, options=list(indicators), value=list(chosen), multi=True,
                                  labels=dropdown_labels(lang))], md=8),
        ], className="g-3 mb-2"),
        html.H2(t("prioritas.weights", lang), className="h6 mt-2"),
        dbc.Row(sliders, className="g-2"),
        dcc.Loading(html.Div(story, id=ids.NARRATIVE, className="my-3")),
        dbc.Row([
            dbc.Col([
                dag.AgGrid(id=ids.GRID, rowData=list(rows), columnDefs=grid_columns(lang),
                           defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                                          "autoHeaderHeight": True},
                           dashGridOptions={"localeText": grid_locale(lang), "domLayout": "autoHeight"}, className="mb-2"),
                html.Small(t("prioritas.stability_help", lang), className="text-muted d-block mb-2"),
                brief_downloads("prioritas", lang),
            ], lg=5),
            dbc.Col([heat, chart_export("prioritas", lang)],
                    lg=7),
        ], className="g-3"),
        html.Div(notes, id=ids.NOTES, className="mt-3 small text-muted"),
    ], fluid=True, className="pb-4")


def grid_columns(lang: str) -> list[dict]:
    col = lambda f, k, **kw: {"field": f, "headerName": t(k, lang), **kw}
    # widths so the (wrapped) headers keep whole words in the half-width column at 1366 px
    # and long region names wrap rather than end in "…"
    return [col("rank", "prioritas.col.rank", width=95),
            col("region", "prioritas.col.region", flex=2, minWidth=150, wrapText=True, autoHeight=True),
            col("score", "prioritas.col.score", flex=1, minWidth=105, type="rightAligned"),
            col("stability", "prioritas.col.stability", flex=1, minWidth=100, type="rightAligned"),
            col("missing", "prioritas.col.missing", flex=1, minWidth=78, type="rightAligned")]


def heatmap(regions: Sequence[str], indicators: Sequence[str], values: Sequence[Sequence[float | None]],
            lang: str = "id") -> go.Figure:
    fig = go.Figure(go.Heatmap(z=values, x=list(indicators), y=list(regions), colorscale=NEED_SCALE, zmin=0, zmax=1,
                               hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
                               colorbar={"title": {"text": "0–1"}}))
    fig.update_layout(title={"text": t("prioritas.heatmap", lang), "font": {"size": 14}}, separators=separators(lang),
                      margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      yaxis={"autorange": "reversed", "dtick": 1, "tickfont": {"size": 11}},
                      xaxis={"side": "top"}, height=max(420, 60 + 19 * len(regions)), plot_bgcolor="white")
    return fig
