"""The admin page (/admin): users and their roles, and each indicator's access tier. No store access."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t
from layouts.common import WRAP, dropdown_labels, grid_locale, page_header, region_choices

TIERS = ("publik", "internal", "dikecualikan")


class ids:
    LANG = "admin-lang"
    USERS = "admin-users"
    NEW_NAME = "admin-new-name"
    NEW_ROLE = "admin-new-role"
    NEW_AGENCY = "admin-new-agency"
    NEW_REGION = "admin-new-region"
    NEW_PASSWORD = "admin-new-password"
    ADD = "admin-add"
    EDIT_ROLE = "admin-edit-role"
    EDIT_REGION = "admin-edit-region"
    EDIT_ACTIVE = "admin-edit-active"
    SAVE = "admin-save"
    TIER_INDICATOR = "admin-tier-indicator"
    TIER_VALUE = "admin-tier-value"
    TIER_SAVE = "admin-tier-save"
    MESSAGE = "admin-message"


def role_options(roles: Sequence[str], lang: str) -> list[dict]:
    return [{"label": t(f"role.{r}", lang), "value": r} for r in roles]


def user_columns(lang: str) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return [col("username", "admin.col.username", flex=2, minWidth=130),
            col("role", "admin.col.role", flex=1, minWidth=150, **WRAP),  # "data custodian"
            col("agency", "admin.col.agency", flex=2, minWidth=150),
            col("region", "admin.col.region", flex=2, minWidth=150),
            col("active", "admin.col.active", flex=1, minWidth=85),
            col("last_login", "admin.col.last_login", flex=1, minWidth=195)]  # "28 Nov 2026 16:10 WIB" whole


def _field(label: str, component) -> html.Div:
    return html.Div([dbc.Label(label, className="small mb-1", html_for=getattr(component, "id", None)), component],
                    className="mb-2")


def add_user_card(lang: str, regions: Sequence[Mapping], roles: Sequence[str]) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(t("admin.add.title", lang), className="h6"),
        _field(t("admin.col.username", lang), dbc.Input(id=ids.NEW_NAME, maxLength=100)),
        _field(t("admin.col.role", lang), dcc.Dropdown(role_options(roles, lang), "analis", id=ids.NEW_ROLE, clearable=False,
                                                       labels=dropdown_labels(lang))),
        _field(t("admin.col.agency", lang), dbc.Input(id=ids.NEW_AGENCY, maxLength=300)),
        _field(t("admin.col.region", lang), dcc.Dropdown(region_choices(regions), None, id=ids.NEW_REGION,
                                                          placeholder=t("admin.all_regions", lang),
                                                          labels=dropdown_labels(lang))),
        _field(t("admin.password", lang), dbc.Input(id=ids.NEW_PASSWORD, type="password",
                                                    autoComplete="new-password")),
        dbc.Button(t("admin.add", lang), id=ids.ADD, color="primary"),
    ]), className="mb-3")


def edit_user_card(lang: str, regions: Sequence[Mapping], roles: Sequence[str]) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(t("admin.edit.title", lang), className="h6"),
        html.P(t("admin.edit.hint", lang), className="small text-muted"),
        _field(t("admin.col.role", lang), dcc.Dropdown(role_options(roles, lang), None, id=ids.EDIT_ROLE,
                                                       labels=dropdown_labels(lang))),
        _field(t("admin.col.region", lang), dcc.Dropdown(region_choices(regions), None, id=ids.EDIT_REGION,
                                                          placeholder=t("admin.all_regions", lang),
                                                          labels=dropdown_labels(lang))),
        dbc.Checkbox(id=ids.EDIT_ACTIVE, label=t("admin.col.active", lang), value=True, className="mb-2"),
        dbc.Button(t("admin.save", lang), id=ids.SAVE, color="primary"),
    ]), className="mb-3")


def tier_card(lang: str, indicators: Sequence[Mapping]) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(t("admin.tier.title", lang), className="h6"),
        _field(t("common.indicator", lang), dcc.Dropdown(list(indicators), None, id=ids.TIER_INDICATOR,
                                                         labels=dropdown_labels(lang))),
        _field(t("admin.tier", lang), dcc.Dropdown([{"label": t(f"tier.{x}", lang), "value": x} for x in TIERS],
                                                    None, id=ids.TIER_VALUE, clearable=False, labels=dropdown_labels(lang))),
        dbc.Button(t("admin.save", lang), id=ids.TIER_SAVE, color="primary"),
    ]), className="mb-3")


def layout(rows: Sequence[Mapping] = (), lang: str = "id", regions: Sequence[Mapping] = (),
           indicators: Sequence[Mapping] = (), roles: Sequence[str] = ()) -> dbc.Container:
    """`roles`: the roles an account may be given (services.access.ASSIGNABLE_ROLES)."""
    return dbc.Container([
        page_header(t("admin.title", lang), t("admin.subtitle", lang)),
        dcc.Store(id=ids.LANG, data=lang),
        html.Div(id=ids.MESSAGE),
        dbc.Row([
            dbc.Col(dag.AgGrid(id=ids.USERS, rowData=list(rows), columnDefs=user_columns(lang),
                               defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                              "wrapHeaderText": True, "autoHeaderHeight": True},
                               dashGridOptions={"localeText": grid_locale(lang),
                                                "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                                                "domLayout": "autoHeight"},
                               getRowId="params.data.username", style={"width": "100%"}), lg=8),
            dbc.Col([add_user_card(lang, regions, roles), edit_user_card(lang, regions, roles),
                     tier_card(lang, indicators)], lg=4),
        ]),
    ], fluid=True, className="pb-4")
