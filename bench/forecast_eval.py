"""Rolling-origin evaluation of forecasters on every bundled series, by calendar origin.

At each origin (a period of the group's grid) every series of the group (one indicator at one level) is cut to
what was published by then; the project's forecaster is chosen and calibrated on those cut series only (the nested
backtest: no hold-out point is ever seen), every method forecasts 1-5 steps, and the records compare the forecasts
with the values published later. Used by bench/forecast.py.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

from models import calibration as cal
from models.fitters import fit_drift
from models.forecast import Grid, choose, fit_model

HORIZONS = (1, 2, 3, 4, 5)
Z = {80: float(stats.norm.ppf(0.9)), 95: float(stats.norm.ppf(0.975)), 99: float(stats.norm.ppf(0.995))}


@dataclass(frozen=True)
class Series:
    indicator: str
    region: str
    level: str  # province (Indonesia counts with them) or regency
    grid: Grid

    @property
    def positions(self) -> np.ndarray:
        return (self.grid.last_pos - (self.grid.t[-1] - self.grid.t)).astype(int)


def cut(series: Series, position: int) -> Grid | None:
    """The grid as published up to `position` (None when nothing is left)."""
    keep = series.positions <= position
    if not keep.any():
        return None
    g = series.grid
    t = g.t[keep]
    return replace(g, periods=tuple(p for p, k in zip(g.periods, keep, strict=True) if k), t=t - t[0], y=g.y[keep],
                   last_pos=int(series.positions[keep][-1]))


@dataclass
class Record:
    method: str
    level: str
    indicator: str
    region: str
    origin: int
    h: int
    n_train: int
    scaled_error: float  # (actual - point) / naive scale of the training part
    in80: bool | None
    in95: bool | None
    extreme: bool | None  # beyond the 0.5% / 99.5% points
    year: int | None = None  # calendar year of the forecast outcome (set by evaluate_group)


#: Outcome years of the one common shock the bundled data hold (COVID-19): no origin before it had seen anything
#: like it, so the benchmark also reports coverage and past targets apart for outcomes in these years.
SHOCK_YEARS = (2020, 2021)


def outcome_year(series: Series, origin: int, h: int) -> int:
    position = origin + h
    return position // 2 if series.grid.step == "semester" else position


def normal_record(method, s, origin, h, n, actual, mean, sd, scale) -> Record:
    if not sd > 0:
        return Record(method, s.level, s.indicator, s.region, origin, h, n, (actual - mean) / scale, None, None, None)
    z = abs(actual - mean) / sd
    return Record(method, s.level, s.indicator, s.region, origin, h, n, (actual - mean) / scale, z <= Z[80],
                  z <= Z[95], z > Z[99])


def quantile_record(method, s, origin, h, n, actual, mean, q, scale) -> Record:
    lo80, hi80 = q[cal.I80[0]], q[cal.I80[1]]
    lo95, hi95 = q[cal.I95[0]], q[cal.I95[1]]
    return Record(method, s.level, s.indicator, s.region, origin, h, n, (actual - mean) / scale,
                  bool(lo80 <= actual <= hi80), bool(lo95 <= actual <= hi95), bool(actual < q[0] or actual > q[-1]))


def future(series: Series, origin: int) -> dict[int, float]:
    pos = series.positions
    return {int(p - origin): float(v) for p, v in zip(pos, series.grid.y, strict=True)
            if 1 <= p - origin <= max(HORIZONS)}


def when(grid: Grid, position: int) -> float:
    """A grid position as a calendar time: a semester's survey month, an annual figure at mid-year."""
    if grid.step == "semester":
        return position // 2 + (0.25 if position % 2 == 0 else 0.75)
    return position + 0.5


def cut_at(series: Series, time: float) -> Grid | None:
    positions = [int(p) for p in series.positions if when(series.grid, int(p)) <= time]
    return cut(series, positions[-1]) if positions else None


def level_tables(everything: list[Series]):
    """level_table of every series of a level as published at a calendar time (cached)."""
    cache: dict[tuple[str, float], np.ndarray | None] = {}

    def of(level: str, time: float):
        if (level, time) not in cache:
            grids = [g for s in everything if s.level == level and (g := cut_at(s, time)) is not None and len(g.y) >= 2]
            cache[level, time] = cal.level_table(grids)
        return cache[level, time]

    return of


def evaluate_group(group: list[Series], min_points: int, tasks: list | None = None, level_of=None) -> list[Record]:
    """Records of every method at every origin of one group; `tasks` collects (key, train, horizons) for the
    reference models run elsewhere (statsforecast); `level_of(level, time)` gives the level-wide quantiles the
    project blends in (models.calibration.blend), as published at that time."""
    origins = sorted({int(p) for s in group for p in s.positions})[:-1]
    records: list[Record] = []
    for origin in origins:
        cuts = [(s, cut(s, origin)) for s in group]
        cuts = [(s, g) for s, g in cuts if g is not None and len(g.y) >= 2]
        forced = {m: cal.calibrate([g for _, g in cuts], method=m) for m in ("drift", "pooled")}
        level = level_of(group[0].level, when(group[0].grid, origin)) if level_of else None
        chosen = cal.calibrate([g for _, g in cuts], level=level)
        for s, g in cuts:
            if g.last_pos != origin or len(g.y) < min_points:
                continue
            ahead_vals = future(s, origin)
            if not ahead_vals:
                continue
            scale = cal.naive_scale(g.y)
            if not scale > 1e-12:
                continue
            for record in _one(s, g, origin, ahead_vals, scale, chosen, forced):
                record.year = outcome_year(s, origin, record.h)
                records.append(record)
            if tasks is not None:
                tasks.append(((s.indicator, s.region, origin), [float(v) for v in g.y], sorted(ahead_vals)))
    return records


def _one(s: Series, g: Grid, origin: int, ahead_vals: dict[int, float], scale: float, chosen, forced) -> list[Record]:
    out = []
    n = len(g.y)
    ahead = np.array(sorted(ahead_vals), dtype=float)
    actual = np.array([ahead_vals[int(h)] for h in ahead])
    for name, c in (("project", chosen), ("drift_conformal", forced["drift"]), ("pooled", forced["pooled"])):
        if c is None:
            continue
        mean, q = cal.predictive(g, c, ahead)
        out += [quantile_record(name, s, origin, int(h), n, a, m, qq, scale)
                for h, a, m, qq in zip(ahead, actual, mean, q, strict=True)]
    drift = fit_drift(g.t, g.y, ahead) if n >= 3 else None
    if drift is not None:
        sd = (drift.hi95 - drift.lo95) / (2 * Z[95])
        out += [normal_record("drift", s, origin, int(h), n, a, m, d, scale)
                for h, a, m, d in zip(ahead, actual, drift.mean, sd, strict=True)]
    sigma = float(np.std(np.diff(g.y), ddof=1)) if n >= 3 else float("nan")
    out += [normal_record("naive", s, origin, int(h), n, a, g.y[-1], sigma * math.sqrt(h), scale)
            for h, a in zip(ahead, actual, strict=True)]
    if n >= 6:  # the per-series choice the project used before (4 origins, candidates' own intervals)
        name, _, candidates, _ = choose(g)
        fit = fit_model(name, g, ahead, candidates)
        sd = (fit.hi95 - fit.lo95) / (2 * Z[95])
        out += [normal_record("per_series", s, origin, int(h), n, a, m, d, scale)
                for h, a, m, d in zip(ahead, actual, fit.mean, sd, strict=True)]
    return out


def shock_split(records: list[Record], method: str = "project") -> dict:
    """Coverage of `method` per level and horizon 1-2, apart for outcomes in `SHOCK_YEARS` and in other years."""
    out: dict = {}
    for level in (None, "province", "regency"):
        for h in (1, 2):
            rows = [r for r in records if r.method == method and r.h == h and (level is None or r.level == level)
                    and r.in80 is not None and r.year is not None]
            for part, keep in (("shock", True), ("other", False)):
                chosen = [r for r in rows if (r.year in SHOCK_YEARS) == keep]
                out.setdefault(level or "all", {}).setdefault(part, {})[h] = {
                    "points": len(chosen),
                    "coverage80": round(float(np.mean([r.in80 for r in chosen])), 4) if chosen else None,
                    "coverage95": round(float(np.mean([r.in95 for r in chosen])), 4) if chosen else None}
    return out


def summarise(records: list[Record], method: str, level: str | None = None) -> dict:
    """Per horizon: series, median and mean MASE (per series, mean over origins), coverage, extreme share."""
    out = {}
    for h in HORIZONS:
        rows = [r for r in records if r.method == method and r.h == h and (level is None or r.level == level)]
        if not rows:
            continue
        per_series = defaultdict(list)
        for r in rows:
            per_series[(r.indicator, r.region)].append(abs(r.scaled_error))
        mase = [float(np.mean(v)) for v in per_series.values()]
        share = lambda flags: None if not flags else round(float(np.mean(flags)), 4)
        out[h] = {"series": len(per_series), "points": len(rows), "median_mase": round(float(np.median(mase)), 3),
                  "mean_mase": round(float(np.mean(mase)), 3),
                  "coverage80": share([r.in80 for r in rows if r.in80 is not None]),
                  "coverage95": share([r.in95 for r in rows if r.in95 is not None]),
                  "extreme": share([r.extreme for r in rows if r.extreme is not None])}
    return out
