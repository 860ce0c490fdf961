"""Feedback modal callbacks (one modal in the shell serves every feedback button on every page)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate
from flask import request

from callbacks.shell import lang_of
from i18n import t
from layouts import feedback as view
from layouts.feedback import ids
from layouts.shell import ids as shell_ids
from services import feedback, queries
from services.auth import current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError


def open_state(ctx: AppContext, key: str, lang: str):
    """What the modal shows for one figure: its description, the published answers, a fresh challenge."""
    access = current_access()
    indicator, region, period = feedback_target(key)
    try:
        meta = queries.indicator(ctx.engine, indicator, access)
        place = queries.region(ctx.engine, region)
    except NoDataError:
        raise PreventUpdate from None
    name = meta["name_id"] if lang == "id" else meta["name_en"]
    about = view.figure_text(name, place["name"], period, lang)
    answers = feedback.public_answers(ctx.engine, access, indicator, region).to_dict("records")
    challenge = feedback.new_challenge(ctx.config.session_secret())
    return about, view.answers_list(answers, lang), t("feedback.challenge", lang, question=challenge.question), \
        challenge.token


def feedback_target(key: str) -> tuple[str, str, str | None]:
    return view.parse_key(key or "")


def send(ctx: AppContext, key: str, kind: str, message: str, contact: str, answer: str, token: str,
         lang: str, ip: str | None) -> tuple[object, bool]:
    """Check the challenge, store the message; returns (alert, sent)."""
    secret = ctx.config.session_secret()
    nonce = feedback.challenge_nonce(secret, token, answer)
    if nonce is None:
        return dbc.Alert(t("feedback.error.challenge", lang), color="warning"), False
    indicator, region, period = feedback_target(key)
    try:
        feedback.submit(ctx.engine, current_access(), indicator=indicator, region=region, period=period,
                        kind=kind, message=message or "", contact=contact, ip=ip, secret=secret,
                        challenge=nonce)
    except feedback.FeedbackRefused as refused:
        return dbc.Alert(t(refused.key, lang, **refused.values), color="warning"), False
    except StoreError:
        return dbc.Alert(t("feedback.error.store", lang), color="danger"), False
    return dbc.Alert(t("feedback.sent", lang), color="success"), True


#: the button clicked (its index) and when: a button that only appeared (n_clicks None) is no click
CLIENT_OPENED = """
function(clicks) {
    const fired = (window.dash_clientside.callback_context.triggered || []).filter(t => t.value);
    if (!fired.length) { return window.dash_clientside.no_update; }
    const propId = fired[0].prop_id;
    const id = JSON.parse(propId.slice(0, propId.lastIndexOf(".")));
    return {key: id.index, at: Date.now()};
}
"""


def register(app: Dash, ctx: AppContext) -> None:
    # Which button was clicked is decided in the browser: a server callback on every feedback button (pattern ALL)
    # was also asked each time a page brought its buttons (1-2 requests per page load that only said "no click")
    app.clientside_callback(CLIENT_OPENED, Output(ids.OPENED, "data"),
                            Input({"type": ids.OPEN, "index": ALL}, "n_clicks"), prevent_initial_call=True)

    @app.callback(
        Output(ids.MODAL, "is_open"), Output(ids.TARGET, "data"), Output(ids.ABOUT, "children"),
        Output(ids.ANSWERS, "children"), Output(ids.CHALLENGE_LABEL, "children"),
        Output(ids.CHALLENGE_TOKEN, "data"), Output(ids.RESULT, "children"), Output(ids.MESSAGE, "value"),
        Input(ids.OPENED, "data"), State(shell_ids.URL, "search"),
        prevent_initial_call=True,
    )
    def open_modal(opened, search):
        key = opened.get("key") if isinstance(opened, dict) else None
        if not isinstance(key, str) or not key:
            raise PreventUpdate
        lang = lang_of(search, ctx.config.default_lang)
        about, answers, label, token = open_state(ctx, key, lang)
        return True, key, about, answers, label, token, None, ""

    @app.callback(
        Output(ids.RESULT, "children", allow_duplicate=True), Output(ids.MESSAGE, "value", allow_duplicate=True),
        Output(ids.CHALLENGE_LABEL, "children", allow_duplicate=True),
        Output(ids.CHALLENGE_TOKEN, "data", allow_duplicate=True), Output(ids.CHALLENGE, "value"),
        Input(ids.SEND, "n_clicks"),
        State(ids.TARGET, "data"), State(ids.KIND, "value"), State(ids.MESSAGE, "value"), State(ids.CONTACT, "value"),
        State(ids.CHALLENGE, "value"), State(ids.CHALLENGE_TOKEN, "data"), State(shell_ids.URL, "search"),
        prevent_initial_call=True,
    )
    def submit(n, key, kind, message, contact, answer, token, search):
        if not n or not key:
            raise PreventUpdate
        lang = lang_of(search, ctx.config.default_lang)
        alert, sent = send(ctx, key, kind, message, contact, answer, token, lang, request.remote_addr)
        challenge = feedback.new_challenge(ctx.config.session_secret())
        return (alert, "" if sent else no_update, t("feedback.challenge", lang, question=challenge.question),
                challenge.token, "")
