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


@pytest.mark.parametrize(("lang", "typed", "said"), [
    ("id", "3,2", "Untuk mencapai 3,20 pada 2029"),
    ("en", "3.2", "Reaching 3.20 in 2029"),
])
def test_target_typed_with_the_languages_decimal_mark(live_server, bpage, lang, typed, said):
    """The browser's locale is id-ID: a number field there turned 3,2 into 32 without a word."""
    page = bpage.page
    page.goto(f"{live_server}/skenario?wilayah=32&indikator=p0&lang={lang}")
    wait_js(page, f"{TRACES}.length > 0", timeout=20000)
    page.click("#skenario-target")
    page.keyboard.type(typed)
    page.locator("#skenario-sentences", has_text=said).wait_for(timeout=20000)
    assert "32,00" not in page.inner_text("#skenario-sentences") and "32.00" not in page.inner_text("#skenario-sentences")
    page.fill("#skenario-target", "")
    page.keyboard.type("3,2,1")
    page.locator("#skenario-message", has_text="3,2,1").wait_for(timeout=20000)
    assert ("tidak terbaca" if lang == "id" else "is not a number") in page.inner_text("#skenario-message")
    bpage.assert_clean()


COMPARE = ("Array.from(document.querySelectorAll('#skenario-saved-compare .legendtext'))"
           ".map(e => e.textContent).join('|')")


def _sign_in(page, base, name):
    from tests.conftest import PASSWORD

    page.goto(f"{base}/masuk")
    page.wait_for_selector("#masuk-username", timeout=20000)
    page.fill("#masuk-username", name)
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_url(lambda url: "/masuk" not in url, timeout=20000)


def _save(page, name, target):
    page.fill("#skenario-target", target)
    wait_js(page, f"{TRACES}.includes('Jalur dibutuhkan (perubahan tetap)')", timeout=20000)
    page.fill("#skenario-saved-name", name)
    page.click("#skenario-saved-save")


def test_save_overwrite_compare_and_whatif_signed_in(live_server, bpage, engine):
    from services import users
    from tests.conftest import PASSWORD

    users.add_user(engine, "perencana", PASSWORD, "analis", None, None)
    page = bpage.page
    _sign_in(page, live_server, "perencana")
    page.goto(f"{live_server}/skenario?wilayah=32&indikator=p0")
    page.locator("h1", has_text="Simulator target").wait_for(timeout=20000)
    wait_js(page, f"{TRACES}.includes('Data')", timeout=20000)

    _save(page, "moderat", "6")
    page.locator("#skenario-saved-message", has_text="Skenario “moderat” disimpan").wait_for(timeout=20000)
    page.locator("#skenario-saved-list label", has_text="moderat: target 6,00 pada 2029").wait_for(timeout=20000)

    _save(page, "moderat", "5.5")
    page.locator("#skenario-saved-confirm-text", has_text="sudah dipakai").wait_for(timeout=20000)
    assert "target 6,00 pada 2029" in page.inner_text("#skenario-saved-confirm-text")
    page.click("#skenario-saved-overwrite")
    page.locator("#skenario-saved-message", has_text="ditimpa").wait_for(timeout=20000)
    page.locator("#skenario-saved-list label", has_text="moderat: target 5,50 pada 2029").wait_for(timeout=20000)
    assert page.locator("#skenario-saved-confirm").is_hidden()

    _save(page, "optimis", "4")
    page.locator("#skenario-saved-list label", has_text="optimis: target 4,00").wait_for(timeout=20000)
    for box in page.locator("#skenario-saved-list input[type=checkbox]").all():
        box.check()
    wait_js(page, f"{COMPARE}.includes('moderat') && {COMPARE}.includes('optimis') && {COMPARE}.includes('Data')",
            timeout=20000)

    page.click("#skenario-saved-delete")
    page.locator("#skenario-saved-delete-text", has_text="tidak dapat dibatalkan").wait_for(timeout=20000)
    asked = page.inner_text("#skenario-saved-delete-text")
    assert "moderat" in asked and "optimis" in asked
    page.click("#skenario-saved-delete-no")
    page.locator("#skenario-saved-delete-confirm").wait_for(state="hidden", timeout=20000)
    assert page.locator("#skenario-saved-list label").count() == 2  # cancelled: nothing deleted
    page.click("#skenario-saved-delete")
    page.click("#skenario-saved-delete-yes")
    page.locator("#skenario-saved-empty", has_text="Belum ada skenario tersimpan").wait_for(timeout=20000)

    text = page.locator("#skenario-whatif-text")
    text.locator("text=Di dalam provinsi yang sama").wait_for(timeout=30000)
    assert "Pertumbuhan ekonomi" in text.inner_text() and "bukan bukti sebab-akibat" in text.inner_text()
    assert "interval kepercayaan 95%" in text.inner_text()
    bpage.assert_clean()


def test_public_can_simulate_but_not_save(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/skenario?wilayah=32&indikator=p0")
    page.locator("text=Untuk menyimpan skenario, masuk").wait_for(timeout=20000)
    assert page.locator("#skenario-saved-save").is_hidden()
    page.locator("#skenario-whatif-text", has_text="bukan bukti sebab-akibat").wait_for(timeout=30000)
    bpage.assert_clean()
