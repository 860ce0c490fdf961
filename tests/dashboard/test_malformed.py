"""Malformed and misdirected requests get a 4xx in the API's error shape, never a 500 or the app shell."""
from __future__ import annotations

import pytest

from services.auth import LOGIN_POST


def assert_error_shape(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["id"] and error["en"] and error["id"] != error["en"]


def test_a_body_over_the_limit_is_413_in_both_languages(client):
    body = b"x" * (40 * 1024 * 1024)
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert_error_shape(response, 413)
    assert "20 MB" in response.get_json()["error"]["en"]


def test_a_form_over_the_limit_is_413_page(client):
    body = b"lang=en&" + b"x" * (40 * 1024 * 1024)
    response = client.post(LOGIN_POST, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "20 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["offset=99999999999999999999", "offset=-1", "limit=100001", "level=",
                                   "from=V", "to=2024-13", "period=Maret%202024"])
def test_parameters_outside_the_description_are_400(client, query):
    assert_error_shape(client.get(f"/api/v1/observations?{query}"), 400)


def test_empty_level_is_refused_on_regions(client):
    assert_error_shape(client.get("/api/v1/regions?level="), 400)


def test_a_declared_period_form_is_taken(client):
    rows = client.get("/api/v1/observations?indicator=ipm&region=32&from=2020&to=2022-Q4").get_json()["data"]
    assert [r["period"] for r in rows] == ["2020", "2021", "2022"]


@pytest.mark.parametrize("body", ["[]", "null", "1", '"x"',
                                  '{"output": "nope.children", "outputs": {"id": "nope", "property": "children"},'
                                  ' "inputs": [], "changedPropIds": []}',
                                  '{"output": "peta-grid.rowData", "outputs": {"id": "peta-grid", "property": "rowData"}}',
                                  '{"output": "peta-grid.rowData", "inputs": [1, 2, 3, 4, 5, 6, 7], "state": [1]}'])
def test_callback_requests_that_fit_no_callback_are_400(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert_error_shape(response, 400)


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nope")
    assert_error_shape(response, 404)
    assert "/api/v1/nope" in response.get_json()["error"]["en"]


@pytest.mark.parametrize("path", ["/_dash-component-suites/../../etc/passwd", "/_dash-component-suites/nope/x.js",
                                  "/_dash-component-suites/dash/../../../etc/passwd.js",
                                  "/_dash-component-suites/dash/..%2f..%2fetc/passwd"])
def test_paths_outside_the_component_suites_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and b"root:" not in response.data


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_writes_to_read_only_routes_are_405(client, method):
    response = client.open("/api/v1/indicators", method=method, headers={"Accept-Language": "en"})
    assert_error_shape(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_the_sign_in_form_still_needs_its_token(client):
    """405 for a method no route takes does not open a hole in the CSRF check of routes that take POST."""
    response = client.post(LOGIN_POST, data={"username": "a", "password": "b"})
    assert response.status_code == 400


def test_a_callback_that_prevents_update_still_answers_204():
    """PreventUpdate subclasses CallbackException: the guard must let Dash answer 204, not refuse it as malformed
    (a 400 there shows as a console error on every page whose callback declines to update)."""
    from dash import Dash, Input, Output, html
    from dash.exceptions import PreventUpdate

    from dashboard.malformed import guard_dispatch

    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b")])

    @app.callback(Output("b", "children"), Input("a", "children"))
    def decline(_value):
        raise PreventUpdate

    guard_dispatch(app)
    body = {"output": "b.children", "outputs": {"id": "b", "property": "children"},
            "inputs": [{"id": "a", "property": "children", "value": None}], "changedPropIds": []}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 204
