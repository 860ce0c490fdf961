"""The trends page in a real headless Chromium: lines from URL state, dashed references, language switch."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

PLOT = "document.querySelector('#tren-graph .js-plotly-plot')"
LINES = f"{PLOT}.data.filter(t => t.mode === 'lines+markers')"


def test_trend_lines_from_url_state_and_language_switch(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/tren?indikator=p0&wilayah=32,3273")
    wait_js(page, f"{PLOT} && {PLOT}.data && {LINES}.length === 3", timeout=20000)
    names = page.evaluate(f"() => {LINES}.map(t => t.name)")
    assert names == ["Jawa Barat", "Kota Bandung", "Indonesia (pembanding)"]
    dashes = page.evaluate(f"() => {LINES}.map(t => t.line.dash)")
    assert dashes == ["solid", "solid", "dash"]
    assert page.inner_text("h1") == "Tren indikator"

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('h1').innerText === 'Indicator trends'", timeout=15000)
    wait_js(page, f"{PLOT} && {PLOT}.data && {LINES}.length === 3", timeout=20000)
    assert page.evaluate(f"() => {LINES}[2].name") == "Indonesia (reference)"
    assert "wilayah=32,3273" in page.url and "indikator=p0" in page.url and "lang=en" in page.url
    bpage.assert_clean()


def test_papua_break_is_drawn_and_noted(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/tren?indikator=p0&wilayah=91&lang=en")
    wait_js(page, f"{PLOT} && {PLOT}.layout && ({PLOT}.layout.shapes || []).length === 1",
                           timeout=20000)
    assert "Papua split" in page.inner_text("#tren-notes")
    bpage.assert_clean()
