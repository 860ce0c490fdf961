"""Locust scenario: users walk the overview, the map and the trends page as in the browser.

Run by `python -m bench load` (bench/load.py) in its own virtual environment. Each simulated user first
loads the app like a browser with an empty cache (HTML, scripts and styles, layout, callback map), then
moves between pages by the navbar: every step sends the same `/_dash-update-component` bodies Chromium sends
(bench/load_payloads.py). On the map the user drags the period slider and changes the indicator (values-only
updates), on the overview picks a region, on the trends page picks an indicator and regions.
BENCH_LOAD_SCENARIO names a JSON file with the store's indicators, their periods and the region codes.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_payloads as payloads  # noqa: E402

SCENARIO = json.loads(Path(os.environ["BENCH_LOAD_SCENARIO"]).read_text())
ASSET = re.compile(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"')
CALLBACK = "/_dash-update-component"


#: The servers the users are spread over (one each, round robin); empty: locust's --host.
HOSTS = [h for h in os.environ.get("BENCH_LOAD_HOSTS", "").split(",") if h]
USER_NUMBERS = itertools.count()


class DashboardUser(FastHttpUser):
    wait_time = between(1, 3)  # reading a page before the next click

    def __init__(self, environment) -> None:
        if HOSTS:
            self.host = HOSTS[next(USER_NUMBERS) % len(HOSTS)]
        super().__init__(environment)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.origin = {"Origin": self.host.rstrip("/"), "Content-Type": "application/json"}
        self.geometry_loaded = False
        html = self.client.get("/", name="GET page").text
        for asset in sorted(set(ASSET.findall(html))):  # fetched once: the browser caches them afterwards
            self.client.get(asset, name="GET static (first visit)")
        self.client.get("/_dash-layout", name="GET _dash-layout")
        self.client.get("/_dash-dependencies", name="GET _dash-dependencies")
        self.navigate("/")

    # ------------------------------------------------------------------ plumbing
    def callback(self, label: str, payload: dict) -> dict | None:
        with self.client.post(CALLBACK, json=payload, headers=self.origin, name=f"POST {label}",
                              catch_response=True) as response:
            if response.status_code == 204:  # PreventUpdate: nothing to change, as in the browser
                response.success()
                return None
            if response.status_code == 0:  # no answer at all: name what the connection did (reset, timeout, ...)
                response.failure(f"no response: {type(response.error).__name__}: {response.error}")
                return None
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            text = response.text or ""
            if '"shell-error"' in text:  # the app's on_error alert: a callback failed
                response.failure("callback error alert")
                return None
            return json.loads(text)

    def navigate(self, path: str, search: str = "") -> None:
        for label, payload in payloads.navigation(path, search):
            self.callback(label, payload)

    def pause(self, low: float = 0.3, high: float = 1.2) -> None:
        self._sleep(self.rng.uniform(low, high))

    def _sleep(self, seconds: float) -> None:
        import gevent  # locust's runtime

        gevent.sleep(seconds)

    # ------------------------------------------------------------------ pages
    @task(3)
    def overview(self) -> None:
        self.navigate("/")
        self.pause(1, 3)
        code = self.rng.choice(SCENARIO["provinces"] + SCENARIO["regencies"][:60])
        self.callback("overview pick region", payloads.pick_region(code, "ID", ""))
        self.navigate("/", f"?wilayah={code}")

    @task(5)
    def map(self) -> None:
        self.navigate("/peta")
        if not self.geometry_loaded:
            self.client.get("/geo/regency.geojson", name="GET map geometry (first visit)")
            self.geometry_loaded = True
        indicator = self.rng.choice(SCENARIO["map_indicators"])
        periods = SCENARIO["periods"]["regency"][indicator]
        index = len(periods) - 1
        self.callback("map periods", payloads.map_periods(indicator, "regency", periods, index, "peta-parent.data"))
        for label, payload in payloads.map_values(indicator, "regency", periods, index,
                                                  ["peta-periods.data", "peta-period.value"]):
            self.callback(label, payload)
        for _ in range(self.rng.randint(2, 6)):  # drag the period slider
            self.pause()
            index = self.rng.randrange(len(periods))
            for label, payload in payloads.map_values(indicator, "regency", periods, index, ["peta-period.value"]):
                self.callback(label, payload)
        self.pause(1, 2)  # another indicator
        indicator = self.rng.choice(SCENARIO["map_indicators"])
        periods = SCENARIO["periods"]["regency"][indicator]
        index = len(periods) - 1
        self.callback("map periods", payloads.map_periods(indicator, "regency", periods, index,
                                                          "peta-indicator.value"))
        for label, payload in payloads.map_values(indicator, "regency", periods, index,
                                                  ["peta-periods.data", "peta-period.value"]):
            self.callback(label, payload)

    @task(3)
    def trends(self) -> None:
        self.navigate("/tren")
        self.callback("trend", payloads.trend("ipm", ["ID"]))
        for _ in range(2):
            self.pause(1, 3)
            indicator = self.rng.choice(SCENARIO["trend_indicators"])
            regions = ["ID"] + self.rng.sample(SCENARIO["provinces"], self.rng.randint(1, 4))
            self.callback("trend", payloads.trend(indicator, regions, ["tren-indicator.value", "tren-regions.value"]))
