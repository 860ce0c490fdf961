"""Forecast models on series with known answers: lines stay lines, flat stays flat, intervals widen, short refused."""
from __future__ import annotations

import numpy as np
import pytest

from models.forecast import Break, Forecast, Note, build_grid, forecast_series, quality_of

YEARS = [str(y) for y in range(2013, 2025)]


def test_straight_line_forecasts_straight():
    values = [60 + 0.5 * i for i in range(len(YEARS))]
    f = forecast_series(YEARS, values, until_year=2030)
    assert f.ok and f.mase == 0
    assert [p.period for p in f.points] == [str(y) for y in range(2025, 2031)]
    np.testing.assert_allclose([p.mean for p in f.points], [66 + 0.5 * i for i in range(6)], atol=1e-6)


def test_flat_series_is_flat():
    f = forecast_series(YEARS, [5.0] * len(YEARS))
    assert f.ok
    assert all(abs(p.mean - 5.0) < 1e-9 for p in f.points)


def test_intervals_widen_with_horizon_and_nest():
    rng = np.random.default_rng(7)
    values = list(70 + 0.4 * np.arange(len(YEARS)) + rng.normal(0, 0.3, len(YEARS)))
    f = forecast_series(YEARS, values)
    widths95 = [p.hi95 - p.lo95 for p in f.points]
    assert all(b > a for a, b in zip(widths95, widths95[1:], strict=False))
    for p in f.points:
        assert p.lo95 <= p.lo80 <= p.mean <= p.hi80 <= p.hi95


def test_short_series_refused_with_plain_reason():
    f = forecast_series(["2021", "2022", "2023", "2024"], [1.0, 2.0, 3.0, 4.0])
    assert not f.ok and f.points == ()
    assert f.reason.id == "hanya 4 titik data, minimal 6"
    assert f.reason.en == "only 4 data points, at least 6 needed"


def test_deterministic():
    rng = np.random.default_rng(1)
    periods = [f"{y}-{m}" for y in range(2010, 2025) for m in ("02", "08")]
    values = list(6 + np.cumsum(rng.normal(0, 0.2, len(periods))))
    a = forecast_series(periods, values, "semester")
    b = forecast_series(periods, values, "semester")
    assert a == b and a.to_dict() == b.to_dict()
    assert Forecast.from_dict(a.to_dict()) == a


def test_semester_series_forecasts_two_periods_a_year():
    periods = [f"{y}-{m}" for y in range(2018, 2025) for m in ("03", "09")]
    values = [10 - 0.1 * i for i in range(len(periods))]
    f = forecast_series(periods, values, "semester", until_year=2026)
    assert f.step == "semester"
    assert [p.period for p in f.points] == ["2025-03", "2025-09", "2026-03", "2026-09"]


def test_plain_years_in_a_semester_series_are_left_out_with_a_note():
    periods = ["2018", "2019", "2020"] + [f"{y}-{m}" for y in range(2021, 2025) for m in ("03", "09")]
    values = [0.40, 0.39, 0.38] + [0.38 - 0.001 * i for i in range(8)]
    f = forecast_series(periods, values, "semester")
    assert f.used_periods[0] == "2021-03"
    assert any(n.code == "plain_years" for n in f.notes)


def test_one_survey_month_a_year_stays_annual():
    grid, _ = build_grid(["2021-03", "2022-03", "2023-03"], [1, 2, 3], "semester")
    assert grid.step == "annual" and grid.label(grid.last_pos + 1) == "2024-03"


def test_never_fits_across_a_break():
    note = Note("split", "pemekaran", "split")
    values = [30.0] * 8 + [20.0, 19.5, 19.0, 18.5, 18.0, 17.5]
    periods = [str(y) for y in range(2011, 2011 + len(values))]
    f = forecast_series(periods, values, breaks=[Break("2019", note)])
    assert f.used_periods[0] == "2019" and note in f.notes
    assert f.points[0].mean < 17.5  # follows the post-break trend only
    refused = forecast_series(periods, values, breaks=[Break("2021", note)])
    assert not refused.ok and refused.reason.code == "too_few"


def test_trending_noisy_series_picks_a_trend_and_reports_candidates():
    rng = np.random.default_rng(3)
    periods = [f"{y}-{m}" for y in range(2005, 2025) for m in ("02", "08")]
    values = list(10 - 0.1 * np.arange(len(periods)) + rng.normal(0, 0.15, len(periods)))
    f = forecast_series(periods, values, "semester")
    names = dict(f.candidates)
    assert set(names) == {"drift", "linear", "damped", "arima"}
    assert all(v is not None for v in names.values())
    assert f.model in names and f.mase == pytest.approx(min(names.values()), rel=1e-6)
    assert f.points[-1].mean < values[-1]


@pytest.mark.parametrize(("mase", "word"), [(0.6, "good"), (1.0, "fair"), (1.5, "weak"), (None, None)])
def test_quality_words(mase, word):
    assert quality_of(mase) == word
