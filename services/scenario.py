"""Data for the target simulator (/skenario): a region's yearly history, its forecast, the required path to a
target and the pace of the best quarter of its peers. Semester indicators use one value a year (March, else
the first period of the year) so every series is annual and comparable."""
from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import pandas as pd
from sqlalchemy.engine import Engine

from models.forecast import Forecast
from models.scenario import RequiredPath, annual_change, peer_pace, required_path
from services import queries
from services.access import PUBLIC, Access
from services.cache import cached_query
from services.forecasts import forecast_for

END_YEAR = 2029


def yearly(frame: pd.DataFrame) -> pd.Series:
    """One value a year from (period, value) rows: the annual value, else March, else the year's first period."""
    if frame.empty:
        return pd.Series(dtype=float)
    rows = frame.dropna(subset=["value"]).copy()
    rows["year"] = rows["period"].str[:4].astype(int)
    rows["rank"] = rows["period"].map(lambda p: 0 if len(p) == 4 else (1 if p[5:7] == "03" else 2))
    rows = rows.sort_values(["year", "rank", "period"]).drop_duplicates("year")
    return pd.Series(rows["value"].to_numpy(dtype=float), index=rows["year"].to_numpy(), name="value")


def one_per_year(points: Sequence[dict]) -> list[dict]:
    """Forecast points on the annual grid: the annual point, else March, else the year's first."""
    best: dict[str, dict] = {}
    for p in sorted(points, key=lambda p: (p["period"][:4], 0 if len(p["period"]) == 4 else
                                           (1 if p["period"][5:7] == "03" else 2))):
        best.setdefault(p["period"][:4], p)
    return [best[y] for y in sorted(best)]


def peers_of(engine: Engine, region: str, access: Access = PUBLIC) -> tuple[str, list[str]]:
    """kab/kota of the same province for a kab/kota; provinces for a province or Indonesia."""
    info = queries.region(engine, region)
    if info["level"] == "regency":
        frame = queries.regions(engine, level="regency", parent=info["parent_code"], access=access)
        return "regency", [c for c in frame["code"] if c != region]
    frame = queries.regions(engine, level="province", access=access)
    return "province", [c for c in frame["code"] if c != region]


@cached_query
def peer_changes(engine: Engine, indicator: str, codes: list[str], since: int | None = None,
                 access: Access = PUBLIC) -> pd.Series:
    """Each peer's average annual change (from `since`, when given, to its latest year)."""
    if not codes:
        return pd.Series(dtype=float)
    frame = queries.series(engine, indicator, codes, access=access)
    out = {}
    for code, rows in frame.groupby("region_code"):
        years = yearly(rows)
        if since is not None:
            years = years[years.index >= since - 5]
        change = annual_change(years)
        if change is not None:
            out[code] = change
    return pd.Series(out, dtype=float)


def history(engine: Engine, indicator: str, region: str, access: Access = PUBLIC) -> pd.Series:
    return yearly(queries.series(engine, indicator, [region], access=access))


def plan_target(engine: Engine, indicator: str, region: str, year: int, access: Access = PUBLIC) -> float | None:
    """The store's plan target for the year (midpoint of a range); None when there is none."""
    frame = queries.targets(engine, indicator, region, access=access)
    frame = frame[frame["year"] == year]
    if frame.empty:
        return None
    row = frame.iloc[-1]
    return float((row["low"] + row["high"]) / 2)


def simulate(engine: Engine, indicator: str, region: str, base_year: int | None, end_year: int,
             target: float | None, access: Access = PUBLIC) -> dict:
    """Everything the chart and the sentences need. Raises ValueError for an impossible scenario."""
    meta = queries.indicator(engine, indicator, access)
    hist = history(engine, indicator, region, access)
    if hist.empty:
        raise LookupError("no data")
    if base_year is None or base_year not in hist.index:
        base_year = int(hist.index[-1])
    baseline = float(hist.loc[base_year])
    path: RequiredPath | None = None
    if target is not None:
        path = required_path(base_year, baseline, int(end_year), float(target), meta["min_value"], meta["max_value"])
    forecast: Forecast | None = forecast_for(engine, indicator, region, access)
    level, codes = peers_of(engine, region, access)
    changes = peer_changes(engine, indicator, codes, base_year, access)
    pace = peer_pace(changes, meta["higher_is_better"])
    recent = hist[hist.index <= base_year].tail(6)
    own = annual_change(recent)
    return {"meta": meta, "history": hist, "base_year": base_year, "baseline": baseline, "end_year": int(end_year),
            "target": target, "path": path, "forecast": forecast, "peer_level": level, "peer_pace": pace,
            "peer_n": int(changes.notna().sum()), "own_change": own,
            "own_since": int(recent.index[0]) if len(recent) else None}


def plotted(data: dict) -> pd.DataFrame:
    """The chart's data as one long table (year, series, value, bounds) for the CSV download."""
    rows = [{"year": int(y), "series": "history", "value": float(v)} for y, v in data["history"].items()]
    f = data["forecast"]
    if f is not None and f.ok:
        for p in (SimpleNamespace(**q) for q in one_per_year([q.__dict__ for q in f.points])):
            rows.append({"year": int(p.period[:4]), "period": p.period, "series": "forecast", "value": p.mean,
                         "lo80": p.lo80, "hi80": p.hi80, "lo95": p.lo95, "hi95": p.hi95})
    path: RequiredPath | None = data["path"]
    if path is not None:
        rows += [{"year": int(y), "series": "required_linear", "value": float(v)} for y, v in path.linear.items()]
        if path.geometric is not None:
            rows += [{"year": int(y), "series": "required_growth", "value": float(v)}
                     for y, v in path.geometric.items()]
    for y, v in peer_line(data).items():
        rows.append({"year": int(y), "series": "peer_best_quarter", "value": float(v)})
    return pd.DataFrame(rows, columns=["year", "period", "series", "value", "lo80", "hi80", "lo95", "hi95"])


def peer_line(data: dict) -> pd.Series:
    pace = data["peer_pace"]
    if pace is None:
        return pd.Series(dtype=float)
    years = range(data["base_year"], data["end_year"] + 1)
    return pd.Series([data["baseline"] + pace * (y - data["base_year"]) for y in years], index=list(years))


def path_for(data: dict, method: str) -> list[tuple[int, float]]:
    """The required path of `simulate`'s result by method (linear: constant change, growth: constant rate);
    empty when there is no target or the method's path is undefined (a growth path across zero)."""
    path: RequiredPath | None = data["path"]
    if path is None:
        return []
    series = path.geometric if method == "growth" else path.linear
    return [] if series is None else [(int(y), float(v)) for y, v in series.items()]
