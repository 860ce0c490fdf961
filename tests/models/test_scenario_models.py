"""Required paths, peer pace, panel regression with a known slope."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.panel import describe, fit_fixed_effects, scenario_path
from models.scenario import annual_change, peer_pace, required_path, years_to_target


def test_required_path_linear_and_geometric():
    path = required_path(2024, 10.0, 2029, 5.0)
    assert path.annual_change == pytest.approx(-1.0)
    assert path.linear.tolist() == pytest.approx([10, 9, 8, 7, 6, 5])
    assert path.annual_growth == pytest.approx((0.5) ** (1 / 5) - 1)
    assert path.geometric.iloc[-1] == pytest.approx(5.0) and path.geometric.iloc[0] == 10.0


def test_geometric_path_undefined_across_zero():
    path = required_path(2024, -1.0, 2026, 2.0)
    assert path.geometric is None and path.linear.iloc[-1] == 2.0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"base_year": 2024, "baseline": 9.0, "end_year": 2024, "target": 7.0}, "after the baseline"),
    ({"base_year": 2024, "baseline": 9.0, "end_year": 2020, "target": 7.0}, "after the baseline"),
    ({"base_year": 2024, "baseline": 9.0, "end_year": 2029, "target": -1.0, "low": 0, "high": 100}, "below"),
    ({"base_year": 2024, "baseline": 9.0, "end_year": 2029, "target": 101.0, "low": 0, "high": 100}, "above"),
])
def test_impossible_scenarios_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        required_path(**kwargs)


def test_annual_change_and_peer_pace():
    assert annual_change(pd.Series([70.0, 71.0, 73.0], index=[2020, 2021, 2024])) == pytest.approx(0.75)
    assert annual_change(pd.Series([1.0], index=[2020])) is None
    changes = pd.Series([-1.0, -0.5, -0.2, 0.1, 0.3])
    assert peer_pace(changes, higher_is_better=False) == pytest.approx(changes.quantile(0.25))
    assert peer_pace(changes, higher_is_better=True) == pytest.approx(changes.quantile(0.75))
    assert peer_pace(changes.iloc[:3], True) is None
    assert years_to_target(10.0, 8.0, -0.5) == pytest.approx(4.0)
    assert years_to_target(10.0, 8.0, 0.5) is None


def _panel(slope: float, noise: float = 0.0, regions: int = 8, years: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for r in range(regions):
        effect = rng.normal(20, 5)  # region fixed effect, deliberately correlated with x below
        for t in range(years):
            x = rng.normal(5, 1.5) + 0.1 * effect
            rows.append({"region": f"R{r}", "period": str(2018 + t), "x": x,
                         "y": effect + slope * x + rng.normal(0, noise)})
    return pd.DataFrame(rows)


def test_fixed_effects_recovers_a_known_slope():
    fit = fit_fixed_effects(_panel(-0.4))
    assert fit.slope == pytest.approx(-0.4, abs=1e-9)
    assert fit.r2_within == pytest.approx(1.0)
    assert fit.n == 48 and fit.regions == 8 and fit.years[0] == "2018"


def test_fixed_effects_interval_covers_truth_with_noise():
    fit = fit_fixed_effects(_panel(0.8, noise=0.5, regions=30))
    assert fit.ci_low < 0.8 < fit.ci_high and 0 < fit.r2_within < 1


def test_too_few_observations_refused():
    with pytest.raises(ValueError, match="too few"):
        fit_fixed_effects(_panel(1.0, regions=2, years=3))


def test_scenario_path_shifts_by_slope():
    fit = fit_fixed_effects(_panel(-0.5))
    base = pd.Series([9.0, 8.5, 8.0], index=[2025, 2026, 2027])
    out = scenario_path(base, pd.Series([1.0, 1.0, 1.0], index=base.index), fit)
    assert out["scenario"].tolist() == pytest.approx([8.5, 8.0, 7.5])
    assert (out["low"] <= out["scenario"]).all() and (out["scenario"] <= out["high"]).all()
    text = describe(fit, "pertumbuhan ekonomi", "kemiskinan", "id")
    assert "turun" in text and "bukan bukti sebab-akibat" in text
