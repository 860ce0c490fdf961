"""Forecast models on series with known answers: lines stay lines, flat stays flat, intervals widen, short refused."""
from __future__ import annotations

import numpy as np
import pytest

from models.fitters import combine, fit_damped
from models.forecast import (
    DRIFT_MARGIN,
    Break,
    Forecast,
    ForecastPoint,
    Note,
    build_grid,
    choose,
    fit_model,
    forecast_series,
    quality_of,
    within,
)

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
    assert set(names) == {"drift", "linear", "damped", "arima", "combo"}
    assert all(v is not None for v in names.values())
    assert f.model in names and f.mase == pytest.approx(names[f.model], rel=1e-6)
    # drift unless another candidate beats it clearly; never a candidate worse than the best
    assert f.model == "drift" or f.mase <= (1 - DRIFT_MARGIN) * names["drift"]
    assert f.mase == pytest.approx(min(names.values()), rel=1e-6) or f.model == "drift"
    assert f.points[-1].mean < values[-1]


@pytest.mark.parametrize(("mase", "word"), [(0.6, "good"), (1.0, "fair"), (1.5, "weak"), (None, None)])
def test_quality_words(mase, word):
    assert quality_of(mase) == word


def test_damped_trend_follows_a_line_and_flattens_a_flat_series():
    t = np.arange(10, dtype=float)
    ahead = np.arange(1, 4, dtype=float)
    line = fit_damped(t, 3.0 + 0.5 * t, ahead)
    # a damped trend bends towards flat, but on an exact line the first step ahead continues it closely
    assert line.mean[0] == pytest.approx(8.0, abs=0.05)
    assert np.all(np.diff(line.mean) > 0) and np.all(np.diff(line.mean) <= 0.5 + 1e-9)
    flat = fit_damped(t, np.full(10, 4.2), ahead)
    np.testing.assert_allclose(flat.mean, 4.2, atol=1e-9)
    np.testing.assert_allclose(flat.hi95 - flat.lo95, 0.0, atol=1e-9)


def test_damped_trend_intervals_widen_and_nest():
    rng = np.random.default_rng(11)
    t = np.arange(14, dtype=float)
    y = 50 + 0.8 * t + rng.normal(0, 0.6, 14)
    fit = fit_damped(t, y, np.arange(1, 7, dtype=float))
    widths = fit.hi95 - fit.lo95
    assert np.all(np.diff(widths) > 0)
    assert np.all(fit.lo95 <= fit.lo80) and np.all(fit.lo80 <= fit.mean) and np.all(fit.hi80 <= fit.hi95)


def test_combination_is_the_mean_of_the_candidates():
    y = np.array([1.0, 1.4, 1.7, 2.3, 2.4, 2.9, 3.5, 3.6])
    ahead = np.array([1.0, 2.0])
    grid, _ = build_grid([str(2010 + i) for i in range(8)], list(y))
    _, _, candidates, _ = choose(grid)
    members = [n for n, s in candidates if n != "combo" and s is not None]
    combo = fit_model("combo", grid, ahead, candidates)
    singles = [fit_model(n, grid, ahead) for n in members]
    np.testing.assert_allclose(combo.mean, np.mean([f.mean for f in singles], axis=0))
    np.testing.assert_allclose(combine(singles).lo95, np.mean([f.lo95 for f in singles], axis=0))


def test_combination_is_scored_only_with_two_candidates():
    grid, _ = build_grid([str(2015 + i) for i in range(6)], [1.0, 2.0, 2.5, 3.5, 4.0, 5.0])
    _, _, candidates, _ = choose(grid)
    scores = dict(candidates)
    assert scores["damped"] is None and scores["arima"] is None  # 6 points: trained on 4 at the first origin
    assert scores["combo"] is not None  # drift and linear


def test_within_truncates_every_figure_at_the_bounds():

    raw = Forecast("drift", (ForecastPoint("2026", 1.0, -0.5, 2.5, -1.5, 3.5, (-2.0, 1.0, 104.0)),))
    held = within(raw, (0.0, 100.0)).points[0]
    assert (held.mean, held.lo80, held.hi80, held.lo95, held.hi95) == (1.0, 0.0, 2.5, 0.0, 3.5)
    assert held.quantiles == (0.0, 1.0, 100.0)
    assert within(raw, (None, None)) is raw


def test_bounds_clip_every_figure_and_leave_an_inside_forecast_untouched():
    inside = Forecast("drift", (ForecastPoint("2025", 5.0, 4.0, 6.0, 3.0, 7.0, (2.0, 5.0, 8.0)),))
    assert within(inside, (0.0, 100.0)) is inside
    outside = Forecast("drift", (ForecastPoint("2025", 1.0, -1.0, 3.0, -2.0, 4.0, (-3.0, 1.0, 5.0)),
                                 ForecastPoint("2026", 2.0, 0.5, 3.5, -0.5, 4.5, (-1.0, 2.0, 6.0))))
    clipped = within(outside, (0.0, 5.0)).points
    assert clipped[0] == ForecastPoint("2025", 1.0, 0.0, 3.0, 0.0, 4.0, (0.0, 1.0, 5.0))
    assert clipped[1] == ForecastPoint("2026", 2.0, 0.5, 3.5, 0.0, 4.5, (0.0, 2.0, 5.0))
