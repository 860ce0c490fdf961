"""Data for the what-if drivers section of /skenario: the province panel of two indicators, its fixed-effects
estimate (models.panel) and the outcome path of one region when the driver's future path is shifted.
No page layout code here.

The panel is yearly (semester indicators use March, as on the rest of the page) and never joins values across a
known series break: a province whose series changes basis (the 2022 Papua split) enters as two units, one per
basis, so its fixed effect is not shared across the break.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from models.breaks import breaks_for, segment_of
from models.panel import PanelFit, fit_fixed_effects, scenario_path
from services import queries
from services.access import PUBLIC, Access
from services.cache import cached_query
from services.forecasts import forecast_for
from services.scenario import one_per_year, yearly
from services.series_breaks import BREAKS

MIN_OBS = 20
MODES = ("constant", "cumulative")
#: (outcome, driver) offered first when both exist: poverty against growth, as in the issue.
DEFAULT_PAIR = ("p0", "pdrb_growth")


@dataclass(frozen=True)
class WhatIf:
    fit: PanelFit
    history: pd.Series             # the region's yearly outcome
    path: pd.DataFrame | None      # index year: baseline, scenario, low, high (None: no baseline forecast)
    baseline_band: pd.DataFrame | None  # index year: lo95, hi95 of the baseline forecast
    shift: pd.Series | None        # the driver shift per year
    provinces: int = 0             # provinces behind the estimate (a province split by a break counts once)


def _segmented(frame: pd.DataFrame, indicator: str) -> dict[str, pd.Series]:
    """Per unit key ("91" or "91#1" after a break): the region's yearly values on one basis."""
    out: dict[str, pd.Series] = {}
    for code, rows in frame.groupby("region_code"):
        years = yearly(rows)
        breaks = breaks_for(BREAKS, indicator, str(code))
        if not breaks:
            out[str(code)] = years
            continue
        segment = pd.Series([segment_of(str(y), breaks) for y in years.index], index=years.index)
        for seg, part in years.groupby(segment):
            out[f"{code}#{seg}" if seg else str(code)] = part
    return out


def province_panel(engine: Engine, outcome: str, driver: str, access: Access = PUBLIC) -> pd.DataFrame:
    """Columns region, period, x (driver), y (outcome): the provinces' years with both values."""
    codes = queries.regions(engine, level="province", access=access)["code"].tolist()
    ys = _segmented(queries.series(engine, outcome, codes, access=access), outcome)
    xs = _segmented(queries.series(engine, driver, codes, access=access), driver)
    rows = []
    for ykey, yser in ys.items():
        for xkey, xser in xs.items():
            if ykey.split("#")[0] != xkey.split("#")[0]:
                continue
            both = pd.concat({"x": xser, "y": yser}, axis=1).dropna()
            rows += [{"region": f"{ykey}|{xkey}", "period": str(y), "x": float(r.x), "y": float(r.y)} for y, r in both.iterrows()]
    return pd.DataFrame(rows, columns=["region", "period", "x", "y"])


def usable_pairs(panel: pd.DataFrame) -> int:
    """Pairs the fit can use: those of units (provinces on one basis) with at least two years."""
    clean = panel.dropna(subset=["x", "y"])
    return int(clean.groupby("region")["y"].transform("size").ge(2).sum()) if not clean.empty else 0


@cached_query
def estimate(engine: Engine, outcome: str, driver: str, access: Access = PUBLIC) -> tuple[PanelFit, int]:
    """The fixed-effects fit and the number of provinces in it; ValueError (plain reason) when the two are the
    same indicator or the data are too few."""
    if outcome == driver:
        raise ValueError("outcome and driver are the same indicator")
    panel = province_panel(engine, outcome, driver, access)
    fit = fit_fixed_effects(panel, min_obs=MIN_OBS)
    used = panel.groupby("region").filter(lambda g: len(g) >= 2)["region"]
    return fit, int(used.str.replace(r"[#|].*$", "", regex=True).nunique())


def driver_shift(years: list[int], shift: float, mode: str) -> pd.Series:
    """The driver's change against its baseline path: `shift` every year (constant), or k x shift in the k-th
    forecast year (cumulative: the change builds up)."""
    steps = np.arange(1, len(years) + 1) if mode == "cumulative" else np.ones(len(years))
    return pd.Series(steps * float(shift), index=years, dtype=float)


def what_if(engine: Engine, outcome: str, driver: str, region: str, shift: float, mode: str = "constant",
            access: Access = PUBLIC) -> WhatIf:
    fit, provinces = estimate(engine, outcome, driver, access)
    history = yearly(queries.series(engine, outcome, [region], access=access))
    forecast = forecast_for(engine, outcome, region, access)
    if forecast is None or not forecast.ok:
        return WhatIf(fit, history, None, None, None, provinces)
    points = one_per_year([p.__dict__ for p in forecast.points])
    years = [int(p["period"][:4]) for p in points]
    baseline = pd.Series([p["mean"] for p in points], index=years, dtype=float)
    band = pd.DataFrame({"lo95": [p["lo95"] for p in points], "hi95": [p["hi95"] for p in points]}, index=years)
    sd = (band["hi95"] - band["lo95"]) / (2 * 1.96)
    moved = driver_shift(years, shift, mode if mode in MODES else "constant")
    meta = queries.indicator(engine, outcome, access)
    path = scenario_path(baseline, moved, fit, sd, bounds=(meta["min_value"], meta["max_value"]))
    return WhatIf(fit, history, path, band, moved, provinces)


def plotted(result: WhatIf) -> pd.DataFrame:
    """The what-if chart's data (year, series, value, low, high) for tests and downloads."""
    rows = [{"year": int(y), "series": "history", "value": float(v)} for y, v in result.history.items()]
    if result.path is not None and result.baseline_band is not None:
        for y, r in result.path.iterrows():
            band = result.baseline_band.loc[y]
            rows.append({"year": int(y), "series": "baseline", "value": r["baseline"], "low": band["lo95"],
                         "high": band["hi95"]})
            rows.append({"year": int(y), "series": "scenario", "value": r["scenario"], "low": r["low"],
                         "high": r["high"]})
    return pd.DataFrame(rows, columns=["year", "series", "value", "low", "high"])
