"""Every download route carries the stored value at full precision: the API (JSON and CSV), the catalogue CSV, each
chart's CSV and XLSX (map, trend, ranking, scatter, Klassen, overview) and the brief's XLSX are compared with the
store cell by cell. Rounding is for display only (GRDP per capita 2023 Aceh is 41,424.37, not 41,424)."""
from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from callbacks import bandingkan, brief, peta, ringkasan, tren
from callbacks.chart_export import file_for
from callbacks.katalog import csv_for
from data.schema import Observation
from services import maps
from services.context import AppContext


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def store(engine) -> dict[tuple[str, str, str], float]:
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.indicator_code, Observation.region_code, Observation.period,
                                   Observation.value).where(Observation.is_current)).all()
    return {(i, r, p): v for i, r, p, v in rows}


def assert_exact(engine, rows) -> int:
    """`rows`: (indicator, region, period, value) read from a download; every one equals its stored cell exactly."""
    stored = store(engine)
    checked = 0
    for indicator, region, period, value in rows:
        if value is None or value != value:
            continue
        assert (indicator, str(region), str(period)) in stored, (indicator, region, period)
        assert float(value) == stored[(indicator, str(region), str(period))], (indicator, region, period, value)
        checked += 1
    assert checked, "nothing compared"
    return checked


def files(ctx, data) -> list[pd.DataFrame]:
    """The chart's CSV and the data sheet of its XLSX, as downloaded."""
    text = file_for(ctx, data, "csv", "id")["content"]
    book = load_workbook(io.BytesIO(base64.b64decode(file_for(ctx, data, "xlsx", "id")["content"])))
    sheet = list(book.worksheets[0].values)
    return [pd.read_csv(io.StringIO(text), dtype={"region": str, "region_code": str, "parent": str, "period": str}),
            _periods_as_text(pd.DataFrame(sheet[1:], columns=sheet[0]))]


def _periods_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in frame.columns if str(c).endswith("period")]
    return frame.astype(dict.fromkeys(columns, str))


def test_the_reported_cases_are_exact(ctx, engine):
    periods = maps.map_periods(ctx, "pdrb_per_capita", "province")
    data = peta.chart_data(ctx, periods.index("2023"), periods, "quantile", "pdrb_per_capita", None, "province")
    for frame in files(ctx, data):
        aceh = frame[frame["region"].astype(str) == "11"]["value"].item()
        assert aceh == 41424.37  # was 41,424 in the table, CSV and XLSX
    periods = maps.map_periods(ctx, "penduduk", "province")
    data = peta.chart_data(ctx, periods.index("2025"), periods, "quantile", "penduduk", None, "province")
    assert files(ctx, data)[0].set_index("region").loc["11", "value"] == 5631.76  # was 5,631.8
    rows = {r["code"]: r["value"] for r in peta.table_rows(maps.map_view(ctx, "penduduk", "2025", "province"), "id")}
    assert rows["11"] == 5631.76


def test_api_json_and_csv(client, engine):
    query = "/api/v1/observations?indicator=pdrb_adhb&parent=32&period=2023"
    body = client.get(query).get_json()["data"]
    assert_exact(engine, [(r["indicator"], r["region"], r["period"], r["value"]) for r in body])
    text = client.get(query + "&format=csv").get_data(as_text=True)
    frame = pd.read_csv(io.StringIO(text), dtype={"region": str, "period": str})
    assert assert_exact(engine, frame[["indicator", "region", "period", "value"]].itertuples(index=False)) == 27


def test_catalogue_csv(ctx, engine):
    frame = pd.read_csv(io.StringIO(csv_for(ctx, "pdrb_per_capita")), dtype={"region": str, "period": str})
    indicator = frame["indicator"] if "indicator" in frame else "pdrb_per_capita"
    assert assert_exact(engine, zip(frame.assign(indicator=indicator)["indicator"], frame["region"],
                                    frame["period"], frame["value"], strict=True)) == len(frame.dropna(subset=["value"]))


@pytest.mark.parametrize(("indicator", "period", "level", "parent"), [
    ("pdrb_per_capita", "2023", "province", None), ("penduduk", "2023", "province", None),
    ("tpt", "2024-08", "regency", "32"), ("pdrb_adhk", "2023", "regency", "64")])
def test_map_downloads(ctx, engine, indicator, period, level, parent):
    periods = maps.map_periods(ctx, indicator, level)
    data = peta.chart_data(ctx, periods.index(period), periods, "quantile", indicator, parent, level)
    for frame in files(ctx, data):
        assert_exact(engine, frame[["indicator", "region", "period", "value"]].itertuples(index=False))


def test_trend_ranking_scatter_klassen_and_overview_downloads(ctx, engine):
    trend = files(ctx, tren.chart_data(ctx, "pdrb_per_capita", ["11", "3273"], None))
    for frame in trend:
        points = frame[frame["kind"] == "observation"]
        assert_exact(engine, points[["indicator", "region", "period", "value"]].itertuples(index=False))
    for frame in files(ctx, bandingkan.ranking_data(ctx, "32", None, "pdrb_per_capita", "2023", "id")):
        assert_exact(engine, frame[["indicator", "region_code", "period", "value"]].itertuples(index=False))
    for frame in files(ctx, bandingkan.scatter_data(ctx, "3273", None, "ipm", "tpt", 2024, "id")):
        assert_exact(engine, frame[["x_indicator", "region_code", "x_period", "x_value"]].itertuples(index=False))
        assert_exact(engine, frame[["y_indicator", "region_code", "y_period", "y_value"]].itertuples(index=False))
    for frame in files(ctx, bandingkan.klassen_data(ctx, "3273", None, "pdrb_per_capita", 3, "id")):
        assert_exact(engine, zip(frame["level_indicator"], frame["region_code"], frame["level_year"].astype(str),
                                 frame["level"], strict=True))
    for frame in files(ctx, ringkasan.chart_data(ctx, "3273", None)):
        cards = frame[frame["row"] == "card"]
        assert_exact(engine, cards[["indicator", "region", "period", "value"]].itertuples(index=False))
        assert_exact(engine, zip(cards["indicator"], cards["parent"], cards["period"], cards["parent_value"],
                                 strict=True))


def test_brief_xlsx(ctx, engine):
    book = load_workbook(io.BytesIO(brief.xlsx_bytes(ctx, "32", "en")))
    cards, _priorities, values = book.worksheets[:3]
    head, *rows = list(cards.values)
    at = {name: i for i, name in enumerate(head)}
    code_col = next(i for name, i in at.items() if name and "code" in str(name).lower() or name == "Indicator")
    value_col = next(i for name, i in at.items() if str(name).lower().startswith("value"))
    period_col = next(i for name, i in at.items() if str(name).lower() == "period")
    assert_exact(engine, [(r[code_col], "32", r[period_col], r[value_col]) for r in rows if r[value_col] is not None])
    head, *rows = list(values.values)
    assert len(head) == 5 and rows
    assert_exact(engine, [(r[2], r[0], r[3], r[4]) for r in rows])
