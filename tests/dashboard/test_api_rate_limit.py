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
    assert refused.status_code == 429 and "Too many requests" in refused.get_json()["error"]["en"]
    assert "Terlalu banyak" in refused.get_json()["error"]["id"]  # the API's one error shape
    assert client.get("/healthz").status_code in (200, 503)  # the rest of the app is not limited


def test_an_empty_variable_turns_the_limits_off(sqlite_url, engine):
    from dashboard import create_app
    from services.config import Config

    config = Config.from_env({"DASHBOARD_DATABASE_URL": sqlite_url, "DASHBOARD_AUTO_SEED": "false",
                              "DASHBOARD_API_RATE_LIMIT": "", "DASHBOARD_LOGIN_RATE_LIMIT": " "})
    assert config.api_rate_limit == "" and config.login_rate_limit == ""
    assert Config.from_env({}).api_rate_limit == Config().api_rate_limit  # unset keeps the default
    dash.page_registry.clear()
    app = create_app(config, engine=engine)
    dash.page_registry.clear()
    client = app.server.test_client()
    assert {client.get("/api/v1/indicators").status_code for _ in range(130)} == {200}


def test_deployments_sharing_one_redis_count_apart(config, engine, redis_target):
    """Rate-limit keys carry DASHBOARD_CACHE_PREFIX: two deployments (or two test runs) on one Redis do not spend
    each other's allowance (a fixed prefix let one test's sign-ins throttle the next one's)."""
    from dashboard import create_app

    def api_codes(prefix: str) -> list[int]:
        dash.page_registry.clear()
        app = create_app(replace(config, api_rate_limit="3 per minute", redis_url=redis_target.url,
                                 cache_prefix=prefix), engine=engine)
        dash.page_registry.clear()
        client = app.server.test_client()
        return [client.get("/api/v1/indicators").status_code for _ in range(4)]

    assert api_codes(f"{redis_target.prefix}a:") == [200, 200, 200, 429]
    assert api_codes(f"{redis_target.prefix}b:") == [200, 200, 200, 429]  # its own count, not the first's
