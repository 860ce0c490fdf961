"""The bupati's overview in a real headless Chromium (/?wilayah=3201 on the store with the villages): the desa by
IDM status with the bundle's counts, the lowest desa, the link to the village map, the language switch, no console
errors and nothing fetched from outside the app."""

import pytest

from tests.conftest import village_status_counts, wait_js

pytestmark = pytest.mark.browser

BOGOR = "3201"


def bundle_counts() -> dict[str, int]:
    return village_status_counts(BOGOR)


def shown_counts(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#ringkasan-desa-counts li')]
        .map(li => [li.querySelector('.desa-status-label').innerText, li.querySelector('.desa-status-count').innerText]))""")


def test_the_desa_of_kabupaten_bogor(village_server, bpage):
    page = bpage.page
    page.goto(f"{village_server}/?wilayah={BOGOR}")
    wait_js(page, "document.querySelectorAll('#ringkasan-desa-counts li').length === 5", timeout=30000)
    expected = bundle_counts()
    shown = shown_counts(page)
    assert set(shown) == {"Mandiri", "Maju", "Berkembang", "Tertinggal", "Sangat Tertinggal"}
    # Indonesian thousands: 1.234
    assert {k: int(v.replace(".", "")) for k, v in shown.items() if v != "0"} == expected
    assert any("." in v for v in shown.values()) or max(expected.values()) < 1000
    text = page.inner_text("#ringkasan-desa")
    assert "kelurahan: tidak dinilai IDM" in text and "belum ada perubahan" in text
    assert page.locator("#ringkasan-desa-lowest tbody tr").count() == 10
    # 40 kecamatan: 39 with desa ranked, one of kelurahan only (Cibinong) named as not ranked
    assert page.locator("#ringkasan-desa-districts tbody tr").count() == 39
    assert "1 kecamatan yang hanya berisi kelurahan tidak diperingkat" in text
    href = page.get_attribute("#ringkasan-desa-map", "href")
    assert href.startswith("/peta?") and f"wilayah={BOGOR}" in href and "tingkat=desa" in href

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('#ringkasan-desa h2').innerText.startsWith('Villages')", timeout=30000)
    shown_en = shown_counts(page)
    assert set(shown_en) == {"Mandiri (independent)", "Maju (advanced)", "Berkembang (developing)",
                             "Tertinggal (left behind)", "Sangat Tertinggal (very left behind)"}
    assert {k.split(" (")[0]: int(v.replace(",", "")) for k, v in shown_en.items() if v != "0"} == expected
    assert "not scored by the IDM" in page.inner_text("#ringkasan-desa")
    bpage.assert_clean()


def test_a_link_to_a_desa_opens_its_profile_then_the_map_with_it_outlined(village_server, bpage):
    """/?wilayah=32.01.02.2006 (a desa, dotted): its profile above Kab. Bogor's overview, its row's kecamatan marked;
    its map link opens Kab. Bogor's desa with the desa outlined and kept in the URL; the language switch keeps it."""
    page = bpage.page
    page.goto(f"{village_server}/?wilayah=32.01.02.2006")
    wait_js(page, "!!document.querySelector('#ringkasan-desa-place')", timeout=30000)
    text = page.inner_text("#ringkasan-desa-place")
    assert "Desa Tlajung Udik" in text and "Kecamatan Gunungputri · Kabupaten Bogor" in text and "0,8216" in text
    assert "tidak dikenal" not in page.inner_text("body")
    assert page.locator("#ringkasan-desa-districts tr.desa-here[data-code='320102']").count() == 1
    page.click("#ringkasan-desa-place-map")
    wait_js(page, "!!document.querySelector('#peta-graph .js-plotly-plot') && "
                  "document.querySelector('#peta-graph .js-plotly-plot').data.length === 5", timeout=30000)
    outlined = page.evaluate("() => document.querySelector('#peta-graph .js-plotly-plot').data[4].locations")
    assert outlined == ["3201022006"]
    assert "Tlajung Udik, Mandiri" in page.inner_text("#peta-summary")
    wait_js(page, "window.location.search.includes('wilayah=3201022006')")
    assert "tingkat=desa" in page.url
    page.click("#shell-lang")
    wait_js(page, "document.body.innerText.includes('Selected (outlined): Tlajung Udik')", timeout=30000)
    assert "wilayah=3201022006" in page.url
    bpage.assert_clean()


def test_a_province_has_no_village_section(village_server, bpage):
    page = bpage.page
    page.goto(f"{village_server}/?wilayah=32")
    wait_js(page, "document.querySelectorAll('.ringkasan-card').length > 0", timeout=30000)
    assert page.locator("#ringkasan-desa").count() == 0
    bpage.assert_clean()


def test_the_village_pages_pass_axe(village_server, browser):
    """The overview and the priority matrix of a kab/kota, with the villages loaded, in both languages."""
    from tests.browser.test_a11y_browser import AXE, audit_all

    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE}")
    found = audit_all(browser, village_server, AXE, [f"/?wilayah={BOGOR}", f"/prioritas?wilayah={BOGOR}&tingkat=desa",
                                                  "/?wilayah=3201022006", "/?wilayah=320102"])
    assert found == [], "\n".join(found)
