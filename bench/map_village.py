"""The village part of `python -m bench map` (issue #19): one province's desa (Jawa Tengah, the most desa/kelurahan:
8,563) and one kab/kota's (Kab. Bogor, 435) on /peta, on the server and in headless Chromium.

A "value update" at the village level is a change of indicator (IDM 2024 has one period): the map cycles IDM, IKS,
IKE, IKL and the status. Server figures go through Dash's real dispatch (bytes are the response bodies); the
browser repaint is the time from the change of the indicator (set as a user's choice is) to the first animation
frame after plotly's `plotly_afterplot`; the first map is navigation start to every desa drawn.
"""
from __future__ import annotations

import gzip
import json
import statistics
import time
from pathlib import Path

from bench.load_payloads import map_body
from data.villages import load_villages
from services import geometry

PROVINCE, KABKOTA = "33", "3201"
INDICATORS = ["idm", "iks", "ike", "ikl", "status_idm"]
RUNS = 25
BROWSER_RUNS = 10
DRAWN = ("(() => { let n = 0; document.querySelectorAll('#peta-graph .choroplethlayer .trace').forEach(t => { "
         "n += [...t.querySelectorAll('path')].filter(p => p.getAttribute('d')).length; }); return n; })()")


def update_body(indicator: str, parent: str, drawn: str | None = None) -> dict:
    return map_body(0, indicator=indicator, periods=["2024"], level="village", parent=parent,
                    drawn=drawn or geometry.name_for("village", parent), changed="peta-indicator.value")


def server_updates(client, parent: str) -> tuple[float, int, int]:
    """(median ms, median bytes, largest bytes) of value updates, after one warm-up round per indicator; each
    request carries what the previous answer said is on screen (`peta-drawn`), as the page does."""
    times, sizes, drawn = [], [], None
    for i in range(RUNS + len(INDICATORS)):
        start = time.perf_counter()
        response = client.post("/_dash-update-component",
                               json=update_body(INDICATORS[i % len(INDICATORS)], parent, drawn))
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or b"__dash_patch_update" not in response.data[:400]:
            raise RuntimeError(f"village update answered {response.status_code}: {response.data[:300]!r}")
        drawn = json.loads(response.data)["response"]["peta-drawn"]["data"]
        if i >= len(INDICATORS):
            times.append(elapsed)
            sizes.append(len(response.data))
    return round(statistics.median(times), 2), int(statistics.median(sizes)), max(sizes)


def local_page(pw, base: str):
    """Debian's Chromium at 1366x768 with every request outside `base` refused (the app must need none): the
    browser and its page, for the map benches."""
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                 args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    return browser, page


def browser_figures(base: str, parent: str, regions: int) -> dict:
    """First map (ms to every desa drawn) and median repaint after an indicator change."""
    from playwright.sync_api import sync_playwright  # playwright only for the browser part

    with sync_playwright() as pw:
        browser, page = local_page(pw, base)
        page.goto(f"{base}/peta?wilayah={parent}&tingkat=desa&indikator=idm")
        # every shape drawn (a few islets of a province map can be under a pixel: plotly gives them no path)
        page.wait_for_function(f"() => {DRAWN} >= {int(regions * 0.99)}", timeout=120000, polling=50)
        first = page.evaluate("() => performance.now()")  # since navigation start
        drawn = page.evaluate(f"() => {DRAWN}")
        page.evaluate("""() => {
            const gd = document.querySelector('#peta-graph .js-plotly-plot');
            window.__bench = {t0: null, t1: null};
            gd.on('plotly_afterplot', () => {
                if (window.__bench.t0 !== null && window.__bench.t1 === null) {
                    requestAnimationFrame(() => { if (window.__bench.t1 === null) window.__bench.t1 = performance.now(); });
                }
            });
        }""")
        samples = []
        for i in range(BROWSER_RUNS):
            code = INDICATORS[(i + 1) % len(INDICATORS)]
            page.evaluate("""(code) => {
                window.__bench.t0 = performance.now(); window.__bench.t1 = null;
                window.dash_clientside.set_props('peta-indicator', {value: code});
            }""", code)
            page.wait_for_function("() => window.__bench.t1 !== null", timeout=60000)
            samples.append(page.evaluate("() => window.__bench.t1 - window.__bench.t0"))
            time.sleep(0.5)
        browser.close()
    return {"first_map_ms": round(first, 1), "update_ms": round(statistics.median(samples[1:]), 1), "drawn": drawn}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def figures(app, engine, base: str | None) -> dict:
    """The village keys of bench/results/map.json (`base`: the app served for the browser, None without one)."""
    started = time.perf_counter()
    load_villages(engine)
    result: dict = {"village_load_s": round(time.perf_counter() - started, 1)}
    client = app.server.test_client()
    for name in (f"village-{PROVINCE}", f"village-{KABKOTA}"):  # built once, as the first visitor would
        started = time.perf_counter()
        geometry.gzipped(name)
        result[f"geometry_build_s_{name}"] = round(time.perf_counter() - started, 1)
    largest = max(("33", "35"), key=lambda p: len(geometry.gzipped(f"village-{p}")))
    result["village_geometry_province"] = largest
    result["village_geometry_bytes_gzip"] = len(geometry.gzipped(f"village-{largest}"))
    result["village_geometry_bytes_raw"] = len(gzip.decompress(geometry.gzipped(f"village-{largest}")))
    result["kabkota_village_geometry_bytes_gzip"] = len(geometry.gzipped(f"village-{KABKOTA}"))
    median, size, largest_update = server_updates(client, PROVINCE)
    result |= {"village_median_ms": median, "village_bytes_per_update": size, "village_bytes_largest_update":
               largest_update}
    median, size, largest_update = server_updates(client, KABKOTA)
    result |= {"kabkota_village_median_ms": median, "kabkota_village_bytes_per_update": size,
               "kabkota_village_bytes_largest_update": largest_update}
    from services import queries  # imported where the village store is ready

    result["village_regions"] = int(len(queries.regions(engine, level="village", parent=PROVINCE)))
    result["kabkota_village_regions"] = int(len(queries.regions(engine, level="village", parent=KABKOTA)))
    if base:
        drawn = len(geometry.codes_drawn(f"village-{PROVINCE}"))
        province = browser_figures(base, PROVINCE, drawn)
        kabkota = browser_figures(base, KABKOTA, len(geometry.codes_drawn(f"village-{KABKOTA}")))
        result |= {"village_first_map_ms": province["first_map_ms"], "village_browser_update_ms": province["update_ms"],
                   "kabkota_village_first_map_ms": kabkota["first_map_ms"],
                   "kabkota_village_browser_update_ms": kabkota["update_ms"], "village_paths_drawn": province["drawn"],
                   "kabkota_village_paths_drawn": kabkota["drawn"]}
    result["village_worker_rss_mb"] = rss_mb()
    return result
