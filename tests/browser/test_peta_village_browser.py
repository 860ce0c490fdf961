"""The village map in a real headless Chromium, on the store with the villages: real mouse clicks drill Indonesia ->
Jawa Barat -> Kabupaten Bogor -> one kecamatan, whose desa are drawn (each once), the language switch keeps the
place, no console errors and nothing fetched from outside the app."""

import pytest

from tests.conftest import wait_js

pytestmark = pytest.mark.browser

GRAPH = "#peta-graph .js-plotly-plot"
DATA = f"document.querySelector('{GRAPH}').data"
#: paths plotly drew with a shape, per trace (0 no data, 1 values, 2 not comparable, 3 not scored)
DRAWN = ("(() => { const out = [0, 0, 0, 0]; "
         "document.querySelectorAll('#peta-graph .choroplethlayer .trace').forEach(t => { "
         "out[t.__data__[0].trace.index] = [...t.querySelectorAll('path')].filter(p => p.getAttribute('d')).length; "
         "}); return out; })()")


def click_region(page, code: str) -> None:
    """A real mouse click inside the drawn shape of region `code` (a point of the path, not just its box), once the
    shape has stood still for a moment (a map still being laid out would take the click somewhere else)."""
    point, before = None, None
    for _ in range(100):
        point = find_point(page, code)
        if point and point == before:
            break
        before = point
        page.wait_for_timeout(300)
    assert point, f"region {code} is not visible on the map: {page.evaluate(DATA + '[1].locations.slice(0, 5)')}"
    page.mouse.move(point[0], point[1])
    page.mouse.click(point[0], point[1])


def find_point(page, code: str) -> list[float] | None:
    return page.evaluate("""(code) => {
        const path = [...document.querySelectorAll('#peta-graph .choroplethlayer .trace path')]
            .find(p => p.__data__ && p.__data__.loc === code && p.getAttribute('d'));
        if (!path) { return null; }
        const box = path.getBoundingClientRect(), inverse = path.getScreenCTM().inverse();
        const svg = path.ownerSVGElement;
        for (let i = 20; i > 0; i--) {  // from the middle of the box outwards
            for (const [fx, fy] of [[0.5, 0.5], [0.5 - i / 50, 0.5], [0.5 + i / 50, 0.5], [0.5, 0.5 - i / 50],
                                    [0.5, 0.5 + i / 50], [0.5 - i / 50, 0.5 - i / 50], [0.5 + i / 50, 0.5 + i / 50]]) {
                const x = box.left + box.width * fx, y = box.top + box.height * fy;
                const p = svg.createSVGPoint();
                p.x = x; p.y = y;
                if (path.isPointInFill(p.matrixTransform(inverse))) { return [x, y]; }
            }
        }
        return null;
    }""", code)


def wait_locations(page, n: int) -> None:
    """Until the map holds `n` regions and has drawn each of them once (in whichever layer)."""
    wait_js(page, f"{DATA}[1].locations.length === {n} && {DRAWN}.reduce((a, b) => a + b, 0) === {n}",
            timeout=60000)


def test_drill_from_indonesia_to_the_desa_of_one_kecamatan(village_server, bpage):
    page = bpage.page
    seen, redrawn = [], []
    page.on("request", lambda r: seen.append(r.url))
    page.on("request", lambda r: redrawn.append(r) if "peta-graph.figure" in (r.post_data or "") else None)
    page.goto(f"{village_server}/peta?tingkat=provinsi")
    wait_locations(page, 38)
    page.wait_for_timeout(1500)
    # the page came with its map: opening it asks for no second one (a redraw there swallowed the first click)
    assert not redrawn, [r.post_data[:200] for r in redrawn]

    click_region(page, "32")  # Jawa Barat: its 27 kab/kota
    wait_locations(page, 27)
    click_region(page, "3201")  # Kabupaten Bogor: its 40 kecamatan, coloured by the IDM status of their desa
    wait_locations(page, 40)
    assert page.evaluate(f"document.querySelector('{GRAPH}').data[1].geojson").startswith("/geo/district-3201")
    assert "tingkat=kecamatan" in page.url and "wilayah=3201" in page.url and "indikator=status_idm" in page.url
    assert "Kabupaten Bogor" in page.inner_text("#peta-breadcrumb")

    click_region(page, "320105")  # one kecamatan: its 9 desa
    wait_locations(page, 9)
    wait_js(page, f"{DRAWN}[1] === 9", timeout=30000)  # each desa drawn once, all with a status
    assert "tingkat=desa" in page.url and "wilayah=320105" in page.url
    legend = page.inner_text("#peta-graph")
    assert "Mandiri (" in legend
    crumbs = page.inner_text("#peta-breadcrumb")
    assert "Jawa Barat" in crumbs and "Kabupaten Bogor" in crumbs

    page.click("#shell-lang")
    wait_js(page, "document.querySelector('h1').innerText === 'Indicator map'", timeout=30000)
    wait_locations(page, 9)
    assert "lang=en" in page.url and "wilayah=320105" in page.url
    assert "Villages" in page.inner_text("#peta-level")

    assert any("/geo/village-320105.geojson" in u for u in seen)
    bpage.assert_clean()


def test_kelurahan_are_their_own_layer_not_missing_data(village_server, bpage):
    page = bpage.page
    page.goto(f"{village_server}/peta?wilayah=3201&tingkat=desa&indikator=idm")
    wait_locations(page, 435)
    wait_js(page, f"{DRAWN}[3] === 19 && {DRAWN}[1] === 416 && {DRAWN}[0] === 0", timeout=60000)
    assert "kelurahan (tidak dinilai IDM)" in page.inner_text("#peta-graph")
    bpage.assert_clean()
