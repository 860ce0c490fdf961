"""The walidata workflow in a real headless Chromium: a produsen uploads a BPS table and sees it "diajukan" (not
shown on the public page); a walidata signs in, finds it in the catalogue's load history, publishes it; the value
then appears on the public forecast page. No console errors on the way."""
import pytest
from sqlalchemy import select

from data.schema import ImportBatch
from services import users
from tests.conftest import PASSWORD, open_page, wait_js

pytestmark = pytest.mark.browser

TABLE = ("Umur Harapan Hidup Saat Lahir (UHH) Menurut Kabupaten/Kota (Tahun), 2024\n"
         "Provinsi/Kabupaten/Kota;UHH\nJAWA BARAT;74,10\nKOTA BANDUNG;80,01\nBogor;-\nSumber: Badan Pusat Statistik\n")
PUBLIC_PAGE = "/proyeksi?wilayah=3273&indikator=uhh"  # its region grid lists every kab/kota's latest value


def sign_in(page, live_server, name, next_path):
    page.goto(f"{live_server}/masuk?next={next_path}")
    page.wait_for_selector("#masuk-username", timeout=20000)
    page.fill("#masuk-username", name)
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_url(f"**{next_path}", timeout=20000)


def public_grid_text(browser, live_server) -> str:
    seen = open_page(browser)
    try:
        seen.page.goto(live_server + PUBLIC_PAGE)
        seen.page.wait_for_selector("#proyeksi-grid .ag-row", timeout=30000)
        # every row's texts, also those scrolled out of the table's view (only the rows on screen are in the page)
        text = seen.page.evaluate("""() => { const out = [];
            dash_ag_grid.getApi('proyeksi-grid').forEachNode(n => out.push(Object.values(n.data).join(' ')));
            return out.join('\\n'); }""")
        seen.assert_clean()
        return text
    finally:
        seen.page.context.close()


def status(engine) -> str:
    with engine.connect() as conn:
        return conn.scalar(select(ImportBatch.status).order_by(ImportBatch.id.desc()).limit(1))


def test_produsen_submits_walidata_publishes(live_server, browser, bpage, engine, tmp_path):
    users.add_user(engine, "bps-up", PASSWORD, "produsen", "Badan Pusat Statistik", None)
    users.add_user(engine, "wali", PASSWORD, "walidata")
    assert "80,01" not in public_grid_text(browser, live_server)

    page = bpage.page
    sign_in(page, live_server, "bps-up", "/unggah")
    good = tmp_path / "uhh_jabar_2024.csv"
    good.write_text(TABLE)
    page.set_input_files("#unggah-upload input[type=file]", str(good))
    page.click("#unggah-indicator")
    page.keyboard.type("Umur Harapan")
    page.click("[role=option]:has-text('Umur Harapan')", timeout=20000)
    page.wait_for_selector(".unggah-valid", timeout=20000)
    page.click("#unggah-commit")
    page.wait_for_selector(".unggah-submitted", timeout=20000)
    assert "diajukan" in page.inner_text(".unggah-submitted")
    assert status(engine) == "diajukan"
    page.click(".unggah-submitted a")
    page.wait_for_selector("#katalog-batches-grid .ag-row", timeout=20000)
    assert "diajukan" in page.inner_text("#katalog-batches-grid .ag-row[row-index='0']")
    assert page.is_hidden("#katalog-batches-review")  # a produsen has no review controls
    bpage.assert_clean()
    assert "80,01" not in public_grid_text(browser, live_server)  # submitted: not public

    reviewer = open_page(browser)
    try:
        rpage = reviewer.page
        sign_in(rpage, live_server, "wali", "/katalog")
        rpage.wait_for_selector(".katalog-batches-waiting", timeout=20000)
        assert "1 unggahan" in rpage.inner_text(".katalog-batches-waiting")
        rpage.click("#katalog-batches-grid .ag-row[row-index='0']")
        rpage.wait_for_selector(".katalog-batch-changes .ag-row", timeout=20000)
        assert "80,01" in rpage.inner_text(".katalog-batch-changes")  # the walidata sees the preview (old -> new)
        assert "75,37" in rpage.inner_text(".katalog-batch-changes")
        wait_js(rpage, "!document.querySelector('#katalog-batches-approve-ask').disabled", timeout=15000)
        assert rpage.locator("#katalog-batches-approve").is_hidden()  # publishing takes a confirmation (issue 20)
        rpage.click("#katalog-batches-approve-ask")
        rpage.locator("#katalog-batches-approve-confirm", has_text="Terbitkan batch").wait_for(timeout=15000)
        rpage.click("#katalog-batches-approve-cancel")
        rpage.locator("#katalog-batches-approve-confirm").wait_for(state="hidden", timeout=15000)
        assert status(engine) == "diajukan"
        rpage.click("#katalog-batches-approve-ask")
        rpage.click("#katalog-batches-approve")
        rpage.wait_for_selector(".katalog-batches-alert.alert-success", timeout=20000)
        assert "diterbitkan" in rpage.inner_text(".katalog-batches-alert")
        wait_js(rpage, "document.querySelector(\"#katalog-batches-grid .ag-row[row-index='0']\")"
                       ".innerText.includes('diterbitkan')", timeout=15000)
        reviewer.assert_clean()
    finally:
        reviewer.page.context.close()
    assert status(engine) == "diterbitkan"
    assert "80,01" in public_grid_text(browser, live_server)
