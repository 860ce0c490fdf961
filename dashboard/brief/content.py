"""What an executive brief holds for one region, read from the store with the caller's Access: key cards,
the map's values, the three top priorities with their numbers and sources, and the date of the data.
Language-free (the PDF and XLSX writers translate). No Dash, no layout code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from dashboard import priorities, queries
from dashboard.access import PUBLIC, Access
from dashboard.context import AppContext
from dashboard.series_breaks import SERIES_BREAKS
from dashboard.targets import on_track_for
from data.errors import NoDataError
from models import brief as brief_model
from models.breaks import breaks_for, from_records
from models.periods import period_date
from models.summary import change_tone, clean_series, comparison_period, data_year, nearest_targets

BREAKS = from_records(SERIES_BREAKS)
TOP = 3


@dataclass(frozen=True)
class KeyCard:
    indicator: dict  # code, name_id, name_en, short_id, short_en, unit, unit_en, decimals, higher_is_better, producer
    period: str | None
    value: float | None
    status: str | None
    previous_period: str | None
    change: float | None
    tone: str
    target: dict | None  # year, low, high, plan, source (the nearest plan target)
    on_track: dict | None  # dashboard.targets.on_track_for (band, achievement, probability, status, ...)


@dataclass(frozen=True)
class PriorityLine:
    rank: int
    region: dict  # code, name
    indicator: dict
    need: float
    period: str | None
    value: float | None
    criteria: dict[str, float]
    target: dict | None
    parent: str  # the region whose children were ranked


@dataclass(frozen=True)
class MapData:
    indicator: dict
    period: str
    level: str
    parent: str | None
    frame: pd.DataFrame  # code, name, value (NaN = no value)
    highlight: str | None = None


@dataclass
class Brief:
    region: dict
    cards: list[KeyCard]
    priorities: list[PriorityLine]
    map: MapData | None
    data_period: str | None  # the newest period shown on the cards
    loaded: datetime | None  # when the newest of those values was loaded
    generated: date = field(default_factory=date.today)
    notes: list[str] = field(default_factory=list)  # i18n keys of things left out
    basis: Selection | None = None  # the indicators and weights the priorities were ranked on
    basis_indicators: list[dict] = field(default_factory=list)  # metadata of basis.indicators the caller sees


@dataclass(frozen=True)
class Selection:
    """What the priority matrix ranks on: the /prioritas page's choice, or the defaults."""
    indicators: tuple[str, ...] = priorities.DEFAULT_INDICATORS
    weights: tuple[tuple[str, float], ...] = tuple(priorities.DEFAULT_WEIGHTS.items())

    @classmethod
    def of(cls, indicators=None, weights: dict[str, float] | None = None) -> Selection:
        """None or empty parts fall back to the defaults; unknown criteria are dropped."""
        known = {k: float(weights[k]) for k in priorities.DEFAULT_WEIGHTS if weights and weights.get(k) is not None}
        return cls(tuple(indicators) if indicators else priorities.DEFAULT_INDICATORS,
                   tuple(known.items()) if known else tuple(priorities.DEFAULT_WEIGHTS.items()))

    @property
    def is_default(self) -> bool:
        return self == Selection()


def _meta(row: dict) -> dict:
    keys = ("code", "name_id", "name_en", "short_id", "short_en", "unit", "unit_en", "decimals",
            "higher_is_better", "producer")
    out = {k: row.get(k) for k in keys}
    out["decimals"] = int(out["decimals"] if out["decimals"] is not None and out["decimals"] == out["decimals"]
                          else 2)
    hib = out["higher_is_better"]
    out["higher_is_better"] = None if hib is None or (isinstance(hib, float) and np.isnan(hib)) else bool(hib)
    return out


def _target(targets: pd.DataFrame, period: str | None) -> dict | None:
    if targets.empty or period is None:
        return None
    row = nearest_targets(targets, data_year(period)).iloc[0]
    return {"year": int(row["year"]), "low": float(row["low"]), "high": float(row["high"]),
            "plan": str(row["plan"]), "source": None if pd.isna(row["source"]) else str(row["source"])}


def key_card(ctx: AppContext, meta: dict, region: str, series: pd.DataFrame, targets: pd.DataFrame,
             access: Access) -> KeyCard:
    frame = clean_series(series)
    if frame.empty:
        return KeyCard(meta, None, None, None, None, None, "neutral", None, None)
    last = frame.iloc[-1]
    previous = comparison_period(list(frame["period"]), last["period"], breaks_for(BREAKS, meta["code"], region))
    change = None if previous is None else float(last["value"]) - float(
        frame.loc[frame["period"] == previous, "value"].iloc[0])
    track = on_track_for(ctx, meta["code"], region, access) if not targets.empty else None
    return KeyCard(meta, str(last["period"]), float(last["value"]), str(last.get("status") or "final"), previous,
                   change, change_tone(change, meta["higher_is_better"], meta["decimals"]),
                   _target(targets, str(last["period"])), track)


def key_cards(ctx: AppContext, region: str, access: Access) -> list[KeyCard]:
    """One card per headline indicator visible to `access`, in display order."""
    metas = queries.indicators(ctx.engine, access)
    metas = metas[metas["headline"].astype(bool)]
    own = queries.region_values(ctx.engine, region, access)
    targets = queries.targets(ctx.engine, region_code=region, access=access)
    return [key_card(ctx, _meta(m), region, own[own["indicator_code"] == m["code"]],
                     targets[targets["indicator_code"] == m["code"]], access) for m in metas.to_dict("records")]


def priority_parent(region: dict) -> str:
    """Whose children are ranked: Indonesia's provinces, a province's kab/kota, a kab/kota's own province."""
    return region["code"] if region["level"] in ("country", "province") else str(region["parent_code"])


def top_priorities(ctx: AppContext, region: dict, access: Access, draws: int = 200,
                   selection: Selection | None = None) -> list[PriorityLine]:
    selection = selection or Selection()
    parent = priority_parent(region)
    metas = queries.indicators(ctx.engine, access).set_index("code")
    chosen = [c for c in selection.indicators if c in metas.index]
    if not chosen:
        return []
    inputs, result = priorities.priorities(ctx.engine, parent, chosen, dict(selection.weights), access,
                                           draws=draws)
    picked = (brief_model.top_children(result.ranking, result.heatmap, inputs.long, TOP)
              if parent == region["code"] else
              brief_model.top_indicators(result.heatmap, inputs.long, region["code"], TOP))
    lines = []
    for item in picked:
        meta = _meta({"code": item.indicator, **metas.loc[item.indicator].to_dict()})
        period = inputs.latest.get(item.indicator)
        history = clean_series(queries.series(ctx.engine, item.indicator, [item.region], access))
        now = history[history["period"] == period] if period else history.iloc[0:0]
        value = float(now["value"].iloc[0]) if not now.empty else None
        targets = queries.targets(ctx.engine, item.indicator, item.region, access)
        lines.append(PriorityLine(item.rank, {"code": item.region, "name": inputs.names.get(item.region, item.region)},
                                  meta, item.need, period, value, item.criteria, _target(targets, period), parent))
    return lines


def map_data(ctx: AppContext, region: dict, indicator: str, access: Access) -> MapData | None:
    """The children of the region (provinces for Indonesia; a kab/kota's province's kab/kota) in the latest
    period with values there."""
    if region["level"] == "country":
        level, parent, highlight = "province", None, None
    else:
        level = "regency"
        parent = region["code"] if region["level"] == "province" else str(region["parent_code"])
        highlight = None if region["level"] == "province" else region["code"]
    try:
        meta = _meta(queries.indicator(ctx.engine, indicator, access))
    except NoDataError:
        return None
    kids = queries.regions(ctx.engine, level=level, parent=parent, access=access)[["code", "name"]]
    for period in sorted(queries.periods(ctx.engine, indicator, level=level, access=access), reverse=True)[:6]:
        found = queries.values_for_period(ctx.engine, indicator, period, level=level, parent=parent, access=access)
        if len(found) >= max(1, len(kids) // 2):
            frame = kids.merge(found[["region_code", "value"]], how="left", left_on="code", right_on="region_code")
            return MapData(meta, period, level, parent, frame[["code", "name", "value"]], highlight)
    return None


def build_brief(ctx: AppContext, code: str, access: Access = PUBLIC, draws: int = 200,
                selection: Selection | None = None) -> Brief:
    """Everything the brief shows; NoDataError for an unknown region (or one outside the caller's scope).
    `selection`: the priority matrix's indicators and weights (the defaults when None)."""
    selection = selection or Selection()
    region = queries.region(ctx.engine, code)
    if not access.sees_region(code):
        raise NoDataError(f"region {code!r} not found")
    cards = key_cards(ctx, code, access)
    lines = top_priorities(ctx, region, access, draws, selection)
    headline = [c.indicator["code"] for c in cards if c.value is not None]
    order = ([lines[0].indicator["code"]] if lines else []) + headline
    shown = next((m for m in (map_data(ctx, region, c, access) for c in dict.fromkeys(order)) if m), None)
    periods = [c.period for c in cards if c.period]
    loaded = queries.last_loaded(ctx.engine, access)
    stamps = [loaded[c.indicator["code"]] for c in cards if c.period and loaded.get(c.indicator["code"])]
    notes = [] if lines else ["brief.no_priorities"]
    return Brief(region, cards, lines, shown, max(periods, key=period_date) if periods else None,
                 max(stamps) if stamps else None, notes=notes, basis=selection,
                 basis_indicators=basis_metas(ctx, selection, access))


def basis_metas(ctx: AppContext, selection: Selection, access: Access) -> list[dict]:
    metas = queries.indicators(ctx.engine, access).set_index("code")
    return [_meta({"code": c, **metas.loc[c].to_dict()}) for c in selection.indicators if c in metas.index]
