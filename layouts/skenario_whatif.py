"""The what-if drivers part of /skenario: outcome and driver pickers, the driver shift, the estimate in words and
the outcome path under the shift against the baseline forecast. Pure functions; no store access."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_number, t
from layouts.common import dropdown_labels, graph_config, separators

BASE, BASE_FAN, SCEN, SCEN_FAN = "#0d6efd", "13,110,253", "#6f42c1", "111,66,193"


class whatif_ids:
    OUTCOME = "skenario-whatif-outcome"
    DRIVER = "skenario-whatif-driver"
    SHIFT = "skenario-whatif-shift"
    MODE = "skenario-whatif-mode"
    TEXT = "skenario-whatif-text"
    GRAPH = "skenario-whatif-graph"


def figure(history: Sequence[tuple[int, float]], rows: Sequence[dict], unit: str = "", decimals: int = 2,
           lang: str = "id") -> go.Figure:
    """`rows`: year, baseline, base_lo, base_hi, scenario, low, high (joined to the last observed year)."""
    fig = go.Figure()
    if rows:
        xs = [r["year"] for r in rows]
        for key, lo, hi, colour, opacity in (("skenario.whatif.baseline_band", "base_lo", "base_hi", BASE_FAN, 0.12),
                                             ("skenario.whatif.scenario_band", "low", "high", SCEN_FAN, 0.18)):
            fig.add_trace(go.Scatter(x=xs + xs[::-1], y=[r[hi] for r in rows] + [r[lo] for r in rows][::-1],
                                     fill="toself", mode="lines", line={"width": 0}, hoverinfo="skip",
                                     fillcolor=f"rgba({colour},{opacity})", name=t(key, lang)))
        # the dashed baseline is drawn last so it stays visible where the two paths nearly coincide
        for key, col, colour, dash_ in (("skenario.whatif.scenario", "scenario", SCEN, "solid"),
                                        ("skenario.whatif.baseline", "baseline", BASE, "dash")):
            fig.add_trace(go.Scatter(x=xs, y=[r[col] for r in rows], mode="lines+markers", name=t(key, lang),
                                     line={"color": colour, "dash": dash_},
                                     hovertext=[f"{r['year']}: {fmt_number(r[col], decimals, lang)}" for r in rows],
                                     hoverinfo="text"))
    if history:
        fig.add_trace(go.Scatter(x=[h[0] for h in history], y=[h[1] for h in history], mode="lines+markers",
                                 line={"color": "#212529"}, name=t("skenario.history", lang),
                                 hovertext=[f"{y}: {fmt_number(v, decimals, lang)}" for y, v in history],
                                 hoverinfo="text"))
    fig.update_layout(separators=separators(lang), margin={"l": 50, "r": 20, "t": 20, "b": 40}, height=380,
                      legend={"orientation": "h", "y": -0.18}, yaxis={"title": unit},
                      xaxis={"dtick": 1, "tickformat": "d"}, template="plotly_white")
    return fig


def section(indicators: list[dict], outcome: str | None, driver: str | None, lang: str = "id") -> dbc.Card:
    i = whatif_ids
    marks = {v: {"label": (f"+{v}" if v > 0 else str(v)).replace(".", "," if lang == "id" else ".")}
             for v in (-3, -2, -1, 0, 1, 2, 3)}
    return dbc.Card(dbc.CardBody([
        html.H2(t("skenario.whatif.title", lang), className="h5"),
        html.P(t("skenario.whatif.intro", lang), className="text-muted small"),
        dbc.Row([
            dbc.Col([dbc.Label(t("skenario.whatif.outcome", lang), html_for=i.OUTCOME),
                     dcc.Dropdown(id=i.OUTCOME, options=indicators, value=outcome, clearable=False,
                                  labels=dropdown_labels(lang))], md=3),
            dbc.Col([dbc.Label(t("skenario.whatif.driver", lang), html_for=i.DRIVER),
                     dcc.Dropdown(id=i.DRIVER, options=indicators, value=driver, clearable=False,
                                  labels=dropdown_labels(lang))], md=3),
            dbc.Col([dbc.Label(t("skenario.whatif.shift", lang), html_for=i.SHIFT),
                     dcc.Slider(id=i.SHIFT, min=-3, max=3, step=0.5, value=1, marks=marks, included=False,
                                tooltip={"placement": "bottom"})], md=4),
            dbc.Col([dbc.Label(t("skenario.whatif.mode", lang), html_for=i.MODE),
                     dbc.RadioItems(id=i.MODE, value="constant", className="small",
                                    options=[{"label": t(f"skenario.whatif.mode.{m}", lang), "value": m}
                                             for m in ("constant", "cumulative")])], md=2),
        ], className="g-2 mb-2"),
        dbc.Row([
            dbc.Col(dcc.Graph(id=i.GRAPH, config=graph_config("skenario-pendorong")), lg=7),
            dbc.Col(html.Div(id=i.TEXT, className="skenario-whatif-text small"), lg=5),
        ]),
    ]), className="mb-3")
