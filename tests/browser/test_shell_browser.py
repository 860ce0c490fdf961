"""The shell in a real headless Chromium: the navbar keeps the chosen region and language (issue 20)."""
import pytest

pytestmark = pytest.mark.browser


def test_navbar_keeps_region_and_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=32&lang=en")
    link = page.locator("#shell-navbar a.nav-link[href^='/prioritas']")
    link.wait_for(timeout=20000)
    page.locator("#shell-navbar a.nav-link[href='/prioritas?wilayah=32&lang=en']").wait_for(timeout=20000)
    link.click()
    page.wait_for_url("**/prioritas?wilayah=32&lang=en", timeout=20000)
    page.locator("main", has_text="Jawa Barat").first.wait_for(timeout=20000)
    bpage.assert_clean()


def test_region_picker_takes_typing_at_once_and_shows_the_choice_flush(live_server, bpage):
    """Typing after opening the picker did nothing until the search box was clicked (focus sat on the chosen
    option); the chosen kab/kota showed indented by the em space that indents it in the list."""
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=32")
    page.wait_for_selector("#ringkasan-region", timeout=20000)
    page.click("#ringkasan-region")
    page.wait_for_selector("input.dash-dropdown-search", timeout=10000)
    page.wait_for_timeout(300)  # the picker moves the focus to the chosen option after it opens
    page.keyboard.type("Kota Band")
    assert page.input_value("input.dash-dropdown-search") == "Kota Band"
    page.locator(".dash-options-list-option-text", has_text="Kota Bandung").first.click()
    page.wait_for_url("**wilayah=3273**", timeout=20000)
    page.locator("#ringkasan-region .dash-dropdown-value", has_text="Kota Bandung").wait_for(timeout=20000)
    value = page.locator("#ringkasan-region .dash-dropdown-value")
    assert value.inner_text() == value.inner_text().strip()
    assert page.evaluate("""() => {
        const item = document.querySelector('#ringkasan-region .dash-dropdown-value .region-option-regency');
        return item && getComputedStyle(item).paddingLeft;
    }""") == "0px"
    bpage.assert_clean()
