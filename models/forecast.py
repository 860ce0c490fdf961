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
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy import stats

MODELS = ("drift", "linear", "damped", "arima", "combo")
BASE_MODELS = MODELS[:-1]  # the combination averages the eligible ones among these
#: Smallest training size each candidate is backtested on (the damped trend's 3 smoothing parameters come from a
#: fixed grid and its start from a line through the first points, so it is no hungrier than the ARIMA).
MIN_TRAIN = {"drift": 3, "linear": 3, "arima": 6, "damped": 6}
MIN_POINTS = 6
ORIGINS = 4  # rolling origins at most
BACKTEST_STEPS = 2  # observed points ahead scored from each origin
MAX_GAP = 2  # grid steps between two kept points (one missing period allowed)
#: Another candidate replaces the random walk with drift only when its backtest MASE is at least this much lower:
#: 4 origins x 2 points are a noisy score, and on these short series the simplest model is hard to beat. Chosen
#: on a development evaluation that never saw the benchmark's hold-out points (README, forecast benchmark).
DRIFT_MARGIN = 0.25
Z80, Z95 = float(stats.norm.ppf(0.9)), float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class Note:
    """A remark on a forecast in both languages; `code` lets tests and pages tell notes apart."""

    code: str
    id: str
    en: str

    def text(self, lang: str = "id") -> str:
        return self.id if lang == "id" else self.en


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
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Forecast:
        note = lambda d: Note(**d) if d else None  # noqa: E731
        return cls(
            model=data.get("model"), points=tuple(ForecastPoint(**p) for p in data.get("points", ())),
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


# ------------------------------------------------------------------ candidate models
@dataclass(frozen=True)
class Fit:
    """A fitted candidate: mean and the 80/95 bounds `ahead` steps past the last point, in-sample fit."""

    mean: np.ndarray
    lo80: np.ndarray
    hi80: np.ndarray
    lo95: np.ndarray
    hi95: np.ndarray
    fitted: np.ndarray  # one value per observed point (NaN where the model has none)
    notes: tuple[Note, ...] = ()


def _normal_fit(mean: np.ndarray, sd: np.ndarray, fitted: np.ndarray, notes=()) -> Fit:
    sd = np.maximum(np.nan_to_num(sd, nan=0.0), 0.0)
    return Fit(mean, mean - Z80 * sd, mean + Z80 * sd, mean - Z95 * sd, mean + Z95 * sd, fitted, tuple(notes))


def fit_drift(t: np.ndarray, y: np.ndarray, ahead: np.ndarray, intervals: bool = True) -> Fit:
    """Random walk with drift; gaps count as several steps (the variance grows with the step count)."""
    span = t[-1] - t[0]
    slope = (y[-1] - y[0]) / span
    mean = y[-1] + slope * ahead
    dt = np.diff(t)
    fitted = np.concatenate([[np.nan], y[:-1] + slope * dt])
    if not intervals:
        return Fit(mean, mean, mean, mean, mean, fitted)
    resid = np.diff(y) - slope * dt
    sigma2 = float(np.sum(resid ** 2 / dt) / max(len(dt) - 1, 1))
    sd = np.sqrt(sigma2 * ahead * (1 + ahead / span))
    return _normal_fit(mean, sd, fitted)


def fit_linear(t: np.ndarray, y: np.ndarray, ahead: np.ndarray, intervals: bool = True) -> Fit:
    """Ordinary least squares on time, with Student-t prediction intervals."""
    n = len(y)
    tbar = t.mean()
    sxx = float(np.sum((t - tbar) ** 2))
    slope = float(np.sum((t - tbar) * (y - y.mean())) / sxx)
    intercept = y.mean() - slope * tbar
    t_new = t[-1] + ahead
    mean = intercept + slope * t_new
    fitted = intercept + slope * t
    if not intervals:
        return Fit(mean, mean, mean, mean, mean, fitted)
    s2 = float(np.sum((y - fitted) ** 2) / (n - 2))
    se = np.sqrt(s2 * (1 + 1 / n + (t_new - tbar) ** 2 / sxx))
    q80, q95 = stats.t.ppf(0.9, n - 2), stats.t.ppf(0.975, n - 2)
    return Fit(mean, mean - q80 * se, mean + q80 * se, mean - q95 * se, mean + q95 * se, fitted)


def fit_arima(t: np.ndarray, y: np.ndarray, ahead: np.ndarray, intervals: bool = True) -> Fit:
    """ARIMA(1,1,0) with drift by conditional least squares on the differences (needs a gap-free series)."""
    d = np.diff(y)
    x = np.column_stack([np.ones(len(d) - 1), d[:-1]])
    coef, *_ = np.linalg.lstsq(x, d[1:], rcond=None)
    c, phi = float(coef[0]), float(coef[1])
    notes = []
    if abs(phi) >= 0.98:
        phi = float(np.clip(phi, -0.98, 0.98))
        notes.append(Note("arima_phi", "Koefisien AR dibatasi agar model stabil.",
                          "The AR coefficient was bounded to keep the model stable."))
    resid = d[1:] - (c + phi * d[:-1])
    horizon = int(ahead.max())
    level, last_d, path = y[-1], d[-1], []
    for _ in range(horizon):
        last_d = c + phi * last_d
        level = level + last_d
        path.append(level)
    mean = np.asarray(path)[ahead.astype(int) - 1]
    fitted = np.concatenate([[np.nan, np.nan], y[1:-1] + c + phi * d[:-1]])
    if not intervals:
        return Fit(mean, mean, mean, mean, mean, fitted)
    sigma2 = float(np.sum(resid ** 2) / max(len(resid) - 2, 1))
    psi = np.cumsum(phi ** np.arange(horizon))  # psi weights of the integrated process
    var = sigma2 * np.cumsum(psi ** 2)
    return _normal_fit(mean, np.sqrt(var[ahead.astype(int) - 1]), fitted, notes)


def _warning_notes(caught: list) -> list[Note]:
    seen = sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0][:160]}" for w in caught})
    return [Note("fit_warning", f"Peringatan saat pendugaan model — {s}", f"Fit warning — {s}") for s in seen]


#: Damped-trend parameter grid: level smoothing alpha, trend smoothing beta = alpha x share, damping phi.
_ALPHA = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99])
_SHARE = np.array([0.01, 0.05, 0.1, 0.2, 0.35, 0.5])
_PHI = np.array([0.8, 0.85, 0.9, 0.95, 0.98])
_GRID = np.array([(a, a * s, p) for a in _ALPHA for s in _SHARE for p in _PHI])


def _damped_states(y: np.ndarray, params: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run ETS(A,Ad,N) for every parameter row at once: (sse, level, trend, one-step fits [rows x n])."""
    n = len(y)
    k = min(n, 5)
    slope, intercept = np.polyfit(np.arange(k, dtype=float), y[:k], 1)
    alpha, beta, phi = params[:, 0], params[:, 1], params[:, 2]
    level = np.full(len(params), intercept - slope)  # the state one step before the first point
    trend = np.full(len(params), slope)
    fits = np.empty((len(params), n))
    sse = np.zeros(len(params))
    for i in range(n):
        guess = level + phi * trend
        err = y[i] - guess
        fits[:, i] = guess
        sse += err * err
        level = guess + alpha * err
        trend = phi * trend + beta * err
    return sse, level, trend, fits


def fit_damped(t: np.ndarray, y: np.ndarray, ahead: np.ndarray, intervals: bool = True) -> Fit:
    """Holt's damped trend, ETS(A,Ad,N): the grid point with the least squared one-step error; intervals from the
    model's own variance formula, var_h = s2 (1 + sum_{j<h} (alpha + beta (phi + ... + phi^j))^2). Needs no gaps."""
    sse, level, trend, fits = _damped_states(y, _GRID)
    best = int(np.argmin(sse))  # the first minimum: deterministic
    alpha, beta, phi = _GRID[best]
    steps = ahead.astype(int)
    horizon = int(steps.max())
    cum_phi = np.cumsum(phi ** np.arange(1, horizon + 1))  # phi + phi^2 + ... + phi^h
    mean = level[best] + cum_phi[steps - 1] * trend[best]
    if not intervals:
        return Fit(mean, mean, mean, mean, mean, fits[best])
    sigma2 = float(sse[best] / max(len(y) - 3, 1))
    c2 = np.concatenate([[0.0], (alpha + beta * cum_phi[:-1]) ** 2])
    var = sigma2 * (1 + np.cumsum(c2))
    return _normal_fit(mean, np.sqrt(var[steps - 1]), fits[best])


def combine(fits: Sequence[Fit]) -> Fit:
    """The equal-weight combination of fitted candidates: mean forecasts, mean bounds, mean in-sample fits."""
    stack = lambda name: np.mean([getattr(f, name) for f in fits], axis=0)  # noqa: E731
    fitted = np.array([f.fitted for f in fits], dtype=float)
    with warnings.catch_warnings():  # a point no candidate fits is NaN: expected, not a warning worth keeping
        warnings.simplefilter("ignore", RuntimeWarning)
        mean_fitted = np.nanmean(fitted, axis=0)
    return Fit(stack("mean"), stack("lo80"), stack("hi80"), stack("lo95"), stack("hi95"), mean_fitted,
               tuple(dict.fromkeys(n for f in fits for n in f.notes)))


FITTERS: dict[str, Callable[..., Fit]] = {"drift": fit_drift, "linear": fit_linear, "damped": fit_damped,
                                          "arima": fit_arima}


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
        notes.extend(_warning_notes(caught))
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


def forecast_series(periods: Sequence[str], values: Sequence[float], frequency: str = "annual", *,
                    until_year: int = 2030, breaks: Sequence[Break] = (), min_points: int = MIN_POINTS) -> Forecast:
    """Forecast one series up to `until_year`, or say plainly why not."""
    grid, notes = build_grid(periods, values, frequency, breaks)
    n = 0 if grid is None else len(grid.y)
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
    notes.extend(_warning_notes(caught))
    if grid.step == "semester":
        notes.append(Note("semester", "Model dihitung per semester; pola musiman antarsemester tidak dimodelkan "
                          "terpisah.", "Fitted per half-year; a seasonal difference between the two surveys "
                          "is not modelled separately."))
    points = tuple(ForecastPoint(grid.label(grid.last_pos + int(k)), *(round(float(a[i]), 6) for a in (
        fit.mean, fit.lo80, fit.hi80, fit.lo95, fit.hi95))) for i, k in enumerate(ahead))
    fitted = tuple((p, round(float(v), 6)) for p, v in zip(grid.periods, fit.fitted, strict=True)
                   if v is not None and math.isfinite(float(v)))
    unique_notes = tuple(dict.fromkeys(notes))
    mase = round(score, 6) if math.isfinite(score) else None
    return Forecast(name, points, fitted, mase, tuple((m, None if s is None or not math.isfinite(s) else round(s, 6))
                                                      for m, s in candidates),
                    unique_notes, None, grid.periods, grid.step)
