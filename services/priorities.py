"""Assembling the priority matrix from the store: the criteria per child region and indicator, then
models.priority.score. Every read goes through the query layer with the caller's Access. No layout code.

Criteria (each oriented so that larger = more need for action):
  gap_to_target  distance past the nearest plan target (percent of the target), 0 when on the right side
  trend          recent change per year, sign turned so that worsening is positive (least squares, last 5 years)
  below_median   distance from the peers' median in the bad direction
  p_miss         probability of missing the target in its year: 1 - the chance the verdict shows
  population     people affected (thousands), when population data exists for the level
A criterion with no value for any child (e.g. no kab/kota targets in the store) is dropped and reported; so is an
indicator with no value at the children's level. Values from before a split of their region (the 2022 Papua split)
do not stand for today's region and are left out of every criterion (services.comparability).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from i18n import fmt_period
from models import attainment
from models.priority import DEFAULT_INDICATORS as DEFAULT_INDICATORS
from models.priority import DEFAULT_WEIGHTS as DEFAULT_WEIGHTS
from models.priority import PriorityResult, score
from services import comparability, queries
from services.access import PUBLIC, Access
from services.targets import forecast_at


@dataclass
class PriorityInputs:
    long: pd.DataFrame                      # region, indicator, criterion, value
    latest: dict[str, str]                  # indicator -> period used
    names: dict[str, str]                   # region code -> name
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (indicator, criterion) with no data at all
    absent: list[str] = field(default_factory=list)  # indicators chosen that have no value for any child


def _year(period: str) -> int:
    return int(period[:4])


def _latest_common_period(frame: pd.DataFrame) -> str | None:
    if frame.empty:
        return None
    counts = frame.groupby("period").size()
    best = counts[counts >= max(1, int(0.5 * counts.max()))]
    return str(max(best.index))


def _target_of(targets: list[dict], year: int) -> attainment.Target | None:
    """The target the verdict judges (models.attainment.pick_target, the same on every page and in the brief)."""
    row = attainment.pick_target(targets, year)
    return None if row is None else attainment.Target(int(row["year"]), float(row["low"]), float(row["high"]),
                                                       str(row["plan"]))


def _gap(value: float, target: attainment.Target, hib: bool | None) -> float:
    ref = target.reference(hib)
    if ref == 0:
        return 0.0
    if hib is True:
        return max(0.0, (target.low - value) / abs(ref) * 100)
    if hib is False:
        return max(0.0, (value - target.high) / abs(ref) * 100)
    return abs(value - ref) / abs(ref) * 100


def children_of(engine: Engine, parent: str, access: Access) -> pd.DataFrame:
    level = "province" if parent == "ID" else "regency"
    frame = queries.regions(engine, level=level, parent=None if parent == "ID" else parent, access=access)
    return frame[["code", "name"]]


def build_inputs(engine: Engine, parent: str, indicators: Sequence[str], access: Access = PUBLIC,
                 forecasts: dict[str, dict] | None = None) -> PriorityInputs:
    """The long criteria frame for the children of `parent` on `indicators`.

    `forecasts`: indicator -> {region: models.forecast.Forecast} (stored forecasts), optional.
    """
    kids = children_of(engine, parent, access)
    codes = kids["code"].tolist()
    meta = queries.indicators(engine, access).set_index("code")
    rows: list[tuple[str, str, str, float]] = []
    latest: dict[str, str] = {}
    absent: list[str] = []
    for code in indicators:
        if code not in meta.index:
            continue
        hib = meta.loc[code, "higher_is_better"]
        hib = None if hib is None or (isinstance(hib, float) and np.isnan(hib)) else bool(hib)
        history = comparability.only_comparable(queries.series(engine, code, codes, access), code)
        period = _latest_common_period(history)
        if period is None:
            absent.append(code)
            continue
        latest[code] = period
        now = history[history["period"] == period].set_index("region_code")["value"]
        median = float(now.median()) if len(now) else np.nan
        # split once per indicator, not once per region (a pandas filter per region made /prioritas slow)
        targets = {r: g.to_dict("records") for r, g in queries.targets(engine, code, access=access)
                   .groupby("region_code")}
        recent = {r: g for r, g in history[history["period"].str[:4].astype(int) >= _year(period) - 5]
                  .groupby("region_code")}
        for region in codes:
            value = now.get(region, np.nan)
            rows.append((region, code, "below_median", np.nan if np.isnan(value) or hib is None
                         else (median - value if hib else value - median)))
            past = recent.get(region, history.iloc[0:0])
            slope = attainment.annual_change([_year(p) + (int(p[5:7]) - 1) / 12 if len(p) == 7 else _year(p) + 0.5
                                              for p in past["period"]], past["value"].tolist())
            rows.append((region, code, "trend", np.nan if slope is None or hib is None
                         else (-slope if hib else slope)))
            target = _target_of(targets.get(region, []), _year(period))
            rows.append((region, code, "gap_to_target",
                         np.nan if target is None or np.isnan(value) else _gap(float(value), target, hib)))
            rows.append((region, code, "p_miss", _p_miss(forecasts, code, region, target, hib)))
    population = (comparability.only_comparable(queries.series(engine, "penduduk", codes, access), "penduduk")
                  if "penduduk" in meta.index else pd.DataFrame())
    if not population.empty:
        last = population.sort_values("period").groupby("region_code")["value"].last()
        for region in codes:
            rows.append((region, "penduduk", "population", float(last.get(region, np.nan))))
    long = pd.DataFrame(rows, columns=["region", "indicator", "criterion", "value"])
    long, dropped = drop_empty(long)
    return PriorityInputs(long, latest, dict(zip(kids["code"], kids["name"], strict=True)), dropped, absent)


def _p_miss(forecasts, indicator, region, target, hib) -> float:
    """1 - the chance the verdict shows (services.targets.forecast_at + models.attainment.chance_of)."""
    if not forecasts or target is None:
        return np.nan
    point = forecast_at(forecasts.get(indicator, {}).get(region), indicator, target.year)
    return np.nan if point is None else 1.0 - attainment.chance_of(point, target, hib)


def drop_empty(long: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Drop (indicator, criterion) columns with no value for any region; say which."""
    has = long.groupby(["indicator", "criterion"])["value"].apply(lambda s: s.notna().any())
    empty = [key for key, ok in has.items() if not ok]
    keep = ~long.set_index(["indicator", "criterion"]).index.isin(empty)
    return long[keep].reset_index(drop=True), empty


def priorities(engine: Engine, parent: str, indicators: Sequence[str], weights: dict[str, float],
               access: Access = PUBLIC, forecasts: dict[str, dict] | None = None,
               draws: int = 300) -> tuple[PriorityInputs, PriorityResult]:
    inputs = build_inputs(engine, parent, indicators, access, forecasts)
    # Population is one cell per region, not per indicator: it is weighted like any criterion.
    result = score(inputs.long, weights, regions=list(inputs.names), draws=draws)
    return inputs, result


def narrative(inputs: PriorityInputs, result: PriorityResult, meta: pd.DataFrame, lang: str = "id",
              fmt=None) -> list[str]:
    """Short sentences generated from the numbers: the top regions, the indicator where each is furthest
    behind, and its trend. `meta`: indicators indexed by code; `fmt(value, decimals, lang)` formats numbers."""
    fmt = fmt or (lambda v, d, lg: f"{v:.{d}f}")
    lines = []
    long = inputs.long.set_index(["region", "indicator", "criterion"])["value"]
    for row in result.ranking.head(3).itertuples(index=False):
        region = inputs.names.get(row.region, row.region)
        if result.heatmap.empty or row.region not in result.heatmap.index:
            continue
        worst = result.heatmap.loc[row.region].dropna()
        worst = worst[worst.index != "penduduk"]
        if worst.empty:
            continue
        code = str(worst.idxmax())
        name = meta.loc[code, "short_id" if lang == "id" else "short_en"] or code
        decimals = int(meta.loc[code, "decimals"])
        gap = long.get((row.region, code, "gap_to_target"))
        trend = long.get((row.region, code, "trend"))
        below = long.get((row.region, code, "below_median"))
        parts = []
        if gap is not None and not np.isnan(gap) and gap > 0:
            parts.append(("tertinggal {g}% dari target" if lang == "id" else "{g}% behind target").format(
                g=fmt(gap, 1, lang)))
        elif below is not None and not np.isnan(below) and below > 0:
            parts.append(("{b} poin lebih buruk dari median wilayah setara" if lang == "id"
                          else "{b} points worse than the peer median").format(b=fmt(below, decimals, lang)))
        if trend is not None and not np.isnan(trend):
            if lang == "id":
                parts.append("tren memburuk" if trend > 0 else "tren membaik")
            else:
                parts.append("trend worsening" if trend > 0 else "trend improving")
        period = fmt_period(inputs.latest.get(code, ""), lang)
        detail = ", ".join(parts) if parts else ("paling perlu perhatian" if lang == "id" else "most in need")
        if lang == "id":
            lines.append(f"{row.rank}. {region}: {name} ({period}) {detail}; stabilitas peringkat "
                         f"{fmt(row.stability * 100, 0, lang)}%.")
        else:
            lines.append(f"{row.rank}. {region}: {name} ({period}) {detail}; rank stability "
                         f"{fmt(row.stability * 100, 0, lang)}%.")
    return lines
