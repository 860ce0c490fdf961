"""The forecast page in a real headless Chromium: URL state, the fan chart, one row per province, language switch."""
import pytest
from playwright.sync_api import expect

from services.forecasts import refit_indicator

pytestmark = pytest.mark.browser

ROWS = ".proyeksi-grid .ag-center-cols-container .ag-row"


def test_proyeksi_from_url_renders_chart_table_and_switches_language(live_server, bpage, engine):
    refit_indicator(engine, "p0")  # pages read stored forecasts only (a fresh start fits them after the seed)
    page = bpage.page
    page.goto(f"{live_server}/proyeksi?wilayah=32&indikator=p0")
    page.wait_for_selector(ROWS, timeout=60000)
    expect(page.locator("h1")).to_have_text("Proyeksi dan target")
    # bands, forecast, fit, data, target: the chart may draw after the table on a loaded machine
    page.wait_for_function("() => document.querySelectorAll('#proyeksi-graph .scatterlayer .trace').length >= 5",
                           timeout=30000)
    # every province, with or without data (the table scrolls: only the rows on screen are in the page)
    assert page.evaluate("dash_ag_grid.getApi('proyeksi-grid').getDisplayedRowCount()") == 38
    assert 0 < page.locator(ROWS).count() < 38
    summary = page.inner_text(".proyeksi-summary")
    assert "kualitas:" in summary and "MASE" in summary and "Target 2025" in summary
    assert "Jawa Barat" in page.inner_text("#proyeksi-region")
    # the plan targets are raw numbers (editable) shown as Indonesian writes them: 5,85 not 5.85
    targets = page.inner_text("#proyeksi-targets .ag-center-cols-container")
    assert "5,85" in targets and "5.85" not in targets
    # the provinces table's long texts wrap instead of ending in an ellipsis at 1366 px
    assert "September 2024" in page.inner_text(ROWS + ":first-child")

    page.click("#shell-lang")
    expect(page.locator("h1")).to_have_text("Forecast and targets", timeout=30000)
    page.wait_for_selector(ROWS, timeout=30000)
    assert "quality:" in page.inner_text(".proyeksi-summary")
    page.wait_for_selector("#proyeksi-targets .ag-row", timeout=30000)
    assert "5.85" in page.inner_text("#proyeksi-targets .ag-center-cols-container")
    assert "lang=en" in page.url and "wilayah=32" in page.url and "indikator=p0" in page.url
    bpage.assert_clean()
