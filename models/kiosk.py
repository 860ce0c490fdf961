"""Kiosk analytics: biggest movers between two periods, distance from plan targets (achievement and bands from
models.attainment) and status changes between two refreshes. Pure pandas; no I/O.

Frames in: `region_code`, `name`, `value` (plus `period` where said). Polarity: `higher_is_better` True, False,
or None (neutral: no direction is better, so a change is only "up" or "down").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from models.attainment import DEFAULT_BANDS, Target, achievement
from models.periods import period_date

#: Which plan to read first when a region has several targets for one year (medium-term plans first).
PLAN_PRIORITY = ("RPJMD", "RPD", "RPJMN", "RKPD", "RKP", "SDG")

#: Where a period label sits in time (a plain year at mid-year): the one rule of models.periods.
period_order = period_date


def sort_periods(periods) -> list[str]:
    return sorted(set(periods), key=period_order)


def movers(current: pd.DataFrame, previous: pd.DataFrame, higher_is_better: bool | None,
           n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The regions that moved most between two periods: (improved, worsened), each largest change first.

    For a neutral indicator the pair is (rose, fell). A region needs a value in both periods; one that did not
    move is in neither list. Columns: region_code, name, value, previous, change.
    """
    cur = current[["region_code", "name", "value"]].dropna(subset=["value"])
    old = previous[["region_code", "value"]].dropna(subset=["value"]).rename(columns={"value": "previous"})
    both = cur.merge(old, on="region_code", how="inner")
    both["change"] = both["value"] - both["previous"]
    both = both[both["change"].abs() > 1e-12]
    rose = both[both["change"] > 0].sort_values(["change", "region_code"], ascending=[False, True])
    fell = both[both["change"] < 0].sort_values(["change", "region_code"], ascending=[True, True])
    better, worse = (fell, rose) if higher_is_better is False else (rose, fell)
    return better.head(n).reset_index(drop=True), worse.head(n).reset_index(drop=True)


def shortfall(value: float, low: float, high: float, higher_is_better: bool | None) -> float:
    """How far a value is on the wrong side of a target band, in the indicator's unit (0 when met)."""
    if higher_is_better is True:
        return max(low - value, 0.0)
    if higher_is_better is False:
        return max(value - high, 0.0)
    return max(low - value, value - high, 0.0)


def _plan_rank(plan: str) -> int:
    for i, prefix in enumerate(PLAN_PRIORITY):
        if str(plan).upper().startswith(prefix):
            return i
    return len(PLAN_PRIORITY)


def pick_target(targets: pd.DataFrame, year: int) -> dict | None:
    """The target a value of `year` is judged against: that year's, else the first later one; per year the
    medium-term plan first. `targets`: year, low, high, plan (one region, one indicator). None when none fits."""
    fit = [r for r in targets[["year", "low", "high", "plan"]].itertuples(index=False) if int(r.year) >= year]
    if not fit:
        return None
    row = min(fit, key=lambda r: (int(r.year), _plan_rank(r.plan), str(r.plan)))
    return {"year": int(row.year), "low": float(row.low), "high": float(row.high), "plan": str(row.plan)}


def target_gaps(values: pd.DataFrame, targets: pd.DataFrame, higher_is_better: bool | None) -> pd.DataFrame:
    """Each region's latest value against its target, furthest behind first.

    `values`: region_code, name, value, period; `targets`: region_code, year, low, high, plan. Regions without a
    fitting target are left out. Columns added: year, low, high, plan, shortfall, achievement, band.
    """
    rows = []
    by_region = {code: group for code, group in targets.groupby("region_code")} if not targets.empty else {}
    for r in values.dropna(subset=["value"]).to_dict("records"):
        target = pick_target(by_region.get(r["region_code"], targets.iloc[0:0]), period_order(r["period"]).year)
        if target is None:
            continue
        gap = shortfall(r["value"], target["low"], target["high"], higher_is_better)
        pct = achievement(r["value"], Target(**target), higher_is_better)
        rows.append({**r, **target, "shortfall": gap, "achievement": pct, "band": DEFAULT_BANDS.status(pct)})
    columns = [*values.columns, "year", "low", "high", "plan", "shortfall", "achievement", "band"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["shortfall", "region_code"], ascending=[False, True]).reset_index(drop=True)


@dataclass(frozen=True)
class StatusChange:
    key: str
    old: str
    new: str


def status_changes(previous: Mapping[str, str | None], current: Mapping[str, str | None]) -> list[StatusChange]:
    """Keys whose status differs between two refreshes (both known); a key seen for the first time is no change."""
    changes = []
    for key in sorted(current):
        old, new = previous.get(key), current[key]
        if old is not None and new is not None and old != new:
            changes.append(StatusChange(key, old, new))
    return changes


BAND_ORDER = {"belum": 0, "hampir": 1, "tercapai": 2, "off_track": 0, "on_track": 1}


def is_improvement(change: StatusChange) -> bool:
    return BAND_ORDER.get(change.new, 0) > BAND_ORDER.get(change.old, 0)
