"""Per-observation quality flags, series-break flags in the API, and the provenance service for one figure."""
from __future__ import annotations

import csv
import io

import pandas as pd
from sqlalchemy import func, select

from data.schema import Observation
from services import queries
from services.provenance import provenance, provenance_frame


def _flagged(engine) -> dict[tuple[str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.indicator_code, Observation.quality, func.count())
                            .where(Observation.is_current, Observation.quality.is_not(None))
                            .group_by(Observation.indicator_code, Observation.quality)).all()
    return {(i, q): n for i, q, n in rows}


def test_flags_are_set_exactly_where_the_source_notes_say(engine):
    # stunting 2019 (ID), 2023 (14 provinces + ID), 2024 (NTT + ID): 18 rows from news quotes; Indeks SPBE: all
    # 30 rows from press reports; kab/kota TPT 2018-08 .. 2020-08 from a compiled sheet (513 + 514 + 514).
    assert _flagged(engine) == {("stunting", "news"): 18, ("indeks_spbe", "press"): 30, ("tpt", "compiled"): 1541}
    with engine.connect() as conn:
        official = conn.scalar(select(Observation.quality).where(
            Observation.indicator_code == "stunting", Observation.region_code == "53", Observation.period == "2022"))
        province_tpt = conn.scalar(select(Observation.quality).where(
            Observation.indicator_code == "tpt", Observation.region_code == "32", Observation.period == "2019-08"))
    assert official is None and province_tpt is None  # SSGI 2022 full list; province TPT is the BPS API series


def test_series_wide_flag_is_derived_from_the_values(engine):
    metas = queries.indicators(engine).set_index("code")["confidence"]
    assert metas["indeks_spbe"] == "press"  # every value flagged: the series carries the flag
    assert metas[["stunting", "tpt", "ipm"]].isna().all()  # only some values flagged: shown per value


def test_api_rows_carry_quality_and_comparable(client):
    get = lambda q: client.get(f"/api/v1/observations?{q}").get_json()["data"]
    (ntt,) = get("indicator=stunting&region=53&period=2024")
    assert (ntt["value"], ntt["quality"], ntt["comparable"]) == (37.0, "news", True)
    (spbe,) = get("indicator=indeks_spbe&region=51&period=2023")
    assert spbe["quality"] == "press"
    (tpt,) = get("indicator=tpt&region=3273&period=2019-08")
    assert tpt["quality"] == "compiled"


def test_a_period_before_the_split_is_returned_with_its_flag_not_dropped(client):
    rows = client.get("/api/v1/observations?indicator=penduduk&region=91").get_json()["data"]
    assert [(r["period"], r["value"], r["comparable"]) for r in rows] == [
        ("2020", rows[0]["value"], False), ("2023", 4482.7, False), ("2025", 1074.761, True)]
    text = client.get("/api/v1/observations?indicator=p0&region=91&from=2023&to=2024&format=csv").get_data(as_text=True)
    flags = {r["period"]: (r["comparable"], r["quality"]) for r in csv.DictReader(io.StringIO(text))}
    assert flags == {"2023-03": ("false", ""), "2024-03": ("true", ""), "2024-09": ("true", "")}


def test_provenance_of_one_figure(engine):
    spot = provenance(engine, "tpt", "3273", "2024-08")
    assert spot.producer == "Badan Pusat Statistik (BPS)" and "Kabupaten/Kota" in spot.title
    assert (spot.vintage, spot.vintage_kind) == ("2026-09-30", "accessed") and spot.quality is None and spot.comparable
    grdp = provenance(engine, "pdrb_adhb", "3171", "2023")
    assert "var 2193" in grdp.title and grdp.status == "preliminary"
    assert (grdp.vintage, grdp.vintage_kind) == ("2024-10-12", "captured_by")
    news = provenance(engine, "stunting", "53", "2024")
    assert news.quality == "news" and news.producer == "Kementerian Kesehatan"
    papua = provenance(engine, "p0", "91", "2023-03")
    assert papua.comparable is False and (papua.vintage, papua.vintage_kind) == ("2026-02-05", "updated")
    assert provenance(engine, "tpt", "3273", "2017-08") is None  # no value: nothing invented


def test_provenance_for_a_frame_keeps_only_stored_keys(engine):
    keys = pd.DataFrame({"indicator_code": ["ipm", "ipm", "pdrb_per_capita"], "region_code": ["32", "32", "1109"],
                         "period": ["2024", "1999", "2023"]})
    out = provenance_frame(engine, keys)
    assert list(out["period"]) == ["2024", "2023"] or sorted(out["period"]) == ["2023", "2024"]
    per_capita = out[out["indicator_code"] == "pdrb_per_capita"].iloc[0]
    assert (per_capita["vintage"], per_capita["vintage_kind"]) == ("2024-06-03", "published")
    assert "Tabel 153-190" in per_capita["title"]
