"""Every page loads under the Content-Security-Policy with no console error (the public's pages anonymously,
the protected ones signed in as admin through the real sign-in form), and the sign-in form works in a browser."""
import dash
import pytest

from services import users
from tests.conftest import wait_js

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


# Every map whose outlines plotly fetches by URL has drawn them: leaving earlier aborts that fetch, which plotly
# logs as a console error (a loaded machine can leave a pause longer than "networkidle" before the fetch starts).
MAPS_DRAWN = ("[...document.querySelectorAll('.js-plotly-plot')].every(g => !(g._fullData || []).some("
              "t => t.type === 'choropleth' && typeof t.geojson === 'string') || g.querySelector('.choroplethlayer path'))")


def _visit_all(bpage, base: str, paths: list[str]) -> None:
    page = bpage.page
    for path in paths:
        page.goto(base + path)
        page.wait_for_selector(".shell-main h1, .shell-main .alert", timeout=20000)
        page.wait_for_load_state("networkidle")
        wait_js(page, MAPS_DRAWN, timeout=30000)
    bpage.assert_clean()


def test_public_pages_load_under_the_csp(live_server, bpage, app):
    paths = [p["path"] for p in dash.page_registry.values() if not p.get("permission")]
    _visit_all(bpage, live_server, paths)
    assert bpage.page.is_visible("#shell-sign-in") and not bpage.page.is_visible("#shell-sign-out")


def test_sign_in_form_then_protected_pages_under_the_csp(live_server, bpage, app, engine):
    users.add_user(engine, "kepala", PASSWORD, "admin")
    page = bpage.page
    page.goto(f"{live_server}/admin")  # the public is sent to sign in, and back afterwards
    page.wait_for_selector("#masuk-username", timeout=20000)
    page.fill("#masuk-username", "kepala")
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_selector("#admin-users .ag-row", timeout=20000)
    assert "/admin" in page.url
    assert "kepala" in page.inner_text("#shell-user")
    nav = page.inner_text(".shell-navbar")
    assert "Admin" in nav and "Audit" in nav
    protected = [p["path"] for p in dash.page_registry.values() if p.get("permission")]
    _visit_all(bpage, live_server, protected)
    page.goto(f"{live_server}/audit")
    page.wait_for_selector("#audit-grid .ag-row", timeout=20000)
    assert "Masuk" in page.inner_text("#audit-grid")  # the sign-in, labelled in the page language
    page.click("#shell-sign-out")
    page.wait_for_selector("#shell-sign-in", state="visible", timeout=20000)
    assert "Admin" not in page.inner_text(".shell-navbar")
    bpage.assert_clean()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_signed_in_navbar_fits_one_line_at_1366(live_server, bpage, app, engine, lang):
    """An admin has every link; at 1366x768 the sign-out button must stay on screen, the bar on one line."""
    users.add_user(engine, "kepala-bappeda", PASSWORD, "admin")
    page = bpage.page
    page.goto(f"{live_server}/masuk")
    page.fill("#masuk-username", "kepala-bappeda")
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_selector("#shell-sign-out", state="visible", timeout=20000)
    page.goto(f"{live_server}/audit?lang={lang}")
    page.wait_for_selector(".shell-main h1", timeout=20000)
    page.wait_for_load_state("networkidle")
    box = page.evaluate("""() => {
        const out = document.querySelector('#shell-sign-out').getBoundingClientRect();
        const bar = document.querySelector('.shell-navbar').getBoundingClientRect();
        return {right: out.right, width: window.innerWidth, scroll: document.documentElement.scrollWidth,
                bar: bar.height, links: document.querySelectorAll('.shell-navbar .nav-link').length};
    }""")
    assert box["links"] >= 12, box
    assert box["right"] <= box["width"] and box["scroll"] <= box["width"], box
    assert box["bar"] < 70, box  # one line (two lines measure about 95 px)
    bpage.assert_clean()


def test_role_badge_follows_the_page_language(live_server, bpage, app, engine):
    """The shell is built in the default language; the role badge beside the user name read "produsen data" on
    every English page (the sign-in and sign-out labels were already switched by the URL's ?lang=)."""
    users.add_user(engine, "bps-up", PASSWORD, "produsen", "Badan Pusat Statistik", None)
    page = bpage.page
    page.goto(f"{live_server}/masuk")
    page.fill("#masuk-username", "bps-up")
    page.fill("#masuk-password", PASSWORD)
    page.click("#masuk-submit")
    page.wait_for_selector("#shell-sign-out", state="visible", timeout=20000)
    page.goto(f"{live_server}/katalog?lang=en")
    wait_js(page, "document.querySelector('#shell-sign-out').innerText === 'Sign out'", timeout=15000)
    wait_js(page, "document.querySelector('#shell-role').innerText === 'data producer'", timeout=15000)
    page.click("#shell-lang")
    wait_js(page, "document.querySelector('#shell-role').innerText === 'produsen data'", timeout=15000)
    bpage.assert_clean()
