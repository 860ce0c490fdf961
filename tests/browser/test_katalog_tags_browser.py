"""Catalogue tags in Chromium: the smart-city filter; a walidata edits an indicator's tags through the form (the
public never sees the form)."""
import pytest

from services import users
from tests.conftest import wait_js

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
ROWS = "#katalog-grid .ag-center-cols-container .ag-row"
#: The indicator name and the selection box are pinned to the left (layouts/katalog.py).
PINNED_ROWS = "#katalog-grid .ag-pinned-left-cols-container .ag-row"


def test_smartcity_filter_from_the_url_and_no_editor_for_the_public(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/katalog?iso=37120:5.1")
    page.wait_for_selector(ROWS, timeout=20000)
    assert page.locator(ROWS).count() == 1
    assert "Tingkat Pengangguran Terbuka" in page.inner_text("#katalog-grid")
    assert not page.locator("#katalog-tag-form").is_visible()
    bpage.assert_clean()


def test_walidata_edits_tags_in_the_catalogue(live_server, bpage, engine):
    users.add_user(engine, "wali", PASSWORD, "walidata")
    page = bpage.page
    page.goto(f"{live_server}/masuk?next=/katalog")
    page.wait_for_selector("#masuk-username", timeout=20000)
    page.fill("#masuk-username", "wali")
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_selector(ROWS, timeout=20000)
    page.locator(PINNED_ROWS, has_text="Umur Harapan Hidup").locator(".ag-selection-checkbox input, input").first.click()
    wait_js(page, "document.querySelector('#katalog-tag-theme') && "
                  "document.querySelector('#katalog-tag-form').innerText.includes('Pembangunan manusia')")
    page.fill("#katalog-tag-sdg", "3.x")
    page.click("#katalog-tag-save")
    page.wait_for_selector("#katalog-tag-message.alert-danger", timeout=15000)
    assert "3.x" in page.inner_text("#katalog-tag-message")
    page.fill("#katalog-tag-sdg", "3.1")
    page.click("#katalog-tag-save")
    page.wait_for_selector("#katalog-tag-message.alert-success", timeout=15000)
    wait_js(page, "document.querySelector('#katalog-grid').innerText.includes('3.1')")
    bpage.assert_clean()
