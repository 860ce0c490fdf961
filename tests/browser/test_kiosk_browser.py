"""The kiosk in a real headless Chromium at 1920x1080 (and 1366x768): rotation, live refresh, store and server faults."""
import threading

import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from werkzeug.serving import WSGIRequestHandler, make_server

from data import writer
from tests.conftest import free_port, open_page, wait_js

pytestmark = pytest.mark.browser

ACTIVE = "document.querySelector('.kiosk-panel.is-active')?.dataset.panel"


def until(page, condition: str, timeout: int = 15000) -> None:
    wait_js(page, condition, timeout=timeout)


@pytest.fixture
def kpage(browser):
    seen = open_page(browser, 1920, 1080)
    yield seen
    seen.page.context.close()


def import_values(engine, rows):
    frame = pd.DataFrame(rows, columns=["indicator_code", "region_code", "period", "value"])
    with engine.begin() as conn:
        batch = writer.new_batch(conn, kind="upload", created_by="test", rows_total=len(frame))
        writer.apply(conn, writer.diff(conn, frame), batch)


def px(page, selector: str, prop: str = "font-size") -> float:
    return float(page.evaluate(f"getComputedStyle(document.querySelector('{selector}'))['{prop}']")[:-2])


def test_panels_rotate_full_screen_and_readable(live_server, kpage):
    page = kpage.page
    page.goto(f"{live_server}/kiosk?panel=peta,ringkasan,penggerak&interval=2")
    page.wait_for_selector(".kiosk-panel.is-active", timeout=20000)
    playlist = ["peta", "ringkasan", "penggerak"]
    at = playlist.index(page.evaluate(ACTIVE))  # the first panel may already have moved on a slow machine
    for step in range(1, 4):  # three steps in playlist order: back to the start, so it loops
        until(page, f"{ACTIVE} === '{playlist[(at + step) % 3]}'")
    # no navigation chrome, the kiosk covers the viewport
    assert not page.is_visible("#shell-navbar")
    box = page.locator("#kiosk-root").bounding_box()
    assert (box["width"], box["height"]) == (1920, 1080)
    # readable at 5 m: headline numbers >= 64 px, labels >= 28 px
    assert px(page, ".kiosk-number") >= 64
    assert px(page, ".kiosk-label") >= 28
    assert px(page, ".kiosk-small") >= 28
    assert "Data per September 2024" in page.inner_text("#kiosk-as-of")
    assert page.inner_text("#kiosk-clock").strip()
    # the map draws every province (the screen geometry is built on first use: allow for it)
    until(page, "document.querySelectorAll('.kiosk-map .choroplethlocation').length >= 38", 40000)
    kpage.assert_clean()


def test_theme_kiosk_spreads_its_few_tiles_over_the_screen(live_server, kpage):
    page = kpage.page
    page.goto(f"{live_server}/kiosk?tema=economy&panel=ringkasan")
    page.wait_for_selector(".kiosk-tiles .kiosk-tile", timeout=30000)
    assert "Ekonomi" in page.text_content("#kiosk-title")
    count = page.locator(".kiosk-tile").count()
    assert 1 <= count < 4
    panel = page.evaluate("document.querySelector('.kiosk-tiles').getBoundingClientRect().width")
    tile = page.evaluate("document.querySelector('.kiosk-tile').getBoundingClientRect().width")
    assert tile > panel / count * 0.85  # not four columns with an empty right half
    kpage.assert_clean()


def test_refresh_picks_up_a_value_imported_after_opening(live_server, engine, kpage):
    page = kpage.page
    page.goto(f"{live_server}/kiosk?panel=ringkasan&refresh=2")
    page.wait_for_selector(".kiosk-tile", timeout=20000)
    tiles = page.locator(".kiosk-tile")
    poverty = tiles.filter(has_text="Kemiskinan")
    assert "8,57" in poverty.inner_text() and "hampir tercapai" in poverty.inner_text()  # vs RKP 2025: 7-8
    assert "Tidak ada peringatan baru" in page.inner_text("#kiosk-ticker")

    import_values(engine, [("p0", "ID", "2025-03", 6.5)])  # a new survey round, inside the 2025 target band
    until(page, "[...document.querySelectorAll('.kiosk-tile')].some(t => t.innerText.includes('6,50'))", 15000)
    text = poverty.inner_text()
    # compared like the overview card: March 2025 against March 2024 (9,03), not September 2024
    assert "Maret 2025" in text and "−2,53 dari Maret 2024" in text
    assert "Data per Maret 2025" in page.inner_text("#kiosk-as-of")
    ticker = page.inner_text("#kiosk-ticker")
    assert "Kemiskinan (P0) Indonesia" in ticker and "tercapai" in ticker
    kpage.assert_clean()


def test_store_away_keeps_last_panels_with_banner_then_recovers(live_server, engine, kpage):
    page = kpage.page
    page.goto(f"{live_server}/kiosk?panel=ringkasan,target&interval=2&refresh=2")
    page.wait_for_selector(".kiosk-tile", timeout=20000)
    assert not page.is_visible("#kiosk-banner")

    def fail(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("store gone"))

    event.listen(engine, "before_cursor_execute", fail)
    try:
        page.wait_for_selector("#kiosk-banner.is-shown", timeout=15000)
        banner = page.inner_text("#kiosk-banner")
        assert banner.startswith("Koneksi terputus sejak ")
        # the last good panels stay, and keep rotating
        assert "74,20" in page.text_content("#kiosk-tiles")
        start = page.evaluate(ACTIVE)
        until(page, f"{ACTIVE} !== '{start}'")
        assert "Nusa Tenggara Timur" in page.text_content("#kiosk-targets")
        assert page.locator(".kiosk-tile").count() == 7
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    page.wait_for_selector("#kiosk-banner.is-shown", state="detached", timeout=15000)
    assert not page.is_visible("#kiosk-banner")
    assert "74,20" in page.text_content("#kiosk-tiles")
    kpage.assert_clean()  # a store fault makes no failed request and no console error


class NoKeepAlive(WSGIRequestHandler):
    """One request per connection, so a stopped server is really gone (no kept-alive connection still answers)."""

    protocol_version = "HTTP/1.0"


@pytest.fixture
def restartable_server(app):
    """The app on a fixed port that the test can stop and start again."""
    port, state = free_port(), {}

    def start():
        server = make_server("127.0.0.1", port, app.server, threaded=True, request_handler=NoKeepAlive)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        state.update(server=server, thread=thread)

    def stop():
        state["server"].shutdown()
        state["server"].server_close()
        state["thread"].join(timeout=5)

    start()
    yield f"http://127.0.0.1:{port}", start, stop
    stop()


def test_dead_server_keeps_last_panels_and_recovers(restartable_server, kpage):
    url, start, stop = restartable_server
    page = kpage.page
    page.goto(f"{url}/kiosk?panel=ringkasan,penggerak&interval=2&refresh=2&lang=en")
    page.wait_for_selector(".kiosk-tile", timeout=20000)
    page.wait_for_load_state("networkidle")
    stop()
    page.wait_for_selector("#kiosk-banner.is-shown", timeout=20000)
    assert page.inner_text("#kiosk-banner").startswith("Offline since ")
    assert "74.20" in page.text_content("#kiosk-tiles")
    assert page.locator(".kiosk-panel.is-active").count() == 1  # still rotating, never blank
    start()
    page.wait_for_selector("#kiosk-banner.is-shown", state="detached", timeout=20000)
    assert "74.20" in page.text_content("#kiosk-tiles")
    assert not kpage.outside_requests
    # the only console errors are the requests that failed while the server was gone
    unexpected = [e for e in kpage.console_errors
                  if "Failed to load resource" not in e and "did not respond" not in e and "Failed to fetch" not in e]
    assert not unexpected, unexpected


@pytest.mark.parametrize("panel", ["ringkasan", "peta"])
def test_a_1366x768_screen_shows_every_tile_and_the_whole_legend(live_server, browser, panel):
    """At 1366x768 the 1920 minimum sizes did not fit: tile names collapsed to nothing, badges and targets were
    cut off, the map legend stopped after two classes. Everything must be inside its box."""
    seen = open_page(browser, 1366, 768)
    page = seen.page
    try:
        page.goto(f"{live_server}/kiosk?panel={panel}&wilayah=32")
        page.wait_for_selector(".kiosk-panel.is-active .kiosk-tile, .kiosk-panel.is-active .kiosk-legend-row",
                               timeout=30000)
        page.wait_for_load_state("networkidle")
        problems = page.evaluate("""() => {
            const bad = [];
            const panel = document.querySelector('.kiosk-panel.is-active');
            for (const box of panel.querySelectorAll('.kiosk-tile, .kiosk-map-side')) {
                if (box.scrollHeight > box.clientHeight + 1) bad.push('overflows: ' + box.className);
            }
            for (const name of panel.querySelectorAll('.kiosk-tile-name')) {
                if (name.getBoundingClientRect().height < 12) bad.push('name collapsed: ' + name.textContent);
            }
            const header = document.querySelector('.kiosk-header').getBoundingClientRect().height;
            if (header > 110) bad.push('header wraps: ' + header);
            return bad;
        }""")
        assert problems == []
        if panel == "peta":
            assert page.locator(".kiosk-panel.is-active .kiosk-legend-row").count() >= 4
        seen.assert_clean()
    finally:
        page.context.close()


def test_map_ranking_names_are_whole_at_1920(live_server, kpage):
    """The map's highest/lowest list ended the two longest province names in "…" on the wall screen's own size
    ("Daerah Khusus Ibukota Ja…"); they read "DKI Jakarta" and "DI Yogyakarta", as on the compare page."""
    page = kpage.page
    page.goto(f"{live_server}/kiosk?panel=peta&indikator=ipm")
    page.wait_for_selector(".kiosk-panel.is-active .kiosk-rank-name", timeout=20000)
    names = page.evaluate("""() => [...document.querySelectorAll('.kiosk-rank-name')]
        .map(e => ({text: e.innerText, cut: e.scrollWidth > e.clientWidth + 1}))""")
    assert {"DKI Jakarta", "DI Yogyakarta"} <= {n["text"] for n in names}, names
    assert not [n for n in names if n["cut"]], names
    kpage.assert_clean()


def test_a_province_kiosk_shows_its_targets(live_server, kpage):
    """?wilayah=32 said "Belum ada target untuk wilayah ini" every fourth turn although Jawa Barat has RKPD targets."""
    page = kpage.page
    page.goto(f"{live_server}/kiosk?wilayah=32&panel=target")
    page.locator("#kiosk-targets", has_text="Target Jawa Barat").wait_for(timeout=30000)
    text = page.text_content("#kiosk-targets")
    assert "RKPD Jawa Barat" in text and "Belum ada target" not in text and "di atas target" in text
    kpage.assert_clean()


def test_clock_shows_the_app_time_zone_not_the_pc_zone(live_server, browser):
    """A command-center PC left on UTC: the wall clock still shows the time of the app's zone (Asia/Jakarta by
    default, DASHBOARD_TIMEZONE), the zone every date on screen is written in."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    seen = open_page(browser, 1920, 1080, timezone_id="UTC")
    try:
        page = seen.page
        page.goto(f"{live_server}/kiosk?panel=ringkasan")
        until(page, "document.getElementById('kiosk-clock').innerText.trim().length > 0", 20000)
        shown = int(page.inner_text("#kiosk-clock").strip()[:2])
        now = datetime.now(UTC)
        jakarta = {(now + timedelta(minutes=m)).astimezone(ZoneInfo("Asia/Jakarta")).hour for m in (-1, 0, 1)}
        assert shown in jakarta and shown != now.hour
        seen.assert_clean()
    finally:
        seen.page.context.close()
