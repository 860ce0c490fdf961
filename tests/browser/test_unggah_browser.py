"""The upload page in a real headless Chromium: a walidata signs in, drops a BPS table, sees the preview, saves it,
sees a refused file's problems by row and column, and rolls the batch back in the catalogue; no console errors."""
import pytest
from sqlalchemy import select

from data.schema import Observation
from services import users
from tests.conftest import PASSWORD, wait_js

pytestmark = pytest.mark.browser

TABLE = ("Umur Harapan Hidup Saat Lahir (UHH) Menurut Kabupaten/Kota (Tahun), 2024\n"
         "Provinsi/Kabupaten/Kota;UHH\nJAWA BARAT;74,10\nKOTA BANDUNG;80,01\nBogor;-\nSumber: Badan Pusat Statistik\n")
BAD = "indicator,region,period,value\nipm,3273,2024-03,70\nipm,Atlantis,2024,abc\n"


def sign_in(page, live_server, engine, next_path):
    users.add_user(engine, "wali", PASSWORD, "walidata")
    page.goto(f"{live_server}/masuk?next={next_path}")
    page.wait_for_selector("#masuk-username", timeout=20000)
    page.fill("#masuk-username", "wali")
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_url(f"**{next_path}", timeout=20000)


def current(engine) -> float:
    with engine.connect() as conn:
        return conn.scalar(select(Observation.value).where(
            Observation.indicator_code == "uhh", Observation.region_code == "3273", Observation.period == "2024",
            Observation.is_current))


def test_upload_preview_commit_and_rollback(live_server, bpage, engine, tmp_path):
    page = bpage.page
    before = current(engine)
    sign_in(page, live_server, engine, "/unggah")
    page.wait_for_selector("#unggah-upload", timeout=20000)
    assert page.inner_text("h1") == "Unggah data"

    bad = tmp_path / "salah.csv"
    bad.write_text(BAD)
    page.set_input_files("#unggah-upload input[type=file]", str(bad))
    page.wait_for_selector(".unggah-refused", timeout=20000)
    page.wait_for_selector("#unggah-problems .ag-row", timeout=20000)
    problems = page.inner_text("#unggah-problems")
    assert "C (period)" in problems and "Atlantis" in problems and "D (value)" in problems
    assert page.is_disabled("#unggah-commit")

    good = tmp_path / "uhh_jabar_2024.csv"
    good.write_text(TABLE)
    page.set_input_files("#unggah-upload input[type=file]", str(good))
    page.click("#unggah-indicator")
    page.keyboard.type("Umur Harapan")
    # Click the filtered option itself: Enter pressed before the menu filters would pick the first indicator (IPM).
    page.click("[role=option]:has-text('Umur Harapan')", timeout=20000)
    wait_js(page, "document.querySelector('#unggah-indicator').innerText.includes('Umur Harapan')", timeout=15000)
    page.wait_for_selector(".unggah-valid", timeout=20000)
    assert "2 berubah" in page.inner_text("#unggah-count-changed")
    assert "1 dilewati" in page.inner_text("#unggah-count-skipped")
    page.wait_for_selector("#unggah-changes .ag-row", timeout=20000)
    assert "80,01" in page.inner_text("#unggah-changes")
    assert current(engine) == before  # a preview writes nothing

    page.click("#unggah-commit")
    page.wait_for_selector(".unggah-committed", timeout=20000)
    assert current(engine) == 80.01

    page.click(".unggah-committed a")
    page.wait_for_selector("#katalog-batches-grid .ag-row", timeout=20000)
    page.click("#katalog-batches-grid .ag-row[row-index='0']")
    page.wait_for_selector(".katalog-batch-changes", timeout=20000)
    wait_js(page, "!document.querySelector('#katalog-batches-rollback').disabled", timeout=15000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#katalog-batches-rollback")
    page.wait_for_selector(".katalog-batches-alert.alert-success", timeout=20000)
    assert current(engine) == before
    bpage.assert_clean()
