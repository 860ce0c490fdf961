"""Embedded charts: a public indicator's trend and map with source line and link back; anything not public is
refused for everyone; /embed may be framed by other sites while every other page stays frame-ancestors 'self'."""
from __future__ import annotations

import json

import dash
import pytest
from plotly.utils import PlotlyJSONEncoder

from callbacks import embed as embed_page
from dashboard import create_app
from layouts.embed import ids
from services import metadata
from services.access import ALL_TIERS, Access
from services.config import Config
from services.context import AppContext


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def find(node, component_id):
    """The component with `component_id` in a layout tree (None when absent)."""
    if getattr(node, "id", None) == component_id:
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def text_of(node) -> str:
    return json.dumps(node.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_trend_embed_shows_chart_source_and_link_back(ctx):
    layout = embed_page.page(ctx)(grafik="tren", indikator="p0", wilayah="32,3273", lang="en")
    graph = find(layout, ids.GRAPH)
    names = {trace.name for trace in graph.figure.data}
    assert {"Jawa Barat", "Kota Bandung"} <= names
    source = find(layout, ids.SOURCE).children
    assert "Source: Badan Pusat Statistik (BPS)" in source and "Jawa Barat, Kota Bandung" in source
    assert "accessed" in source
    assert find(layout, ids.LINK).href == "/tren?indikator=p0&wilayah=32%2C3273&lang=en"
    assert find(layout, ids.REFUSAL) is None


def test_map_embed_of_a_province(ctx):
    layout = embed_page.page(ctx)(grafik="peta", indikator="ipm", wilayah="32", periode="2024")
    figure = find(layout, ids.GRAPH).figure
    assert len(figure.data[1].locations) == 27 and sum(v == v for v in figure.data[1].z) == 27  # no NaN
    assert "kab/kota di Jawa Barat" in find(layout, ids.TITLE).children
    assert find(layout, ids.LINK).href.startswith("/peta?indikator=ipm&periode=2024&wilayah=32")


def test_map_embed_keeps_the_level_of_its_url(ctx):
    """`?tingkat=provinsi` (the URL's word) is the data model's province level past the parser, and back again in
    the link to the full page."""
    layout = embed_page.page(ctx)(grafik="peta", indikator="ipm", periode="2024", tingkat="provinsi")
    assert len(find(layout, ids.GRAPH).figure.data[1].locations) == 38
    assert "tingkat=provinsi" in find(layout, ids.LINK).href
    layout = embed_page.page(ctx)(grafik="peta", indikator="ipm", periode="2024", tingkat="kabkota")
    assert len(find(layout, ids.GRAPH).figure.data[1].locations) > 500
    assert "tingkat=kabkota" in find(layout, ids.LINK).href


def test_internal_indicator_is_refused_even_for_a_reader_who_may_see_it(ctx, engine, monkeypatch):
    metadata.set_tier(engine, "gini", "internal")
    # a signed-in analyst: the embed must not care (it is shown inside other sites)
    monkeypatch.setattr("services.auth.current_access", lambda: Access(tiers=ALL_TIERS, user="ana", role="admin"))
    for chart in ("tren", "peta"):
        layout = embed_page.page(ctx)(grafik=chart, indikator="gini", wilayah="32")
        assert find(layout, ids.GRAPH) is None
        text = text_of(layout)
        assert "tidak terbuka untuk umum" in text
        assert "Rasio Gini" not in text and "0,4" not in text and "0.4" not in text


def test_unknown_chart_and_indicator_are_refused_in_the_page_language(ctx):
    assert "Unknown chart type bar" in text_of(embed_page.page(ctx)(grafik="bar", indikator="p0", lang="en"))
    assert "Indikator xyz tidak dikenal" in text_of(embed_page.page(ctx)(indikator="xyz"))
    assert "Sebutkan indikator" in text_of(embed_page.page(ctx)())


def test_share_code_for_public_and_refusal_for_internal(ctx, engine, app):
    with app.server.test_request_context("/", base_url="https://dasbor.example.go.id"):
        opened, code, preview, message = embed_page.share_result(
            ctx, {"chart": "tren", "indicator": "p0", "region": "32,3273"}, "id")
        assert opened and message == ""
        assert code.startswith('<iframe src="https://dasbor.example.go.id/embed?grafik=tren&amp;indikator=p0&amp;'
                               'wilayah=32%2C3273&amp;lang=id"')
        assert preview == "https://dasbor.example.go.id/embed?grafik=tren&indikator=p0&wilayah=32%2C3273&lang=id"
        metadata.set_tier(engine, "gini", "internal")
        opened, code, _, message = embed_page.share_result(ctx, {"chart": "peta", "indicator": "gini"}, "en")
        assert code == "" and "not open to the public" in message


def test_embed_may_be_framed_by_other_sites_other_pages_not(client):
    embed = client.get("/embed?grafik=tren&indikator=p0&wilayah=32")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed.headers
    policy = embed.headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors *") and policy.count("frame-ancestors") == 1
    assert "script-src 'self'" in policy  # the rest of the policy is kept
    for path in ("/", "/tren", "/peta", "/embedx", "/api/v1/indicators"):
        other = client.get(path)
        assert other.headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert "frame-ancestors 'self'" in other.headers["Content-Security-Policy"], path


def test_frame_ancestors_setting(engine, sqlite_url):
    dash.page_registry.clear()
    config = Config(database_url=sqlite_url, auto_seed=False,
                    embed_frame_ancestors="https://jabarprov.go.id https://*.go.id")
    app = create_app(config, engine=engine)
    try:
        response = app.server.test_client().get("/embed?indikator=p0")
        assert response.headers["Content-Security-Policy"].endswith(
            "frame-ancestors https://jabarprov.go.id https://*.go.id")
        assert Config.from_env({"DASHBOARD_EMBED_FRAME_ANCESTORS": "'none'"}).embed_frame_ancestors == "'none'"
        assert Config().embed_frame_ancestors == "*"
    finally:
        dash.page_registry.clear()


def test_embedded_spbe_carries_the_incomplete_flag(ctx):
    layout = embed_page.page(ctx)(grafik="tren", indikator="indeks_spbe", wilayah="51", lang="id")
    assert find(layout, ids.SOURCE).children.endswith("[data tidak lengkap: dari pemberitaan]")


@pytest.mark.parametrize(("level", "lang", "scope"), [
    ("desa", "id", "desa/kelurahan di Kabupaten Bogor"), ("desa", "en", "villages of Kabupaten Bogor"),
    ("kecamatan", "id", "kecamatan di Kabupaten Bogor")])
def test_map_embed_of_villages_names_their_level(village_engine, level, lang, scope):
    """The embedded map of the desa of Kabupaten Bogor was titled "...: kab/kota di Kabupaten Bogor"."""
    ctx = AppContext(engine=village_engine, config=Config(auto_seed=False), cache=None)
    layout = embed_page.page(ctx)(grafik="peta", indikator="status_idm", wilayah="3201", tingkat=level, lang=lang)
    assert find(layout, ids.REFUSAL) is None
    title = find(layout, ids.TITLE).children
    assert title.endswith(scope), title
    assert scope in find(layout, ids.SOURCE).children
