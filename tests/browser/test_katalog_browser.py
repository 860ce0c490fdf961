"""The catalogue in a real headless Chromium: renders the table, switches language, no console errors."""
import pytest

pytestmark = pytest.mark.browser


def test_katalog_renders_and_switches_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/katalog")
    page.wait_for_selector(".ag-row", timeout=20000)
    assert page.inner_text("h1") == "Katalog data"
    # The grid draws only the rows in view (row virtualisation, wrapped rows are tall), so ask the grid for its
    # row count rather than counting drawn rows: 17 or 18 were drawn depending on the row heights.
    rows = page.evaluate("() => dash_ag_grid.getApi('katalog-grid').getDisplayedRowCount()")
    assert rows == 18
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


#: Code cells of the catalogue grid whose text does not fit (ends in "…"): [code, text width, cell width].
CUT_CODES = """() => Array.from(document.querySelectorAll('#katalog-grid .ag-cell[col-id=code]'))
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => [e.innerText, e.scrollWidth, e.clientWidth])"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_katalog_codes_whole_at_1366(live_server, browser, lang):
    """At 1366 px the code column ended "pdrb_per_…", "air_minu…", "sanitasi_l…": the codes a user copies into an
    API address or an upload file."""
    from tests.conftest import open_page

    seen = open_page(browser, 1366, 768)
    page = seen.page
    try:
        page.goto(f"{live_server}/katalog?lang={lang}")
        page.locator("#katalog-grid .ag-cell[col-id=code]", has_text="pdrb_per_capita_adhk").wait_for(timeout=20000)
        assert page.evaluate(CUT_CODES) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        seen.assert_clean()
    finally:
        page.context.close()


#: Texts of the load history that end in "…" or break inside a word (a header "Indik…", a time "19:4…", a header
#: "unch/ange/d" wrapped letter by letter); the file name may end in "…" (its tooltip has it whole).
CUT_IN_BATCHES = """() => {
    const ctx = document.createElement('canvas').getContext('2d');
    const bad = [];
    for (const e of document.querySelectorAll(
            '#katalog-batches-grid .ag-header-cell-text, #katalog-batches-grid .ag-cell:not([col-id=file])')) {
        if (e.scrollWidth > e.clientWidth + 1) { bad.push('cut: ' + e.innerText); continue; }
        const cs = getComputedStyle(e);
        ctx.font = cs.font;
        const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) + 1;
        for (const word of e.innerText.split(/\\s+/)) if (word && ctx.measureText(word).width > room) bad.push(word);
    }
    return bad;
}"""


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("role", [None, "walidata"])
def test_load_history_shows_whole_times_headers_and_kinds_at_1366(live_server, browser, engine, lang, role):
    """At 1366 px (and wider) the load history cut every time to "28 Nov 2026 19:4…" and its headers to "Indik…",
    "chang…", "unc…", and showed the batch kind as the stored code ("seed")."""
    from services import users
    from tests.conftest import PASSWORD, open_page

    seen = open_page(browser, 1366, 768)
    page = seen.page
    try:
        if role:
            users.add_user(engine, "wali", PASSWORD, role)
            page.goto(f"{live_server}/masuk")
            page.fill("#masuk-username", "wali")
            page.fill("#masuk-password", PASSWORD)
            page.click("#masuk-submit")
            page.wait_for_selector("#shell-sign-out", state="visible", timeout=20000)
        page.goto(f"{live_server}/katalog?lang={lang}")
        page.wait_for_selector("#katalog-batches-grid .ag-row", timeout=20000)
        page.wait_for_load_state("networkidle")
        if role:
            assert page.locator("#katalog-batches-grid .ag-header-cell[col-id=note]").count() == 1
        assert page.evaluate(CUT_IN_BATCHES) == []
        when = page.inner_text("#katalog-batches-grid .ag-row[row-index='0'] .ag-cell[col-id=when]")
        assert when.endswith("WIB"), when
        kind = page.inner_text("#katalog-batches-grid .ag-row[row-index='0'] .ag-cell[col-id=kind]")
        assert kind.split() == (["data", "bawaan"] if lang == "id" else ["bundled", "data"])
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        seen.assert_clean()
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_load_history_counts_whole_with_villages(village_server, browser, lang):
    """The bundled village batch holds 376.240 new values: its count read "376.…" in the load history."""
    from tests.conftest import open_page

    seen = open_page(browser, 1366, 768)
    page = seen.page
    try:
        page.goto(f"{village_server}/katalog?lang={lang}")
        cell = page.locator("#katalog-batches-grid .ag-cell[col-id=new]", has_text="376")
        cell.wait_for(timeout=20000)
        assert cell.inner_text() == ("376.240" if lang == "id" else "376,240")
        assert page.evaluate(CUT_IN_BATCHES) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        seen.assert_clean()
    finally:
        page.context.close()
