"""The catalogue in a real headless Chromium: renders the table, switches language, no console errors."""
import pytest

pytestmark = pytest.mark.browser


def test_katalog_renders_and_switches_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/katalog")
    page.wait_for_selector(".ag-row", timeout=20000)
    assert page.inner_text("h1") == "Katalog data"
    rows = page.locator("#katalog-grid .ag-center-cols-container .ag-row").count()  # not the load history
    assert rows == 16
    assert "Indeks Pembangunan Manusia" in page.inner_text(".ag-root")

    page.click("#shell-lang")
    page.locator("h1", has_text="Data catalogue").wait_for(timeout=15000)
    assert "Human Development Index" in page.inner_text(".ag-root")
    assert "lang=en" in page.url
    bpage.assert_clean()


def test_katalog_detail_shows_availability(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/katalog?indikator=ipm")
    page.wait_for_selector(".availability-table", timeout=20000)
    text = page.inner_text(".katalog-detail")
    assert "Badan Pusat Statistik" in text
    # 2024 IPM: 38 provinces and 472 kab/kota (BPS-coded Papua kab/kota left out, see SOURCE.md)
    row = page.locator(".availability-table tr", has_text="2024").first.inner_text()
    assert "38" in row and "472" in row
    bpage.assert_clean()
