"""The kiosk's numbers: one JSON-ready snapshot per refresh, read through the query layer (public tier only).

Nothing here formats text or builds components; `layouts.kiosk` renders a snapshot. StoreError passes through.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from models import kiosk as analytics
from models.breaks import breaks_for, crosses_break
from models.periods import same_part_year_before
from models.summary import comparison_period
from services import comparability, geometry, maps, queries, village_seed, villages
from services.access import PUBLIC
from services.cache import cached_query
from services.errors import NoDataError
from services.kiosk import KioskSettings
from services.series_breaks import BREAKS
from services.targets import on_track

LIMIT = 5  # rows per list on a screen read from 5 m
MOVERS = 20  # movers kept per side: ten a column, twenty when the other side is empty (five left 60% of the screen
# empty)
MAX_PERIODS_TRIED = 12
VERDICT_KEYS = ("year", "plan", "status", "probability", "forecast_period", "latest_period", "has_forecast")


def indicator_info(row: dict) -> dict:
    hib, unit_en = row.get("higher_is_better"), row.get("unit_en")
    return {"code": row["code"], "name_id": row["name_id"], "name_en": row["name_en"],
            "short_id": row.get("short_id") or row["name_id"], "short_en": row.get("short_en") or row["name_en"],
            "unit": row.get("unit") or "", "unit_en": None if unit_en is None or pd.isna(unit_en) else unit_en,
            "decimals": int(row.get("decimals") or 0),
            "hib": None if hib is None or pd.isna(hib) else bool(hib)}


def _value(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def latest_frames(engine: Engine, code: str, level: str, parent: str | None) -> list[tuple[str, pd.DataFrame]]:
    """The newest period in which the peers have values and the period it is compared with, newest first, with
    their frames. The comparison follows the overview cards (models.summary.comparison_period): the same month a
    year earlier when the peers have it (TPT August with August, not with February), else the period before."""
    ordered = analytics.sort_periods(queries.periods(engine, code, level=level, access=PUBLIC))[::-1]

    def frame_of(period: str) -> pd.DataFrame:
        frame = queries.values_for_period(engine, code, period, level=level, parent=parent, access=PUBLIC)
        return frame.dropna(subset=["value"])

    def with_values():
        for period in ordered[:MAX_PERIODS_TRIED]:
            frame = frame_of(period)
            if not frame.empty:
                yield period, frame

    periods = with_values()
    latest = next(periods, None)
    if latest is None:
        return []
    like = same_part_year_before(latest[0])
    if like in ordered[:MAX_PERIODS_TRIED] and not (like_frame := frame_of(like)).empty:
        return [latest, (like, like_frame)]
    previous = next(periods, None)
    return [latest] if previous is None else [latest, previous]


def tile(info: dict, series: pd.DataFrame, region: str = "") -> dict:
    """One headline indicator of one region: latest value and the change since the period the overview card
    compares with (same month a year earlier, else the previous period; never across a series break)."""
    out = {**info, "value": None, "period": None, "previous_period": None, "change": None, "preliminary": False,
           "target": None, "band": None, "track": None}
    series = series.dropna(subset=["value"])
    if series.empty:
        return out
    latest = analytics.sort_periods(series["period"])[-1]
    row = series[series["period"] == latest].iloc[0]
    out.update(value=float(row["value"]), period=latest, preliminary=row.get("status") == "preliminary")
    previous = comparison_period(list(series["period"]), latest, breaks_for(BREAKS, info["code"], region))
    if previous:
        out["previous_period"] = previous
        out["change"] = out["value"] - float(series[series["period"] == previous].iloc[0]["value"])
    return out


def with_target(data: dict, found: dict | None) -> dict:
    """The tile's target, attainment band and on-track status, from services.targets.on_track (the one
    definition the overview cards, the trend chart and the forecast page use too)."""
    if not found or data.get("value") is None:
        return data
    target = {"year": found["year"], "low": found["low"], "high": found["high"], "plan": found["plan"]}
    verdict = {k: found.get(k) for k in VERDICT_KEYS}  # what layouts.on_track words the chance line from
    return {**data, "target": target, "band": found["band"], "track": found["status"], "verdict": verdict}


def tiles(engine: Engine, region: dict, headline: list[dict]) -> list[dict]:
    values = queries.region_values(engine, region["code"], access=PUBLIC)
    out = []
    for info in headline:
        data = tile(info, values[values["indicator_code"] == info["code"]], region["code"])
        out.append(with_target(data, on_track(engine, info["code"], region["code"], PUBLIC)))
    return out


def map_and_movers(engine: Engine, info: dict, level: str, parent: str | None) -> tuple[dict, dict]:
    frames = latest_frames(engine, info["code"], level, parent)
    peers = queries.regions(engine, level=level, parent=parent, access=PUBLIC)
    base = {"indicator": info, "level": level, "parent": parent}
    if not frames:
        return {**base, "period": None, "regions": [], "missing": peers["code"].tolist()}, {**base, "latest": None}
    period, frame = frames[0]
    stands = comparability.row_flags(frame.assign(period=period), info["code"])
    frame = frame[stands]  # a value of the region before its split is not today's: no mover, not on the map
    if frame.empty:
        return {**base, "period": None, "regions": [], "missing": peers["code"].tolist()}, {**base, "latest": None}
    view = maps.build_map_view(engine, info["code"], period, level, parent, "quantile", PUBLIC)  # /peta's map
    shown, earlier_codes = np.isfinite(view.values), np.isfinite(view.earlier)
    regions = [[view.codes[i], view.names[i], float(view.values[i]), int(view.classes[i])]
               for i in np.flatnonzero(shown)]
    missing = sorted(c for c, has, old in zip(view.codes, shown, earlier_codes, strict=True) if not has and not old)
    map_data = {**base, "period": period, "regions": regions, "missing": missing,
                "edges": list(view.breaks.edges) if view.breaks else [],
                "earlier": sorted(c for c, old in zip(view.codes, earlier_codes, strict=True) if old)}
    if len(frames) < 2:
        return map_data, {**base, "latest": period, "previous": None, "better": [], "worse": []}
    previous_period, previous = frames[1]
    # a region whose series changes basis between the two periods (the Papua split) is no mover
    comparable = [not crosses_break(previous_period, period, breaks_for(BREAKS, info["code"], str(code)))
                  for code in previous["region_code"]]
    better, worse = analytics.movers(frame, previous[comparable], info["hib"], len(frame))
    rows = lambda f: [[r.region_code, r.name, float(r.value), float(r.change)] for r in f.itertuples()]
    return map_data, {**base, "latest": period, "previous": previous_period, "better": rows(better.head(MOVERS)),
                      "worse": rows(worse.head(MOVERS)), "counts": [len(better), len(worse)]}


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
    values = comparability.only_comparable(values, info["code"])  # a pre-split value is not today's gap
    gaps = analytics.target_gaps(values, targets, info["hib"])
    behind = gaps[gaps["shortfall"] > 0].head(LIMIT)
    keep = ["region_code", "name", "value", "period", "year", "low", "high", "plan", "shortfall", "band"]
    return {"indicator": info, "level": level, "met": int((gaps["shortfall"] <= 0).sum()), "total": len(gaps),
            "rows": behind[keep].to_dict("records"), "bands": dict(zip(gaps["region_code"], gaps["band"], strict=True))}


def own_targets(region: dict, tiles_with_targets: list[dict]) -> dict:
    """The region's own plan targets (its RPJMD/RKPD), from its tiles: the panel when none of its peers has a
    target (a province's kab/kota in the bundled data), instead of an empty screen every fourth turn."""
    rows = [d for d in tiles_with_targets if d.get("target") and d.get("value") is not None]
    return {"indicator": None, "level": region["level"], "rows": [], "bands": {}, "region": region, "own": rows,
            "met": sum(d.get("band") == "tercapai" for d in rows), "total": len(rows)}


def village_panel(engine: Engine, region: dict) -> dict:
    """A kab/kota's desa/kelurahan with a shape and each desa's published IDM status (category number, None without
    one), the counts per status (services.villages.status_counts) and the kelurahan the IDM does not score."""
    state = village_seed.state(engine, False)
    if state != "ready":
        return {"state": state, "region": region["code"]}
    code = region["code"]
    values = villages.village_values(engine, code, PUBLIC)
    status = values[values["indicator_code"] == villages.STATUS]
    periods = sorted(status["period"].unique())
    if not periods:
        return {"state": "empty", "region": code}
    period = periods[-1]
    found = {c: int(v) for c, v in zip(status.loc[status["period"] == period, "region_code"],
                                       status.loc[status["period"] == period, "value"], strict=True)}
    regions = queries.regions(engine, level="village", parent=code)
    regions = regions[regions["code"].isin(geometry.codes_drawn(geometry.name_for("village", code)))]
    return {"state": "ready", "region": code, "period": period, "codes": regions["code"].tolist(),
            "names": regions["name"].tolist(), "status": [found.get(c) for c in regions["code"]],
            "kelurahan": regions.loc[regions["kind"] == villages.KELURAHAN, "code"].tolist(),
            "statuses": villages.status_counts(values, queries.categories(engine, villages.STATUS), period, None)}


def newest_period(*periods: str | None) -> str | None:
    known = [p for p in periods if p]
    return analytics.sort_periods(known)[-1] if known else None


def themed_headline(rows: list[dict], theme: str | None, limit: int = 8) -> list[str]:
    """Codes of the tiles: the headline indicators, or with a theme its headline indicators (its first `limit`
    indicators when none of them is a headline one)."""
    if not theme:
        return [r["code"] for r in rows if r["headline"]]
    own = [r for r in rows if r.get("theme") == theme]
    return [r["code"] for r in own if r["headline"]] or [r["code"] for r in own][:limit]


@cached_query
def snapshot(engine: Engine, settings: KioskSettings) -> dict:
    """Everything the kiosk shows, for the settings' region and indicator; raises StoreError when unreachable.
    Kept per store generation (and settings): a wall screen's refresh reads it again every few minutes."""
    try:
        region = queries.region(engine, settings.region)
    except NoDataError:
        region = queries.region(engine, "ID")
    rows = queries.indicators(engine, PUBLIC).to_dict("records")
    by_code = {r["code"]: indicator_info(r) for r in rows}
    headline = themed_headline(rows, settings.theme)
    meta = [by_code[r["code"]] for r in rows if not settings.theme or r.get("theme") == settings.theme]
    headline = [by_code[c] for c in headline]
    main = by_code.get(settings.indicator or "") or (headline[0] if headline else (meta[0] if meta else None))
    level, parent = maps.peers_of(region)
    out: dict = {"region": region, "level": level, "tiles": [], "map": None, "movers": None, "targets": None,
                 "villages": None}
    if "desa" in settings.panels and region["level"] == "regency":
        out["villages"] = village_panel(engine, region)
    if "ringkasan" in settings.panels:
        out["tiles"] = tiles(engine, region, headline)
    if main and ("peta" in settings.panels or "penggerak" in settings.panels):
        out["map"], out["movers"] = map_and_movers(engine, main, level, parent)
    if "target" in settings.panels:
        candidates = [main] + [h for h in headline if h is not main] if main else headline
        out["targets"] = target_panel(engine, candidates, level, parent)
        if out["targets"]["indicator"] is None:
            out["targets"] = own_targets(region, out["tiles"] or tiles(engine, region, headline))
    out["as_of"] = newest_period(*(t["period"] for t in out["tiles"]), (out["map"] or {}).get("period"),
                                 *(r["period"] for r in (out["targets"] or {}).get("rows", [])),
                                 *(d["period"] for d in (out["targets"] or {}).get("own", [])))
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
