"""The map in a real headless Chromium: 514 kab/kota from a URL, period change by patch, language switch,
drill-down, no console errors and nothing fetched from outside (plotly's world outline is served locally)."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

GRAPH = "#peta-graph .js-plotly-plot"
DATA = f"document.querySelector('{GRAPH}').data"


def wait_map(page):
    page.wait_for_selector(f"{GRAPH} .choroplethlayer path", timeout=30000)


def test_map_of_514_kabkota_patches_switches_language_and_drills_down(live_server, bpage):
    page = bpage.page
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(f"{live_server}/peta?indikator=ipm&periode=2024")
    wait_map(page)
    assert page.inner_text("h1") == "Peta indikator"
    assert page.evaluate(f"{DATA}[1].locations.length") == 514
    assert page.evaluate(f"{DATA}[0].locations.length") == 42  # drawn grey: tidak ada data
    # plotly's own decoded copy: a patch sends z as a typed array (base64), which stays encoded in .data
    assert page.evaluate(f"Array.from(document.querySelector('{GRAPH}')._fullData[1].z).filter(Number.isFinite)"
                         ".length") == 472
    drawn = "[...document.querySelectorAll('#peta-graph .choroplethlayer path')].filter(p => p.getAttribute('d')).length"
    wait_js(page, f"{drawn} === 514")  # 472 in colour + 42 grey, each region drawn once
    assert any("/assets/00_vendor/topojson/" in u for u in seen)  # the world outline came from the app
    assert any("/geo/regency.geojson" in u for u in seen)

    # one step back in time: the values change, the geometry stays (patched, not re-sent)
    before = page.evaluate(f"JSON.stringify({DATA}[1].z)")
    page.focus("#peta-period [role=slider]")
    page.keyboard.press("ArrowLeft")
    wait_js(page, "document.getElementById('peta-period-label').innerText === '2023'", timeout=15000)
    wait_js(page, f"JSON.stringify({DATA}[1].z) !== {before!r}", timeout=15000)
    assert "periode=2023" in page.url
    assert sum("/geo/regency.geojson" in u for u in seen) == 1

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('h1').innerText === 'Indicator map'", timeout=20000)
    wait_map(page)
    assert "lang=en" in page.url and "periode=2023" in page.url and "indikator=ipm" in page.url
    assert page.evaluate(f"{DATA}[1].locations.length") == 514
    assert "rank %{customdata} of 472" in page.evaluate(f"{DATA}[1].hovertemplate")

    page.goto(f"{live_server}/peta?indikator=ipm&periode=2024&wilayah=32")
    wait_map(page)
    assert page.evaluate(f"{DATA}[1].locations.length") == 27
    assert "Jawa Barat" in page.inner_text("#peta-breadcrumb")
    page.click("#peta-crumb-home")
    wait_js(page, f"{DATA}[1].locations.length === 514", timeout=15000)
    bpage.assert_clean()


def test_unknown_url_state_shows_notice_and_table_tab(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/peta?indikator=zzz&wilayah=77&tingkat=provinsi")
    wait_map(page)
    notices = page.inner_text("#peta-notice")
    assert "'zzz'" in notices and "'77'" in notices
    assert page.evaluate(f"{DATA}[1].locations.length") == 38
    page.click("text=Tabel")
    page.wait_for_selector("#peta-grid .ag-row", timeout=15000)
    assert "DKI" in page.inner_text("#peta-grid") or "Jakarta" in page.inner_text("#peta-grid")
    bpage.assert_clean()
