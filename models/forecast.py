"""Forecasts for short annual and semester indicator series; pure numpy/pandas/statsmodels, no I/O.

Candidates (suited to 6-40 points): random walk with drift, linear trend, Holt's damped trend (ETS A,Ad,N, fitted
by least squares over a fixed parameter grid: fast, and no optimiser to fail on 6 points), ARIMA(1,1,0) with
drift, and the equal-weight combination of the eligible ones (combining is the classic strong method for short
series, M3/M4 "Comb"). Each series is fitted only on its consistent recent part (after a known break, one kind of
period label, no long gaps); the model is chosen by a rolling-origin backtest scored with MASE (the naive
one-step error of the series as scale); the combination is scored on the same windows from the candidates' own
backtest forecasts, so nothing is fitted twice. Deterministic: the same input gives the same result.
Warnings raised during a fit are recorded inside it and returned as notes, never silenced globally.
"""
from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from models.calibration import LEVELS, Calibration, own_mase, predictive
from models.fitters import FITTERS, Fit, Note, combine, warning_notes

MODELS = ("drift", "linear", "damped", "arima", "combo")
BASE_MODELS = MODELS[:-1]  # the combination averages the eligible ones among these
#: Smallest training size each candidate is backtested on (the damped trend's 3 smoothing parameters come from a
#: fixed grid and its start from a line through the first points, so it is no hungrier than the ARIMA).
MIN_TRAIN = {"drift": 3, "linear": 3, "arima": 6, "damped": 6}
MIN_POINTS = 6
#: With a group calibration a series needs only this many points: its intervals come from the group's pooled
#: backtest errors, and the benchmark shows them holding (conservatively) for 4-5-point kab/kota series.
POOLED_MIN_POINTS = 4
ORIGINS = 4  # rolling origins at most
BACKTEST_STEPS = 2  # observed points ahead scored from each origin
MAX_GAP = 2  # grid steps between two kept points (one missing period allowed)
#: Another candidate replaces the random walk with drift only when its backtest MASE is at least this much lower:
#: 4 origins x 2 points are a noisy score, and on these short series the simplest model is hard to beat. Chosen
#: on a development evaluation that never saw the benchmark's hold-out points (README, forecast benchmark).
DRIFT_MARGIN = 0.25




@dataclass(frozen=True)
class Break:
    """The series changes basis at `period`: values before it are not comparable and are not fitted."""

    period: str
    note: Note


@dataclass(frozen=True)
class ForecastPoint:
    period: str
    mean: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float
    quantiles: tuple[float, ...] = ()  # the predictive quantiles at models.calibration.LEVELS, when calibrated


@dataclass(frozen=True)
class Forecast:
    """The result for one series. `model` is None when no forecast was made; `reason` then says why."""

    model: str | None
    points: tuple[ForecastPoint, ...] = ()
    fitted: tuple[tuple[str, float], ...] = ()
    mase: float | None = None
    candidates: tuple[tuple[str, float | None], ...] = ()
    notes: tuple[Note, ...] = ()
    reason: Note | None = None
    used_periods: tuple[str, ...] = ()
    step: str = "annual"  # "annual" or "semester": the grid the series was fitted on

    @property
    def ok(self) -> bool:
        return self.model is not None

    def to_dict(self) -> dict:
        """The fields as plain JSON-ready values (dataclasses.asdict deep-copies every float: 5x slower here)."""
        return {"model": self.model, "points": [dict(vars(p)) for p in self.points],
                "fitted": [list(f) for f in self.fitted], "mase": self.mase,
                "candidates": [list(c) for c in self.candidates], "notes": [dict(vars(n)) for n in self.notes],
                "reason": dict(vars(self.reason)) if self.reason else None, "used_periods": list(self.used_periods),
                "step": self.step}

    @classmethod
    def from_dict(cls, data: dict) -> Forecast:
        note = lambda d: Note(**d) if d else None
        return cls(
            model=data.get("model"), points=tuple(ForecastPoint(**{**p, "quantiles": tuple(p.get("quantiles", ()))})
                                                  for p in data.get("points", ())),
            fitted=tuple((str(p), float(v)) for p, v in data.get("fitted", ())), mase=data.get("mase"),
            candidates=tuple((str(m), v) for m, v in data.get("candidates", ())),
            notes=tuple(Note(**n) for n in data.get("notes", ())), reason=note(data.get("reason")),
            used_periods=tuple(data.get("used_periods", ())), step=data.get("step", "annual"))


def quality_of(mase: float | None) -> str | None:
    """A word for the backtest error: good (MASE <= 0.8), fair (<= 1.2), weak (above)."""
    if mase is None or not math.isfinite(mase):
        return None
    return "good" if mase <= 0.8 else "fair" if mase <= 1.2 else "weak"


# ------------------------------------------------------------------ periods and the fitted segment
@dataclass(frozen=True)
class Grid:
    """Observed points on a regular grid: `t` are integer steps from the first kept point."""

    periods: tuple[str, ...]
    t: np.ndarray
    y: np.ndarray
    step: str  # annual | semester
    last_pos: int
    month: dict[int, str] = field(default_factory=dict)  # half (0/1) -> "MM" for semester labels

    @property
    def gap_free(self) -> bool:
        return bool(np.all(np.diff(self.t) == 1))

    def label(self, pos: int) -> str:
        if self.step == "annual":
            return f"{pos}" if not self.month else f"{pos}-{self.month[0]}"
        return f"{pos // 2}-{self.month[pos % 2]}"


def _is_month_label(period: str) -> bool:
    return len(period) == 7 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit()


def _position(period: str, semester: bool) -> int:
    if not semester:
        return int(period[:4])
    return int(period[:4]) * 2 + (1 if int(period[5:]) > 6 else 0)


def build_grid(periods: Sequence[str], values: Sequence[float], frequency: str = "annual",
               breaks: Sequence[Break] = ()) -> tuple[Grid | None, list[Note]]:
    """The consistent recent part of a series as a grid, and notes on what was left out and why."""
    notes: list[Note] = []
    pairs = sorted((str(p), float(v)) for p, v in zip(periods, values, strict=True) if v is not None
                   and math.isfinite(float(v)))
    semester = frequency == "semester"
    if semester:
        plain = [p for p, _ in pairs if not _is_month_label(p)]
        if plain:
            span = plain[0] if len(plain) == 1 else f"{plain[0]}–{plain[-1]}"
            notes.append(Note("plain_years", f"{len(plain)} nilai tahunan tanpa keterangan semester ({span}) "
                              "tidak dipakai; hanya periode semester yang dimodelkan.",
                              f"{len(plain)} yearly values without a stated semester ({span}) "
                              "were left out; only semester periods are modelled."))
        pairs = [(p, v) for p, v in pairs if _is_month_label(p)]
    else:
        pairs = [(p, v) for p, v in pairs if p[:4].isdigit() and len(p) == 4] or pairs
    applicable = [b for b in breaks if pairs and b.period <= pairs[-1][0]]
    if applicable:
        latest = max(applicable, key=lambda b: b.period)
        before = [p for p, _ in pairs if p < latest.period]
        if before:
            notes.append(latest.note)
        pairs = [(p, v) for p, v in pairs if p >= latest.period]
    if not pairs:
        return None, notes
    pos = [_position(p, semester) for p, _ in pairs]
    start = len(pos) - 1
    while start > 0 and pos[start] - pos[start - 1] <= MAX_GAP:
        start -= 1
    if start > 0:
        notes.append(Note("gap", f"Data sebelum {pairs[start][0]} terpisah oleh jeda panjang dan tidak dipakai.",
                          f"Values before {pairs[start][0]} are separated by a long gap and were not used."))
    pairs, pos = pairs[start:], pos[start:]
    month: dict[int, str] = {}
    step = "annual"
    if semester:
        halves = {q % 2 for q in pos}
        by_half = {h: Counter(p[5:] for (p, _), q in zip(pairs, pos, strict=True) if q % 2 == h) for h in halves}
        if len(halves) == 1:  # one survey month a year: an annual series labelled with that month
            half = halves.pop()
            month = {0: by_half[half].most_common(1)[0][0]}
            pos = [q // 2 for q in pos]
        else:
            step = "semester"
            month = {h: by_half[h].most_common(1)[0][0] for h in (0, 1)}
    t = np.asarray(pos, dtype=float) - pos[0]
    y = np.asarray([v for _, v in pairs], dtype=float)
    return Grid(tuple(p for p, _ in pairs), t, y, step, pos[-1], month), notes


# ------------------------------------------------------------------ backtest and choice
def naive_scale(y: np.ndarray) -> float:
    """MASE scale: mean absolute one-step change of the observed series (the naive forecast's error)."""
    return float(np.mean(np.abs(np.diff(y)))) if len(y) > 1 else float("nan")


def eligible(name: str, grid: Grid, smallest_train: int) -> bool:
    if name == "combo":
        return False  # decided from the base candidates in `choose`
    if smallest_train < MIN_TRAIN[name]:
        return False
    return grid.gap_free or name in ("drift", "linear")


def backtest_origins(n: int) -> list[int]:
    """Training sizes of the rolling origins: the last `ORIGINS` (at least 4 points always stay in training)."""
    k = max(1, min(ORIGINS, n - 4))
    return list(range(n - k, n))


def backtest_forecasts(grid: Grid, name: str, fitter: Callable[..., Fit] | None = None
                       ) -> tuple[np.ndarray | None, list[Note]]:
    """The candidate's point forecasts of every scored point (origins x next `BACKTEST_STEPS`), in order; None when
    it fails on some origin."""
    fitter = fitter or FITTERS[name]
    out: list[np.ndarray] = []
    notes: list[Note] = []
    for size in backtest_origins(len(grid.y)):
        t, y = grid.t[:size], grid.y[:size]
        future = slice(size, min(size + BACKTEST_STEPS, len(grid.y)))
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fit = fitter(t, y, grid.t[future] - t[-1], intervals=False)
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError) as exc:
            notes.append(Note("backtest_failed", f"Model {name} gagal pada uji mundur: {exc}",
                              f"Model {name} failed in the backtest: {exc}"))
            return None, notes
        notes.extend(warning_notes(caught))
        out.append(np.asarray(fit.mean, dtype=float))
    return np.concatenate(out), notes


def scored_points(grid: Grid) -> np.ndarray:
    """The observed values the backtest forecasts, in the order of `backtest_forecasts`."""
    return np.concatenate([grid.y[size:size + BACKTEST_STEPS] for size in backtest_origins(len(grid.y))])


def mase_of(grid: Grid, forecasts: np.ndarray | None) -> float:
    if forecasts is None:
        return float("inf")
    mae = float(np.mean(np.abs(scored_points(grid) - forecasts)))
    scale = naive_scale(grid.y)
    if not math.isfinite(mae):
        return float("inf")
    if scale <= 1e-12:
        return 0.0 if mae <= 1e-12 else float("inf")
    return mae / scale


def backtest(grid: Grid, name: str, fitter: Callable[..., Fit] | None = None) -> tuple[float, list[Note]]:
    """Mean absolute error over rolling origins and the next `BACKTEST_STEPS` observed points, scaled (MASE)."""
    forecasts, notes = backtest_forecasts(grid, name, fitter)
    return mase_of(grid, forecasts), notes


def choose(grid: Grid) -> tuple[str, float, tuple[tuple[str, float | None], ...], list[Note]]:
    """The candidate with the lowest backtest MASE (ties go to the simpler model, in MODELS order), unless it beats
    the random walk with drift by less than `DRIFT_MARGIN`: then drift. The combination is scored from the base
    candidates' backtest forecasts when at least two of them are eligible and finite."""
    smallest = backtest_origins(len(grid.y))[0]
    scores: dict[str, float | None] = {}
    paths: dict[str, np.ndarray] = {}
    notes: list[Note] = []
    for name in BASE_MODELS:
        if not eligible(name, grid, smallest):
            scores[name] = None
            continue
        forecasts, model_notes = backtest_forecasts(grid, name)
        score = mase_of(grid, forecasts)
        scores[name] = score
        notes.extend(model_notes)
        if forecasts is not None and math.isfinite(score):
            paths[name] = forecasts
    scores["combo"] = mase_of(grid, np.mean(list(paths.values()), axis=0)) if len(paths) >= 2 else None
    ranked = [(s, MODELS.index(n), n) for n, s in scores.items() if s is not None and math.isfinite(s)]
    table = tuple((name, scores[name]) for name in MODELS)
    if not ranked:
        return "drift", float("nan"), table, notes
    best_score, _, best = min(ranked)
    drift = scores.get("drift")
    if drift is not None and math.isfinite(drift) and best_score > drift * (1 - DRIFT_MARGIN):
        return "drift", drift, table, notes
    return best, best_score, table, notes


def fit_model(name: str, grid: Grid, ahead: np.ndarray, candidates: Sequence[tuple[str, float | None]] = (),
              intervals: bool = True) -> Fit:
    """Fit the chosen model on the whole grid; "combo" averages the base candidates that scored in `candidates`."""
    if name != "combo":
        return FITTERS[name](grid.t, grid.y, ahead, intervals=intervals)
    members = [n for n, s in candidates if n in BASE_MODELS and s is not None and math.isfinite(s)]
    return combine([FITTERS[n](grid.t, grid.y, ahead, intervals=intervals) for n in members])


# ------------------------------------------------------------------ the entry point
def too_few(n: int, minimum: int) -> Note:
    return Note("too_few", f"hanya {n} titik data, minimal {minimum}", f"only {n} data points, at least {minimum} needed")


def horizon_steps(grid: Grid, until_year: int, at_least: int = 2) -> int:
    last_year = grid.last_pos // 2 if grid.step == "semester" else grid.last_pos
    per_year = 2 if grid.step == "semester" else 1
    end = (until_year * 2 + 1) if grid.step == "semester" else until_year
    steps = end - grid.last_pos if until_year > last_year else 0
    return max(steps, at_least * per_year)


def within(result: Forecast, bounds: tuple[float | None, float | None]) -> Forecast:
    """The forecast with its means, ranges and quantiles held inside the indicator's valid range (a poverty rate
    is never below 0%, an index never above its maximum): the predictive distribution truncated at the bounds,
    so a chance of meeting a target inside them is unchanged and no range shows an impossible value."""
    low, high = bounds
    if low is None and high is None:
        return result
    floor, ceiling = -math.inf if low is None else low, math.inf if high is None else high
    inside = lambda p: floor <= min(p.mean, p.lo95, *p.quantiles) and max(p.mean, p.hi95, *p.quantiles) <= ceiling
    if all(inside(p) for p in result.points):
        return result  # nothing to clip: no copy

    width = {len(p.quantiles) for p in result.points}
    if len(width) != 1:  # mixed points (never made here): one at a time
        return replace(result, points=tuple(within(replace(result, points=(p,)), bounds).points[0]
                                            for p in result.points))
    table = np.clip(np.array([[p.mean, p.lo80, p.hi80, p.lo95, p.hi95, *p.quantiles] for p in result.points],
                             dtype=float), floor, ceiling).tolist()
    points = [ForecastPoint(p.period, row[0], row[1], row[2], row[3], row[4], tuple(row[5:]))
              for p, row in zip(result.points, table, strict=True)]
    return replace(result, points=tuple(points))


def forecast_series(periods: Sequence[str], values: Sequence[float], frequency: str = "annual", *,
                    until_year: int = 2030, breaks: Sequence[Break] = (), min_points: int = MIN_POINTS,
                    calibration: Calibration | None = None,
                    bounds: tuple[float | None, float | None] = (None, None),
                    built: tuple[Grid | None, Sequence[Note]] | None = None) -> Forecast:
    """Forecast one series up to `until_year`, or say plainly why not. With its group's `calibration` (models.
    calibration: method and intervals from the pooled backtest) from `POOLED_MIN_POINTS` points; without, the
    per-series choice below from `min_points`. Every figure is held inside the indicator's valid `bounds`.
    `built`: build_grid's answer for these same arguments when the caller has it already (a refit builds every
    grid once to pool them)."""
    if built is None:
        built = build_grid(periods, values, frequency, breaks)
    return within(_forecast_series(built, until_year=until_year, min_points=min_points, calibration=calibration),
                  bounds)


def _forecast_series(built: tuple[Grid | None, Sequence[Note]], *, until_year: int, min_points: int,
                     calibration: Calibration | None) -> Forecast:
    grid, notes = built[0], list(built[1])
    n = 0 if grid is None else len(grid.y)
    if calibration is not None and grid is not None and n >= POOLED_MIN_POINTS:
        return pooled_forecast(grid, notes, calibration, until_year)
    if calibration is not None:
        min_points = POOLED_MIN_POINTS
    if grid is None or n < min_points:
        used = grid.periods if grid is not None else ()
        return Forecast(None, notes=tuple(notes), reason=too_few(n, min_points), used_periods=used,
                        step=grid.step if grid else "annual")
    name, score, candidates, backtest_notes = choose(grid)
    steps = horizon_steps(grid, until_year)
    ahead = np.arange(1, steps + 1, dtype=float)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = fit_model(name, grid, ahead, candidates, intervals=True)
    notes.extend(backtest_notes)
    notes.extend(fit.notes)
    notes.extend(warning_notes(caught))
    notes.extend(_semester_note(grid))
    points = tuple(ForecastPoint(grid.label(grid.last_pos + int(k)), *_rounded(i, fit.mean, fit.lo80, fit.hi80,
                                                                             fit.lo95, fit.hi95))
                   for i, k in enumerate(ahead))
    fitted = tuple((p, round(float(v), 6)) for p, v in zip(grid.periods, fit.fitted, strict=True)
                   if v is not None and math.isfinite(float(v)))
    unique_notes = tuple(dict.fromkeys(notes))
    mase = round(score, 6) if math.isfinite(score) else None
    return Forecast(name, points, fitted, mase, tuple((m, None if s is None or not math.isfinite(s) else round(s, 6))
                                                      for m, s in candidates),
                    unique_notes, None, grid.periods, grid.step)


def _rounded(i: int, *arrays: np.ndarray) -> tuple[float, float, float, float, float]:
    mean, lo80, hi80, lo95, hi95 = (round(float(a[i]), 6) for a in arrays)
    return mean, lo80, hi80, lo95, hi95


def _semester_note(grid: Grid) -> list[Note]:
    if grid.step != "semester":
        return []
    return [Note("semester", "Model dihitung per semester; pola musiman antarsemester tidak dimodelkan terpisah.",
                 "Fitted per half-year; a seasonal difference between the two surveys is not modelled separately.")]


def pooled_forecast(grid: Grid, notes: list[Note], calibration: Calibration, until_year: int) -> Forecast:
    """The forecast of one series under its group's calibration (models.calibration): point path of the group's
    method, quantiles from its pooled errors scaled to this series, the series' own backtest MASE."""
    ahead = np.arange(1, horizon_steps(grid, until_year) + 1, dtype=float)
    mean, quantiles = predictive(grid, calibration, ahead)
    lo80, hi80, lo95, hi95 = (quantiles[:, LEVELS.index(q)] for q in (0.1, 0.9, 0.025, 0.975))
    rows = np.round(np.column_stack([mean, lo80, hi80, lo95, hi95]), 6).tolist()
    table = np.round(quantiles, 6).tolist()
    points = tuple(ForecastPoint(grid.label(grid.last_pos + int(k)), row[0], row[1], row[2], row[3], row[4],
                                 tuple(table[i])) for i, (k, row) in enumerate(zip(ahead, rows, strict=True)))
    mase = own_mase(grid.t, grid.y, calibration.method, calibration.shrink, BACKTEST_STEPS)
    mase = None if mase is None else round(mase, 6)
    fitted = _one_step_fits(grid, calibration)
    return Forecast(calibration.method, points, fitted, mase, calibration.scores,
                    tuple(dict.fromkeys([*notes, *calibration_notes(calibration), *_semester_note(grid)])), None,
                    grid.periods, grid.step)


def _one_step_fits(grid: Grid, calibration: Calibration) -> tuple[tuple[str, float], ...]:
    """Each point from the third on as the group's method would have forecast it one point ahead."""
    t, y = grid.t, grid.y
    if len(y) < 3:
        return ()
    size = np.arange(2, len(y))
    slope = (y[size - 1] - y[0]) / (t[size - 1] - t[0])
    factor = {"naive": 0.0, "pooled": calibration.shrink}.get(calibration.method, 1.0)
    values = y[size - 1] + factor * slope * (t[size] - t[size - 1])
    return tuple((grid.periods[i], round(float(v), 6)) for i, v in zip(size, values, strict=True))


def calibration_notes(calibration: Calibration) -> list[Note]:
    """How the method was chosen and how often its intervals held in the group's own held-out backtest."""
    notes = [Note("pooled", f"Metode ({calibration.method}) dipilih per indikator dan tingkat wilayah dari uji mundur "
                  "gabungan semua wilayah; rentang dari galat uji mundur gabungan itu, diskalakan ke seri ini.",
                  f"The method ({calibration.method}) is chosen per indicator and level from a backtest pooled over "
                  "every region; the ranges come from that backtest's pooled errors, scaled to this series.")]
    for h, c80, c95, count in calibration.held:
        notes.append(Note(f"held_{h}", f"Dalam uji mundur, dari 100 proyeksi serupa {h} langkah ke depan, "
                          f"{round(c80 * 100)} jatuh di rentang 80% dan {round(c95 * 100)} di rentang 95% "
                          f"({count} proyeksi).",
                          f"In the backtest, of 100 similar forecasts {h} step{'s' if h > 1 else ''} ahead, "
                          f"{round(c80 * 100)} fell in the 80% range and {round(c95 * 100)} in the 95% range "
                          f"({count} forecasts)."))
    return notes
