"""Malformed and misdirected requests get their own 4xx status, never a 500 or the app shell: unknown /api paths
(JSON 404), methods a route does not take (405 with Allow), paths outside Dash's component suites (404) and Dash
callback requests whose JSON does not match a registered callback (400). Must not decide access or limits.
"""
from __future__ import annotations

import logging
from functools import wraps

from dash import Dash
from dash.exceptions import CallbackException, DependencyException, InvalidCallbackReturnValue, PreventUpdate
from flask import Flask, jsonify, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from dashboard.security import error_body, refusal, wants_json

log = logging.getLogger("dashboard")
DISPATCH = "/_dash-update-component"
#: What Dash's dispatch raises on a body that names no callback or does not fit one (before any callback runs;
#: a callback's own exceptions go to Dash's on_error and never reach here).
MALFORMED = (KeyError, TypeError, AttributeError, IndexError, ValueError, CallbackException)


def callback_problem(body: object, callback_map: dict) -> str | None:
    """What is wrong with a Dash callback request body, or None when it fits a registered callback."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "output names no callback"
    spec = callback_map[output]
    for key, declared in (("inputs", spec["inputs"]), ("state", spec.get("state") or [])):
        given = body.get(key, [] if key == "state" else None)
        if not isinstance(given, list) or len(given) != len(declared):
            return f"{key} do not match the callback"
        if not all(isinstance(item, dict | list) for item in given):
            return f"{key} are not objects"
    if not isinstance(body.get("outputs", []), dict | list):
        return "outputs are not objects"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(item, str) for item in changed):
        return "changedPropIds is not a list of names"
    return None


def guard_dispatch(app: Dash) -> None:
    """Check a callback request against the registered callbacks before Dash dispatches it."""
    server = app.server
    endpoint = next(r.endpoint for r in server.url_map.iter_rules() if r.rule == DISPATCH)
    dispatch = server.view_functions[endpoint]

    @wraps(dispatch)
    def checked(*args, **kwargs):
        problem = callback_problem(request.get_json(silent=True), app.callback_map)
        if problem:
            return refusal(400, "security.bad_callback", reason=problem)
        try:
            return dispatch(*args, **kwargs)
        except (PreventUpdate, InvalidCallbackReturnValue):
            raise  # Dash's own answer (204) and a callback's bug (500): not the caller's fault
        except MALFORMED as exc:
            log.warning("malformed callback request refused: %r", exc)
            return refusal(400, "security.bad_callback", reason=exc.__class__.__name__)

    server.view_functions[endpoint] = checked


def api_errors(server: Flask) -> None:
    """JSON 404 and 405 under /api (in the API's error shape); elsewhere Flask's own answers."""

    def api_not_found(rest: str):
        raise NotFound()

    server.add_url_rule("/api/<path:rest>", "api_not_found", api_not_found, methods=["GET"])

    @server.errorhandler(NotFound)
    def not_found(err: NotFound):
        if not wants_json():
            return err
        return jsonify(error_body("security.not_found", path=request.path)), 404

    @server.errorhandler(MethodNotAllowed)
    def not_allowed(err: MethodNotAllowed):
        if not wants_json():
            return err
        allowed = sorted(err.valid_methods or ())
        body = error_body("security.method", method=request.method, allowed=", ".join(allowed))
        return jsonify(body), 405, {"Allow": ", ".join(allowed)}

    @server.errorhandler(DependencyException)
    def no_such_asset(_err: DependencyException):
        return not_found(NotFound())


def register(app: Dash) -> None:
    guard_dispatch(app)
    api_errors(app.server)
