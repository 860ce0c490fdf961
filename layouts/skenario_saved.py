"""The saved-scenarios part of /skenario: name and save (with the overwrite-or-rename confirmation), the list,
the comparison chart, delete (confirmed) and the proposed-target XLSX. Pure functions; no store access."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_number, t
from layouts.common import graph_config, separators

PALETTE = ("#6f42c1", "#d63384", "#fd7e14", "#20c997", "#0dcaf0", "#198754", "#dc3545", "#6c757d")


class saved_ids:
    NAME = "skenario-saved-name"
    NAMES = "skenario-saved-names"
    METHOD = "skenario-saved-method"
    SAVE = "skenario-saved-save"
    CONFIRM = "skenario-saved-confirm"
    CONFIRM_TEXT = "skenario-saved-confirm-text"
    OVERWRITE = "skenario-saved-overwrite"
    RENAME = "skenario-saved-rename"
    PENDING = "skenario-saved-pending"
    MESSAGE = "skenario-saved-message"
    REFRESH = "skenario-saved-refresh"
    LIST = "skenario-saved-list"
    EMPTY = "skenario-saved-empty"
    COMPARE = "skenario-saved-compare"
    DELETE = "skenario-saved-delete"
    DELETE_CONFIRM = "skenario-saved-delete-confirm"
    DELETE_TEXT = "skenario-saved-delete-text"
    DELETE_YES = "skenario-saved-delete-yes"
    DELETE_NO = "skenario-saved-delete-no"
    XLSX_BUTTON = "skenario-saved-xlsx-button"
    XLSX = "skenario-saved-xlsx"


def compare_figure(history: Sequence[tuple[int, float]], paths: Sequence[tuple[str, Sequence[tuple[int, float]]]],
                   unit: str = "", decimals: int = 2, lang: str = "id") -> go.Figure:
    """History in black and each saved scenario's path in its own colour and dash."""
    fig = go.Figure()
    dashes = ("solid", "dash", "dot", "dashdot")
    for i, (name, path) in enumerate(paths):
        fig.add_trace(go.Scatter(x=[p[0] for p in path], y=[p[1] for p in path], mode="lines+markers", name=name,
                                 line={"color": PALETTE[i % len(PALETTE)], "dash": dashes[i % len(dashes)]},
                                 hovertext=[f"{name}, {y}: {fmt_number(v, decimals, lang)}" for y, v in path],
                                 hoverinfo="text"))
    if history:
        fig.add_trace(go.Scatter(x=[h[0] for h in history], y=[h[1] for h in history], mode="lines+markers",
                                 line={"color": "#212529"}, name=t("skenario.history", lang),
                                 hovertext=[f"{y}: {fmt_number(v, decimals, lang)}" for y, v in history],
                                 hoverinfo="text"))
    fig.update_layout(separators=separators(lang), margin={"l": 50, "r": 20, "t": 30, "b": 40}, height=360,
                      legend={"orientation": "h", "y": -0.18}, yaxis={"title": unit},
                      xaxis={"dtick": 1, "tickformat": "d"}, template="plotly_white",
                      title={"text": t("skenario.saved.compare_title", lang), "font": {"size": 14}})
    return fig


def confirm_block(block_id: str, text_id: str, buttons: list, hidden: bool = True) -> html.Div:
    return html.Div(dbc.Alert([html.Div(id=text_id, className="mb-2"), html.Div(buttons, className="d-flex gap-2")],
                              color="warning", className="py-2 mb-2"), id=block_id, hidden=hidden)


def section(lang: str = "id", can_save: bool = False, login_href: str = "/masuk") -> dbc.Card:
    """Every id is always present (Dash validates callbacks against the public layout); what a caller may not
    use is hidden, and the callbacks check the rights again."""
    i = saved_ids
    save_row = dbc.Row([
        dbc.Col([dbc.Label(t("skenario.saved.name", lang), html_for=i.NAME),
                 dbc.Input(id=i.NAME, type="text", maxLength=80, list=i.NAMES,
                           placeholder=t("skenario.saved.name_hint", lang)),
                 html.Datalist(id=i.NAMES, children=[html.Option(value=v) for v in ("optimis", "moderat", "pesimis")])],
                md=4),
        dbc.Col([dbc.Label(t("skenario.saved.method", lang), html_for=i.METHOD),
                 dbc.RadioItems(id=i.METHOD, value="linear", inline=True,
                                options=[{"label": t(f"skenario.method.{m}", lang), "value": m}
                                         for m in ("linear", "growth")])], md=5),
        dbc.Col(dbc.Button(t("skenario.saved.save", lang), id=i.SAVE, color="primary", className="mt-4"), md="auto"),
    ], className="g-2 align-items-end mb-2")
    login = html.P([t("skenario.saved.login", lang), " ",
                    html.A(t("skenario.saved.sign_in", lang), href=login_href)], className="text-muted small mb-2")
    return dbc.Card(dbc.CardBody([
        html.H2(t("skenario.saved.title", lang), className="h5"),
        html.Div(save_row, hidden=not can_save),
        html.Div(login, hidden=can_save),
        confirm_block(i.CONFIRM, i.CONFIRM_TEXT, [
            dbc.Button(t("skenario.saved.overwrite", lang), id=i.OVERWRITE, color="warning", size="sm"),
            dbc.Button(t("skenario.saved.rename", lang), id=i.RENAME, color="secondary", outline=True, size="sm")]),
        html.Div(id=i.MESSAGE),
        dcc.Store(id=i.PENDING), dcc.Store(id=i.REFRESH, data=0),
        html.P(t("skenario.saved.none", lang), id=i.EMPTY, className="text-muted small", hidden=True),
        dbc.Label(t("skenario.saved.pick", lang), html_for=i.LIST, className="small"),
        dbc.Checklist(id=i.LIST, options=[], value=[], className="skenario-saved-list small mb-2"),
        html.Div([
            dbc.Button(t("skenario.saved.xlsx", lang), id=i.XLSX_BUTTON, color="success", outline=True, size="sm"),
            dbc.Button(t("skenario.saved.delete", lang), id=i.DELETE, color="danger", outline=True, size="sm",
                       style={"display": "inline-block" if can_save else "none"}),
        ], className="d-flex gap-2 mb-1"),
        html.P(t("skenario.saved.xlsx_hint", lang), className="text-muted small mb-2"),
        confirm_block(i.DELETE_CONFIRM, i.DELETE_TEXT, [
            dbc.Button(t("skenario.saved.delete_yes", lang), id=i.DELETE_YES, color="danger", size="sm"),
            dbc.Button(t("skenario.saved.cancel", lang), id=i.DELETE_NO, color="secondary", outline=True, size="sm")]),
        html.Div(dcc.Graph(id=i.COMPARE, config=graph_config("skenario-banding")), id=f"{i.COMPARE}-box",
                 hidden=True),
        dcc.Download(id=i.XLSX),
    ]), className="mb-3")
