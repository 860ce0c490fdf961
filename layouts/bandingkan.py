"""The compare page (/bandingkan): controls, ranking bars, two-indicator scatter and Klassen quadrants.

Pure functions of prepared data and labels; no store access. Figures get the language's separators.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_number, t
from layouts.common import chart_export, dropdown_labels, graph_config, page_header, region_choices, separators

SELECTED_COLOUR = "#d9480f"
PEER_COLOUR = "#8aa9c8"
EARLIER_COLOUR = "#b0b0b0"  # hatched grey: a value from before a split, not comparable with today's region
NOT_COMPARABLE = "not_comparable"  # the `side` of such a bar
BETTER_COLOUR = "#3f6e9e"  # peers on the good side of the reference line
WORSE_COLOUR = "#b9cde0"
REFERENCE_COLOUR = "#343a40"
#: Okabe-Ito colours and distinct symbols per quadrant, readable without colour vision.
QUADRANT_STYLE = {1: ("#009E73", "circle"), 2: ("#E69F00", "square"), 3: ("#0072B2", "triangle-up"),
                  4: ("#D55E00", "x")}
WINDOW_CHOICES = (2, 3, 5)


class ids:
    LANG = "bandingkan-lang"
    URL_SYNC = "bandingkan-url-sync"
    REGION = "bandingkan-region"
    PEERS = "bandingkan-peers"
    PEERS_ROW = "bandingkan-peers-row"
    PEERS_NOTE = "bandingkan-peers-note"
    INDICATOR = "bandingkan-indicator"
    PERIOD = "bandingkan-period"
    RANK_GRAPH = "bandingkan-rank-graph"
    RANK_SUMMARY = "bandingkan-rank-summary"
    X = "bandingkan-x"
    Y = "bandingkan-y"
    YEAR = "bandingkan-year"
    SCATTER_GRAPH = "bandingkan-scatter-graph"
    SCATTER_NOTE = "bandingkan-scatter-note"
    KLASSEN_LEVEL = "bandingkan-klassen-level"
    KLASSEN_WINDOW = "bandingkan-klassen-window"
    KLASSEN_GRAPH = "bandingkan-klassen-graph"
    KLASSEN_BODY = "bandingkan-klassen-body"
    KLASSEN_NOTE = "bandingkan-klassen-note"
    KLASSEN_LISTS = "bandingkan-klassen-lists"


def _labelled(label: str, control, width: int | dict = 3) -> dbc.Col:
    size = width if isinstance(width, dict) else {"md": width}
    return dbc.Col([dbc.Label(label, className="small fw-semibold mb-1"), control], **size, className="mb-2")


def _graph(id_: str, filename: str, figure=None) -> dcc.Loading:
    graph = dcc.Graph(id=id_, config=graph_config(filename), className="bandingkan-graph")
    if figure is not None:
        graph.figure = figure
    return dcc.Loading(graph, type="dot")


def layout(lang: str = "id", regions: Sequence[Mapping] = (), indicators: Sequence[Mapping] = (),
           klassen_levels: Sequence[Mapping] = (), state: Mapping | None = None, notices: Sequence = (),
           scatter_indicators: Sequence[Mapping] | None = None, rank=None, rank_summary=None) -> dbc.Container:
    """`state`: region, peers, indicator, period, x, y, year, level, window (checked by the caller),
    and the first choices of the period and year dropdowns (period_options, year_options); `rank`, `rank_summary`:
    the ranking as first drawn (the page then needs no callback before its main figure)."""
    state = dict(state or {})
    peers = dbc.RadioItems(id=ids.PEERS, inline=True, value=state.get("peers") or "provinsi", options=[
        {"label": t("bandingkan.peers.provinsi", lang), "value": "provinsi"},
        {"label": t("bandingkan.peers.kabkota", lang), "value": "kabkota"}])
    controls = dbc.Row([
        _labelled(t("bandingkan.control.region", lang), dcc.Dropdown(
            id=ids.REGION, options=region_choices(regions), value=state.get("region", "ID"), clearable=False,
            searchable=True, optionHeight=32, labels=dropdown_labels(lang)), {"md": 4}),
        _labelled(t("bandingkan.control.indicator", lang), dcc.Dropdown(
            id=ids.INDICATOR, options=list(indicators), value=state.get("indicator"), clearable=False,
            labels=dropdown_labels(lang)), {"md": 3}),
        _labelled(t("bandingkan.control.period", lang), dcc.Dropdown(
            id=ids.PERIOD, options=list(state.get("period_options") or []), value=state.get("period"),
            clearable=False, labels=dropdown_labels(lang)), {"md": 2}),
        dbc.Col([dbc.Label(t("bandingkan.control.peers", lang), className="small fw-semibold mb-1"), peers],
                id=ids.PEERS_ROW, md=3, className="mb-2",
                style={} if state.get("switchable") else {"display": "none"}),
    ], className="g-2 align-items-end bandingkan-controls")
    return dbc.Container([
        page_header(t("bandingkan.title", lang), t("bandingkan.subtitle", lang)),
        *notices,
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.URL_SYNC),
        controls,
        html.Div(id=ids.PEERS_NOTE, className="small text-muted mb-2"),
        ranking_section(lang, rank, rank_summary),
        dbc.Row([dbc.Col(scatter_section(lang, scatter_indicators or indicators, state), xl=6, className="mb-3"),
                 dbc.Col(klassen_section(lang, klassen_levels, state), xl=6, className="mb-3")], className="g-3"),
    ], fluid=True, className="pb-4 bandingkan-page")


def _card(title: str, body: list, tools: list) -> dbc.Card:
    header = dbc.CardHeader(html.Div([html.H2(title, className="h5 mb-0"), html.Div(tools, className="ms-auto")],
                                     className="d-flex align-items-center gap-2"))
    return dbc.Card([header, dbc.CardBody(body)], className="shadow-sm h-100")


def ranking_section(lang: str, figure=None, summary=None) -> dbc.Card:
    card = _card(t("bandingkan.rank.title", lang), [dbc.Row([
        dbc.Col(_graph(ids.RANK_GRAPH, "bandingkan-peringkat", figure), lg=8),
        dbc.Col(html.Div(summary, id=ids.RANK_SUMMARY, className="bandingkan-rank-summary"), lg=4),
    ]), chart_export("bandingkan-peringkat", lang)], [])
    card.className = "shadow-sm mb-3"
    return card


def scatter_section(lang: str, indicators: Sequence[Mapping] = (), state: Mapping | None = None) -> dbc.Card:
    state = state or {}
    controls = dbc.Row([
        _labelled(t("bandingkan.scatter.x", lang), dcc.Dropdown(id=ids.X, options=list(indicators),
                                                                value=state.get("x"), clearable=False,
                                                                labels=dropdown_labels(lang)), 5),
        _labelled(t("bandingkan.scatter.y", lang), dcc.Dropdown(id=ids.Y, options=list(indicators),
                                                                value=state.get("y"), clearable=False,
                                                                labels=dropdown_labels(lang)), 5),
        _labelled(t("bandingkan.scatter.year", lang), dcc.Dropdown(id=ids.YEAR, value=state.get("year"),
                                                                   options=list(state.get("year_options") or []),
                                                                   clearable=False, labels=dropdown_labels(lang)), 2),
    ], className="g-2")
    return _card(t("bandingkan.scatter.title", lang),
                 [controls, _graph(ids.SCATTER_GRAPH, "bandingkan-sebaran"),
                  html.Div(id=ids.SCATTER_NOTE, className="small"), chart_export("bandingkan-sebaran", lang)], [])


def klassen_section(lang: str, levels: Sequence[Mapping] = (), state: Mapping | None = None) -> dbc.Card:
    state = state or {}
    windows = [{"label": t("bandingkan.klassen.window_n", lang, n=n), "value": n} for n in WINDOW_CHOICES]
    controls = dbc.Row([
        _labelled(t("bandingkan.klassen.level", lang), dcc.Dropdown(id=ids.KLASSEN_LEVEL, options=list(levels),
                                                                    value=state.get("level"), clearable=False,
                                                                    labels=dropdown_labels(lang)), 7),
        _labelled(t("bandingkan.klassen.window", lang), dcc.Dropdown(id=ids.KLASSEN_WINDOW, options=windows,
                                                                     value=state.get("window") or 3,
                                                                     clearable=False, labels=dropdown_labels(lang)), 5),
    ], className="g-2")
    return _card(t("bandingkan.klassen.title", lang), [
        controls,
        html.Div([_graph(ids.KLASSEN_GRAPH, "bandingkan-klassen"), html.Div(id=ids.KLASSEN_LISTS)],
                 id=ids.KLASSEN_BODY),
        html.Div(id=ids.KLASSEN_NOTE, className="small"),
        chart_export("bandingkan-klassen", lang),
    ], [])


# ------------------------------------------------------------------ figures
def _base(fig: go.Figure, lang: str, height: int) -> go.Figure:
    # A plain white look set directly: building plotly's "plotly_white" template object costs ~0.15 s per figure.
    fig.update_layout(separators=separators(lang), height=height, template="none", paper_bgcolor="white",
                      plot_bgcolor="white", margin={"l": 10, "r": 20, "t": 30, "b": 40}, font={"size": 12},
                      hoverlabel={"align": "left"})
    fig.update_xaxes(gridcolor="#e9ecef", zerolinecolor="#ced4da", linecolor="#ced4da", automargin=True)
    fig.update_yaxes(gridcolor="#e9ecef", zerolinecolor="#ced4da", linecolor="#ced4da", automargin=True)
    return fig


def empty_figure(message: str, lang: str = "id", height: int = 260) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 14, "color": "#6c757d"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base(fig, lang, height)


def ranking_figure(rows: pd.DataFrame, reference: tuple[str, float] | None, axis_title: str,
                   lang: str = "id", band: tuple[float, float] | None = None) -> go.Figure:
    """`rows` best first with columns name, value, text, hover, selected (bool), side ("better", "worse" or "");
    `reference` (label, value); `band` (low, high): the values level with the selected region, shaded."""
    side_colour = {"better": BETTER_COLOUR, "worse": WORSE_COLOUR, NOT_COMPARABLE: EARLIER_COLOUR}
    colours = [SELECTED_COLOUR if s and d != NOT_COMPARABLE else side_colour.get(d, PEER_COLOUR)
               for s, d in zip(rows["selected"], rows["side"], strict=True)]
    marker: dict = {"color": colours}
    if (rows["side"] == NOT_COMPARABLE).any():  # hatched: drawn, but never as today's figure
        marker["pattern"] = {"shape": ["/" if d == NOT_COMPARABLE else "" for d in rows["side"]],
                             "fgcolor": "#555555", "solidity": 0.3}
    fig = go.Figure(go.Bar(
        x=rows["value"], y=rows["name"], orientation="h", marker=marker,
        text=rows["text"], textposition="auto", insidetextanchor="end", textfont={"size": 11},
        constraintext="none",
        cliponaxis=False, customdata=rows["hover"],
        hovertemplate="%{customdata}<extra></extra>"))
    fig.update_layout(bargap=0.12)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(rows["name"]),
                     tickfont={"size": 11}, automargin=True)
    values = rows["value"].tolist() + ([reference[1]] if reference else [])
    low, high = min(min(values), 0), max(max(values), 0)
    pad = (high - low) * 0.04 or 1
    fig.update_xaxes(title=axis_title, range=[low - (pad if low < 0 else 0), high + pad], zeroline=True)
    if band:
        fig.add_vrect(x0=band[0], x1=band[1], fillcolor=SELECTED_COLOUR, opacity=0.12, line_width=0, layer="below")
    if reference:
        # Below the bars, so it never crosses a value label; it shows in the gaps between bars.
        fig.add_vline(x=reference[1], line={"color": REFERENCE_COLOUR, "dash": "dash", "width": 1.5}, layer="below")
        fig.add_annotation(x=reference[1], y=1, yref="paper", yanchor="bottom", text=reference[0], showarrow=False,
                           font={"size": 11, "color": REFERENCE_COLOUR}, bgcolor="rgba(255,255,255,0.85)")
    fig = _base(fig, lang, max(320, 19 * len(rows) + 90))
    if reference:  # room above the plot for the reference label, clear of plotly's toolbar
        fig.update_layout(margin_t=58)
    return fig


def scatter_figure(points: pd.DataFrame, line: tuple[tuple[float, float], tuple[float, float]] | None,
                   line_label: str, x_title: str, y_title: str, parent: tuple[str, float, float] | None = None,
                   lang: str = "id", earlier: tuple[str, pd.DataFrame] | None = None) -> go.Figure:
    """`points`: name, x, y, hover, selected (bool); `line`: ((x0, x1), (y0, y1)); `parent`: (label, x, y);
    `earlier`: (label, points) not comparable with today's regions (open grey markers, outside the fit)."""
    fig = go.Figure()
    for selected, group in points.groupby("selected", sort=True):
        fig.add_trace(go.Scatter(
            x=group["x"], y=group["y"], mode="markers+text" if selected else "markers",
            text=group["name"] if selected else None, textposition="top center",
            marker={"size": 13 if selected else 9, "color": SELECTED_COLOUR if selected else PEER_COLOUR,
                    "line": {"width": 1, "color": "white"}},
            customdata=group["hover"], hovertemplate="%{customdata}<extra></extra>", showlegend=False))
    if earlier is not None and not earlier[1].empty:
        fig.add_trace(go.Scatter(
            x=earlier[1]["x"], y=earlier[1]["y"], mode="markers", name=earlier[0],
            marker={"size": 9, "color": EARLIER_COLOUR, "symbol": "circle-open", "line": {"width": 2}},
            customdata=earlier[1]["hover"], hovertemplate="%{customdata}<extra></extra>"))
    if line:
        fig.add_trace(go.Scatter(x=list(line[0]), y=list(line[1]), mode="lines", name=line_label,
                                 line={"color": REFERENCE_COLOUR, "width": 2}, hoverinfo="skip"))
    if parent:
        fig.add_trace(go.Scatter(x=[parent[1]], y=[parent[2]], mode="markers", name=parent[0],
                                 marker={"symbol": "diamond", "size": 12, "color": REFERENCE_COLOUR},
                                 hovertemplate=f"{parent[0]}<extra></extra>"))
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return _base(fig, lang, 430)


def klassen_figure(points: pd.DataFrame, growth_ref: float, level_ref: float, quadrant_names: Mapping[int, str],
                   x_title: str, y_title: str, lang: str = "id") -> go.Figure:
    """`points`: name, level, growth, quadrant, hover, selected, series_break."""
    fig = go.Figure()
    for q in (1, 2, 3, 4):
        group = points[points["quadrant"] == q]
        colour, symbol = QUADRANT_STYLE[q]
        symbols = ["diamond-open" if b else symbol for b in group["series_break"]]
        fig.add_trace(go.Scatter(
            x=group["level"], y=group["growth"], mode="markers", name=quadrant_names[q],
            marker={"color": colour, "symbol": symbols, "size": [15 if s else 10 for s in group["selected"]],
                    "line": {"width": [2 if s else 0.5 for s in group["selected"]], "color": "#212529"}},
            customdata=group["hover"], hovertemplate="%{customdata}<extra></extra>"))
    fig.add_vline(x=level_ref, line={"color": REFERENCE_COLOUR, "dash": "dash", "width": 1})
    fig.add_hline(y=growth_ref, line={"color": REFERENCE_COLOUR, "dash": "dash", "width": 1})
    corners = {1: (0.99, 0.99, "right", "top"), 2: (0.99, 0.01, "right", "bottom"),
               3: (0.01, 0.99, "left", "top"), 4: (0.01, 0.01, "left", "bottom")}
    for q, (x, y, xa, ya) in corners.items():
        fig.add_annotation(x=x, y=y, xref="paper", yref="paper", xanchor=xa, yanchor=ya, showarrow=False,
                           text=quadrant_names[q], font={"size": 11, "color": QUADRANT_STYLE[q][0]},
                           bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(title=x_title, type="log", tickvals=log_ticks(points["level"].min(), points["level"].max(),
                                                                    level_ref),
                     ticktext=[fmt_number(v, 0, lang) for v in log_ticks(points["level"].min(), points["level"].max(),
                                                                          level_ref)])
    fig.update_yaxes(title=y_title)
    fig.update_layout(showlegend=False)  # the corner labels and the lists below name the quadrants
    return _base(fig, lang, 430)


def log_ticks(low: float, high: float, also: float | None = None) -> list[float]:
    """1-2-5 tick values covering [low, high] (and `also`) for a log axis."""
    values = [v for v in (low, high, also) if v is not None and v > 0]
    low, high = min(values), max(values)
    ticks, decade = [], 10 ** math.floor(math.log10(low))
    while decade <= high * 10:
        ticks += [m * decade for m in (1, 2, 5) if low / 2 <= m * decade <= high * 2]
        decade *= 10
    return ticks


def quadrant_lists(groups: Mapping[int, Sequence[str]], names: Mapping[int, str], lang: str = "id") -> dbc.Row:
    """Region names per quadrant, laid out as on the chart: III | I over IV | II."""
    def box(q: int) -> dbc.Col:
        items = groups.get(q) or []
        body = html.Ul([html.Li(n) for n in items], className="mb-0 ps-3 small",
                       style={"columnCount": 2 if len(items) > 6 else 1}) if items else \
            html.P(t("bandingkan.klassen.none", lang), className="small text-muted mb-0")
        # the quadrant's colour marks the box's edge: as text on white it fell below 4.5:1 (WCAG AA)
        return dbc.Col(html.Div([html.Div(f"{names[q]} ({len(items)})", className="fw-semibold small mb-1"), body],
                                className="border rounded p-2 h-100 klassen-quadrant", **{"data-quadrant": str(q)},
                                style={"borderLeft": f"6px solid {QUADRANT_STYLE[q][0]}"}),
                       xs=6, className="mb-2")
    return dbc.Row([box(3), box(1), box(4), box(2)], className="g-2 mt-1")
