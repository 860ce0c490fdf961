"""Map benchmark: the /peta update callback for all 514 kab/kota, on the server and in headless Chromium,
against a naive baseline (a fresh px.choropleth with the full GeoJSON per callback) in the same run.

Server figures go through Flask's test client and Dash's real dispatch (`/_dash-update-component`), so they
include Dash's JSON serialisation; bytes are the response bodies. The browser figure is the time from the
key press that moves the period slider to the first animation frame after plotly's `plotly_afterplot`.
Run: `python -m bench map` (writes bench/results/map.json).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import dash
import plotly.express as px
from dash import Input, Output
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from bench import map_village
from bench.__main__ import machine, write_result
from bench.load_payloads import map_body
from data.seed import SEED, load_seed
from data.store import open_engine
from services import geometry, queries
from services.config import Config

RUNS = 60
BROWSER_RUNS = 12
PERIODS = ["2020", "2021", "2022", "2023", "2024"]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_app(folder: Path):
    from dashboard import create_app  # the app import is part of the setup, not of the module

    url = f"sqlite:///{folder / 'bench.db'}"
    engine = open_engine(url)
    load_seed(engine)
    dash.page_registry.clear()
    return create_app(Config(database_url=url, auto_seed=False), engine=engine), engine


def register_naive(app, engine) -> None:
    """The baseline: what a straightforward Dash map does, a whole new figure with the full boundaries each time."""
    full = json.loads((SEED / "boundaries" / "regencies.geojson").read_text())  # kept in memory, as a cache would

    @app.callback(Output("bench-naive-graph", "figure"), Input("bench-naive-period", "value"))
    def naive(period):
        regions = queries.regions(engine, level="regency")
        values = queries.values_for_period(engine, "ipm", period, level="regency")
        frame = regions.merge(values[["region_code", "value"]], how="left", left_on="code", right_on="region_code")
        figure = px.choropleth(frame, geojson=full, locations="code", featureidkey="properties.code", color="value",
                               hover_name="name", color_continuous_scale="YlOrRd_r")
        figure.update_geos(fitbounds="locations", visible=False)
        return figure


def naive_body(period: str) -> dict:
    return {"output": "bench-naive-graph.figure", "outputs": {"id": "bench-naive-graph", "property": "figure"},
            "inputs": [{"id": "bench-naive-period", "property": "value", "value": period}],
            "changedPropIds": ["bench-naive-period.value"]}


def time_posts(client, bodies: list[dict]) -> tuple[list[float], list[int]]:
    times, sizes = [], []
    for body in bodies:
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"callback answered {response.status_code}: {response.data[:300]!r}")
        sizes.append(len(response.data))
    return times, sizes


def server_figures(app, engine) -> dict:
    client = app.server.test_client()
    bodies = [map_body(i % len(PERIODS), periods=PERIODS) for i in range(RUNS + 5)]
    times, sizes = time_posts(client, bodies)
    first = json.loads(client.post("/_dash-update-component", json=map_body(1, periods=PERIODS)).data)
    assert "__dash_patch_update" in json.dumps(first["response"]["peta-graph"]["figure"])[:200]
    register_naive(app, engine)
    naive_times, naive_sizes = time_posts(client, [naive_body(PERIODS[i % len(PERIODS)]) for i in range(12)])
    return {
        "median_ms": round(statistics.median(times[5:]), 2), "p95_ms": round(p95(times[5:]), 2),
        "bytes_per_update": int(statistics.median(sizes)),
        "naive_median_ms": round(statistics.median(naive_times[2:]), 1),
        "naive_bytes_per_update": int(statistics.median(naive_sizes)),
    }


def browser_figure(app) -> float | None:
    """Median ms from the slider key press to the repainted map in Debian's headless Chromium (None if absent)."""
    if not Path("/usr/bin/chromium").exists():
        return None

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as pw:
            browser, page = map_village.local_page(pw, base)
            page.goto(f"{base}/peta?indikator=ipm&periode=2024")
            page.wait_for_selector("#peta-graph .choroplethlayer path", timeout=60000)
            page.evaluate("""() => {
                const gd = document.querySelector('#peta-graph .js-plotly-plot');
                window.__bench = {t0: null, t1: null};
                document.addEventListener('keydown', () => {
                    window.__bench.t0 = performance.now();
                    window.__bench.t1 = null;
                }, true);
                gd.on('plotly_afterplot', () => {
                    if (window.__bench.t0 !== null && window.__bench.t1 === null) {
                        requestAnimationFrame(() => { if (window.__bench.t1 === null) window.__bench.t1 = performance.now(); });
                    }
                });
            }""")
            page.focus("#peta-period [role=slider]")
            samples = []
            for i in range(BROWSER_RUNS):
                page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
                page.wait_for_function("() => window.__bench.t1 !== null", timeout=30000)
                samples.append(page.evaluate("() => window.__bench.t1 - window.__bench.t0"))
                time.sleep(0.3)
            browser.close()
    finally:
        server.shutdown()
    return round(statistics.median(samples[2:]), 1)


def village_figures(app, engine) -> dict:
    """bench/map_village.py on the same app, served from a thread for the browser when Chromium is there."""
    from werkzeug.serving import make_server  # the server thread only when the browser part runs

    if not Path("/usr/bin/chromium").exists():
        return map_village.figures(app, engine, None)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return map_village.figures(app, engine, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()


def main() -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-map-"))
    try:
        app, engine = build_app(folder)
        result = {"load_average_before": round(os.getloadavg()[0], 2),
                  "regions": int(len(queries.regions(engine, level="regency")))}
        result |= server_figures(app, engine)
        result["browser_update_ms"] = browser_figure(app)
        result["geometry_bytes_gzip"] = len(geometry.gzipped("regency"))
        result |= village_figures(app, engine)
        result["load_average_after"] = round(os.getloadavg()[0], 2)
        result["machine"] = machine()
        engine.dispose()
    finally:
        dash.page_registry.clear()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"map, {result['regions']} kab/kota: server median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
          f"{result['bytes_per_update']} B/update; browser repaint {result['browser_update_ms']} ms; geometry "
          f"{result['geometry_bytes_gzip']} B gzipped; naive: {result['naive_median_ms']} ms, "
          f"{result['naive_bytes_per_update']} B/update")
    print(f"villages: {result['village_regions']} desa/kelurahan of province 33: server {result['village_median_ms']} ms, "
          f"{result['village_bytes_per_update']} B/update, repaint {result.get('village_browser_update_ms')} ms, first "
          f"map {result.get('village_first_map_ms')} ms, geometry {result['village_geometry_bytes_gzip']} B gzipped; "
          f"{result['kabkota_village_regions']} of Kab. Bogor: server {result['kabkota_village_median_ms']} ms, "
          f"{result['kabkota_village_bytes_per_update']} B/update, repaint "
          f"{result.get('kabkota_village_browser_update_ms')} ms; worker RSS {result['village_worker_rss_mb']} MB; "
          f"load average {result['load_average_before']} -> {result['load_average_after']}")
    return result


if __name__ == "__main__":
    write_result("map", main())
