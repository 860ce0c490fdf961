"""The target simulator in a real headless Chromium: state from the URL, required path drawn, language switch."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

TRACES = "Array.from(document.querySelectorAll('#skenario-graph .legendtext')).map(e => e.textContent).join('|')"


def test_skenario_draws_required_path_and_switches_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/skenario?wilayah=32&indikator=p0")
    page.locator("h1", has_text="Simulator target").wait_for(timeout=20000)
    wait_js(page, f"{TRACES}.includes('Data')", timeout=20000)
    page.fill("#skenario-target", "5")
    wait_js(page, f"{TRACES}.includes('Jalur dibutuhkan (perubahan tetap)')", timeout=20000)
    assert "Untuk mencapai 5,00 pada 2029" in page.inner_text("#skenario-sentences")
    page.fill("#skenario-target", "-3")
    page.locator("#skenario-message", has_text="Skenario tidak mungkin").wait_for(timeout=20000)

    page.click("#shell-lang")
    page.locator("h1", has_text="Target simulator").wait_for(timeout=20000)
    assert "lang=en" in page.url and "wilayah=32" in page.url and "indikator=p0" in page.url
    bpage.assert_clean()
