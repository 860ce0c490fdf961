"""/skenario and /bandingkan draw their main figure first: the charts below it (the what-if regression; the scatter
and the Klassen typology) waited for nothing and competed with it for the server at page load (3.3 s cold). The main
figure now comes with the page's layout: no callback is asked for it at page load (one round trip less)."""
from __future__ import annotations

import json
import time

import pytest

pytestmark = pytest.mark.browser


def output_field(request) -> str:
    """The outputs a Dash callback request asks for ('' for any other request)."""
    try:
        return str(json.loads(request.post_data or "").get("output", ""))
    except (ValueError, AttributeError):
        return ""


def test_skenario_target_graph_comes_with_the_page_and_the_whatif_follows(live_server, bpage):
    page = bpage.page
    sent, answered = {}, {}

    def output_of(request) -> str:
        body = output_field(request)
        return "whatif" if "skenario-whatif-graph.figure" in body else "main" if "..skenario-graph.figure" in body \
            else ""

    page.on("request", lambda r: output_of(r) and sent.setdefault(output_of(r), time.perf_counter()))
    page.on("requestfinished", lambda r: output_of(r) and answered.setdefault(output_of(r), time.perf_counter()))
    page.goto(f"{live_server}/skenario?indikator=p0&wilayah=32")
    page.wait_for_selector("#skenario-whatif-graph .scatterlayer .trace, #skenario-whatif-graph .main-svg",
                           timeout=60000)
    deadline = time.time() + 30
    while "whatif" not in answered and time.time() < deadline:
        page.wait_for_timeout(200)
    assert "whatif" in answered
    assert "main" not in sent  # drawn from the layout
    page.wait_for_selector("#skenario-graph .scatterlayer .trace", timeout=30000)
    bpage.assert_clean()


def test_bandingkan_ranking_comes_with_the_page_and_scatter_klassen_follow(live_server, bpage):
    page = bpage.page
    sent, answered = {}, {}

    def output_of(request) -> str:
        body = output_field(request)
        for name, output in (("rank", "bandingkan-rank-graph.figure"), ("scatter", "bandingkan-scatter-graph.figure"),
                             ("klassen", "bandingkan-klassen-graph.figure")):
            if output in body:
                return name
        return ""

    page.on("request", lambda r: output_of(r) and sent.setdefault(output_of(r), time.perf_counter()))
    page.on("requestfinished", lambda r: output_of(r) and answered.setdefault(output_of(r), time.perf_counter()))
    page.goto(f"{live_server}/bandingkan?wilayah=32&indikator=ipm")
    page.wait_for_selector(".klassen-quadrant", timeout=60000)
    deadline = time.time() + 30
    while not {"scatter", "klassen"} <= set(answered) and time.time() < deadline:
        page.wait_for_timeout(200)
    assert {"scatter", "klassen"} <= set(answered)
    assert "rank" not in sent  # drawn from the layout
    page.wait_for_selector("#bandingkan-rank-graph .barlayer .trace", timeout=30000)
    bpage.assert_clean()


def test_plotly_js_loads_while_the_page_content_is_on_its_way(live_server, bpage):
    """assets/01_plotly_early.js: plotly.js is asked for before the page's content has arrived (not after a graph
    mounts), once, and the graph is drawn with it."""
    page = bpage.page
    events: list[tuple[str, str]] = []
    page.on("request", lambda r: "plotly.min.js" in r.url and events.append(("plotly", r.url)))
    page.on("requestfinished",
            lambda r: "_pages_content.children" in output_field(r) and events.append(("content", r.url)))
    page.goto(f"{live_server}/tren?indikator=p0&wilayah=32")
    page.wait_for_selector("#tren-graph .scatterlayer .trace", timeout=60000)
    page.wait_for_timeout(500)
    kinds = [kind for kind, _ in events]
    assert kinds.count("plotly") == 1, events
    assert kinds.index("plotly") < kinds.index("content"), events
    assert page.evaluate("typeof window.Plotly.react") == "function"
    bpage.assert_clean()
