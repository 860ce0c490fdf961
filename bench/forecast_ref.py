"""statsforecast's AutoETS and AutoTheta on the benchmark's training series; run by bench/forecast.py with the
Python of its own virtual environment (bench/.venv-forecast: statsforecast declares pandas<3, the app runs pandas 3).

Reads JSON from stdin: [[key, [values...], [horizons...]], ...]; writes JSON: one entry per task, for each model
{"mean", "lo80", "hi80", "lo95", "hi95", "lo99", "hi99"} at the horizons, or null when the model refused the series.
Standalone on purpose: it imports nothing of the project.
"""
import json
import sys
import time
import warnings

import numpy as np
from statsforecast.models import AutoETS, AutoTheta

LEVELS = [80, 95, 99]
MODELS = {"autoets": lambda: AutoETS(season_length=1), "autotheta": lambda: AutoTheta(season_length=1)}


def run(model, y, horizons):
    steps = max(horizons)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # reference models: their warnings are not ours to report
            out = model().forecast(y=np.asarray(y, dtype=float), h=steps, level=LEVELS)
    except Exception:  # statsforecast refuses tiny series in several ways; counted as refused
        return None
    pick = lambda name: [float(out[name][h - 1]) for h in horizons]
    result = {"mean": pick("mean")}
    for level in LEVELS:
        result[f"lo{level}"], result[f"hi{level}"] = pick(f"lo-{level}"), pick(f"hi-{level}")
    return result


def main():
    tasks = json.load(sys.stdin)
    started = time.perf_counter()
    answers = [{name: run(make, y, horizons) for name, make in MODELS.items()} for _, y, horizons in tasks]
    json.dump({"answers": answers, "seconds": round(time.perf_counter() - started, 1)}, sys.stdout)


if __name__ == "__main__":
    main()
