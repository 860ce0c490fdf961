"""Plan targets: reading them for pages, validating and saving edits from the forecast page, and the on-track
status other pages show (`targets_for`, `on_track_for`). Who may edit is decided here and only here
(`may_edit_targets`, permission "edit_targets" within the user's region scope). Every add, edit and delete is
written to the audit log (who, indicator, region, year, plan, old -> new).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data.errors import NoDataError, Problem, StoreError, ValidationError
from data.schema import Indicator, Region, utcnow
from data.schema import Target as TargetRow
from data.store import bump_generation
from models.attainment import Target, assess, pick_target
from models.forecast import Forecast
from services import audit, queries
from services.access import PUBLIC, Access
from services.auth import current_access
from services.context import AppContext
from services.forecast_jobs import TARGET_MONTH
from services.forecasts import forecast_for

EDIT_PERMISSION = "edit_targets"
PLANS = ("RPJMN", "RKP", "RPJMD", "RKPD", "RPD", "SDG")
YEARS = (2000, 2100)


def request_access() -> Access:
    """The caller of the current request (the public outside one)."""

    return current_access()


def may_edit_targets(access: Access, region: str | None = None) -> bool:
    if not access.can(EDIT_PERMISSION):
        return False
    return region is None or access.owns_region(region)


# ------------------------------------------------------------------ reading
def targets_for(ctx: AppContext, indicator: str, region: str, access: Access = PUBLIC) -> list[dict]:
    """The targets of one indicator and region, oldest year first (year, low, high, plan, source)."""
    frame = queries.targets(ctx.engine, indicator, region, access=access)
    return frame.sort_values(["year", "plan"]).to_dict("records") if not frame.empty else []


def editable_rows(engine: Engine, indicator: str, access: Access = PUBLIC, region: str | None = None) -> list[dict]:
    """The targets of an indicator (of one region if given) as grid rows, with region names and who changed them."""
    stmt = (select(TargetRow.id, TargetRow.region_code, Region.name.label("region_name"), TargetRow.year,
                   TargetRow.low, TargetRow.high, TargetRow.plan, TargetRow.source, TargetRow.created_by,
                   TargetRow.updated_by, TargetRow.updated_at)
            .join(Region, Region.code == TargetRow.region_code)
            .join(Indicator, Indicator.code == TargetRow.indicator_code)
            .where(TargetRow.indicator_code == indicator, Indicator.tier.in_(sorted(access.tiers)))
            .order_by(TargetRow.region_code, TargetRow.year, TargetRow.plan))
    if region:
        stmt = stmt.where(TargetRow.region_code == region)
    try:
        with engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
    except SQLAlchemyError as exc:
        raise StoreError(f"editable_rows: {exc.__class__.__name__}") from exc
    return [r for r in rows if access.sees_region(r["region_code"])]


# ------------------------------------------------------------------ validating and saving
def _number(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class CleanTarget:
    id: int | None
    indicator_code: str
    region_code: str
    year: int
    low: float
    high: float
    plan: str
    source: str | None


def validate_targets(engine: Engine, indicator: str, rows: Sequence[Mapping]) -> tuple[list[CleanTarget], list[Problem]]:
    """Check every row; collect every problem (row numbers from 1) before anything is written."""
    with engine.connect() as conn:
        meta = conn.execute(select(Indicator.min_value, Indicator.max_value).where(Indicator.code == indicator)).first()
        known_regions = set(conn.scalars(select(Region.code)).all())
    problems: list[Problem] = []
    if meta is None:
        return [], [Problem(None, "indicator_code", f"indikator {indicator!r} tidak dikenal",
                            f"unknown indicator {indicator!r}")]
    lo_bound, hi_bound = meta
    clean: list[CleanTarget] = []
    seen: set[tuple] = set()
    for number, row in enumerate(rows, start=1):
        found = _check_row(number, row, known_regions, lo_bound, hi_bound)
        if isinstance(found, list):
            problems.extend(found)
            continue
        key = (found.region_code, found.year, found.plan)
        if key in seen:
            problems.append(Problem(number, "plan", "target ganda untuk wilayah, tahun dan rencana yang sama",
                                    "duplicate target for the same region, year and plan"))
            continue
        seen.add(key)
        clean.append(CleanTarget(row.get("id"), indicator, *key[:2], found.low, found.high, found.plan,
                                 found.source))
    return clean, problems


def _check_row(number: int, row: Mapping, regions: set[str], lo_bound, hi_bound) -> CleanTarget | list[Problem]:
    bad: list[Problem] = []
    add = lambda col, rid, ren: bad.append(Problem(number, col, rid, ren))
    region = str(row.get("region_code") or "").replace(".", "").strip()
    region = "ID" if region.upper() == "ID" else region
    if region not in regions:
        add("region_code", f"kode wilayah {region or '(kosong)'!r} tidak dikenal",
            f"unknown region code {region or '(empty)'!r}")
    year = _number(row.get("year"))
    if year is None or year != int(year) or not YEARS[0] <= year <= YEARS[1]:
        add("year", f"tahun harus bilangan bulat {YEARS[0]}–{YEARS[1]}", f"year must be a whole number {YEARS[0]}–{YEARS[1]}")
    low, high = _number(row.get("low")), _number(row.get("high"))
    if low is None:
        add("low", "batas bawah harus angka", "low must be a number")
    if high is None:
        high = low  # a single value may be typed once
    if low is not None and high is not None:
        if low > high:
            add("high", "batas bawah lebih besar dari batas atas", "low is above high")
        for value in (low, high):
            if (lo_bound is not None and value < lo_bound) or (hi_bound is not None and value > hi_bound):
                add("low", f"nilai {value:g} di luar rentang indikator ({lo_bound:g}–{hi_bound:g})"
                    if lo_bound is not None and hi_bound is not None else f"nilai {value:g} di luar rentang indikator",
                    f"value {value:g} is outside the indicator's bounds")
                break
    plan = str(row.get("plan") or "").strip()
    if not plan:
        add("plan", "nama rencana (mis. RPJMD 2025-2029) wajib diisi", "the plan (e.g. RPJMD 2025-2029) is required")
    if bad:
        return bad
    source = str(row.get("source") or "").strip() or None
    return CleanTarget(None, "", region, int(year), float(low), float(high), plan[:100], source)


@dataclass(frozen=True)
class SaveReport:
    inserted: int
    updated: int
    deleted: int = 0


def _marked_for_deletion(row: Mapping) -> bool:
    return row.get("delete") is True or str(row.get("delete")).lower() in ("true", "1")


def _deletions(engine: Engine, indicator: str, rows: Sequence[Mapping]) -> list[dict]:
    """The stored targets (of `indicator`) the rows marked for deletion name by id; new rows marked are ignored."""
    ids = [int(r["id"]) for r in rows if _marked_for_deletion(r) and str(r.get("id") or "").isdigit()]
    if not ids:
        return []
    with engine.connect() as conn:
        found = conn.execute(select(TargetRow.id, TargetRow.region_code, TargetRow.year, TargetRow.plan,
                                    TargetRow.low, TargetRow.high, TargetRow.source)
                             .where(TargetRow.id.in_(ids), TargetRow.indicator_code == indicator)).mappings()
        return [dict(r) for r in found]


def save_targets(engine: Engine, indicator: str, rows: Sequence[Mapping], access: Access,
                 ip: str | None = None) -> SaveReport:
    """Validate, check the caller may edit each region, then write all rows in one transaction (who and when);
    rows marked `delete` are removed. Each change is audited afterwards.

    Raises ValidationError listing every problem; nothing is written then.
    """
    doomed = _deletions(engine, indicator, rows)
    clean, problems = validate_targets(engine, indicator, [r for r in rows if not _marked_for_deletion(r)])
    user = access.user or "?"
    for number, target in enumerate(clean, start=1):
        if not may_edit_targets(access, target.region_code):
            problems.append(Problem(number, "region_code", "Anda tidak berhak mengubah target wilayah ini",
                                    "you may not edit targets of this region"))
    for target in doomed:
        if not may_edit_targets(access, target["region_code"]):
            problems.append(Problem(None, "region_code", f"Anda tidak berhak menghapus target wilayah "
                                    f"{target['region_code']}", f"you may not delete targets of region "
                                    f"{target['region_code']}"))
    if not may_edit_targets(access):
        problems = [Problem(None, None, "Anda tidak berhak mengubah target", "you may not edit targets")]
    if problems:
        raise ValidationError(problems)
    try:
        changes = _write(engine, indicator, clean, doomed, user)
    except SQLAlchemyError as exc:
        raise StoreError(f"save_targets: {exc.__class__.__name__}") from exc
    for op, key, old, new in changes:
        audit.record(engine, "target_change", actor=access.user, target=f"{indicator} {key}", ip=ip,
                     detail={"op": op, "indicator": indicator, "old": old, "new": new})
    count = lambda op: sum(1 for c in changes if c[0] == op)
    return SaveReport(count("add"), count("edit"), count("delete"))


def _values(low: float, high: float, source: str | None) -> dict:
    return {"low": low, "high": high, "source": source}


def _write(engine: Engine, indicator: str, clean: list[CleanTarget], doomed: list[dict],
           user: str) -> list[tuple[str, str, dict | None, dict | None]]:
    """Apply the edits in one transaction; (op, "region year plan", old, new) per change."""
    changes: list[tuple[str, str, dict | None, dict | None]] = []
    now = utcnow()
    with engine.begin() as conn:
        for target in clean:
            key = f"{target.region_code} {target.year} {target.plan}"
            match = and_(TargetRow.indicator_code == indicator, TargetRow.region_code == target.region_code,
                         TargetRow.year == target.year, TargetRow.plan == target.plan)
            existing = conn.execute(select(TargetRow.id, TargetRow.low, TargetRow.high, TargetRow.source)
                                    .where(match)).first()
            if existing is None:
                conn.execute(insert(TargetRow).values(
                    indicator_code=indicator, region_code=target.region_code, year=target.year, low=target.low,
                    high=target.high, plan=target.plan, source=target.source, created_by=user, created_at=now,
                    updated_by=user, updated_at=now))
                changes.append(("add", key, None, _values(target.low, target.high, target.source)))
            elif (existing.low, existing.high, existing.source) != (target.low, target.high, target.source):
                conn.execute(update(TargetRow).where(TargetRow.id == existing.id).values(
                    low=target.low, high=target.high, source=target.source, updated_by=user, updated_at=now))
                changes.append(("edit", key, _values(existing.low, existing.high, existing.source),
                                _values(target.low, target.high, target.source)))
        for target in doomed:
            conn.execute(delete(TargetRow).where(TargetRow.id == target["id"]))
            changes.append(("delete", f"{target['region_code']} {target['year']} {target['plan']}",
                            _values(target["low"], target["high"], target["source"]), None))
        if changes:
            bump_generation(conn)
    return changes


def _time(period: str, month: str | None = None) -> float:
    year = int(period[:4])
    if len(period) == 7:
        return year + (int(period[5:]) - 1) / 12
    return year + ((int(month) - 1) / 12 if month else 0)


def histories(frame: pd.DataFrame) -> dict[str, list[tuple[str, float]]]:
    """A series frame (region_code, period, value) as plain (period, value) lists per region, oldest first."""
    out: dict[str, list[tuple[str, float]]] = {}
    for region, period, value in sorted(zip(frame["region_code"], frame["period"], frame["value"], strict=True)):
        out.setdefault(str(region), []).append((str(period), float(value)))
    return out


def forecast_at(forecast: Forecast | None, indicator: str, year: int) -> tuple | None:
    """(period, mean, lo80, hi80, lo95, hi95, quantiles) of the forecast for a target year (its headline survey
    month)."""
    if forecast is None or not forecast.ok:
        return None
    points = [p for p in forecast.points if p.period[:4] == str(year)]
    if not points:
        return None
    month = TARGET_MONTH.get(indicator)
    chosen = next((p for p in points if month and p.period.endswith("-" + month)), points[-1])
    return chosen.period, chosen.mean, chosen.lo80, chosen.hi80, chosen.lo95, chosen.hi95, chosen.quantiles


def assessment(indicator: str, region: str, target: Mapping, history: Sequence[tuple[str, float]],
               forecast: Forecast | None, higher_is_better: bool | None) -> dict:
    """The attainment of one target as a plain dict; `history` is (period, value) oldest first."""
    used = set(forecast.used_periods) if forecast is not None and forecast.used_periods else None
    hist = [(p, v) for p, v in history if used is None or p in used] or list(history)
    latest = history[-1] if history else None
    month = TARGET_MONTH.get(indicator)
    result = assess(
        Target(int(target["year"]), float(target["low"]), float(target["high"]), str(target["plan"])),
        higher_is_better,
        float(latest[1]) if latest is not None else None,
        str(latest[0]) if latest is not None else None,
        _time(str(latest[0])) if latest is not None else None,
        [_time(p) for p, _ in hist], [float(v) for _, v in hist],
        forecast_at(forecast, indicator, int(target["year"])))
    return {
        "indicator": indicator, "region": region, "year": int(target["year"]), "low": float(target["low"]),
        "high": float(target["high"]), "plan": target["plan"], "source": target.get("source"),
        "latest": result.latest, "latest_period": result.latest_period, "achievement": result.achievement,
        "band": result.band, "probability": result.probability, "forecast_mean": result.forecast_mean,
        "forecast_period": result.forecast_period, "required_change": result.required_change,
        "historical_change": result.historical_change, "status": result.status,
        "target_month": month,
    }


def on_track(engine: Engine, indicator: str, region: str, access: Access = PUBLIC) -> dict | None:
    """The on-track badge of one indicator and region against its next target; None without a target or data.

    The one definition every page and the kiosk use. Reads the STORED forecast only (never fits); without one
    the status (from history and target) is still given and `probability` is None.
    Keys: year, low, high, plan, source, latest, latest_period, achievement (%), band (tercapai/hampir/belum),
    probability (0-1, normal approximation), forecast_mean/period, required_change and historical_change (per
    year), status (on_track/moderately_improving/stagnating/worsening or None), has_forecast.
    """
    try:
        meta = queries.indicator(engine, indicator, access)
    except NoDataError:
        return None
    frame = queries.series(engine, indicator, [region], access=access)
    targets = queries.targets(engine, indicator, region, access=access)
    if frame.empty or targets.empty:
        return None
    history = histories(frame).get(region, [])
    target = pick_target(targets.to_dict("records"), int(history[-1][0][:4])) if history else None
    if target is None:
        return None
    forecast = forecast_for(engine, indicator, region, access)
    return {**assessment(indicator, region, target, history, forecast, meta["higher_is_better"]),
            "has_forecast": forecast is not None}


def on_track_for(ctx: AppContext, indicator: str, region: str, access: Access = PUBLIC) -> dict | None:
    """`on_track` on an app's store (see there)."""
    return on_track(ctx.engine, indicator, region, access)
