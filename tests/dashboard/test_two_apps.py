"""Two apps in one process keep their own settings: no module-level state is shared between them (issue #18).

A regional office in Papua and one in Jawa can be served from one process (or one test session builds many apps):
each shows times in its own zone and pages in its own default language, whichever app was built last.
"""
from __future__ import annotations

import re
import shutil

import pytest

from dashboard import create_app
from data.store import open_engine
from services.config import Config

ROUTER = "_pages_content.children"


def router_key(app) -> str:
    return next(key for key in app.callback_map if ROUTER in key)


def page_response(app, path: str) -> str:
    """The page `path` as the browser asks Dash's page router for it (no ?lang=: the app's default language)."""
    key = router_key(app)
    outputs = [{"id": part.split(".")[0], "property": part.split(".")[1]} for part in key[2:-2].split("...")]
    payload = {"output": key, "outputs": outputs, "changedPropIds": ["_pages_location.pathname"],
               "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                          {"id": "_pages_location", "property": "search", "value": ""}]}
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def load_times(app) -> set[str]:
    """The zone names of the load-history times on the catalogue page ("7 Des 2026 19:20 WIB" -> "WIB")."""
    return set(re.findall(r'"when":\s*"[^"]*\d\d:\d\d (\w+)"', page_response(app, "/katalog")))


@pytest.fixture(scope="module")
def two_apps(seeded_template, tmp_path_factory):
    sqlite_url = f"sqlite:///{shutil.copy(seeded_template, tmp_path_factory.mktemp('two_apps') / 'store.db')}"
    engines = [open_engine(sqlite_url), open_engine(sqlite_url)]
    jawa = create_app(Config(database_url=sqlite_url, auto_seed=False, timezone="Asia/Jakarta", default_lang="id"),
                      engine=engines[0])
    papua = create_app(Config(database_url=sqlite_url, auto_seed=False, timezone="Asia/Jayapura",
                              default_lang="en"), engine=engines[1])
    yield jawa, papua
    for engine in engines:
        engine.dispose()


def test_each_app_shows_times_in_its_own_zone(two_apps):
    jawa, papua = two_apps
    assert load_times(jawa) == {"WIB"}  # built first: the second app's zone must not have taken over
    assert load_times(papua) == {"WIT"}
    assert load_times(jawa) == {"WIB"}


def test_each_app_speaks_its_own_default_language(two_apps):
    jawa, papua = two_apps
    assert '<html lang="id" ' in jawa.server.test_client().get("/").get_data(as_text=True)
    assert '<html lang="en" ' in papua.server.test_client().get("/").get_data(as_text=True)
    assert "Katalog data" in page_response(jawa, "/katalog")  # the page itself, not only the frame
    assert "Data catalogue" in page_response(papua, "/katalog")


def test_a_request_leaves_the_zone_of_its_caller_alone(two_apps):
    """The zone is set for the request and reset after it: code running after a Papua request is not in WIT."""
    from datetime import UTC, datetime

    from i18n import fmt_date

    _jawa, papua = two_apps
    load_times(papua)
    assert fmt_date(datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "id", with_time=True).endswith("WIB")
