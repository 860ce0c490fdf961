"""The kiosk's desa panel in a real headless Chromium at 1920x1080 on the store with the villages: the playlist
rotates to Kab. Bogor's desa by IDM status, drawn with the bundle's counts beside it, no console errors, nothing
fetched from outside the app."""

import pytest

from tests.conftest import open_page, village_status_counts, wait_js

pytestmark = pytest.mark.browser


def test_the_desa_panel_rotates_in_with_the_bundles_counts(village_server, browser):
    seen = open_page(browser, 1920, 1080)
    page = seen.page
    try:
        page.goto(f"{village_server}/kiosk?wilayah=32.01&panel=peta,desa&interval=3")
        wait_js(page, "document.querySelector('[data-panel=desa]').className.includes('is-active')", timeout=30000)
        wait_js(page, "(document.querySelector('#kiosk-desa-graph .js-plotly-plot') || {}).data?.length === 4",
                timeout=30000)
        shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#kiosk-desa-side [data-status]')]
            .map(r => [r.querySelector('.kiosk-rank-name').innerText, r.querySelector('.kiosk-rank-value').innerText]))""")
        assert {k: int(v.replace(".", "")) for k, v in shown.items() if v != "0"} == village_status_counts("3201")
        assert "19 kelurahan tidak dinilai" in page.inner_text("#kiosk-desa-head")
        seen.assert_clean()
    finally:
        page.context.close()
