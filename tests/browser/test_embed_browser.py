"""Embeds in a real headless Chromium: a page on another origin frames /embed (chart, source, link back) while
/tren in an iframe is blocked; an internal indicator's embed is refused; "Sematkan" on /tren gives the code."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services import metadata
from tests.conftest import free_port, wait_js

pytestmark = pytest.mark.browser


@pytest.fixture
def other_site(live_server):
    """Another origin (a different port) whose page holds three iframes of the dashboard."""
    body = (f'<!doctype html><html><body><h1>Situs lain</h1>'
            f'<iframe id="public" src="{live_server}/embed?grafik=tren&indikator=p0&wilayah=32,3273" '
            f'width="900" height="480"></iframe>'
            f'<iframe id="internal" src="{live_server}/embed?grafik=peta&indikator=gini&wilayah=32" '
            f'width="900" height="200"></iframe>'
            f'<iframe id="page" src="{live_server}/tren" width="900" height="200"></iframe></body></html>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def frame_of(page, part: str):
    return next(f for f in page.frames if part in f.url)


def test_other_site_frames_the_embed_but_not_the_pages(other_site, bpage, engine):
    metadata.set_tier(engine, "gini", "internal")
    page = bpage.page
    page.goto(other_site)
    public = page.frame_locator("#public")
    public.locator(".embed-graph .main-svg").first.wait_for(timeout=30000)
    assert public.locator(".embed-graph .scatterlayer .trace").count() >= 3  # Jawa Barat, Kota Bandung, Indonesia
    assert "Badan Pusat Statistik" in public.locator(".embed-source").inner_text()
    link = public.locator("#embed-link")
    assert link.get_attribute("target") == "_blank" and "/tren?indikator=p0" in link.get_attribute("href")
    assert not public.locator("#shell-navbar").is_visible()  # the chart alone

    internal = page.frame_locator("#internal")
    internal.locator("#embed-refusal").wait_for(timeout=30000)
    assert "tidak terbuka untuk umum" in internal.locator("#embed-refusal").inner_text()
    assert internal.locator(".main-svg").count() == 0

    blocked = frame_of(page, "/tren") if any("/tren" in f.url for f in page.frames) else None
    assert blocked is None or blocked.query_selector("#shell-navbar") is None
    refused = [e for e in bpage.console_errors if "frame-ancestors" in e or "Refused to display" in e]
    assert refused, bpage.console_errors  # Chromium says it refused to frame /tren
    assert not bpage.outside_requests


def test_sematkan_on_the_trend_page_shows_the_iframe_code(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/tren?indikator=p0&wilayah=32,3273")
    page.wait_for_selector("#tren-graph .main-svg", timeout=30000)
    page.get_by_role("button", name="Sematkan").click()
    code = page.locator('textarea[id*="embed-share-code"]')
    code.wait_for(timeout=15000)
    wait_js(page, "document.querySelector('textarea[id*=\"embed-share-code\"]').value.length > 0")
    value = code.input_value()
    assert value.startswith(f'<iframe src="{live_server}/embed?grafik=tren&amp;indikator=p0&amp;wilayah=32%2C3273')
    bpage.assert_clean()


#: Installed before any page script: records whether the navbar was ever displayed, from its first insertion on.
NAVBAR_WATCH = """
window.__navbarShown = false;
new MutationObserver(function () {
  var nav = document.getElementById('shell-navbar');
  if (nav && getComputedStyle(nav).display !== 'none') { window.__navbarShown = true; }
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


@pytest.mark.parametrize("path", ["/embed?grafik=tren&indikator=p0&wilayah=32", "/kiosk?panel=ringkasan"])
def test_chromeless_pages_never_show_the_navbar(live_server, bpage, path):
    page = bpage.page
    page.add_init_script(NAVBAR_WATCH)
    page.goto(f"{live_server}{path}")
    page.wait_for_selector(".embed-graph .main-svg, .kiosk-panel.is-active", timeout=30000)
    assert page.locator("#shell-navbar").count() == 1  # the shell is there, hidden from the first paint
    assert page.evaluate("window.__navbarShown") is False
    bpage.assert_clean()


def test_ordinary_pages_keep_the_navbar(live_server, bpage):
    page = bpage.page
    page.add_init_script(NAVBAR_WATCH)
    page.goto(f"{live_server}/katalog")
    page.wait_for_selector("#shell-navbar", timeout=30000)
    assert page.locator("#shell-navbar").is_visible()
    assert page.evaluate("window.__navbarShown") is True  # the watcher does see a shown navbar
