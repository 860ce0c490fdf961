"""Forecast refit speed and accuracy on every series of the bundled data, with statsforecast's AutoETS as reference.

Measures, on a fresh temporary SQLite store seeded with the bundled (real) data:
- the whole refit (`dashboard.forecasts.refit_series(..., force=True, processes=2)`, read, fit and store): wall
  time, CPU time (this process and any worker processes) and the load average before and after, since the machine
  is shared;
- the fair accuracy comparison (`median_mase`, `autoets_median_mase`): the last 2 observed points of each series
  with at least 8 points are hidden, our whole procedure (selection included) runs on the rest, and both forecast
  the hidden points, scaled by the training part's naive error;
- the rolling-origin backtest MASE of the chosen model per series (the figure stored with each forecast; optimistic,
  since the choice saw those windows) and the same backtest for statsforecast's AutoETS.
"""
from __future__ import annotations

import math
import os
import resource
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
    """MASE on the last HOLDOUT points for our selection (fitted without them) and for AutoETS (NaN without it)."""
    from dashboard.forecasts import NOT_FORECAST, breaks_for  # noqa: PLC0415
    from models.forecast import build_grid, choose, fit_model, naive_scale  # noqa: PLC0415

    if job.indicator in NOT_FORECAST:
        return None
    grid, _ = build_grid(job.periods, job.values, job.frequency, breaks_for(job.indicator, job.region))
    if grid is None or len(grid.y) < 6 + HOLDOUT:
        return None
    cut = len(grid.y) - HOLDOUT
    train = type(grid)(grid.periods[:cut], grid.t[:cut], grid.y[:cut], grid.step, grid.last_pos, grid.month)
    scale = naive_scale(train.y)
    if scale <= 1e-12:
        return None
    ahead = grid.t[cut:] - train.t[-1]
    name, _, candidates, _ = choose(train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = fit_model(name, train, ahead, candidates, intervals=False).mean
    truth = grid.y[cut:]
    ref = autoets_fitter(AutoETS)(train.t, train.y, ahead).mean if AutoETS is not None else truth + np.nan
    return float(np.mean(np.abs(truth - ours)) / scale), float(np.mean(np.abs(truth - ref)) / scale)


def main() -> dict:
    from dashboard.forecasts import PARALLEL_FROM, _jobs, breaks_for, refit_series, run_job  # noqa: PLC0415
    from data.seed import load_seed  # noqa: PLC0415
    from data.store import open_engine  # noqa: PLC0415
    from models.forecast import backtest, build_grid  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_seed(engine)
        jobs = _jobs(engine)
        load_before = [round(x, 2) for x in os.getloadavg()]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu = time.perf_counter(), time.process_time()
        report = refit_series(engine, None, processes=2, force=True)
        total = time.perf_counter() - started
        main_cpu = time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        load_after = [round(x, 2) for x in os.getloadavg()]
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
        "cpu_s": round(main_cpu + child_cpu, 2),
        "main_process_cpu_s": round(main_cpu, 2),
        "worker_cpu_s": round(child_cpu, 2),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "processes": 2 if len(jobs) >= PARALLEL_FROM else 1,
        "models": report.models,
        "median_mase": _summary(hold_ours).get("median"),
        "autoets_median_mase": _summary(hold_ref).get("median"),
        "backtest_median_mase": mase.get("median"),
        "mase": mase,
        "autoets_backtest_median_mase": _summary(ref).get("median"),
        "autoets_mase": _summary(ref),
        "autoets_backtest_s": ref_seconds,
        "autoets_naive_fallbacks": FALLBACKS[0],
        "holdout_median_mase": _summary(hold_ours).get("median"),
        "holdout_autoets_median_mase": _summary(hold_ref).get("median"),
        "holdout_series": len(hold_ours),
        "note": ("median_mase / autoets_median_mase: the fair comparison, last 2 points of every series with >= 8 "
                 "points hidden from the whole procedure (the holdout_* keys repeat it); backtest_*: rolling-origin "
                 "backtest (up to 4 origins, next 2 observed points) of the chosen model, optimistic since the choice "
                 "saw those windows; MASE scale = naive one-step error")
        + (f"; AutoETS unavailable: {problem}" if problem else ""),
    }
    print(f"forecast refit: {result['series']} series ({result['forecast']} forecast, {result['refused']} refused) "
          f"in {result['total_s']} s wall, {result['cpu_s']} s CPU = {result['series_per_s']} series/s "
          f"({result['processes']} process(es); load average {load_before} before, {load_after} after)")
    print(f"  backtest MASE (chosen): {mase}")
    print(f"  backtest MASE (AutoETS): {_summary(ref) or problem}")
    print(f"  hold-out median MASE: ours {result['holdout_median_mase']}, AutoETS "
          f"{result['holdout_autoets_median_mase']} over {len(hold_ours)} series")
    return result
