"""The overview in a real headless Chromium: cards from URL state, region picker writes the URL, language switch."""
import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

CARD = ".ringkasan-card"


def test_overview_shows_jawa_barat_cards_and_switches_language(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=32")
    page.wait_for_selector(CARD, timeout=20000)
    assert page.inner_text("h1") == "Ringkasan Jawa Barat"
    assert page.locator(CARD).count() == 7
    ipm = page.locator("#\\{\\\"index\\\"\\:\\\"ipm\\\"\\,\\\"type\\\"\\:\\\"ringkasan-card\\\"\\}")
    assert "74,43" in ipm.inner_text() and "dari 38 provinsi" in ipm.inner_text()
    p0 = page.locator("#\\{\\\"index\\\"\\:\\\"p0\\\"\\,\\\"type\\\"\\:\\\"ringkasan-card\\\"\\}")
    badge = p0.locator(".on-track-badge")
    assert badge.count() == 1 and badge.is_visible()
    assert badge.inner_text().strip() in {"sesuai jalur", "membaik, belum cukup", "stagnan", "memburuk"}
    colour = badge.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # coloured, not a bare word
    assert "Target RKPD Jawa Barat 2025 (2025): 5,85–6,46%" in p0.inner_text()
    assert ipm.locator(".on-track-badge").count() == 1  # IPM Jawa Barat has a 2025 RKPD target too

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('h1').innerText === 'Overview: Jawa Barat'", timeout=15000)
    assert "74.43" in ipm.inner_text() and "of 38 provinces" in ipm.inner_text()
    assert p0.locator(".on-track-badge").inner_text().strip() in {"on track", "moderately improving", "stagnating",
                                                                  "worsening"}
    assert "wilayah=32" in page.url and "lang=en" in page.url
    bpage.assert_clean()


def test_picking_kota_bandung_updates_cards_and_url(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=32")
    page.wait_for_selector(CARD, timeout=20000)
    page.click("#ringkasan-region")
    page.fill("input.dash-dropdown-search", "Kota Bandung")
    page.locator(".dash-options-list-option-text", has_text="Kota Bandung").first.click()
    wait_js(page, "document.querySelector('h1').innerText === 'Ringkasan Kota Bandung'", timeout=15000)
    assert "wilayah=3273" in page.url
    assert "dari 27 kab/kota di Jawa Barat" in page.inner_text("#ringkasan-cards")
    assert "tidak ada data" in page.inner_text("#ringkasan-cards")
    bpage.assert_clean()


def test_unknown_region_shows_a_notice_not_a_traceback(live_server, bpage):
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=12345")
    page.wait_for_selector(CARD, timeout=20000)
    assert "tidak dikenal" in page.inner_text(".alert-warning")
    assert page.inner_text("h1") == "Ringkasan Indonesia"
    bpage.assert_clean()


def test_no_card_line_starts_with_a_separator_at_1366(live_server, bpage):
    """Card lines wrap at 1366 px; a " · " separator stays with the text before it, so no line starts with "·"
    (the IPM card read "· peluang tercapai ..." on a line of its own)."""
    page = bpage.page
    page.goto(f"{live_server}/")
    page.wait_for_selector(CARD, timeout=20000)
    page.wait_for_selector(".feedback-open", timeout=20000)
    dangling = page.evaluate("""() => {
        // every visible character of the cards in reading order, with its box
        const chars = [];
        const walker = document.createTreeWalker(document.querySelector('.shell-main'), NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.textContent.length; i++) {
                if (!node.textContent[i].trim()) continue;
                const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                const box = r.getBoundingClientRect();
                if (box.height) chars.push({c: node.textContent[i], top: box.top, bottom: box.bottom});
            }
        }
        const bad = [];
        chars.forEach((ch, i) => {
            if (ch.c !== '·' || i === 0 || i === chars.length - 1) return;
            const around = chars.slice(Math.max(0, i - 12), i + 12).map(x => x.c).join('');
            if (ch.top >= chars[i - 1].bottom - 2) bad.push('starts a line: ' + around);
        });
        return bad;
    }""")
    assert dangling == []
    bpage.assert_clean()
