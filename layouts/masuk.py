"""The sign-in page (/masuk): a plain HTML form posted to /auth/masuk with a CSRF token. No store access."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t
from layouts.common import page_header


class ids:
    FORM = "masuk-form"
    USERNAME = "masuk-username"
    PASSWORD = "masuk-password"
    SUBMIT = "masuk-submit"
    SSO = "masuk-sso"
    MESSAGE = "masuk-message"


def _hidden(name: str, value: str | None) -> dcc.Input:
    return dcc.Input(type="hidden", name=name, value=value or "")


def layout(lang: str = "id", csrf_token: str = "", next_path: str = "/", failed: str | None = None,
           user: str | None = None, role: str | None = None, sso: bool = False) -> dbc.Container:
    messages = []
    if failed == "sso":
        messages.append(dbc.Alert(t("masuk.failed_sso", lang), color="danger", id=ids.MESSAGE))
    elif failed:
        messages.append(dbc.Alert(t("masuk.failed", lang), color="danger", id=ids.MESSAGE))
    if user:
        messages.append(dbc.Alert(t("masuk.already", lang, user=user, role=t(f"role.{role}", lang)), color="info"))
    form = html.Form([
        _hidden("csrf_token", csrf_token), _hidden("next", next_path), _hidden("lang", lang),
        dbc.Label(t("masuk.username", lang), html_for=ids.USERNAME),
        dcc.Input(id=ids.USERNAME, name="username", type="text", autoComplete="username", required=True,
                  className="form-control mb-3", maxLength=100, autoFocus=True),
        dbc.Label(t("masuk.password", lang), html_for=ids.PASSWORD),
        dcc.Input(id=ids.PASSWORD, name="password", type="password", autoComplete="current-password",
                  required=True, className="form-control mb-3"),
        html.Button(t("security.sign_in", lang), type="submit", id=ids.SUBMIT, className="btn btn-primary w-100"),
    ], action="/auth/masuk", method="POST", id=ids.FORM)
    extra = []
    if sso:
        extra = [html.Hr(), html.A(t("masuk.sso", lang), href="/auth/sso", id=ids.SSO,
                                   className="btn btn-outline-primary w-100")]
    return dbc.Container(dbc.Row(dbc.Col([
        page_header(t("masuk.title", lang), t("masuk.subtitle", lang)),
        *messages,
        dbc.Card(dbc.CardBody([form, *extra]), className="shadow-sm"),
        html.P(t("masuk.public_note", lang), className="text-muted small mt-3"),
    ], md=6, lg=4), justify="center"), fluid=True, className="pb-4")
