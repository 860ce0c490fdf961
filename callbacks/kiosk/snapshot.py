"""The kiosk's numbers: one JSON-ready snapshot per refresh, read through the query layer (public tier only).

Nothing here formats text or builds components; `layouts.kiosk` renders a snapshot. StoreError passes through.
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard import queries
from dashboard.access import PUBLIC
from dashboard.forecasts import TARGET_MONTH, forecast_for
from dashboard.kiosk import KioskSettings
from data.errors import NoDataError
from models import kiosk as analytics
from models.attainment import DEFAULT_BANDS, Target, achievement, assess
from models.classify import assign_classes, class_breaks

LIMIT = 5  # rows per list on a screen read from 5 m
CLASSES = 5  # map classes (quantiles), as on the map page
MAX_PERIODS_TRIED = 12


def peers_of(region: dict) -> tuple[str, str | None]:
    """(level, parent) of the regions a region is shown among: Indonesia -> provinces; a province -> its kab/kota;
    a kab/kota -> the kab/kota of its province."""
    if region["level"] == "country":
        return "province", None
    if region["level"] == "province":
        return "regency", region["code"]
    return "regency", region["parent_code"]


def indicator_info(row: dict) -> dict:
    hib = row.get("higher_is_better")
    return {"code": row["code"], "name_id": row["name_id"], "name_en": row["name_en"],
            "short_id": row.get("short_id") or row["name_id"], "short_en": row.get("short_en") or row["name_en"],
            "unit": row.get("unit") or "", "decimals": int(row.get("decimals") or 0),
            "hib": None if hib is None or pd.isna(hib) else bool(hib)}


def _value(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def latest_frames(engine: Engine, code: str, level: str, parent: str | None) -> list[tuple[str, pd.DataFrame]]:
    """The newest two periods in which the peers have values, newest first, with their frames."""
    found: list[tuple[str, pd.DataFrame]] = []
    ordered = analytics.sort_periods(queries.periods(engine, code, level=level, access=PUBLIC))[::-1]
    for period in ordered[:MAX_PERIODS_TRIED]:
        frame = queries.values_for_period(engine, code, period, level=level, parent=parent, access=PUBLIC)
        frame = frame.dropna(subset=["value"])
        if not frame.empty:
            found.append((period, frame))
        if len(found) == 2:
            break
    return found


def tile(info: dict, series: pd.DataFrame, targets: pd.DataFrame, region_code: str) -> dict:
    """One headline indicator of one region: latest value, change since the previous period, target band."""
    out = {**info, "value": None, "period": None, "previous_period": None, "change": None, "preliminary": False,
           "target": None, "band": None}
    series = series.dropna(subset=["value"])
    if series.empty:
        return out
    latest, previous = analytics.latest_two(series["period"])
    row = series[series["period"] == latest].iloc[0]
    out.update(value=float(row["value"]), period=latest, preliminary=row.get("status") == "preliminary")
    if previous:
        out["previous_period"] = previous
        out["change"] = out["value"] - float(series[series["period"] == previous].iloc[0]["value"])
    mine = targets[(targets["indicator_code"] == info["code"]) & (targets["region_code"] == region_code)]
    target = analytics.pick_target(mine, analytics.period_order(latest).year)
    if target:
        pct = achievement(out["value"], Target(**target), info["hib"])
        out.update(target=target, band=DEFAULT_BANDS.status(pct))
    return out


def fractional_year(period: str) -> float:
    moment = analytics.period_order(period)
    return moment.year + (moment.month - 1) / 12


def target_point(forecast, year: int, code: str):
    """The forecast point of the target year (for a semester series, the semester the targets refer to)."""
    points = [p for p in forecast.points if p.period[:4] == str(year)]
    month = TARGET_MONTH.get(code)
    preferred = [p for p in points if month and p.period.endswith(f"-{month}")]
    return (preferred or points[-1:] or [None])[0]


#: Track statuses by everything they depend on (indicator, region, series, target): a refresh whose numbers did
#: not change reads no forecast. A pure memo (same inputs, same answer), bounded.
_TRACKS: dict[tuple, str | None] = {}


def track_status(engine: Engine, data: dict, series: pd.DataFrame, region_code: str) -> str | None:
    """The forecast's SDSN-style status against the tile's target (on_track, moderately_improving, stagnating,
    worsening) from the stored forecast (fitted once on first read); None without a target or a forecast."""
    if not data.get("target") or data.get("value") is None:
        return None
    key = (data["code"], region_code, data["hib"], tuple(sorted(data["target"].items())),
           tuple(zip(series["period"], series["value"], strict=True)))
    if key not in _TRACKS:
        if len(_TRACKS) > 4096:
            _TRACKS.clear()
        _TRACKS[key] = _track(engine, data, series, region_code)
    return _TRACKS[key]


def _track(engine: Engine, data: dict, series: pd.DataFrame, region_code: str) -> str | None:
    try:
        forecast = forecast_for(engine, data["code"], region_code, PUBLIC)
    except ValueError:
        return None
    point = target_point(forecast, data["target"]["year"], data["code"]) if forecast and forecast.ok else None
    clean = series.dropna(subset=["value"])
    result = assess(Target(**data["target"]), data["hib"], data["value"], data["period"],
                    fractional_year(data["period"]), [fractional_year(p) for p in clean["period"]],
                    clean["value"].astype(float).tolist(),
                    forecast=(point.period, point.mean, point.lo80, point.hi80, point.lo95, point.hi95) if point else None)
    return result.status


def tiles(engine: Engine, region: dict, headline: list[dict]) -> list[dict]:
    values = queries.region_values(engine, region["code"], access=PUBLIC)
    targets = queries.targets(engine, region_code=region["code"], access=PUBLIC)
    out = []
    for info in headline:
        series = values[values["indicator_code"] == info["code"]]
        data = tile(info, series, targets, region["code"])
        data["track"] = track_status(engine, data, series, region["code"])
        out.append(data)
    return out


def map_and_movers(engine: Engine, info: dict, level: str, parent: str | None) -> tuple[dict, dict]:
    frames = latest_frames(engine, info["code"], level, parent)
    peers = queries.regions(engine, level=level, parent=parent, access=PUBLIC)
    base = {"indicator": info, "level": level, "parent": parent}
    if not frames:
        return {**base, "period": None, "regions": [], "missing": peers["code"].tolist()}, {**base, "latest": None}
    period, frame = frames[0]
    breaks = class_breaks(frame["value"].to_numpy(), "quantile", CLASSES)
    classes = assign_classes(frame["value"].to_numpy(), breaks)
    regions = [[r.region_code, r.name, float(r.value), int(c)]
               for r, c in zip(frame.itertuples(index=False), classes, strict=True)]
    missing = sorted(set(peers["code"]) - set(frame["region_code"]))
    map_data = {**base, "period": period, "regions": regions, "missing": missing, "edges": list(breaks.edges)}
    if len(frames) < 2:
        return map_data, {**base, "latest": period, "previous": None, "better": [], "worse": []}
    better, worse = analytics.movers(frame, frames[1][1], info["hib"], LIMIT)
    rows = lambda f: [[r.region_code, r.name, float(r.value), float(r.change)] for r in f.itertuples()]  # noqa: E731
    return map_data, {**base, "latest": period, "previous": frames[1][0], "better": rows(better),
                      "worse": rows(worse)}


def target_panel(engine: Engine, candidates: list[dict], level: str, parent: str | None) -> dict:
    """Peers furthest from target, for the candidate indicator whose targets cover the most peers (the first
    candidate, the kiosk's own indicator, wins a tie)."""
    peers = set(queries.regions(engine, level=level, parent=parent, access=PUBLIC)["code"])
    best, coverage = None, 0
    for info in candidates:
        targets = queries.targets(engine, info["code"], access=PUBLIC)
        targets = targets[targets["region_code"].isin(peers)]
        if targets["region_code"].nunique() > coverage:
            best, coverage = (info, targets), targets["region_code"].nunique()
    frames = latest_frames(engine, best[0]["code"], level, parent) if best else []
    if not frames:
        return {"indicator": None, "level": level, "rows": [], "met": 0, "total": 0, "bands": {}}
    info, targets = best
    values = frames[0][1].assign(period=frames[0][0])[["region_code", "name", "value", "period"]]
    gaps = analytics.target_gaps(values, targets, info["hib"])
    behind = gaps[gaps["shortfall"] > 0].head(LIMIT)
    keep = ["region_code", "name", "value", "period", "year", "low", "high", "plan", "shortfall", "band"]
    return {"indicator": info, "level": level, "met": int((gaps["shortfall"] <= 0).sum()), "total": len(gaps),
            "rows": behind[keep].to_dict("records"), "bands": dict(zip(gaps["region_code"], gaps["band"], strict=True))}


def newest_period(*periods: str | None) -> str | None:
    known = [p for p in periods if p]
    return analytics.sort_periods(known)[-1] if known else None


def snapshot(engine: Engine, settings: KioskSettings) -> dict:
    """Everything the kiosk shows, for the settings' region and indicator; raises StoreError when unreachable."""
    try:
        region = queries.region(engine, settings.wilayah)
    except NoDataError:
        region = queries.region(engine, "ID")
    meta = [indicator_info(r) for r in queries.indicators(engine, PUBLIC).to_dict("records")]
    by_code = {m["code"]: m for m in meta}
    headline = [by_code[r["code"]] for r in queries.indicators(engine, PUBLIC).to_dict("records") if r["headline"]]
    main = by_code.get(settings.indikator or "") or (headline[0] if headline else (meta[0] if meta else None))
    level, parent = peers_of(region)
    out: dict = {"region": region, "level": level, "tiles": [], "map": None, "movers": None, "targets": None}
    if "ringkasan" in settings.panels:
        out["tiles"] = tiles(engine, region, headline)
    if main and ("peta" in settings.panels or "penggerak" in settings.panels):
        out["map"], out["movers"] = map_and_movers(engine, main, level, parent)
    if "target" in settings.panels:
        candidates = [main] + [h for h in headline if h is not main] if main else headline
        out["targets"] = target_panel(engine, candidates, level, parent)
    out["as_of"] = newest_period(*(t["period"] for t in out["tiles"]), (out["map"] or {}).get("period"),
                                 *(r["period"] for r in (out["targets"] or {}).get("rows", [])))
    loaded = queries.last_loaded(engine, PUBLIC)
    shown = {t["code"] for t in out["tiles"]} | ({main["code"]} if main else set())
    stamps = [v for k, v in loaded.items() if k in shown and v is not None]
    out["loaded_at"] = max(stamps).isoformat() if stamps else None
    return out


def states(snap: dict) -> dict[str, str | None]:
    """Status per indicator and region for the alert ticker: target band (and, later, forecast on-track)."""
    out: dict[str, str | None] = {}
    for t in snap.get("tiles") or []:
        if t.get("band"):
            out[f"band|{t['code']}|{snap['region']['code']}"] = t["band"]
        if t.get("track"):
            out[f"track|{t['code']}|{snap['region']['code']}"] = "on_track" if t["track"] == "on_track" else "off_track"
    targets = snap.get("targets") or {}
    if targets.get("indicator"):
        for code, band in targets["bands"].items():
            out[f"band|{targets['indicator']['code']}|{code}"] = band
    return out


def fingerprint(snap: dict) -> str:
    return hashlib.sha1(json.dumps(snap, sort_keys=True, default=str).encode()).hexdigest()
