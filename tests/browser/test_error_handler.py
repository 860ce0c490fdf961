"""An unexpected callback failure shows a friendly bilingual alert, never a stack trace."""
import pytest
from dash import Input, Output, html

pytestmark = pytest.mark.browser


@pytest.fixture
def failing_app(app):
    shell = app.layout  # a function: the shell is built per request for the signed-in user
    extra = html.Div([html.Button("boom", id="test-boom"), html.Div(id="test-out")])
    app.layout = lambda: html.Div([shell(), extra])

    @app.callback(Output("test-out", "children"), Input("test-boom", "n_clicks"), prevent_initial_call=True)
    def boom(n):
        raise RuntimeError("internal detail that must not reach the screen")

    return app


def test_callback_error_shows_friendly_alert(failing_app, live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/katalog")
    page.wait_for_selector(".ag-row", timeout=20000)
    page.click("#test-boom")
    page.wait_for_selector("#shell-error", timeout=10000)
    text = page.inner_text("#shell-error")
    assert "Maaf, terjadi kesalahan" in text and "Sorry, something went wrong" in text
    body = page.inner_text("body")
    assert "internal detail" not in body and "Traceback" not in body
    # The failed request is logged by the browser as a 500 only if the server failed; on_error answers 204.
    assert not [e for e in bpage.console_errors if "internal detail" in e]
