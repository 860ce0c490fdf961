"""OLS fit and period matching on hand-worked numbers."""
import pandas as pd
import pytest

from models.regression import common_years, fit_ols, period_for_year


def test_exact_line_has_r2_one():
    x = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    y = 2 * x + 1
    fit = fit_ols(x, y)
    assert fit.slope == pytest.approx(2.0) and fit.intercept == pytest.approx(1.0)
    assert fit.r2 == pytest.approx(1.0) and fit.n == 4
    assert fit.line_x == (1.0, 4.0) and fit.line_y == pytest.approx((3.0, 9.0))


def test_hand_worked_r2():
    # x = 1,2,3; y = 1,3,2 -> slope 0.5, intercept 1, SSres = 1.5, SStot = 2, R2 = 0.25
    fit = fit_ols(pd.Series([1.0, 2.0, 3.0]), pd.Series([1.0, 3.0, 2.0]))
    assert fit.slope == pytest.approx(0.5) and fit.intercept == pytest.approx(1.0)
    assert fit.r2 == pytest.approx(0.25)


def test_aligns_by_region_and_drops_missing():
    x = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": None})
    y = pd.Series({"b": 4.0, "c": 6.0, "a": 2.0, "d": 9.0, "e": 1.0})
    fit = fit_ols(x, y)
    assert fit.n == 3 and fit.slope == pytest.approx(2.0)


def test_too_few_points_or_constant_x_raise():
    with pytest.raises(ValueError):
        fit_ols(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0]))
    with pytest.raises(ValueError):
        fit_ols(pd.Series([1.0, 1.0, 1.0]), pd.Series([1.0, 2.0, 3.0]))


def test_period_for_year_prefers_plain_year_then_best_covered_then_march():
    assert period_for_year({"2024": 38}, 2024) == "2024"
    assert period_for_year({"2024-03": 38, "2024-09": 38}, 2024) == "2024-03"
    assert period_for_year({"2022-03": 34, "2022-09": 38}, 2022) == "2022-09"
    assert period_for_year({"2022-03": 34}, 2023) is None


def test_common_years():
    assert common_years({"2023": 38, "2024": 38}, {"2023-03": 34, "2024-09": 38, "2025-03": 0}) == [2023, 2024]


def test_default_year_skips_thin_years():
    from models.regression import default_year

    x = {"2022": 34, "2023": 34, "2024": 38}
    y = {"2022-03": 34, "2023-03": 34, "2024-03": 2}
    assert default_year(x, y) == 2023
    assert default_year({"2020": 5}, {"2021": 5}) is None
