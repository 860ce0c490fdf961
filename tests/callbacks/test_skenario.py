"""The target simulator's plain functions on the seeded store: required path on real data, refusals, CSV."""
from __future__ import annotations

import pandas as pd
import pytest

from callbacks import skenario as S
from services import scenario
from services.context import AppContext


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_yearly_prefers_march_for_semester_series():
    frame = pd.DataFrame({"period": ["2023-03", "2023-09", "2024-09", "2024-03", "2025"],
                          "value": [10.0, 9.0, 8.0, 8.5, 7.0]})
    years = scenario.yearly(frame)
    assert years.to_dict() == {2023: 10.0, 2024: 8.5, 2025: 7.0}


def test_required_path_on_real_poverty_data(ctx):
    data = scenario.simulate(ctx.engine, "p0", "32", None, 2029, 5.0)
    hist = data["history"]
    assert data["base_year"] == int(hist.index[-1]) and data["baseline"] == float(hist.iloc[-1])
    path = data["path"]
    assert path.linear.index[0] == data["base_year"] and path.linear.index[-1] == 2029
    assert path.linear.iloc[-1] == pytest.approx(5.0)
    assert path.annual_change == pytest.approx((5.0 - data["baseline"]) / (2029 - data["base_year"]))
    assert data["peer_level"] == "province" and data["peer_n"] >= 30
    assert data["peer_pace"] is not None and data["peer_pace"] < 0  # poverty: the best quarter falls fastest
    fig, sentences, message = S.compute(ctx, "p0", "32", None, 2029, 5.0, "en")
    assert message is None
    names = {trace.name for trace in fig.data}
    assert {"Data", "Required path (constant change)", "Required path (constant growth rate)",
            "Pace of the best quarter of peers"} <= names
    text = " ".join(p.children for p in sentences)
    assert "Reaching 5.00 in 2029" in text and "best quarter of provinces" in text


def test_kabkota_peers_are_the_same_province(ctx):
    level, codes = scenario.peers_of(ctx.engine, "3273")
    assert level == "regency" and codes and all(c.startswith("32") for c in codes) and "3273" not in codes


@pytest.mark.parametrize(("end", "target", "word_id", "word_en"), [
    (2020, 5.0, "tahun akhir harus setelah", "end year must be after"),
    (2029, -1.0, "di bawah nilai terendah", "below the indicator's lowest"),
])
def test_impossible_scenarios_are_refused_in_both_languages(ctx, end, target, word_id, word_en):
    for lang, word in (("id", word_id), ("en", word_en)):
        fig, _, message = S.compute(ctx, "p0", "32", None, end, target, lang)
        assert message is not None and word in str(message.children)
        names = {trace.name for trace in fig.data}
        assert not any("equired" in n or "dibutuhkan" in n for n in names)  # no path drawn
        assert fig.data  # the history is still shown


def test_plan_target_and_csv(ctx):
    targets = scenario.queries.targets(ctx.engine, "p0", "11")
    year = int(targets["year"].iloc[0])
    row = targets.iloc[0]
    assert scenario.plan_target(ctx.engine, "p0", "11", year) == pytest.approx((row["low"] + row["high"]) / 2)
    assert scenario.plan_target(ctx.engine, "p0", "11", 1990) is None
    text = S.csv_text(ctx, "p0", "11", None, 2029, 10.0)
    lines = text.splitlines()
    assert lines[0] == "indicator,region,year,period,series,value,lo80,hi80,lo95,hi95"
    assert any(",required_linear," in line for line in lines) and any(",history," in line for line in lines)


def test_forecast_points_one_per_year():
    points = [{"period": p} for p in ("2025-09", "2025-03", "2026-03", "2026-09", "2027")]
    assert [p["period"] for p in scenario.one_per_year(points)] == ["2025-03", "2026-03", "2027"]
