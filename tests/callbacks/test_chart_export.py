"""Every public chart carries one shared "cite this" line and CSV + XLSX downloads of exactly its data."""
from __future__ import annotations

import base64
import io
import json

import dash
import pandas as pd
import pytest
from openpyxl import load_workbook

from callbacks import bandingkan, peta, prioritas, proyeksi, ringkasan, skenario, tren
from callbacks.chart_export import cite_text, file_for, scope_text
from layouts.common import export_ids
from services.context import AppContext
from services.export import safe_csv
from tests.callbacks.test_theme import find, render

CHARTS = {"ringkasan": ["ringkasan"], "peta": ["peta"], "tren": ["tren"], "proyeksi": ["proyeksi"],
          "skenario": ["skenario"], "prioritas": ["prioritas"],
          "bandingkan": ["bandingkan-peringkat", "bandingkan-sebaran", "bandingkan-klassen"]}


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def xlsx_frames(content: bytes) -> tuple[pd.DataFrame, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    rows = list(book["data"].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0]), list(book["about"].iter_rows(values_only=True))


@pytest.mark.parametrize("module", sorted(CHARTS))
def test_every_chart_has_the_shared_citation_and_both_downloads(app, module):
    page = render(app, module, wilayah="32")
    ids = [c.id for c in find(page, lambda c: isinstance(getattr(c, "id", None), dict))]
    for chart in CHARTS[module]:
        for wanted in (export_ids.cite(chart), export_ids.csv(chart), export_ids.xlsx(chart), export_ids.download(chart)):
            assert wanted in ids, (module, wanted)


def test_trend_downloads_are_exactly_the_plotted_points(ctx):
    data = tren.chart_data(ctx, "p0", ["32", "3273"], ["on"])
    plotted = tren.plotted_frame(tren.trend_data(ctx, "p0", ["32", "3273"], True))
    pd.testing.assert_frame_equal(data.frame, plotted)
    csv = file_for(ctx, data, "csv", "id")
    assert csv["content"] == safe_csv(plotted) and csv["filename"] == "tren-p0-32-3273.csv"
    xlsx = file_for(ctx, data, "xlsx", "en")
    sheet, about = xlsx_frames(base64.b64decode(xlsx["content"]))
    assert len(sheet) == len(plotted) and list(sheet.columns) == list(plotted.columns)
    observed = plotted[plotted["kind"] == "observation"]
    assert sheet.loc[sheet["kind"] == "observation", "value"].tolist() == observed["value"].tolist()
    assert about[0][0] == "Cite" and "Poverty" in about[0][1]


def test_map_download_is_the_coloured_values(ctx):
    data = peta.chart_data(ctx, None, ["2023", "2024"], "quantile", "ipm", None, "province")
    assert set(data.frame["period"]) == {"2024"} and len(data.frame) == 38
    assert data.frame.loc[data.frame["region"] == "32", "value"].iloc[0] == pytest.approx(74.43)


def test_citation_names_indicator_region_period_source_and_date(ctx):
    data = tren.chart_data(ctx, "p0", ["3273"], [])
    text = cite_text(ctx, data, "id", today=pd.Timestamp("2026-11-28").date())
    assert text.startswith("Persentase Penduduk Miskin (P0), Kota Bandung, ")
    assert "Sumber: Badan Pusat Statistik (BPS)" in text and "diakses 28 November 2026" in text
    english = cite_text(ctx, data, "en", today=pd.Timestamp("2026-11-28").date())
    assert "accessed 28 November 2026" in english


def test_governance_citation_carries_the_incomplete_flag(ctx):
    data = ringkasan.chart_data(ctx, "51", "governance")
    assert list(data.frame.loc[data.frame["row"] == "card", "indicator"]) == ["indeks_spbe"]
    assert "[data tidak lengkap: dari pemberitaan]" in cite_text(ctx, data, "id")
    assert "[incomplete: from press reports]" in cite_text(ctx, data, "en")


def test_overview_download_holds_every_card_and_its_sparkline(ctx):
    data = ringkasan.chart_data(ctx, "51", None)
    cards = data.frame[data.frame["row"] == "card"]
    assert "indeks_spbe" in set(cards["indicator"]) and "ipm" in set(cards["indicator"])  # governance row too
    spark = data.frame[data.frame["row"] == "sparkline"]
    ipm = spark[spark["indicator"] == "ipm"]
    assert ipm["value"].iloc[-1] == cards.loc[cards["indicator"] == "ipm", "value"].iloc[0]


def test_other_charts_build_their_data(ctx):
    assert not proyeksi.chart_data(ctx, {"indicator": "tpt", "region": "ID", "lang": "id"}).frame.empty
    assert not skenario.chart_data(ctx, 2024, 2029, None, {"indicator": "p0", "region": "32"}).frame.empty
    ranking = bandingkan.ranking_data(ctx, "32", "provinsi", "ipm", "2024", "id")
    assert "32" in set(ranking.frame.iloc[:, 0].astype(str)) or len(ranking.frame) >= 38
    assert not prioritas.chart_data(ctx, "32", ["p0", "ipm"], [], []).frame.empty


def test_download_through_the_dash_endpoint(app, client):
    """The real callback: the XLSX button of the trend chart sends a workbook with the plotted rows."""
    key = next(k for k in app.callback_map if "chart-download" in k and '"tren"' in k)
    spec = app.callback_map[key]
    values = {"n_clicks": 1, "value": None}
    state_values = ["p0", ["32"], ["on"], "?lang=en"]

    def dep(d, value):
        return {"id": json.loads(d["id"]) if d["id"].startswith("{") else d["id"], "property": d["property"],
                "value": value}

    inputs = [dep(spec["inputs"][0], None), dep(spec["inputs"][1], values["n_clicks"])]
    body = {"output": key, "outputs": {"id": json.loads(key.rsplit(".", 1)[0]), "property": "data"},
            "inputs": inputs, "state": [dep(d, v) for d, v in zip(spec["state"], state_values, strict=True)],
            "changedPropIds": [key.replace("chart-download", "chart-xlsx").rsplit(".", 1)[0] + ".n_clicks"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    sent = next(iter(response.get_json()["response"].values()))["data"]
    assert sent["filename"] == "tren-p0-32.xlsx" and sent["base64"]
    sheet, about = xlsx_frames(base64.b64decode(sent["content"]))
    assert set(sheet["region"]) == {"32", "ID"}
    assert dash.__version__


def test_each_chart_and_card_can_be_questioned(ctx, app):
    from callbacks.chart_export import feedback_for

    button = feedback_for(tren.chart_data(ctx, "p0", ["3273"], []), "id")
    assert button.id == {"type": "feedback-open", "index": "p0|3273|2024-03"}
    page = render(app, "ringkasan", wilayah="51")
    keys = {c.id["index"] for c in find(page, lambda c: isinstance(getattr(c, "id", None), dict)
                                        and c.id.get("type") == "feedback-open")}
    assert "indeks_spbe|51|2023" in keys and "ipm|51|2024" in keys


def test_period_span_of_mixed_frequencies_is_given_in_years():
    from callbacks.chart_export import period_text

    assert period_text(["2024", "2024-03"], "id") == "2024"  # Kota Bandung's cards: annual IPM, March poverty
    assert period_text(["2023", "2024-09", "2024"], "en") == "2023–2024"
    assert period_text(["2024-03", "2024-09"], "id") == "Maret 2024–September 2024"
    assert period_text(["2019", "2024"], "en") == "2019–2024" and period_text([], "id") is None


@pytest.mark.parametrize(("level", "count", "parent", "lang", "expected"), [
    ("village", 435, "3201", "id", "435 desa/kelurahan di Kabupaten Bogor"),
    ("village", 435, "3201", "en", "435 villages in Kabupaten Bogor"),
    ("district", 40, "3201", "id", "40 kecamatan di Kabupaten Bogor"),
    ("district", 7285, None, "en", "7,285 districts"),
    ("regency", 27, "32", "id", "27 kab/kota di Jawa Barat"),
    ("province", 38, None, "en", "38 provinces"),
])
def test_cite_scope_names_the_level_shown(ctx, level, count, parent, lang, expected):
    """The map's cite line of the desa of Kabupaten Bogor read "435 kab/kota di Kabupaten Bogor"."""
    assert scope_text(ctx, (level, count, parent), lang) == expected
