"""Dash callback request bodies for the load scenario, built from bodies captured in Chromium.

bench/load_payloads.json holds one `/_dash-update-component` body per callback the walked pages fire, as the
browser sent it (captured with Playwright on the seeded store). `body()` copies one and sets its input and
state values and its changed props, so the locust users send what a browser sends for another choice.
tests/bench/test_bench_plumbing.py checks every template against the app's callback map.
Plain Python (json only): it is imported by bench/locustfile.py inside the load virtual environment.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

TEMPLATES: dict[str, dict] = json.loads((Path(__file__).with_name("load_payloads.json")).read_text())


def _set(items: list, values: dict[str, object]) -> None:
    for item in items:
        if isinstance(item, list):  # pattern-matching (ALL) inputs/states: a list of items
            _set(item, values)
            continue
        key = f"{item['id']}.{item['property']}" if isinstance(item["id"], str) else None
        if key in values:
            item["value"] = values[key]


def body(name: str, values: dict[str, object] | None = None, changed: list[str] | None = None) -> dict:
    """The captured body of callback `name` with `values` ("id.property" -> value) set in inputs and state."""
    out = copy.deepcopy(TEMPLATES[name])
    values = values or {}
    _set(out.get("inputs", []), values)
    _set(out.get("state", []), values)
    if changed is not None:
        out["changedPropIds"] = list(changed)
        out["parsedChangedPropsIds"] = list(changed)
    return out


# ------------------------------------------------------------------ the bodies a page visit sends
def navigation(path: str, search: str = "") -> list[tuple[str, dict]]:
    """What a click on a navbar link (or a changed ?query) fires: the page content and the shell's two."""
    url = {"_pages_location.pathname": path, "_pages_location.search": search,
           "shell-url.pathname": path, "shell-url.search": search}
    both = ["shell-url.pathname", "shell-url.search"]
    return [("page", body("page_content", url, ["_pages_location.pathname", "_pages_location.search"])),
            ("shell auth", body("shell_auth", url, both)),
            ("shell nav", body("shell_nav", url, both))]


def pick_region(code: str, current: str, search: str) -> dict:
    return body("ringkasan_region", {"ringkasan-region.value": code, "ringkasan-current.data": current,
                                     "shell-url.search": search}, ["ringkasan-region.value"])


def _peta_values(indicator: str, level: str, periods: list[str], index: int) -> dict[str, object]:
    return {"peta-indicator.value": indicator, "peta-level.value": level, "peta-periods.data": periods,
            "peta-period.value": index, "peta-method.value": "quantile", "peta-drawn.data": level,
            "peta-tabs.active_tab": "map", "peta-lang.data": "id"}


def map_periods(indicator: str, level: str, periods: list[str], index: int, changed: str) -> dict:
    return body("peta_periods", _peta_values(indicator, level, periods, index), [changed])


def map_values(indicator: str, level: str, periods: list[str], index: int, changed: list[str]) -> list[tuple[str, dict]]:
    """A new period or indicator on the map: the figure (values only, a Patch) and the table's rows."""
    values = _peta_values(indicator, level, periods, index)
    return [("map values", body("peta_figure", values, changed)), ("map table", body("peta_grid", values, changed))]


def trend(indicator: str, regions: list[str], changed: list[str] | None = None) -> dict:
    return body("tren_graph", {"tren-indicator.value": indicator, "tren-regions.value": regions,
                               "tren-reference.value": ["on"], "tren-lang.data": "id"}, changed or [])


def map_body(index: int, *, periods: list[str], indicator: str = "ipm", level: str = "regency",
             parent: str | None = None, drawn: str = "regency", changed: str = "peta-period.value") -> dict:
    """The request Dash's renderer sends when the period slider moves (captured from a real browser); the village
    bench sends the same request for another indicator, level and parent."""
    value = lambda id_, prop, v: {"id": id_, "property": prop, "value": v}
    outputs = [("peta-graph", "figure"), ("peta-drawn", "data"), ("peta-summary", "children"),
               ("peta-period-label", "children")]
    parent_input = value("peta-parent", "data", parent) if parent else {"id": "peta-parent", "property": "data"}
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [value("peta-period", "value", index), value("peta-periods", "data", periods),
                   value("peta-method", "value", "quantile"), value("peta-indicator", "value", indicator),
                   parent_input, value("peta-level", "value", level)],
        "state": [value("peta-drawn", "data", drawn), value("peta-lang", "data", "id"),
                  value("peta-highlight", "data", None)],
        "changedPropIds": [changed],
    }
