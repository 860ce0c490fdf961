"""What-if drivers: a fixed-effects panel regression of one indicator on another, and the scenario it implies.

The estimate is an association across regions and years, not a proven effect; callers must say so.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm


@dataclass(frozen=True)
class PanelFit:
    slope: float            # change in the outcome per unit change of the driver, within a region
    ci_low: float
    ci_high: float
    p_value: float
    r2_within: float
    n: int                  # observations used
    regions: int
    years: tuple[str, ...]  # periods used
    notes: tuple[str, ...] = field(default_factory=tuple)


def fit_fixed_effects(panel: pd.DataFrame, min_obs: int = 20) -> PanelFit:
    """OLS of `y` on `x` with region fixed effects (within transform), cluster-robust by region.

    `panel`: columns region, period, x, y (one row per region and period, both values present).
    """
    data = panel.dropna(subset=["x", "y"]).copy()
    counts = data.groupby("region")["y"].transform("size")
    data = data[counts >= 2]
    if len(data) < min_obs or data["region"].nunique() < 3:
        raise ValueError(f"too few paired observations for a panel regression ({len(data)}, need {min_obs})")
    demeaned = data[["x", "y"]] - data.groupby("region")[["x", "y"]].transform("mean")
    if float(demeaned["x"].std()) == 0.0:
        raise ValueError("the driver does not vary within regions")
    groups = pd.factorize(data["region"])[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = sm.OLS(demeaned["y"].to_numpy(), demeaned[["x"]].to_numpy())
        result = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    low, high = result.conf_int(alpha=0.05)[0]
    resid = result.resid
    total = float(np.sum(demeaned["y"].to_numpy() ** 2))
    r2 = 1 - float(np.sum(resid ** 2)) / total if total > 0 else 0.0
    return PanelFit(
        slope=float(result.params[0]), ci_low=float(low), ci_high=float(high), p_value=float(result.pvalues[0]),
        r2_within=r2, n=len(data), regions=int(data["region"].nunique()),
        years=tuple(sorted(data["period"].astype(str).unique())),
        notes=tuple(str(w.message) for w in caught),
    )


def scenario_path(baseline: pd.Series, driver_shift: pd.Series, fit: PanelFit,
                  baseline_sd: pd.Series | None = None,
                  bounds: tuple[float | None, float | None] = (None, None)) -> pd.DataFrame:
    """Outcome under a shifted driver: baseline + slope x shift, with a 95% band from the slope's interval
    and (if given) the baseline forecast's standard deviation, every figure held inside the outcome's valid
    `bounds` (a poverty rate never below 0%). Index: the forecast periods."""
    shift = driver_shift.reindex(baseline.index).fillna(0.0)
    point = baseline + fit.slope * shift
    slope_low = baseline + np.minimum(fit.ci_low * shift, fit.ci_high * shift)
    slope_high = baseline + np.maximum(fit.ci_low * shift, fit.ci_high * shift)
    spread = 1.96 * baseline_sd.reindex(baseline.index).fillna(0.0) if baseline_sd is not None else 0.0
    return pd.DataFrame({"baseline": baseline, "scenario": point,
                         "low": slope_low - spread, "high": slope_high + spread}).clip(lower=bounds[0], upper=bounds[1])


def describe(fit: PanelFit, x_name: str, y_name: str, lang: str = "id", decimals: int = 2) -> str:
    """The estimate in words a non-statistician can read (numbers formatted by the caller's locale later)."""
    def num(v: float) -> str:
        text = f"{v:.{decimals}f}"
        return text.replace(".", ",") if lang == "id" else text

    direction_id = "naik" if fit.slope > 0 else "turun"
    direction_en = "rises" if fit.slope > 0 else "falls"
    years = f"{fit.years[0]}–{fit.years[-1]}" if fit.years else ""
    if lang == "id":
        return (f"Di dalam wilayah yang sama, saat {x_name} naik 1 poin, {y_name} rata-rata {direction_id} "
                f"{num(abs(fit.slope))} poin (interval 95%: {num(fit.ci_low)} s.d. {num(fit.ci_high)}). "
                f"R² dalam-wilayah {num(fit.r2_within)}, n = {fit.n} ({fit.regions} wilayah, {years}). "
                "Ini adalah keterkaitan, bukan bukti sebab-akibat.")
    return (f"Within the same region, when {x_name} rises by 1 point, {y_name} on average {direction_en} by "
            f"{num(abs(fit.slope))} points (95% interval: {num(fit.ci_low)} to {num(fit.ci_high)}). "
            f"Within-region R² {num(fit.r2_within)}, n = {fit.n} ({fit.regions} regions, {years}). "
            "This is an association, not a proven effect.")
