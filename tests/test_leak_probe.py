"""Leak probe: with one bundled indicator made internal, nothing an anonymous caller can reach returns its values.

Every registered Dash callback (from the app's callback map), every Flask route (pages, API, exports, geometry,
health) and every page layout is called without a session, with inputs that name the internal indicator, and the
serialized answers are searched for its current values (formatted the ways the app formats numbers) and its name.
The same probe signed in as an analyst must find them: that shows the inputs are meaningful, so the probe bites.
"""
from __future__ import annotations

import json
import re

import dash
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select

from data.ingest import ImportOptions
from data.schema import ImportBatch
from i18n import fmt_number
from services import metadata, queries, uploads
from services.access import INTERNAL_TIERS, Access, access_for

INTERNAL = "gini"  # made internal in the test store; its values are all in (0, 1) with three decimals
REGIONS = ("32", "3273")  # a province and a kota: national views are reached through the router and layouts
SKIP_ROUTES = ("/static/", "/assets/", "/_dash-component-suites/", "/_reload-hash", "/_favicon.ico", "/auth/")


@pytest.fixture
def probe_app(config, engine):
    """The app over a store where INTERNAL is internal from the start (so start-up layouts are built that way)."""
    from dashboard import create_app

    metadata.set_tier(engine, INTERNAL, "internal")
    dash.page_registry.clear()
    app = create_app(config, engine=engine)
    yield app
    dash.page_registry.clear()


def secrets(engine) -> tuple[re.Pattern, list[str]]:
    """A pattern matching any current value of INTERNAL (as the app or JSON would write it) that no public
    indicator shares, and the indicator's names."""
    reader = Access(tiers=INTERNAL_TIERS)
    meta = queries.indicator(engine, INTERNAL, reader)
    values = set(queries.observations(engine, INTERNAL, reader)["value"])
    public_texts = set()
    for code in queries.indicators(engine)["code"]:
        for v in queries.observations(engine, code)["value"]:
            public_texts |= texts(v, 3)
    every = set().union(*(texts(v, meta["decimals"]) for v in values)) - public_texts
    found = sorted(t for t in every if re.fullmatch(r"0[.,]\d{3,}", t))  # "0.4" could be any number on a page
    assert len(found) > 20, "the probe needs distinctive internal values"
    pattern = re.compile(r"(?<![\d.,])(" + "|".join(map(re.escape, found)) + r")(?![\d])")
    return pattern, [meta["name_id"], meta["name_en"]]


def texts(value: float, decimals: int) -> set[str]:
    return {repr(float(value)), f"{value:.{decimals}f}", fmt_number(value, decimals, "id"),
            fmt_number(value, decimals, "en")}


def leaks(text: str, pattern: re.Pattern, names: list[str]) -> list[str]:
    hits = [m.group(1) for m in pattern.finditer(text)][:5]
    return hits + [n for n in names if n in text]


# ---------------------------------------------------------------- building callback requests
def plausible(component: str, prop: str, variant: dict):
    """A value an attacker would send for `component.prop`, naming the internal indicator."""
    name = component.lower()
    if prop in ("n_clicks", "n_intervals"):
        return 1
    if prop == "selectedRows":
        return [{"code": INTERNAL, "username": "x", "id": variant["batch"], "status_code": "diajukan"}]
    if prop == "pathname":
        return variant["path"]
    if prop == "search":
        return f"?indikator={INTERNAL}&x={INTERNAL}&y={INTERNAL}&wilayah={variant['region']}"
    if prop == "clickData":
        return {"points": [{"location": variant["region"], "customdata": [variant["region"]]}]}
    if prop == "active_tab":
        return "table"
    if prop in ("rowData", "figure", "children", "style", "options", "marks", "disabled", "is_open", "href"):
        return None
    if "lang" in name:
        return "id"
    if any(k in name for k in ("region", "wilayah", "parent")):
        return variant["region"]
    if "periods" in name:
        return variant["periods"]
    if any(k in name for k in ("period", "year", "tahun", "index")):
        return variant["period"]
    if any(k in name for k in ("peers", "pembanding")):
        return None
    if any(k in name for k in ("window", "jendela")):
        return 3
    if "method" in name or "kelas" in name:
        return "quantile"
    if name.endswith("-level") and "klassen" not in name:
        return "province"
    if "drawn" in name:
        return None
    return INTERNAL


def split_outputs(key: str) -> list[tuple[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [tuple(p.split("@")[0].rsplit(".", 1)) for p in parts]


def concrete(raw_id: str):
    """A string id as is; a pattern-matching id with its wildcard replaced (ALL -> no items, MATCH -> one)."""
    if not raw_id.startswith("{"):
        return raw_id
    parsed = json.loads(raw_id)
    if any(v == ["ALL"] or v == ["ALLSMALLER"] for v in parsed.values()):
        return None
    return {k: (INTERNAL if v == ["MATCH"] else v) for k, v in parsed.items()}


def payload(key: str, spec: dict, variant: dict) -> dict:
    def item(dep):
        cid = concrete(dep["id"]) if isinstance(dep["id"], str) else dep["id"]
        if cid is None:
            return []
        value = plausible(cid if isinstance(cid, str) else json.dumps(cid), dep["property"], variant)
        return {"id": cid, "property": dep["property"], "value": value}

    outputs = []
    for cid, prop in split_outputs(key):
        c = concrete(cid)
        outputs.append([] if c is None else {"id": c, "property": prop})
    inputs = [item(d) for d in spec["inputs"]]
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0], "inputs": inputs,
            "state": [item(d) for d in spec.get("state", [])],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs if isinstance(i, dict)]}


def variants(engine) -> list[dict]:
    periods = queries.periods(engine, INTERNAL, access=Access(tiers=INTERNAL_TIERS))
    paths = [p["path"] for p in dash.page_registry.values()]
    with engine.connect() as conn:
        batch = conn.scalar(select(func.max(ImportBatch.id)))  # the newest: a submitted one when a test made it
    found = []
    for region in REGIONS:
        for period in (periods[-1], len(periods) - 1, periods[-1][:4]):
            for path in paths:
                found.append({"region": region, "period": period, "periods": periods, "path": path,
                              "batch": batch})
    return found


def probe_callbacks(app, client, engine, first_only: bool = False, secret=None) -> dict[str, list[str]]:
    pattern, names = secret or secrets(engine)
    found: dict[str, list[str]] = {}
    server_side = {c["output"] for c in app._callback_list if not c.get("clientside_function")}
    every = variants(engine)
    for key, spec in app.callback_map.items():
        if key not in server_side:
            continue
        uses_path = any(d["property"] == "pathname" for d in spec["inputs"])
        chosen = every if uses_path else [v for v in every if v["path"] == every[0]["path"]]
        for variant in chosen[:1] if first_only else chosen:
            response = client.post("/_dash-update-component", json=payload(key, spec, variant))
            hits = leaks(response.get_data(as_text=True), pattern, names)
            if hits:
                found.setdefault(key, hits)
    return found


def probe_routes(app, client, engine, secret=None) -> dict[str, list[str]]:
    pattern, names = secret or secrets(engine)
    query = f"?indikator={INTERNAL}&indicator={INTERNAL}&kode={INTERNAL}&code={INTERNAL}&x={INTERNAL}&y={INTERNAL}"
    targets = set()
    for rule in app.server.url_map.iter_rules():
        if rule.rule.startswith(SKIP_ROUTES) or "GET" not in rule.methods:
            continue
        url = re.sub(r"<(?:path:)?path>", "katalog", rule.rule)
        url = re.sub(r"<[^>]+>", INTERNAL, url)
        targets |= {url, url + query}
    targets |= {p["path"] + query for p in dash.page_registry.values()}
    found = {}
    for url in sorted(targets):
        response = client.get(url)
        hits = leaks(response.get_data(as_text=True), pattern, names)
        if hits:
            found[url] = hits
    return found


def probe_layouts(app, engine) -> dict[str, list[str]]:
    pattern, names = secrets(engine)
    found = {}
    for page in dash.page_registry.values():
        for region in REGIONS:
            with app.server.test_request_context(page["path"]):
                layout = page["layout"](indikator=INTERNAL, x=INTERNAL, y=INTERNAL, wilayah=region,
                                        tingkat="kabkota")
            hits = leaks(json.dumps(layout, cls=PlotlyJSONEncoder), pattern, names)
            if hits:
                found[f"{page['module']}@{region}"] = hits
    return found


# ---------------------------------------------------------------- the tests
def test_no_callback_returns_internal_values_to_the_public(probe_app, engine):
    assert probe_callbacks(probe_app, probe_app.server.test_client(), engine) == {}


def test_no_route_or_page_returns_internal_values_to_the_public(probe_app, engine):
    client = probe_app.server.test_client()
    assert probe_routes(probe_app, client, engine) == {}
    assert probe_layouts(probe_app, engine) == {}


def test_the_probe_finds_internal_values_for_an_analyst(probe_app, engine, login):
    """Signed in as analis, the same probe must see the values: the inputs it builds do reach the data."""
    client = login(probe_app.server.test_client(), "analis")
    found = probe_callbacks(probe_app, client, engine, first_only=True)
    print(sorted(found))
    assert len(found) >= 3, found  # at least the catalogue detail, the map and a comparison view


# ---------------------------------------------------------------- submitted (not yet published) values
UPLOADER = "bps-up"
SUBMITTED = (98765.4321, 97654.3219)  # population (thousands) of Jawa Barat in 2026, as no source has it


def submitted_secret(engine) -> tuple[re.Pattern, list[str]]:
    """A produsen's submitted batch of a PUBLIC indicator, and a pattern for its values as the app writes them."""
    uploads.commit_upload(engine, f"indicator,region,period,value\npenduduk,32,2026,{SUBMITTED[0]}\n"
                                  f"penduduk,3273,2026,{SUBMITTED[1]}\n".encode(), "penduduk.csv",
                          ImportOptions(max_bytes=10_000),
                          access_for("produsen", UPLOADER, agency="Badan Pusat Statistik"))
    every = set().union(*(texts(v, 2) | texts(v, 4) for v in SUBMITTED))
    return re.compile(r"(?<![\d.,])(" + "|".join(map(re.escape, sorted(every))) + r")(?![\d])"), []


def test_submitted_values_reach_only_their_uploader(probe_app, engine, login):
    """Pending values: no callback or route shows them to the public, an analyst or another produsen; the uploader
    does see them in the batch history (so the probe's inputs do reach them)."""
    secret = submitted_secret(engine)
    anonymous = probe_app.server.test_client()
    assert probe_callbacks(probe_app, anonymous, engine, first_only=True, secret=secret) == {}
    assert probe_routes(probe_app, anonymous, engine, secret=secret) == {}
    for role, name, agency in (("analis", "ana", None), ("produsen", "bps-other", "Badan Pusat Statistik")):
        client = login(probe_app.server.test_client(), role, name, agency=agency)
        assert probe_callbacks(probe_app, client, engine, first_only=True, secret=secret) == {}, role
    uploader = login(probe_app.server.test_client(), "produsen", UPLOADER, agency="Badan Pusat Statistik")
    found = probe_callbacks(probe_app, uploader, engine, first_only=True, secret=secret)
    assert any("katalog-batches-changes" in key for key in found), found
