"""The shell's links: the region and the language travel from page to page (issue 20)."""
from __future__ import annotations

from callbacks.shell import carried_query, shell_state
from services.access import PUBLIC, access_for
from services.context import AppContext
from services.options import resolve_state

PAGES = {"ringkasan": {"name": "page.ringkasan", "path": "/"}, "prioritas": {"name": "page.prioritas",
                                                                           "path": "/prioritas"}}
NAV = [{"type": "shell-nav-link", "index": "ringkasan"}, {"type": "shell-nav-link", "index": "prioritas"}]


def test_nav_links_keep_region_and_language():
    hrefs = shell_state("/", "?wilayah=32&indikator=p0&lang=en", NAV, PAGES, "id")[1]
    assert hrefs == ["/?wilayah=32&lang=en", "/prioritas?wilayah=32&lang=en"]
    assert shell_state("/peta", "?wilayah=3273", NAV, PAGES, "id")[1][1] == "/prioritas?wilayah=3273"
    assert shell_state("/peta", "", NAV, PAGES, "id")[1] == ["/", "/prioritas"]
    assert carried_query("?lang=id&periode=2024", "id") == "" and carried_query("?lang=id", "en") == "?lang=id"


def test_a_user_with_a_region_opens_on_it(engine, config):
    ctx = AppContext(engine=engine, config=config, cache=None)
    bandung = access_for("analis", "bappeda-bandung", region_scope="3273")
    assert resolve_state(ctx, access=bandung).region == "3273"
    assert resolve_state(ctx, region="32", access=bandung).region == "32"  # the URL still decides
    assert resolve_state(ctx, access=PUBLIC).region == "ID"
