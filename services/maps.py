"""What a map shows, read from the store: one indicator's values for every region of one level (or of one
province's kab/kota) in one period, with ranks, classes and the values that do not stand for today's region.
The map page, its table and downloads, and the embed use it. No Dash, no colours (layouts.choropleth draws).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from data.errors import NoDataError
from i18n import is_missing
from models.classify import METHODS, NO_CLASS, ClassBreaks, assign_classes, published_classes, rank_values
from services import cache, comparability, geometry, provenance, queries
from services.access import PUBLIC, Access
from services.context import AppContext
from services.export import safe_csv

DEFAULT_LEVEL = "regency"
LEVELS = ("province", "regency", "district", "village")
#: the levels a map may draw under a parent, by the parent's code length (0: Indonesia); the first is the default
LEVELS_UNDER = {0: ("province", "regency"), 2: ("regency", "district", "village"), 4: ("district", "village"),
                6: ("village",)}
NOT_SCORED_KIND = "kelurahan"


@dataclass
class MapView:
    """One indicator in one period for the regions of one map (every region of the level, with or without a value)."""

    indicator: str
    period: str | None
    level: str
    parent: str | None
    method: str
    unit: str
    unit_en: str | None
    decimals: int
    higher_is_better: bool | None
    codes: list[str]
    names: list[str]
    values: np.ndarray  # NaN = no value, or a value that does not stand for today's region (see `earlier`)
    status: list[str | None]
    ranks: np.ndarray  # NaN = no value
    classes: np.ndarray  # NO_CLASS = no value
    breaks: ClassBreaks | None
    notes: list[str] = field(default_factory=list)
    #: values from before a territorial break of their region (NaN elsewhere): shown as not comparable, never
    #: coloured, ranked or classed as today's figure (services.comparability)
    earlier: np.ndarray = field(default_factory=lambda: np.empty(0))
    #: every region's value as stored, full precision (NaN = none): what the table and the downloads carry;
    #: `values` / `earlier` are rounded to the published decimals for the colours, classes and labels
    exact: np.ndarray = field(default_factory=lambda: np.empty(0))
    #: a categorical indicator (the IDM status): category number -> (label_id, label_en); {} for a numeric one.
    #: `values` then hold the category numbers (a kecamatan: the status most of its desa have)
    categories: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: regions that are not scored by the indicator (kelurahan have no IDM; a kecamatan of kelurahan only):
    #: shown as such, never as missing data
    not_scored: list[int] = field(default_factory=list)
    #: a kecamatan's value made from its desa: {kecamatan: {category: share of its desa}} for a categorical
    #: indicator, {kecamatan: {0: number of desa averaged}} for a numeric one
    members: dict[str, dict[int, float]] = field(default_factory=dict)
    #: regions listed but without a shape to draw (SOURCE.md Appendix B)
    no_shape: list[int] = field(default_factory=list)

    @property
    def not_comparable(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(np.isfinite(self.earlier))]

    @property
    def geometry_name(self) -> str:
        return geometry.name_for(self.level, self.parent)

    @property
    def with_data(self) -> int:
        return int(np.isfinite(self.values).sum())


def peers_of(region: dict) -> tuple[str, str | None]:
    """(level, parent) of the map that shows a region among its peers: Indonesia -> the provinces; a province ->
    its kab/kota; a kab/kota -> the kab/kota of its province (the kiosk's and the brief's map)."""
    if region["level"] == "country":
        return "province", None
    if region["level"] == "province":
        return "regency", region["code"]
    return "regency", region["parent_code"]


def levels_under(parent: str | None) -> tuple[str, ...]:
    return LEVELS_UNDER.get(len(parent) if parent and parent != "ID" else 0, ())


def effective_level(level: str | None, parent: str | None) -> str:
    """The level drawn: the one chosen when it fits under the open region, else that region's default (a
    province's kab/kota, a kab/kota's kecamatan, a kecamatan's desa)."""
    allowed = levels_under(parent)
    if level in allowed:
        return level
    return allowed[0] if parent else DEFAULT_LEVEL


def map_periods(ctx: AppContext, indicator: str, level: str, access: Access = PUBLIC) -> list[str]:
    """Periods with values at `level`; for kecamatan, also those of their desa (a kecamatan shows their mean)."""
    periods = queries.periods(ctx.engine, indicator, level=level, access=access)
    if not periods and level == "district":
        periods = village_periods(ctx.engine, indicator, access)
    return periods


def village_periods(engine: Engine, indicator: str, access: Access = PUBLIC) -> list[str]:
    return queries.periods(engine, indicator, level="village", access=access)


def district_values(engine: Engine, indicator: str, period: str, parent: str | None, categorical: bool,
                    access: Access) -> tuple[pd.DataFrame, dict[str, dict[int, float]]]:
    """Kecamatan values made from their desa: the mean (numeric), or the status most desa have (categorical; ties
    go to the lower status), with the share of desa in each category."""
    found = queries.values_for_period(engine, indicator, period, level="village", parent=parent, access=access)
    columns = ["region_code", "value", "status"]
    if found.empty:
        return pd.DataFrame(columns=columns), {}
    found = found.assign(district=found["region_code"].str[:6], value=found["value"].astype(float))
    groups = found.groupby("district")["value"]
    if not categorical:
        frame = groups.mean().rename("value").reset_index()
        members = {k: {0: float(n)} for k, n in groups.size().items()}
    else:
        counts = found.groupby(["district", "value"]).size().unstack(fill_value=0)
        shares = counts.div(counts.sum(axis=1), axis=0)
        modal = counts.apply(lambda row: max(row.index[row == row.max()]), axis=1)
        frame = modal.rename("value").reset_index()
        members = {k: {int(c): float(v) for c, v in row.items() if v > 0} for k, row in shares.iterrows()}
    frame = frame.rename(columns={"district": "region_code"}).assign(status="final")
    return frame[columns], members


def not_scored_regions(engine: Engine, level: str, parent: str | None, codes: list[str], kinds: list,
                       values: np.ndarray) -> list[int]:
    """Regions without a value that the indicator does not score: kelurahan, and kecamatan of kelurahan only."""
    if level == "village":
        return [i for i, k in enumerate(kinds) if k == NOT_SCORED_KIND and not np.isfinite(values[i])]
    if level != "district":
        return []
    villages = queries.regions(engine, level="village", parent=parent)
    if villages.empty:
        return []
    only = villages.groupby("parent_code")["kind"].agg(lambda k: bool((k == NOT_SCORED_KIND).all()))
    kelurahan_only = set(only[only].index)
    return [i for i, code in enumerate(codes) if code in kelurahan_only and not np.isfinite(values[i])]


def map_view(ctx: AppContext, indicator: str, period: str | None, level: str, parent: str | None = None,
             method: str = "quantile", access: Access = PUBLIC) -> MapView:
    """Every region of the map with its value (NaN when none), rank among the shown regions, and class.

    Cached per store generation (an import makes it stale everywhere), so a period played back twice or a
    second user on the same map costs one cache read.
    """
    build = partial(build_map_view, ctx.engine, indicator, period, level, parent, method, access)
    if ctx.cache is None:
        return build()
    return cache.cached(ctx, cache.call_key("peta.map_view", (indicator, period, level, parent, method, access), {}),
                        build)


def build_map_view(engine: Engine, indicator: str, period: str | None, level: str, parent: str | None,
                   method: str, access: Access) -> MapView:
    """`map_view` without the cache (the kiosk's map: the same view as /peta's)."""
    meta = queries.indicator(engine, indicator, access)
    labels = queries.categories(engine, indicator)
    categories = {int(v): (a, b) for v, a, b in zip(labels["value"], labels["label_id"], labels["label_en"],
                                                   strict=True)}
    regions = queries.regions(engine, level=level, parent=parent, access=access)
    empty = pd.DataFrame(columns=["region_code", "value", "status"])
    found = (queries.values_for_period(engine, indicator, period, level=level, parent=parent, access=access)
             if period else empty)
    members: dict[str, dict[int, float]] = {}
    if period and found.empty and level == "district":
        found, members = district_values(engine, indicator, period, parent, bool(categories), access)
    merged = regions.merge(found[["region_code", "value", "status"]], how="left", left_on="code",
                           right_on="region_code")
    decimals = int(meta["decimals"] if meta["decimals"] is not None else 2)
    exact = merged["value"].astype(float).to_numpy()
    stands = np.array(comparability.comparable_flags(indicator, merged["code"], period), dtype=bool)
    if categories:  # a category number is coloured as its category, never classed
        values, breaks = np.round(np.where(stands, exact, np.nan), decimals), None
    else:
        values, breaks = published_classes(np.where(stands, exact, np.nan), decimals,
                                           method if method in METHODS else "quantile")
    earlier = np.round(np.where(stands, np.nan, exact), decimals)
    notes = list(breaks.notes) if breaks else []
    classes = assign_classes(values, breaks) if breaks else np.full(len(values), NO_CLASS)
    codes, kinds = merged["code"].tolist(), [None if is_missing(k) else k for k in merged["kind"]]
    # kelurahan are "not scored" only by an indicator of villages (IDM): under a BPS indicator they are no data
    scored = not found.empty or (level in geometry.VILLAGE_LEVELS and bool(village_periods(engine, indicator,
                                                                                           access)))
    drawn = geometry.codes_drawn(geometry.name_for(level, parent)) if level in geometry.VILLAGE_LEVELS else None
    return MapView(
        indicator=indicator, period=period, level=level, parent=parent, method=method, unit=meta["unit"],
        unit_en=meta.get("unit_en"), decimals=decimals, higher_is_better=meta["higher_is_better"], codes=codes,
        names=merged["name"].tolist(), values=values, status=[None if is_missing(s) else s for s in merged["status"]],
        ranks=np.full(len(values), np.nan) if categories else rank_values(values, meta["higher_is_better"]),
        classes=classes, breaks=breaks, notes=notes, earlier=earlier, exact=exact, categories=categories,
        not_scored=not_scored_regions(engine, level, parent, codes, kinds, values) if scored else [],
        members=members, no_shape=[] if drawn is None else [i for i, c in enumerate(codes) if c not in drawn])


def earlier_notes(view: MapView, lang: str) -> dict[str, str]:
    """{region: why its value does not stand for today's region} for the not-comparable regions of a view."""
    return {view.codes[i]: comparability.note(view.indicator, view.codes[i], view.period or "", lang) or ""
            for i in view.not_comparable}


def table_sources(ctx: AppContext, view: MapView, access: Access = PUBLIC) -> dict[str, dict]:
    """{region: provenance row} of the values shown (services.provenance: table, vintage, quality)."""
    if not view.period:
        return {}
    found = provenance.sources_of(ctx.engine, [(view.indicator, code, view.period) for code in view.codes], access)
    return {key[1]: row for key, row in found.items()}


def map_frame(view: MapView) -> pd.DataFrame:
    """The values the map colours (and its table lists), one row per region shown."""
    return pd.DataFrame({
        "region": view.codes, "region_name": view.names, "indicator": view.indicator, "period": view.period,
        "value": [float(v) if np.isfinite(v) else None for v in view.exact],  # as stored, never rounded
        "rank": [None if not np.isfinite(r) else int(r) for r in view.ranks],
        "class": [None if c == NO_CLASS else int(c) + 1 for c in view.classes],
        "status": view.status,
        "comparable": ~np.isfinite(view.earlier),
    })


def csv_for(view: MapView) -> str:
    return safe_csv(map_frame(view))


def preferred_period(ctx: AppContext, indicator: str | None, periods: list[str], level: str,
                     parent: str | None, access: Access) -> str | None:
    """The latest period in which every region of the map stands for today's region (services.comparability)."""
    if not indicator or not periods:
        return None
    codes = queries.regions(ctx.engine, level=level, parent=parent, access=access)["code"]
    return comparability.preferred_period(indicator, periods, codes)


def region_name(ctx: AppContext, code: str | None) -> str | None:
    if not code:
        return None
    try:
        return queries.region(ctx.engine, code)["name"]
    except NoDataError:
        return code
