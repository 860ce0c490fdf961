"""Target simulator arithmetic: the path a region must follow from a baseline to a target, and peer pace.

Pure functions; years are integers, values floats. Impossible scenarios raise ValueError with a plain reason.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RequiredPath:
    """Year-by-year values to reach `target` in `end_year` from `baseline` in `base_year`."""

    base_year: int
    end_year: int
    baseline: float
    target: float
    linear: pd.Series       # constant annual change, indexed by year (base_year..end_year)
    geometric: pd.Series | None  # constant growth rate; None when undefined (sign change or zero)
    annual_change: float
    annual_growth: float | None  # as a fraction (0.02 = 2 % a year)


def check_scenario(base_year: int, end_year: int, target: float, low: float | None = None,
                   high: float | None = None) -> None:
    """Refuse impossible scenarios: end before baseline, a target outside the indicator's valid bounds."""
    if end_year <= base_year:
        raise ValueError(f"end year {end_year} must be after the baseline year {base_year}")
    if low is not None and target < low:
        raise ValueError(f"target {target} is below the indicator's lowest possible value {low}")
    if high is not None and target > high:
        raise ValueError(f"target {target} is above the indicator's highest possible value {high}")
    if math.isnan(target):
        raise ValueError("target is not a number")


def required_path(base_year: int, baseline: float, end_year: int, target: float,
                  low: float | None = None, high: float | None = None) -> RequiredPath:
    """The straight-line path (constant annual change) and the constant-growth path to the target."""
    check_scenario(base_year, end_year, target, low, high)
    years = list(range(base_year, end_year + 1))
    steps = end_year - base_year
    change = (target - baseline) / steps
    linear = pd.Series([baseline + change * i for i in range(steps + 1)], index=years, name="linear")
    growth: float | None = None
    geometric: pd.Series | None = None
    if baseline > 0 and target > 0:
        growth = (target / baseline) ** (1 / steps) - 1
        geometric = pd.Series([baseline * (1 + growth) ** i for i in range(steps + 1)], index=years,
                              name="geometric")
    return RequiredPath(base_year, end_year, baseline, target, linear, geometric, change, growth)


def annual_change(series: pd.Series) -> float | None:
    """Average change per year of a yearly series (index = year), from its first to its last value."""
    clean = series.dropna().sort_index()
    if len(clean) < 2:
        return None
    span = float(clean.index[-1] - clean.index[0])
    return float((clean.iloc[-1] - clean.iloc[0]) / span) if span > 0 else None


def peer_pace(changes: pd.Series, higher_is_better: bool | None, quantile: float = 0.75) -> float | None:
    """The annual change achieved by the best quarter of peers (polarity-aware): the 75th percentile of
    improvement. `changes`: each peer's average annual change. None when fewer than 4 peers have one."""
    clean = changes.dropna()
    if len(clean) < 4 or higher_is_better is None:
        return None
    if higher_is_better:
        return float(clean.quantile(quantile))
    return float(clean.quantile(1 - quantile))


def years_to_target(latest: float, target: float, pace: float | None) -> float | None:
    """How many years at `pace` (change per year) it takes to close the gap; None if it never does."""
    if pace is None or pace == 0:
        return None
    years = (target - latest) / pace
    return years if years >= 0 else None
