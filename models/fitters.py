"""The candidate models of models.forecast: random walk with drift, linear trend, Holt's damped trend (ETS A,Ad,N,
least squares over a fixed parameter grid), ARIMA(1,1,0) with drift, and their equal-weight combination. Each takes
integer steps `t`, values `y` and the steps `ahead`, and returns a Fit: mean and 80/95 bounds ahead, in-sample fit,
notes. Pure numpy/scipy/statsmodels, no I/O.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

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


def warning_notes(caught: list) -> list[Note]:
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
    stack = lambda name: np.mean([getattr(f, name) for f in fits], axis=0)
    fitted = np.array([f.fitted for f in fits], dtype=float)
    with warnings.catch_warnings():  # a point no candidate fits is NaN: expected, not a warning worth keeping
        warnings.simplefilter("ignore", RuntimeWarning)
        mean_fitted = np.nanmean(fitted, axis=0)
    return Fit(stack("mean"), stack("lo80"), stack("hi80"), stack("lo95"), stack("hi95"), mean_fitted,
               tuple(dict.fromkeys(n for f in fits for n in f.notes)))


FITTERS: dict[str, Callable[..., Fit]] = {"drift": fit_drift, "linear": fit_linear, "damped": fit_damped,
                                          "arima": fit_arima}
