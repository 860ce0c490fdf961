"""The compare page in a real headless Chromium: URL state, one bar per peer with a value, language switch.

Timeouts are generous because the page runs six callbacks on first load and CI machines can be busy; nothing here
is timed (speed belongs in bench/)."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

BARS = "#bandingkan-rank-graph .bars .point"


def test_bandingkan_from_url_state_switches_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/bandingkan?wilayah=3273&indikator=ipm&periode=2024")
    page.wait_for_selector(BARS, timeout=60000)
    assert page.inner_text("h1") == "Bandingkan wilayah"
    # Kota Bandung among the 27 kab/kota of Jawa Barat, all with an IPM 2024 value
    assert page.locator(BARS).count() == 27
    page.wait_for_selector(".bandingkan-position", timeout=30000)
    assert "Kota Bandung: ke-" in page.inner_text(".bandingkan-position")
    page.wait_for_selector(".klassen-quadrant", timeout=30000)  # Klassen for Jawa Barat's kab/kota (kab/kota bundle)
    assert page.locator(".bandingkan-klassen-unavailable").count() == 0
    page.wait_for_selector("#bandingkan-scatter-graph .scatterlayer .point", timeout=30000)
    wait_js(page, "window.location.search.includes('x=ipm')", timeout=10000)  # URL follows the controls

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('h1').innerText === 'Compare regions'", timeout=30000)
    page.wait_for_selector(BARS, timeout=60000)
    assert page.locator(BARS).count() == 27
    assert "lang=en" in page.url and "wilayah=3273" in page.url
    page.wait_for_selector(".bandingkan-position", timeout=30000)
    assert "Kota Bandung: " in page.inner_text(".bandingkan-position")
    bpage.assert_clean()


def test_bandingkan_indonesia_ranks_provinces_and_draws_klassen(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/bandingkan?wilayah=ID&indikator=p0&periode=2024-03&lang=en")
    page.wait_for_selector(BARS, timeout=60000)
    assert page.locator(BARS).count() == 38
    page.wait_for_selector(".klassen-quadrant", timeout=30000)
    assert page.locator(".klassen-quadrant").count() == 4
    bpage.assert_clean()
