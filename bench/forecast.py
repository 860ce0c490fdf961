"""Forecast refit speed and accuracy on every series of the bundled data, with statsforecast's AutoETS as reference.

Measures, on a fresh temporary SQLite store seeded with the bundled (real) data:
- the whole refit (`dashboard.forecasts.refit_series(..., force=True, processes=2)`): time and series per second;
- the rolling-origin backtest MASE of the chosen model per series (the figure stored with each forecast);
- the same backtest (same consistent segment, origins, horizons and MASE scale) for statsforecast's AutoETS;
- an honest hold-out check for both: the last 2 observed points of each series are hidden, our selection runs on
  the rest (so the choice never sees the scored points), and both forecast the hidden points.
"""
from __future__ import annotations

import math
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HOLDOUT = 2
FALLBACKS = [0]  # AutoETS fits that fell back to the naive forecast (too few points for statsforecast)


def _autoets():
    try:
        from statsforecast.models import AutoETS  # noqa: PLC0415
    except ImportError as exc:  # statsforecast is in requirements-dev.txt only
        return None, f"statsforecast not installed ({exc})"
    return AutoETS, None


def autoets_fitter(AutoETS):  # noqa: N803 - a class passed in
    from models.forecast import Fit  # noqa: PLC0415

    def fit(t: np.ndarray, y: np.ndarray, ahead: np.ndarray, intervals: bool = False) -> Fit:
        step = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
        h_obs = np.maximum(np.ceil(ahead / step).astype(int), 1)  # observed points ahead (gaps are regular)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # reference model only; its warnings are not ours to report
                mean = np.asarray(AutoETS(season_length=1).forecast(y=y.astype(float), h=int(h_obs.max()))["mean"])
        except NotImplementedError:  # statsforecast refuses "tiny datasets": its answer is then the naive one
            FALLBACKS[0] += 1
            mean = np.full(int(h_obs.max()), float(y[-1]))
        out = mean[h_obs - 1]
        return Fit(out, out, out, out, out, np.full(len(y), np.nan))

    return fit


def _summary(values: list[float]) -> dict:
    finite = sorted(v for v in values if v is not None and math.isfinite(v))
    if not finite:
        return {}
    q = lambda p: round(float(np.percentile(finite, p)), 3)  # noqa: E731
    return {"n": len(finite), "p10": q(10), "p25": q(25), "median": q(50), "p75": q(75), "p90": q(90),
            "mean": round(statistics.fmean(finite), 3)}


def _holdout(job, AutoETS) -> tuple[float, float] | None:  # noqa: N803
    """MASE on the last HOLDOUT points for our selection (fitted without them) and for AutoETS."""
    from dashboard.forecasts import breaks_for  # noqa: PLC0415
    from models.forecast import FITTERS, build_grid, choose, naive_scale  # noqa: PLC0415

    grid, _ = build_grid(job.periods, job.values, job.frequency, breaks_for(job.indicator, job.region))
    if grid is None or len(grid.y) < 6 + HOLDOUT:
        return None
    cut = len(grid.y) - HOLDOUT
    train = type(grid)(grid.periods[:cut], grid.t[:cut], grid.y[:cut], grid.step, grid.last_pos, grid.month)
    scale = naive_scale(train.y)
    if scale <= 1e-12:
        return None
    ahead = grid.t[cut:] - train.t[-1]
    name, *_ = choose(train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = FITTERS[name](train.t, train.y, ahead, intervals=False).mean
    ref = autoets_fitter(AutoETS)(train.t, train.y, ahead).mean
    truth = grid.y[cut:]
    return float(np.mean(np.abs(truth - ours)) / scale), float(np.mean(np.abs(truth - ref)) / scale)


def main() -> dict:
    from dashboard.forecasts import _jobs, breaks_for, refit_series, run_job  # noqa: PLC0415
    from data.seed import load_seed  # noqa: PLC0415
    from data.store import open_engine  # noqa: PLC0415
    from models.forecast import backtest, build_grid  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_seed(engine)
        jobs = _jobs(engine)
        started, cpu = time.perf_counter(), time.process_time()
        report = refit_series(engine, None, processes=2, force=True)
        total = time.perf_counter() - started
        main_cpu = time.process_time() - cpu
        engine.dispose()
    results = [run_job(j) for j in jobs]  # deterministic: the same as stored
    ours = [f.mase for f in results if f.ok]
    AutoETS, problem = _autoets()
    ref: list[float] = []
    hold_ours: list[float] = []
    hold_ref: list[float] = []
    ref_seconds = None
    if AutoETS is not None:
        fitter = autoets_fitter(AutoETS)
        t0 = time.perf_counter()
        for job, f in zip(jobs, results, strict=True):
            if not f.ok:
                continue
            grid, _ = build_grid(job.periods, job.values, job.frequency, breaks_for(job.indicator, job.region))
            score, _ = backtest(grid, "autoets", fitter)
            ref.append(score)
        ref_seconds = round(time.perf_counter() - t0, 1)
        for job in jobs:
            pair = _holdout(job, AutoETS)
            if pair is not None:
                hold_ours.append(pair[0])
                hold_ref.append(pair[1])
    mase = _summary(ours)
    result = {
        "series": len(jobs),
        "forecast": sum(f.ok for f in results),
        "refused": sum(not f.ok for f in results),
        "total_s": round(total, 2),
        "series_per_s": round(len(jobs) / total, 1),
        "main_process_cpu_s": round(main_cpu, 2),
        "processes": 2,
        "models": report.models,
        "median_mase": mase.get("median"),
        "mase": mase,
        "autoets_median_mase": _summary(ref).get("median"),
        "autoets_mase": _summary(ref),
        "autoets_backtest_s": ref_seconds,
        "autoets_naive_fallbacks": FALLBACKS[0],
        "holdout_median_mase": _summary(hold_ours).get("median"),
        "holdout_autoets_median_mase": _summary(hold_ref).get("median"),
        "holdout_series": len(hold_ours),
        "note": ("MASE: rolling-origin backtest (up to 4 origins, next 2 observed points), scale = naive one-step "
                 "error; our figure is the chosen model's, so it is optimistic; the hold-out pair hides the last 2 "
                 "points from the selection and is the fair comparison")
        + (f"; AutoETS unavailable: {problem}" if problem else ""),
    }
    print(f"forecast refit: {result['series']} series ({result['forecast']} forecast, {result['refused']} refused) "
          f"in {result['total_s']} s = {result['series_per_s']} series/s on 2 processes")
    print(f"  backtest MASE (chosen): {mase}")
    print(f"  backtest MASE (AutoETS): {_summary(ref) or problem}")
    print(f"  hold-out median MASE: ours {result['holdout_median_mase']}, AutoETS "
          f"{result['holdout_autoets_median_mase']} over {len(hold_ours)} series")
    return result
