"""Ordinary least squares of one indicator on another across regions (statsmodels), and period matching.

Warnings raised by statsmodels during the fit are captured and returned as notes, never silenced globally.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import statsmodels.api as sm

MIN_POINTS = 3


@dataclass(frozen=True)
class OlsFit:
    """y = intercept + slope * x over `n` regions; `line_x`/`line_y` span the observed x range."""

    slope: float
    intercept: float
    r2: float
    p_value: float
    n: int
    line_x: tuple[float, float]
    line_y: tuple[float, float]
    notes: tuple[str, ...] = field(default_factory=tuple)


def fit_ols(x: pd.Series, y: pd.Series) -> OlsFit:
    """Fit y on x (aligned by index, rows with a missing value dropped); ValueError below MIN_POINTS or when x is constant."""
    frame = pd.concat({"x": x, "y": y}, axis=1).dropna()
    if len(frame) < MIN_POINTS:
        raise ValueError(f"need at least {MIN_POINTS} regions with both values, got {len(frame)}")
    if frame["x"].nunique() < 2:
        raise ValueError("x has a single value; no line can be fitted")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = sm.OLS(frame["y"].to_numpy(float), sm.add_constant(frame["x"].to_numpy(float))).fit()
        r2 = float(result.rsquared)
        p_value = float(result.pvalues[1])
    intercept, slope = (float(v) for v in result.params)
    lo, hi = float(frame["x"].min()), float(frame["x"].max())
    notes = tuple(dict.fromkeys(str(w.message) for w in caught))
    return OlsFit(slope=slope, intercept=intercept, r2=r2, p_value=p_value, n=len(frame), line_x=(lo, hi),
                  line_y=(intercept + slope * lo, intercept + slope * hi), notes=notes)


def period_for_year(coverage: Mapping[str, int], year: int) -> str | None:
    """The period of `year` to use for an indicator, from {period: regions with a value}.

    A plain year ("2024") wins; otherwise the sub-period (2024-03, 2024-09) with the most regions, ties going to the
    earlier one (March: the Susenas round that also has kab/kota figures). None when the year has no data.
    """
    candidates = [(p, n) for p, n in coverage.items() if n > 0 and p[:4] == str(year) and (len(p) == 4 or p[4] == "-")]
    if not candidates:
        return None
    plain = [p for p, _ in candidates if len(p) == 4]
    if plain:
        return plain[0]
    return sorted(candidates, key=lambda pn: (-pn[1], pn[0]))[0][0]


def common_years(x_coverage: Mapping[str, int], y_coverage: Mapping[str, int]) -> list[int]:
    """Years in which both indicators have at least one value, oldest first."""
    years = lambda cov: {int(p[:4]) for p, n in cov.items() if n > 0 and p[:4].isdigit()}
    return sorted(years(x_coverage) & years(y_coverage))



def default_year(x_coverage: Mapping[str, int], y_coverage: Mapping[str, int], min_share: float = 0.5) -> int | None:
    """The latest common year in which both indicators' matched periods cover at least `min_share` of the best year."""
    both = {}
    for year in common_years(x_coverage, y_coverage):
        xp, yp = period_for_year(x_coverage, year), period_for_year(y_coverage, year)
        both[year] = min(x_coverage[xp], y_coverage[yp]) if xp and yp else 0
    if not both or max(both.values()) == 0:
        return None
    best = max(both.values())
    return max(y for y, n in both.items() if n >= min_share * best)
