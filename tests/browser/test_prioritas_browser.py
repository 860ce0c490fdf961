"""/prioritas in Chromium: kab/kota of Jawa Barat ranked from the URL, heat map drawn, English, clean console."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser


def test_prioritas_from_url_state(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/prioritas?wilayah=32&indikator=p0,ipm")
    page.wait_for_selector("#prioritas-grid .ag-row", timeout=30000)
    wait_js(page, "document.querySelectorAll('#prioritas-grid .ag-center-cols-container .ag-row').length === 27",
            timeout=20000)
    assert "Ringkasan" in page.inner_text("#prioritas-narrative")
    assert "2 dipilih" in page.inner_text("#prioritas-indicators") and "selected" not in page.inner_text("#prioritas-indicators")
    wait_js(page, "document.querySelector('#prioritas-heatmap .js-plotly-plot') && "
                  "document.querySelector('#prioritas-heatmap .js-plotly-plot').data[0].y.length === 27")
    page.click("#shell-lang")
    page.wait_for_selector("text=Priority matrix", timeout=20000)
    page.wait_for_selector("#prioritas-narrative >> text=Summary", timeout=30000)
    assert "2 selected" in page.inner_text("#prioritas-indicators")
    bpage.assert_clean()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_weight_sliders_line_up_at_1366(live_server, bpage, lang):
    """At 1366 px "Peluang gagal mencapai target" / "Probability of missing the target" wraps to two lines and
    pushed its slider about 20 px below the other four."""
    page = bpage.page
    page.goto(f"{live_server}/prioritas?lang={lang}")
    page.wait_for_selector(".rc-slider, .dash-slider, [role=slider]", timeout=30000)
    page.wait_for_load_state("networkidle")
    tops = page.evaluate("""() => [...document.querySelectorAll('[role=slider]')]
        .filter(e => e.closest('[id*="prioritas-weight"]')).map(e => Math.round(e.getBoundingClientRect().top))""")
    assert len(tops) == 5, tops
    assert max(tops) - min(tops) <= 2, tops
    bpage.assert_clean()
