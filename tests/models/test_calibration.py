"""Pooled calibration: intervals hold what they say on simulated series with known noise, the chance is read from the
same quantiles and is never 0 or 1, the method choice follows the evidence."""
from __future__ import annotations

import numpy as np
import pytest

from models import calibration as cal
from models.forecast import build_grid

YEARS = [str(y) for y in range(2010, 2023)]


def grids(rng, count: int, drift: float, length: int = len(YEARS)):
    """Random walks whose noise differs 20-fold between series (the scale per series must absorb it)."""
    out = []
    for _ in range(count):
        sd = rng.uniform(0.1, 2.0)
        values = 50 + np.cumsum(drift * sd + rng.normal(0, sd, length))
        grid, _ = build_grid(YEARS[:length], list(values))
        out.append((grid, values))
    return out


def test_intervals_cover_held_out_points_at_their_nominal_rate():
    rng = np.random.default_rng(11)
    inside80, inside95 = [], []
    for _ in range(3):  # three independent groups of 200 series; the last point of each is held out
        group = grids(rng, 200, drift=0.5)
        train = [build_grid(YEARS[:-1], list(v[:-1]))[0] for _, v in group]
        calibration = cal.calibrate(train)
        for grid, values in zip(train, group, strict=True):
            _, q = cal.predictive(grid, calibration, np.array([1.0]))
            actual = values[1][-1]
            inside80.append(q[0][cal.I80[0]] <= actual <= q[0][cal.I80[1]])
            inside95.append(q[0][cal.I95[0]] <= actual <= q[0][cal.I95[1]])
    assert np.mean(inside80) == pytest.approx(0.80, abs=0.04)
    assert np.mean(inside95) == pytest.approx(0.95, abs=0.025)


def test_intervals_widen_with_the_horizon_even_beyond_the_pooled_table():
    rng = np.random.default_rng(3)
    calibration = cal.calibrate([g for g, _ in grids(rng, 60, drift=0.3, length=6)])
    _, q = cal.predictive(grids(rng, 1, drift=0.3)[0][0], calibration, np.arange(1.0, 9.0))
    width = q[:, cal.I95[1]] - q[:, cal.I95[0]]
    assert len(calibration.quantiles) < 8 and np.all(np.diff(width) > 0)


def test_chance_comes_from_the_same_quantiles_and_is_never_certain():
    q = np.quantile(np.random.default_rng(5).normal(10, 1, 20_000), cal.LEVELS)
    assert cal.chance(q, q[cal.I80[0]], q[cal.I80[0]], True) == pytest.approx(0.9, abs=1e-9)
    assert cal.chance(q, q[cal.I80[1]], q[cal.I80[1]], False) == pytest.approx(0.9, abs=1e-9)
    assert 0 < cal.chance(q, 100.0, 100.0, True) < 0.005 and 0.995 < cal.chance(q, -100.0, -100.0, True) < 1
    chances = [cal.chance(q, x, x, True) for x in np.linspace(7, 13, 50)]
    assert all(b <= a for a, b in zip(chances, chances[1:], strict=False))


def test_a_trendless_group_gets_less_than_full_drift_and_a_trending_one_keeps_drift():
    rng = np.random.default_rng(8)
    flat = cal.calibrate([g for g, _ in grids(rng, 150, drift=0.0)])
    trending = cal.calibrate([g for g, _ in grids(rng, 150, drift=1.5)])
    assert flat.method in ("pooled", "naive") and flat.shrink < 1
    assert trending.method == "drift" and trending.shrink == 1.0


def test_too_thin_a_group_is_not_calibrated():
    rng = np.random.default_rng(2)
    assert cal.calibrate([g for g, _ in grids(rng, 5, drift=0.5, length=5)]) is None


def test_the_per_series_mase_and_the_cut_pool_equal_what_they_stand_for():
    """own_mase (plain Python, once per series on every refit) gives the series' backtest MASE as backtest_errors
    does; the latest origins cut from a wide backtest are the narrow backtest itself."""
    rng = np.random.default_rng(5)
    group = [g for g, _ in grids(rng, 30, drift=0.3)] + [build_grid(YEARS[:4], [1.0, 2.0, 2.5, 4.0])[0]]
    for grid in group:
        for method, shrink in (("drift", 1.0), ("pooled", 0.5), ("naive", 0.0)):
            own = cal.backtest_errors([grid])
            expected = np.abs(own.of(method, shrink)[own.h <= 2]).mean()
            assert cal.own_mase(grid.t, grid.y, method, shrink) == pytest.approx(expected, rel=1e-12)
    narrow, cut = cal.backtest_errors(group), cal.backtest_errors(group, cal.LEVEL_ORIGINS).latest_origins(cal.ORIGINS)
    for name in ("series", "h", "rest", "trend", "ratio", "latest"):
        np.testing.assert_array_equal(getattr(cut, name), getattr(narrow, name))
    assert cut.rel_scale == narrow.rel_scale
    assert cal.calibrate(group, errors=cut) == cal.calibrate(group)
