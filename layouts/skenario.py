"""The target simulator page: controls, one chart (history, forecast band, required paths, peer pace) and plain
sentences. Pure functions of plain data; no store access."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_input, fmt_number, t
from layouts import skenario_saved, skenario_whatif
from layouts.common import chart_export, dropdown_labels, graph_config, page_header, region_choices, separators

BLUE, FAN, RED, ORANGE, GREEN = "#0d6efd", "13,110,253", "#d63384", "#fd7e14", "#198754"


class ids:
    REGION = "skenario-region"
    INDICATOR = "skenario-indicator"
    BASE_YEAR = "skenario-base-year"
    END_YEAR = "skenario-end-year"
    TARGET = "skenario-target"
    PLAN = "skenario-plan"
    MESSAGE = "skenario-message"
    GRAPH = "skenario-graph"
    SENTENCES = "skenario-sentences"
    STATE = "skenario-state"


def x_of(period: str) -> float:
    """2024 -> 2024.0; 2024-03 -> 2024.0 (the annual grid: one value a year)."""
    return float(period[:4])


def figure(history: Sequence[tuple[int, float]], points: Sequence[dict], linear: Sequence[tuple[int, float]],
           growth: Sequence[tuple[int, float]], peer: Sequence[tuple[int, float]], unit: str = "",
           decimals: int = 2, lang: str = "id") -> go.Figure:
    fig = go.Figure()
    if points and history:
        x0, v0 = [history[-1][0]], [history[-1][1]]
        xs = [x_of(p["period"]) for p in points]
        for level, opacity in (("95", 0.12), ("80", 0.25)):
            lo = v0 + [p[f"lo{level}"] for p in points]
            hi = v0 + [p[f"hi{level}"] for p in points]
            fig.add_trace(go.Scatter(x=x0 + xs + (x0 + xs)[::-1], y=hi + lo[::-1], fill="toself", mode="lines",
                                     fillcolor=f"rgba({FAN},{opacity})", line={"width": 0}, hoverinfo="skip",
                                     name=t(f"skenario.band{level}", lang)))
        fig.add_trace(go.Scatter(x=x0 + xs, y=v0 + [p["mean"] for p in points], mode="lines+markers",
                                 line={"color": BLUE, "dash": "dash"}, name=t("skenario.forecast", lang)))
    for key, rows, colour, dash_ in (("skenario.linear", linear, RED, "solid"), ("skenario.growth", growth, ORANGE, "dot"),
                                     ("skenario.peer", peer, GREEN, "dashdot")):
        if rows:
            fig.add_trace(go.Scatter(x=[r[0] for r in rows], y=[r[1] for r in rows], mode="lines+markers",
                                     line={"color": colour, "dash": dash_}, marker={"size": 5}, name=t(key, lang),
                                     hovertemplate="%{x}: %{y}<extra></extra>"))
    if history:
        fig.add_trace(go.Scatter(x=[h[0] for h in history], y=[h[1] for h in history], mode="lines+markers",
                                 line={"color": "#212529"}, marker={"size": 7}, name=t("skenario.history", lang),
                                 hovertext=[f"{y}: {fmt_number(v, decimals, lang)}" for y, v in history],
                                 hoverinfo="text"))
    fig.update_layout(separators=separators(lang), margin={"l": 50, "r": 20, "t": 20, "b": 40}, height=440,
                      legend={"orientation": "h", "y": -0.15}, yaxis={"title": unit},
                      xaxis={"dtick": 1, "tickformat": "d"}, template="plotly_white")
    return fig


def layout(regions: list[dict], indicators: list[dict], region: str, indicator: str | None, years: list[int],
           base_year: int | None, end_year: int, target: float | None, lang: str = "id",
           notices: Sequence = (), can_save: bool = False, login_href: str = "/masuk",
           outcome: str | None = None, driver: str | None = None,
           whatif_indicators: list[dict] | None = None, first: Sequence | None = None) -> html.Div:
    """`first`: (figure, sentences, message) as the page's callback would first draw them (it then does not run at
    page load); None: drawn by the callback."""
    year_options = [{"label": str(y), "value": y} for y in years]
    figure, sentences, message = first if first is not None else (None, None, None)
    graph = dcc.Graph(id=ids.GRAPH, config=graph_config("skenario"), className="skenario-graph")
    if figure is not None:
        graph.figure = figure
    return dbc.Container([
        page_header(t("skenario.title", lang), t("skenario.subtitle", lang)),
        *notices,
        dcc.Store(id=ids.STATE, data={"region": region, "indicator": indicator, "lang": lang}),
        dbc.Row([
            dbc.Col([dbc.Label(t("skenario.region", lang), html_for=ids.REGION),
                     dcc.Dropdown(id=ids.REGION, options=region_choices(regions), value=region, clearable=False,
                                  labels=dropdown_labels(lang))], md=4),
            dbc.Col([dbc.Label(t("skenario.indicator", lang), html_for=ids.INDICATOR),
                     dcc.Dropdown(id=ids.INDICATOR, options=indicators, value=indicator, clearable=False,
                                  labels=dropdown_labels(lang))], md=4),
            dbc.Col([dbc.Label(t("skenario.base_year", lang), html_for=ids.BASE_YEAR),
                     dcc.Dropdown(id=ids.BASE_YEAR, options=year_options, value=base_year, clearable=False,
                                  labels=dropdown_labels(lang))], md=2),
            dbc.Col([dbc.Label(t("skenario.end_year", lang), html_for=ids.END_YEAR),
                     dbc.Input(id=ids.END_YEAR, type="number", value=end_year, step=1)], md=2),
        ], className="g-2 mb-2"),
        dbc.Row([
            dbc.Col([dbc.Label(t("skenario.target", lang), html_for=ids.TARGET),
                     # text, not type=number: Chromium's number field reads an Indonesian 3,2 as 32
                     dbc.Input(id=ids.TARGET, type="text", inputMode="decimal", autoComplete="off",
                               value=fmt_input(target, lang),
                               placeholder=t("skenario.target_hint", lang))], md=3),
            dbc.Col(dbc.Button(t("skenario.plan_button", lang), id=ids.PLAN, color="secondary", outline=True,
                               size="sm", className="mt-4"), md="auto"),
        ], className="g-2 mb-2 align-items-end"),
        html.Div(message, id=ids.MESSAGE),
        dbc.Row([
            dbc.Col(graph, lg=8),
            dbc.Col([html.Div(sentences, id=ids.SENTENCES, className="skenario-sentences small"),
                     html.P(t("skenario.annual", lang), className="text-muted small")], lg=4),
        ], className="mb-2"),
        chart_export("skenario", lang),
        skenario_saved.section(lang, can_save, login_href),
        skenario_whatif.section(indicators if whatif_indicators is None else whatif_indicators, outcome, driver,
                                lang),
    ], fluid=True, className="pb-4")
