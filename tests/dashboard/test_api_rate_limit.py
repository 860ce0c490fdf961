"""The REST API is rate-limited per address (DASHBOARD_API_RATE_LIMIT), in the caller's language."""
from dataclasses import replace

import dash
import pytest


def test_api_requests_beyond_the_limit_are_refused(config, engine):
    from dashboard import create_app

    dash.page_registry.clear()
    app = create_app(replace(config, api_rate_limit="3 per minute"), engine=engine)
    dash.page_registry.clear()
    api = [r.rule for r in app.server.url_map.iter_rules() if r.rule.startswith("/api/") and "<" not in r.rule]
    if not api:
        pytest.skip("no /api blueprint registered yet")
    client = app.server.test_client()
    codes = [client.get(api[0]).status_code for _ in range(5)]
    assert 429 not in codes[:3] and codes[3:] == [429, 429]
    refused = client.get(api[0], headers={"Accept-Language": "en"})
    assert refused.status_code == 429 and "Too many requests" in refused.get_json()["error"]
    assert client.get("/healthz").status_code in (200, 503)  # the rest of the app is not limited
