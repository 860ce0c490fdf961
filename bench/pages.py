"""Pages benchmark: every public page opened in Debian's headless Chromium at 1366x768 from a URL with state, timed
from navigation until the page's main figure or table is drawn.

cold: a new browser context (empty cache, no cookies); warm: a second visit in the same context. Medians of RUNS
each. `bytes`: bytes transferred (encoded, as on the wire) on the cold visit until the main element is drawn;
`first_visit_bytes`: the same for / until the network is idle (every script chunk the first page needs). The app
is `python app.py` itself (waitress, the store of DASHBOARD_DATABASE_URL), started on a free port.
Run: `python -m bench pages` (writes bench/results/pages.json).
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.__main__ import machine, write_result

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
RUNS = 5
VIEWPORT = {"width": 1366, "height": 768}

#: page -> (URL with state, CSS selector of its main figure or table once drawn)
PAGES: dict[str, tuple[str, str]] = {
    "/": ("/?wilayah=32", "#ringkasan-issues tbody tr"),
    "/peta": ("/peta?indikator=ipm&periode=2024", "#peta-graph .choroplethlayer path"),
    "/tren": ("/tren?indikator=p0&wilayah=32", "#tren-graph .scatterlayer .trace"),
    "/bandingkan": ("/bandingkan?wilayah=32&indikator=ipm", "#bandingkan-rank-graph .barlayer .trace"),
    "/proyeksi": ("/proyeksi?indikator=p0&wilayah=32", "#proyeksi-graph .scatterlayer .trace"),
    "/skenario": ("/skenario?indikator=p0&wilayah=32", "#skenario-graph .scatterlayer .trace"),
    "/prioritas": ("/prioritas?wilayah=32", "#prioritas-grid .ag-row"),
    "/katalog": ("/katalog", "#katalog-grid .ag-row"),
    "/tanya-jawab": ("/tanya-jawab", ".qa-item, .shell-main .container-fluid .alert"),  # answers, or "none yet"
    "/kiosk": ("/kiosk?wilayah=32", ".kiosk-panel.is-active"),
    "/masuk": ("/masuk", "#masuk-username"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    """`python app.py` on `port`; waits until /healthz answers."""
    env = {**os.environ, "DASHBOARD_PORT": str(port), "DASHBOARD_HOST": "127.0.0.1"}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(1)
    proc.kill()
    raise RuntimeError("the app did not answer /healthz within 300 s")


class Meter:
    """Bytes on the wire of one page, from Chromium's Network.loadingFinished (encodedDataLength)."""

    def __init__(self, context, page) -> None:
        self.total = 0
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self.add)

    def add(self, event: dict) -> None:
        self.total += int(event.get("encodedDataLength") or 0)


def visit(context, base: str, url: str, selector: str, idle: bool = False) -> tuple[float, int]:
    """ms from navigation to `selector` drawn, and bytes transferred by then (or by network idle)."""
    page = context.new_page()
    meter = Meter(context, page)
    start = time.perf_counter()
    page.goto(base + url, wait_until="commit")
    page.wait_for_selector(selector, state="visible", timeout=60000)
    elapsed = (time.perf_counter() - start) * 1000
    if idle:
        page.wait_for_load_state("networkidle")
    size = meter.total
    page.close()
    return elapsed, size


def measure(browser, base: str) -> dict:
    result: dict = {"pages": {}}
    for name, (url, selector) in PAGES.items():
        cold, warm, sizes = [], [], []
        for _ in range(RUNS):
            context = browser.new_context(viewport=VIEWPORT)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            ms, size = visit(context, base, url, selector, idle=name == "/")
            cold.append(ms)
            sizes.append(size)
            warm.append(visit(context, base, url, selector)[0])
            context.close()
        result["pages"][name] = {"url": url, "cold_ms": round(statistics.median(cold)),
                                 "warm_ms": round(statistics.median(warm)), "bytes": int(statistics.median(sizes))}
        print(f"{name:14} cold {result['pages'][name]['cold_ms']:5} ms  warm {result['pages'][name]['warm_ms']:5} ms"
              f"  {result['pages'][name]['bytes']:>9} B", flush=True)
    result["first_visit_bytes"] = result["pages"]["/"]["bytes"]
    return result


def main() -> dict:
    port = free_port()
    load_before = os.getloadavg()[0]
    proc = start_app(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            result = measure(browser, f"http://127.0.0.1:{port}")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    pages = result["pages"].values()
    result |= {"runs": RUNS, "max_cold_ms": max(p["cold_ms"] for p in pages),
               "max_warm_ms": max(p["warm_ms"] for p in pages),
               "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2),
               "machine": machine()}
    return result


if __name__ == "__main__":
    write_result("pages", main())
