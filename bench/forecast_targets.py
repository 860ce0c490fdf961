"""Past targets for bench/forecast.py: every bundled target whose year is already observed, judged as a planner two
years before its year would have: the series and the group's calibration cut at the last period of year - 2, the
chance of meeting the target from the project's forecaster, then the outcome. Brier score against the base rate's
(always saying the share met), and a reliability table. Provinces (with Indonesia) and kab/kota apart, and the
targets judged across the COVID-19 years (target year 2020-2023: the forecast runs into or out of the shock) apart
from the others."""
from __future__ import annotations

import numpy as np

from bench import forecast_eval as fe
from models import calibration as cal
from models.attainment import Target, meets
from services import queries
from services.forecast_jobs import TARGET_MONTH, level_of

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0000001)


def _position(grid, year: int, month: str | None) -> int:
    if grid.step == "semester":
        return year * 2 + (1 if month and int(month) > 6 else 0)
    return year


def judged(groups: dict, key: tuple[str, str], target: dict, hib: bool | None,
           tables=None) -> tuple[float, bool] | None:
    """(chance, met) of one target, or None when its year is not observed or no forecast could be made."""

    indicator, region = key
    group = next((g for k, g in groups.items() if k[:2] == (indicator, level_of(region))), None)
    series = next((s for s in group or () if s.region == region), None)
    if series is None:
        return None
    year, month = int(target["year"]), TARGET_MONTH.get(indicator)
    goal = _position(series.grid, year, month)
    actual = dict(zip(series.positions.tolist(), series.grid.y.tolist(), strict=True)).get(goal)
    origin = _position(series.grid, year - 2, "12")  # everything published up to the end of year - 2
    grid = fe.cut(series, origin)
    if actual is None or grid is None or len(grid.y) < 4:
        return None
    level = tables(series.level, fe.when(series.grid, origin)) if tables else None
    calibration = cal.calibrate([g for g in (fe.cut(s, origin) for s in group) if g is not None and len(g.y) >= 2],
                                level=level)
    if calibration is None:
        return None
    _, quantiles = cal.predictive(grid, calibration, np.array([goal - grid.last_pos], dtype=float))
    chance = cal.chance(quantiles[0], float(target["low"]), float(target["high"]), hib)
    return chance, meets(actual, _target(target), hib)


def _target(row: dict):
    return Target(int(row["year"]), float(row["low"]), float(row["high"]), str(row["plan"]))


def scores(pairs: list[tuple[float, bool]]) -> dict:
    if not pairs:
        return {"targets": 0, "brier": None, "brier_base_rate": None, "share_met": None, "reliability": []}
    p = np.array([c for c, _ in pairs])
    met = np.array([float(m) for _, m in pairs])
    base = float(met.mean())
    table = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = (p >= lo) & (p < hi)
        if inside.any():
            table.append({"chance": f"{lo:.1f}-{min(hi, 1):.1f}", "targets": int(inside.sum()),
                          "mean_chance": round(float(p[inside].mean()), 3), "share_met": round(float(met[inside].mean()), 3)})
    return {"targets": len(pairs), "brier": round(float(np.mean((p - met) ** 2)), 4),
            "brier_base_rate": round(float(np.mean((base - met) ** 2)), 4), "share_met": round(base, 3),
            "reliability": table}


def past_targets(engine, groups: dict) -> dict:
    meta = queries.indicators(engine).set_index("code")["higher_is_better"].to_dict()
    rows = queries.targets(engine).to_dict("records")
    tables = fe.level_tables([s for group in groups.values() for s in group])
    found: dict[str, list] = {"all": [], "province": [], "regency": [], "shock": [], "other": []}
    listed = []
    skipped = 0
    for row in rows:
        hib = meta.get(row["indicator_code"])
        hib = None if hib is None or hib != hib else bool(hib)
        got = judged(groups, (row["indicator_code"], row["region_code"]), row, hib, tables)
        if got is None:
            skipped += 1
            continue
        found["all"].append(got)
        found[level_of(row["region_code"])].append(got)
        found["shock" if _across_shock(int(row["year"])) else "other"].append(got)
        listed.append({"indicator": row["indicator_code"], "region": row["region_code"], "year": int(row["year"]),
                       "plan": row["plan"], "chance": round(got[0], 3), "met": got[1]})
    return {**{k: scores(v) for k, v in found.items()}, "not_judged": skipped, "judged": listed}


def _across_shock(year: int) -> bool:
    """The target's forecast (from the end of year - 2 to year) starts in or runs into the COVID-19 years."""
    return any(year - 2 <= shock <= year for shock in fe.SHOCK_YEARS)
