"""Forecasts for a group of series (one indicator at one level: provinces or kab/kota), chosen and calibrated on the
group's pooled backtest. Pure numpy; no I/O.

Why pooled: a series of 5-15 points cannot tell good models apart, nor how wide its own intervals should be; the
38 provinces or 514 kab/kota of one indicator together can.
* **Method** (`calibrate`): random walk with drift or *pooled drift* (the drift slope times one factor, 0 to 1,
  learnt across the group's regions: a global model on scaled series; factor 0 is the naive forecast), chosen by
  the median backtest MASE at one and two steps over the group's series. Drift is the baseline: the pooled factor
  is taken only when it scores lower. (A linear trend was tried and lost to both in the benchmark.)
* **Intervals** (split-conformal, scaled per series): the backtest errors of the chosen method, divided by each
  series' spread (drift's in-sample error), pooled per horizon; their quantiles, averaged with those of every
  indicator at the same level (`level_table`: more periods, so more of the shocks one indicator's few years have
  not seen), times the series' own spread, around its point forecast. The outer quantiles are kept at least `TAIL`
  times the 95% half-width from the median (a few hundred errors cannot show how far rare shocks reach). Horizons
  without enough pooled errors are extrapolated from the last well-filled one (growth measured between horizon 1
  and it, between square root and linear). The chance of meeting a target is read from the same quantiles
  (`chance`), so the ranges and the chance can never disagree.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Predictive quantile levels stored with every forecast point (0.5% and 99.5% bound the chances shown).
LEVELS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995)
I80, I95 = (LEVELS.index(0.1), LEVELS.index(0.9)), (LEVELS.index(0.025), LEVELS.index(0.975))
MIN_TRAIN = 3  # smallest training size of a backtest origin (drift needs two points, its scale two changes)
ORIGINS = 5  # latest origins per series in the pooled backtest (more, from shorter training, over-cover)
MAX_H = 12  # steps scored (2030 from 2024-09 is 12 half-years)
MIN_POOL = 30  # pooled errors a horizon needs before its own quantiles are used
LEVEL_ORIGINS = 20  # origins per series in the level-wide pool (more periods: more shocks seen)
TAIL = 3.0  # outer quantiles at least this many times the 95% half-width from the median (set on the benchmark)
SHRINK = (0.0, 0.25, 0.5, 0.75, 1.0)  # pooled drift factors tried (0 = naive, 1 = drift)
METHODS = ("drift", "pooled")  # naive is pooled drift with factor 0; a linear trend lost to both in the benchmark


def naive_scale(y: np.ndarray) -> float:
    """MASE scale: mean absolute one-step change of the observed series."""
    return float(np.mean(np.abs(np.diff(y)))) if len(y) > 1 else float("nan")


def spread_scale(y: np.ndarray) -> float:
    """The scale intervals are measured in: the mean absolute one-step change around the average change (drift's
    own in-sample error), floored at a tenth of the naive scale so a perfectly even series still gets a width."""
    if len(y) < 3:
        return naive_scale(y)
    d = np.diff(y)
    return max(float(np.mean(np.abs(d - d.mean()))), 0.1 * naive_scale(y))


def point_path(method: str, t: np.ndarray, y: np.ndarray, ahead: np.ndarray, shrink: float = 1.0) -> np.ndarray:
    """Point forecasts `ahead` steps past the last point (t: integer grid steps, gaps allowed)."""
    slope = (y[-1] - y[0]) / (t[-1] - t[0]) if t[-1] > t[0] else 0.0
    factor = {"naive": 0.0, "pooled": shrink}.get(method, 1.0)
    return y[-1] + factor * slope * ahead


@dataclass(frozen=True)
class Errors:
    """Backtest records of a group: series index, horizon, and per record the parts of the scaled errors."""

    series: np.ndarray
    h: np.ndarray
    rest: np.ndarray  # (actual - last) / scale: the naive forecast's error
    trend: np.ndarray  # drift slope x h / scale: drift's error is rest - trend, pooled drift's rest - k trend
    ratio: np.ndarray  # naive scale / spread scale: turns a MASE-scaled error into an interval-scaled one
    latest: np.ndarray  # the record forecasts the series' latest point (held out to check the intervals)
    rel_scale: float  # median spread scale / |last value|: the scale of a flat series
    back: np.ndarray | None = None  # per record: origins back from the series' latest one (0 = latest)
    origin_rel: tuple[np.ndarray, np.ndarray] | None = None  # per origin: (origins back, spread / |last|)

    def latest_origins(self, origins: int) -> Errors:
        """The records of each series' latest `origins` origins only: what backtest_errors(grids, origins) gives,
        without computing it again."""
        if self.back is None or self.origin_rel is None:
            raise ValueError("these errors do not record their origins")
        keep = self.back < origins
        backs, rels = self.origin_rel
        rel = rels[backs < origins]
        pick = lambda a: a[keep]
        return Errors(pick(self.series), pick(self.h), pick(self.rest), pick(self.trend), pick(self.ratio),
                      pick(self.latest), float(np.median(rel)) if len(rel) else 0.01, pick(self.back),
                      (backs[backs < origins], rel))

    def of(self, method: str, shrink: float = 1.0) -> np.ndarray:
        """Errors in units of each series' naive scale (MASE units; scores choose methods on these)."""
        factor = {"naive": 0.0, "pooled": shrink}.get(method, 1.0)
        return self.rest - factor * self.trend

    def spread_of(self, method: str, shrink: float = 1.0) -> np.ndarray:
        """Errors in units of each series' spread scale (what the interval quantiles are made of)."""
        return self.of(method, shrink) * self.ratio


def _series_records(t: np.ndarray, y: np.ndarray, origins: int) -> tuple[np.ndarray, ...] | None:
    """One series' backtest records, every origin at once: (h, rest, trend, ratio, latest, spread/|last| per origin,
    origins back per record, origins back per origin)."""
    n = len(y)
    sizes = np.arange(max(MIN_TRAIN, n - origins), n)
    if not len(sizes):
        return None
    d = np.diff(y)
    count = sizes - 1  # changes in each training part
    naive = np.concatenate([[0.0], np.cumsum(np.abs(d))])[count] / count
    mean_d = np.concatenate([[0.0], np.cumsum(d)])[count] / count
    inside = np.arange(n - 1)[None, :] < count[:, None]
    spread = np.maximum(np.where(inside, np.abs(d[None, :] - mean_d[:, None]), 0.0).sum(axis=1) / count, 0.1 * naive)
    last, t_last = y[count], t[count]
    slope = (last - y[0]) / (t_last - t[0])
    ahead = t[None, :] - t_last[:, None]
    valid = (np.arange(n)[None, :] >= sizes[:, None]) & (ahead <= MAX_H) & (spread[:, None] > 1e-12)
    row, col = np.nonzero(valid)
    h = ahead[row, col]
    flat = spread > 1e-12
    rel = spread[flat] / np.abs(last[flat]).clip(1e-12)
    back = n - 1 - sizes
    return (h.astype(int), (y[col] - last[row]) / naive[row], slope[row] * h / naive[row], naive[row] / spread[row],
            col == n - 1, rel, back[row], back[flat])


def backtest_errors(grids: Sequence, origins: int = ORIGINS) -> Errors:
    """Rolling-origin errors (latest `origins` origins of each series, up to `MAX_H` steps) of drift and its kin."""
    parts: list[tuple[int, tuple[np.ndarray, ...]]] = []
    for index, grid in enumerate(grids):
        found = _series_records(grid.t, grid.y, origins)
        if found is not None and len(found[0]):
            parts.append((index, found))
    if not parts:
        empty = np.zeros(0)
        return Errors(empty.astype(int), empty.astype(int), empty, empty, empty, empty.astype(bool), 0.01,
                      empty.astype(int), (empty.astype(int), empty))
    join = lambda k: np.concatenate([p[k] for _, p in parts])
    series = np.concatenate([np.full(len(p[0]), i) for i, p in parts])
    ratios = join(5)
    return Errors(series, join(0), join(1), join(2), join(3), join(4).astype(bool),
                  float(np.median(ratios)) if len(ratios) else 0.01, join(6), (join(7), ratios))


def score(errors: Errors, scaled: np.ndarray) -> float:
    """Median over series of the mean absolute scaled error at 1 and at 2 steps, averaged (lower is better)."""
    medians = []
    for h in (1, 2):
        mask = errors.h == h
        if not mask.any():
            continue
        series, absolute = errors.series[mask], np.abs(scaled[mask])
        sums = np.bincount(series, absolute)
        counts = np.bincount(series)
        medians.append(float(np.median(sums[counts > 0] / counts[counts > 0])))
    return float(np.mean(medians)) if medians else float("inf")


def own_mase(t: np.ndarray, y: np.ndarray, method: str, shrink: float = 1.0, steps: int = 2) -> float | None:
    """One series' backtest MASE under a group's method: the mean absolute scaled error of the records
    `backtest_errors([grid])` makes at horizons up to `steps` (the same origins and scales), in plain Python: it
    runs once per series on every refit, where numpy's per-call cost on ten numbers dominated."""
    tt, yy = t.tolist(), y.tolist()
    n = len(yy)
    factor = {"naive": 0.0, "pooled": shrink}.get(method, 1.0)
    total, count = 0.0, 0
    for size in range(max(MIN_TRAIN, n - ORIGINS), n):
        d = [b - a for a, b in zip(yy[:size - 1], yy[1:size], strict=True)]
        naive = sum(abs(v) for v in d) / len(d)
        mean_d = sum(d) / len(d)
        spread = max(sum(abs(v - mean_d) for v in d) / len(d), 0.1 * naive)
        if not spread > 1e-12:
            continue
        last, t_last = yy[size - 1], tt[size - 1]
        slope = (last - yy[0]) / (t_last - tt[0])
        for col in range(size, n):
            h = tt[col] - t_last
            if h > steps:
                break
            total += abs((yy[col] - last) / naive - factor * slope * h / naive)
            count += 1
    return total / count if count else None


@dataclass(frozen=True)
class Calibration:
    """The chosen method of a group and its pooled scaled-error quantiles per horizon (row h-1, columns LEVELS)."""

    method: str
    shrink: float
    quantiles: tuple[tuple[float, ...], ...]
    counts: tuple[int, ...]
    growth: float
    rel_scale: float
    scores: tuple[tuple[str, float], ...] = ()
    held: tuple[tuple[int, float, float, int], ...] = ()  # (h, coverage 80, coverage 95, forecasts) held out

    def at(self, h: int) -> np.ndarray:
        """Scaled-error quantiles at horizon `h` (beyond the table: the last row grown by (h / H) ** growth)."""
        return self.rows(np.array([h]))[0]

    def rows(self, ahead: np.ndarray) -> np.ndarray:
        """`at` for every horizon of `ahead` at once (one array per forecast, not one per point)."""
        table = np.asarray(self.quantiles)
        last = len(table)
        h = np.asarray(ahead, dtype=float)
        inside = np.clip(h.astype(int), 1, last) - 1
        grown = (np.maximum(h, last) / last) ** self.growth
        return np.where((h <= last)[:, None], table[inside], table[-1] * grown[:, None])


def _quantile_table(horizons: np.ndarray, scaled: np.ndarray) -> tuple[np.ndarray, list[int], float]:
    rows, counts = [], []
    for h in range(1, MAX_H + 1):
        sample = scaled[horizons == h]
        if len(sample) < MIN_POOL:
            break
        rows.append(np.quantile(sample, LEVELS))
        counts.append(len(sample))
    growth = 1.0
    if len(rows) >= 2:
        spread = lambda q: q[I95[1]] - q[I95[0]]
        growth = float(np.clip(math.log(spread(rows[-1]) / spread(rows[0])) / math.log(len(rows)), 0.5, 1.0))
    return np.asarray(rows), counts, growth


def level_table(grids: Sequence) -> np.ndarray | None:
    """Drift's pooled scaled-error quantiles per horizon over every series of one level, all indicators together:
    more periods, so more of the shocks one indicator's few years have not yet seen."""
    return level_quantiles([backtest_errors(grids, LEVEL_ORIGINS)])


def level_quantiles(parts: Sequence[Errors]) -> np.ndarray | None:
    """level_table from the groups' own backtest errors (each made with `LEVEL_ORIGINS` origins)."""
    if not parts:
        return None
    horizons = np.concatenate([e.h for e in parts])
    table, _, _ = _quantile_table(horizons, np.concatenate([e.spread_of("drift") for e in parts]))
    return table if len(table) else None


def blend(table: np.ndarray, level: np.ndarray | None) -> np.ndarray:
    """The group's quantiles averaged with its level's (all indicators of provinces, or of kab/kota): a mixture
    that keeps the group's own shape and borrows the shocks its few periods have not seen."""
    if level is None:
        return table
    out = table.copy()
    rows = min(len(table), len(level))
    out[:rows] = (table[:rows] + level[:rows]) / 2
    return out


def heavy_tails(table: np.ndarray) -> np.ndarray:
    """Outer quantiles (0.5/1/99/99.5%) at least `TAIL` times as far from the median as the 2.5/97.5% ones: a few
    hundred errors cannot show how far the rare shocks reach (a normal has 1.31, a Student t with 3 degrees of
    freedom 1.84)."""
    out = table.copy()
    mid = out[:, LEVELS.index(0.5)]
    low, high = out[:, I95[0]] - mid, out[:, I95[1]] - mid
    for level, factor in ((0.005, TAIL), (0.01, 1 + (TAIL - 1) * 0.6)):
        i, j = LEVELS.index(level), LEVELS.index(1 - level)
        out[:, i] = np.minimum(out[:, i], mid + factor * low)
        out[:, j] = np.maximum(out[:, j], mid + factor * high)
    return out


def calibrate(grids: Sequence, method: str | None = None, level: np.ndarray | None = None,
              errors: Errors | None = None) -> Calibration | None:
    """Choose the method of a group (or take `method`) and calibrate its intervals, blended with its `level`'s
    quantiles (level_table) when given; None when the group's backtest is too thin (fewer than `MIN_POOL` one-step
    errors). `errors`: backtest_errors(grids) when the caller has it already."""
    errors = backtest_errors(grids) if errors is None else errors
    if int(np.sum(errors.h == 1)) < MIN_POOL:
        return None
    shrinks = {k: score(errors, errors.of("pooled", k)) for k in SHRINK}
    best_k = min(SHRINK, key=lambda k: (shrinks[k], abs(k - 1)))
    scores = {"drift": shrinks[1.0], "naive": shrinks[0.0], "pooled": shrinks[best_k]}
    if method is None:
        method = min(METHODS, key=lambda m: (scores[m], METHODS.index(m)))  # drift first: it wins every tie
        if method == "pooled" and best_k in (0.0, 1.0):
            method = "naive" if best_k == 0.0 else "drift"
    scaled = errors.spread_of(method, best_k)
    table, counts, growth = _quantile_table(errors.h, scaled)
    if not len(table):
        return None
    table = heavy_tails(blend(table, level))
    return Calibration(method, best_k, tuple(tuple(round(float(v), 6) for v in row) for row in table),
                       tuple(counts), growth, errors.rel_scale, tuple((m, round(s, 6)) for m, s in scores.items()),
                       held_out(errors, scaled))


def held_out(errors: Errors, scaled: np.ndarray) -> tuple[tuple[int, float, float, int], ...]:
    """Coverage of the 80/95% ranges on each series' latest point, with quantiles from the other records only: how
    often such forecasts held (the forecast page says it in words)."""
    out = []
    for h in (1, 2):
        train = scaled[(errors.h == h) & ~errors.latest]
        test = scaled[(errors.h == h) & errors.latest]
        if len(train) < MIN_POOL or len(test) < 10:
            continue
        q = np.quantile(train, [0.1, 0.9, 0.025, 0.975])
        out.append((h, round(float(np.mean((test >= q[0]) & (test <= q[1]))), 4),
                    round(float(np.mean((test >= q[2]) & (test <= q[3]))), 4), len(test)))
    return tuple(out)


def predictive(grid, calibration: Calibration, ahead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(point forecasts, quantiles [len(ahead) x LEVELS]) of one series under its group's calibration."""
    mean = point_path(calibration.method, grid.t, grid.y, ahead, calibration.shrink)
    scale = spread_scale(grid.y)
    if not scale > 1e-12:
        scale = calibration.rel_scale * max(abs(float(grid.y[-1])), 1e-9)
    table = calibration.rows(ahead)
    return mean, mean[:, None] + scale * table


def chance(quantiles: Sequence[float], low: float, high: float, higher_is_better: bool | None) -> float:
    """P(meeting [low, high]) from predictive quantiles at LEVELS: the CDF interpolated linearly between them, and
    never beyond the outer levels (a chance under 0.5% reads as 0.25%, one above 99.5% as 99.75%)."""
    values = np.maximum.accumulate(np.asarray(quantiles, dtype=float))
    edge = LEVELS[0] / 2
    cdf = lambda x: float(np.interp(x, values, LEVELS, left=edge, right=1 - edge))
    if higher_is_better is True:
        return 1 - cdf(low)
    if higher_is_better is False:
        return cdf(high)
    return max(cdf(high) - cdf(low), edge)
