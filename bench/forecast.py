"""Forecasts: refit speed of every series, rolling-origin accuracy and calibration, and past targets.

On a fresh temporary SQLite store seeded with the bundled (real) data:
- **refit**: `services.forecasts.refit_series(..., force=True)` (read, calibrate every group, fit, store): wall and
  CPU time and the load average before and after (the machine is shared);
- **rolling origin** (bench/forecast_eval.py): at every calendar origin each group (indicator x level) is cut to
  what was published by then, the project's forecaster is chosen and calibrated on that alone, and every method
  forecasts 1-5 steps: the project's, naive, drift (its own normal intervals), drift with conformal intervals,
  pooled drift, the per-series choice the project used before, statsforecast's AutoETS and AutoTheta (in
  bench/.venv-forecast, made on first use: statsforecast pins pandas<3). MASE per series (mean over origins, scale
  = naive one-step error of the training part), coverage of the 80/95% ranges, outcomes beyond the 0.5/99.5% points;
- **past targets**: every bundled target whose year is observed, forecast from the data published up to two years
  before its year; Brier score against the base rate's, and a reliability table.
Coverage and past targets are also reported apart for outcomes in the COVID-19 years (forecast_eval.SHOCK_YEARS):
the one common shock of the bundled data, which no earlier origin had seen.

    BENCH_FORECAST_REFERENCE=0 nice python -m bench forecast   # quick run without statsforecast (not for the
                                                               # published figures: those come from a full run)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench import forecast_eval as fe
from bench.forecast_targets import past_targets
from data.seed import load_seed
from data.store import open_engine
from services.forecast_jobs import group_key, series_grid
from services.forecasts import read_jobs, refit_series

HERE = Path(__file__).resolve().parent
VENV = Path(os.environ.get("BENCH_FORECAST_VENV", HERE / ".venv-forecast"))
MIN_POINTS = 4  # models.forecast.POOLED_MIN_POINTS: the shortest series the project forecasts
REFERENCE = ("autoets", "autotheta")


def log(message: str) -> None:
    print(f"[forecast] {message}", file=sys.stderr, flush=True)


def reference_python() -> Path | None:
    exe = VENV / "bin" / "python"
    if not exe.exists():
        log(f"creating {VENV} with statsforecast (first run)")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "statsforecast>=2.0,<3"], check=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            log(f"statsforecast unavailable: {exc}")
            return None
    return exe


def reference_records(series: dict, tasks: list) -> tuple[list[fe.Record], dict]:
    """AutoETS and AutoTheta on the same training cuts and hold-out points, from the separate environment."""
    exe = reference_python()
    if exe is None or not tasks:
        return [], {"available": False}
    done = subprocess.run([str(exe), str(HERE / "forecast_ref.py")], input=json.dumps(tasks), text=True,
                          capture_output=True, check=True)
    answers = json.loads(done.stdout)
    records, refused = [], defaultdict(int)
    for (key, train, horizons), answer in zip(tasks, answers["answers"], strict=True):
        s, origin = series[tuple(key[:2])], int(key[2])
        actual = fe.future(s, origin)
        scale = float(np.mean(np.abs(np.diff(train))))
        for name in REFERENCE:
            got = answer[name]
            if got is None:
                refused[name] += 1
                continue
            for i, h in enumerate(horizons):
                a, mean = actual[h], got["mean"][i]
                inside = lambda lv: got[f"lo{lv}"][i] <= a <= got[f"hi{lv}"][i]  # noqa: B023
                records.append(fe.Record(name, s.level, s.indicator, s.region, origin, h, len(train),
                                         (a - mean) / scale, inside(80), inside(95), not inside(99),
                                         fe.outcome_year(s, origin, h)))
    return records, {"available": True, "seconds": answers["seconds"], "refused_origins": dict(refused)}


def groups_of(jobs) -> dict:
    groups = defaultdict(list)
    for job in jobs:
        grid = series_grid(job)
        if grid is not None and len(grid.y) >= 2:
            groups[group_key(job, grid)].append(fe.Series(job.indicator, job.region, group_key(job, grid)[1], grid))
    return groups


def refit_timing(engine) -> dict:
    load_before = [round(x, 2) for x in os.getloadavg()]
    started, cpu = time.perf_counter(), time.process_time()
    report = refit_series(engine, None, processes=1, force=True)
    total = time.perf_counter() - started
    return {"total_s": round(total, 2), "cpu_s": round(time.process_time() - cpu, 2),
            "load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "fitted": report.fitted, "refused": report.refused, "models": report.models}


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_seed(engine)
        jobs = read_jobs(engine)
        refit = refit_timing(engine)
        groups = groups_of(jobs)
        targets = past_targets(engine, groups)
        engine.dispose()
    started = time.perf_counter()
    records, tasks = [], []
    level_of = fe.level_tables([s for group in groups.values() for s in group])
    for key in sorted(groups):
        records += fe.evaluate_group(groups[key], MIN_POINTS, tasks, level_of)
    own_s = round(time.perf_counter() - started, 1)
    series = {(s.indicator, s.region): s for grp in groups.values() for s in grp}
    if os.environ.get("BENCH_FORECAST_REFERENCE", "1") == "0":  # quick runs: no statsforecast (about 5 min)
        extra, reference = [], {"available": False, "skipped": "BENCH_FORECAST_REFERENCE=0"}
    else:
        extra, reference = reference_records(series, tasks)
    records += extra
    return report(records, refit, targets, reference, own_s, len(jobs))


def _h(summary: dict, h: int, key: str):
    return summary.get(h, {}).get(key)


def pooled12(records: list[fe.Record], method: str, level: str | None, flag: str):
    rows = [getattr(r, flag) for r in records if r.method == method and r.h in (1, 2)
            and (level is None or r.level == level) and getattr(r, flag) is not None]
    return round(float(np.mean(rows)), 4) if rows else None


def report(records, refit, targets, reference, own_s, jobs) -> dict:
    methods = ["project", "drift", "naive", "pooled", "drift_conformal", "per_series", *REFERENCE]
    table = {level or "all": {m: fe.summarise(records, m, level) for m in methods}
             for level in (None, "province", "regency")}
    project, drift = table["all"]["project"], table["all"]["drift"]
    by_level = {level: {"series": _h(table[level]["project"], 1, "series"),
                        "median_mase": _h(table[level]["project"], 1, "median_mase"),
                        "drift_median_mase": _h(table[level]["drift"], 1, "median_mase"),
                        "median_mase_h2": _h(table[level]["project"], 2, "median_mase"),
                        "drift_median_mase_h2": _h(table[level]["drift"], 2, "median_mase"),
                        "coverage80": pooled12(records, "project", level, "in80"),
                        "coverage95": pooled12(records, "project", level, "in95"),
                        "extreme_claims_rate": pooled12(records, "project", level, "extreme")}
                for level in ("province", "regency")}
    result = {
        "series": _h(project, 1, "series"), "series_total": jobs,
        "series_by_h": {h: v["series"] for h, v in project.items()},
        "median_mase": _h(project, 1, "median_mase"), "drift_median_mase": _h(drift, 1, "median_mase"),
        "autoets_median_mase": _h(table["all"]["autoets"], 1, "median_mase"),
        "autotheta_median_mase": _h(table["all"]["autotheta"], 1, "median_mase"),
        "median_mase_h2": _h(project, 2, "median_mase"), "drift_median_mase_h2": _h(drift, 2, "median_mase"),
        "coverage80": pooled12(records, "project", None, "in80"),
        "coverage95": pooled12(records, "project", None, "in95"),
        "coverage80_by_h": {h: v["coverage80"] for h, v in project.items()},
        "coverage95_by_h": {h: v["coverage95"] for h, v in project.items()},
        "extreme_claims_rate": pooled12(records, "project", None, "extreme"),
        "past_targets": targets["all"]["targets"], "brier_past_targets": targets["all"]["brier"],
        "brier_base_rate": targets["all"]["brier_base_rate"],
        **{k: refit[k] for k in ("total_s", "cpu_s", "load_average_before", "load_average_after")},
        "coverage_shock_split": fe.shock_split(records),
        "refit": refit, "by_level": by_level, "methods": table, "targets": targets, "reference": reference,
        "evaluation_s": own_s,
        "note": ("rolling origin by calendar period: every group (indicator x level) cut at each origin, the project's "
                 "method chosen and calibrated on the cut data only; MASE = mean |error| / naive one-step error of the "
                 "training part, per series then median; coverage over (series, origin) points; extreme = beyond the "
                 "0.5/99.5% points (normal methods: |z| > 2.576); coverage80/95 and extreme pooled over h = 1-2"),
    }
    print(json.dumps({k: v for k, v in result.items() if k not in ("methods", "targets", "refit")}, indent=1,
                     default=str))
    return result
