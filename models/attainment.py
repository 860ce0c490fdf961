"""Target attainment: achievement with polarity, status bands, chance of meeting a target, SDSN-style trend status.

Pure functions over numbers; no I/O. Rules (documented here, shown on the forecast page):

* **Achievement** (capaian, %). Higher is better: actual / target x 100. Lower is better:
  (target - (actual - target)) / target x 100. A range [low, high] counts as met (100) inside it; outside, the
  nearer bound is the target (for higher-is-better, above the range is also met and scores above 100; for
  lower-is-better, below it). Without a polarity only the range counts: inside 100, outside 100 minus the
  relative distance to the nearer bound.
* **Status bands** (configurable): tercapai (met) >= 100, hampir (nearly) >= 90, belum (not yet) below.
* **Probability of meeting the target** in the target year: from the forecast's predictive quantiles
  (models.calibration: the pooled backtest errors its ranges come from). A forecast stored before the calibrated
  ranges has only its 80% and 95% intervals: then a normal approximation (sd = (hi95 - lo95) / (2 x 1.96), widened
  to the 80% interval's spread if that is larger).
* **Verdict** (`verdict`, the one rule every page, the kiosk, the briefs and the priority criteria show): the
  probability of meeting the target decides first, the pace only words the rest. On track: the chance of meeting
  the target in its year is at least 50% (or, without a forecast, the target is met now, or the historical
  annual change, least-squares slope over the last five years of the fitted part, is at least the change needed
  per year). Below 50%: worsening when moving away from the target, moderately improving when moving the right
  way at 50% or more of the needed pace, stagnating otherwise. So "on track" never stands beside a chance under
  50%, and a met target whose forecast holds it is never "worsening".
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from models.calibration import chance

STATUSES = ("on_track", "moderately_improving", "stagnating", "worsening")
BANDS = ("tercapai", "hampir", "belum")


@dataclass(frozen=True)
class Bands:
    met: float = 100.0
    near: float = 90.0

    def status(self, achievement: float | None) -> str | None:
        if achievement is None or not math.isfinite(achievement):
            return None
        return "tercapai" if achievement >= self.met else "hampir" if achievement >= self.near else "belum"


DEFAULT_BANDS = Bands()


@dataclass(frozen=True)
class Target:
    year: int
    low: float
    high: float
    plan: str = ""

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"target low {self.low} above high {self.high}")

    def reference(self, higher_is_better: bool | None) -> float:
        """The value the trend has to reach: the low end when higher is better, the high end when lower."""
        if higher_is_better is True:
            return self.low
        if higher_is_better is False:
            return self.high
        return (self.low + self.high) / 2


def achievement(actual: float, target: Target, higher_is_better: bool | None) -> float:
    """Achievement in percent with the indicator's polarity (see the module docstring)."""
    low, high = target.low, target.high
    if low <= actual <= high and low != high:
        return 100.0
    if higher_is_better is True:
        ref = low if actual < low else high
        return actual / ref * 100 if ref else float("nan")
    if higher_is_better is False:
        ref = high if actual > high else low
        return (ref - (actual - ref)) / ref * 100 if ref else float("nan")
    ref = low if actual < low else high
    return 100 - abs(actual - ref) / abs(ref) * 100 if ref else float("nan")


def meets(value: float, target: Target, higher_is_better: bool | None) -> bool:
    if higher_is_better is True:
        return value >= target.low
    if higher_is_better is False:
        return value <= target.high
    return target.low <= value <= target.high


def spread(lo80: float, hi80: float, lo95: float, hi95: float) -> float:
    """Standard deviation of the normal approximation to a forecast from its two intervals."""
    return max((hi95 - lo95) / (2 * stats.norm.ppf(0.975)), (hi80 - lo80) / (2 * stats.norm.ppf(0.9)), 0.0)


def probability(mean: float, sd: float, target: Target, higher_is_better: bool | None) -> float:
    """P(value meets the target) under Normal(mean, sd); a zero spread gives 0 or 1."""
    if sd <= 0:
        return 1.0 if meets(mean, target, higher_is_better) else 0.0
    dist = stats.norm(mean, sd)
    if higher_is_better is True:
        return float(dist.sf(target.low))
    if higher_is_better is False:
        return float(dist.cdf(target.high))
    return float(dist.cdf(target.high) - dist.cdf(target.low))


def chance_of(forecast: tuple, target: Target, higher_is_better: bool | None) -> float:
    """P(meeting the target) from a forecast point (period, mean, lo80, hi80, lo95, hi95): the one place a chance is
    computed, for the verdict and the priority criteria alike."""
    _, mean, lo80, hi80, lo95, hi95 = forecast[:6]
    quantiles = forecast[6] if len(forecast) > 6 else ()
    if quantiles:  # a calibrated forecast: the chance from the very quantiles its ranges come from
        return chance(quantiles, target.low, target.high, higher_is_better)
    return probability(mean, spread(lo80, hi80, lo95, hi95), target, higher_is_better)


def pick_target(targets: Sequence[Mapping], latest_year: int) -> dict | None:
    """The target a region is judged against: the next after the latest data year; else the one for the latest
    year; else the last one (per year the plans in name order). The one rule for every page, the briefs and the
    priority criteria."""
    ordered = sorted(targets, key=lambda t: (t["year"], t["plan"]))
    ahead = [t for t in ordered if t["year"] > latest_year]
    if ahead:
        return dict(ahead[0])
    same = [t for t in ordered if t["year"] == latest_year]
    return dict(same[-1] if same else ordered[-1]) if ordered else None


def annual_change(years: Sequence[float], values: Sequence[float], window: float = 5.0) -> float | None:
    """Least-squares slope per year over the last `window` years of the history (None with under 2 points)."""
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(x) < 2:
        return None
    keep = x >= x.max() - window
    x, y = x[keep], y[keep]
    if len(x) < 2 or np.ptp(x) == 0:
        return None
    return float(np.polyfit(x, y, 1)[0])


def required_change(latest: float, latest_year: float, target: Target, higher_is_better: bool | None) -> float | None:
    """Change per year needed from the latest value to the target's reference value by the target year."""
    years = target.year - latest_year
    if years <= 0:
        return None
    return (target.reference(higher_is_better) - latest) / years


def verdict(latest: float, probability: float | None, historical: float | None, required: float | None,
            target: Target, higher_is_better: bool | None, tolerance: float = 1e-9) -> str | None:
    """On track / moderately improving / stagnating / worsening from the chance of meeting the target and the pace
    (rule in the module docstring); None without a polarity, or without both a chance and a pace."""
    if higher_is_better is None or (probability is None and historical is None):
        return None
    met_now = meets(latest, target, higher_is_better)
    if probability is not None and probability >= 0.5:
        return "on_track"
    if probability is None and met_now:
        return "on_track"  # met and holding: no forecast says otherwise
    if historical is None:
        return "stagnating"
    good_pace = (1.0 if higher_is_better else -1.0) * historical  # > 0: moving the right way
    if good_pace < -tolerance:
        return "worsening"
    need = None if required is None or met_now else (1.0 if higher_is_better else -1.0) * required
    if need is None or need <= 0:  # met now but likely to slip, or the target year has passed
        return "moderately_improving" if good_pace > tolerance and not met_now else "stagnating"
    ratio = good_pace / need
    if probability is None and ratio >= 1:
        return "on_track"
    return "moderately_improving" if ratio >= 0.5 else "stagnating"


@dataclass(frozen=True)
class Attainment:
    """Everything the pages show about one region, indicator and target."""

    target: Target
    latest: float | None
    latest_period: str | None
    achievement: float | None
    band: str | None
    probability: float | None
    forecast_mean: float | None
    forecast_period: str | None
    required_change: float | None
    historical_change: float | None
    status: str | None


def assess(target: Target, higher_is_better: bool | None, latest: float | None, latest_period: str | None,
           latest_year: float | None, history_years: Sequence[float] = (), history_values: Sequence[float] = (),
           forecast: tuple | None = None,
           bands: Bands = DEFAULT_BANDS) -> Attainment:
    """`forecast`: (period, mean, lo80, hi80, lo95, hi95[, quantiles]) of the target year, or None."""
    ach = achievement(latest, target, higher_is_better) if latest is not None else None
    prob = mean = period = None
    if forecast is not None:
        period, mean = forecast[0], forecast[1]
        prob = chance_of(forecast, target, higher_is_better)
    elif latest is not None and latest_year is not None and int(latest_year) == target.year:
        prob = 1.0 if meets(latest, target, higher_is_better) else 0.0
    hist = annual_change(history_years, history_values)
    req = (required_change(latest, latest_year, target, higher_is_better)
           if latest is not None and latest_year is not None and not meets(latest, target, higher_is_better) else None)
    status = verdict(latest, prob, hist, req, target, higher_is_better) if latest is not None else None
    return Attainment(target, latest, latest_period, ach, bands.status(ach), prob, mean, period, req, hist, status)
