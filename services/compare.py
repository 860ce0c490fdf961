"""Queries behind the compare page (/bandingkan): who the peers of a region are, their values, coverage and history.

Every read filters by the caller's Access and goes through the shared cache (services.cache) on an app's engine;
driver errors become StoreError. No models, no Dash here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from data.schema import Observation, Region
from services import queries
from services.access import PUBLIC, Access
from services.cache import cached_query
from services.queries import read_frame, scope_filter, visible_indicator, wraps_store_errors
from services.series_breaks import SERIES_BREAKS, papua_split_first_year

PEERS_PROVINCES = "provinsi"
PEERS_REGENCIES = "kabkota"

#: First year in which the Papua provinces 91 Papua and 92 Papua Barat (Kemendagri) are published on the
#: post-split (2022) territory; earlier values cover the pre-split provinces. Derived from the one list of
#: series breaks (services.series_breaks), never retyped here.
PAPUA_SPLIT_FIRST_YEAR = {code: year for code in dict.fromkeys(b["indicator"] for b in SERIES_BREAKS)
                          if (year := papua_split_first_year(code)) is not None}


@dataclass(frozen=True)
class PeerScope:
    """The regions a region is compared with: all of `level` under `parent` (None = every region of that level)."""

    level: str  # "province" or "regency"
    parent_code: str  # whose published value is the reference line
    parent_filter: str | None  # parent_code filter for the query (None = all provinces)
    selected: str | None  # the region highlighted among its peers (None at Indonesia, or a province over its kab/kota)
    switchable: bool  # a province can be compared with provinces or with its own kab/kota

    @property
    def peers_kind(self) -> str:
        return PEERS_REGENCIES if self.level == "regency" else PEERS_PROVINCES


def peer_scope(engine: Engine, wilayah: str, peers: str | None = None) -> PeerScope:
    """Indonesia -> provinces; a province -> provinces (default) or its kab/kota; a kab/kota -> its province's kab/kota."""
    if wilayah == "ID":
        return PeerScope("province", "ID", None, None, False)
    region = queries.region(engine, wilayah)
    if region["level"] == "province":
        if peers == PEERS_REGENCIES:
            return PeerScope("regency", wilayah, wilayah, None, True)
        return PeerScope("province", "ID", None, wilayah, True)
    return PeerScope("regency", region["parent_code"], region["parent_code"], wilayah, False)


def peer_values(engine: Engine, indicator_code: str, period: str, scope: PeerScope,
                access: Access = PUBLIC) -> pd.DataFrame:
    """code, name, value, status of every peer with a value in `period`."""
    frame = queries.values_for_period(engine, indicator_code, period, level=scope.level, parent=scope.parent_filter,
                                      access=access)
    return frame.rename(columns={"region_code": "code"})


def peer_names(engine: Engine, scope: PeerScope, access: Access = PUBLIC) -> dict[str, str]:
    frame = queries.regions(engine, level=scope.level, parent=scope.parent_filter, access=access)
    return dict(zip(frame["code"], frame["name"], strict=True))


@cached_query
@wraps_store_errors
def peer_coverage(engine: Engine, indicator_code: str, scope: PeerScope, access: Access = PUBLIC) -> pd.Series:
    """Number of peers with a value, per period (index period, oldest first)."""
    stmt = (select(Observation.period, func.count().label("regions"))
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator_code, Observation.is_current.is_(True),
                   Region.level == scope.level, visible_indicator(access))
            .group_by(Observation.period).order_by(Observation.period))
    if scope.parent_filter:
        stmt = stmt.where(Region.parent_code == scope.parent_filter)
    scope_clause = scope_filter(access, Observation.region_code, Observation.indicator_code)
    if scope_clause is not None:
        stmt = stmt.where(scope_clause)
    frame = read_frame(engine, stmt)
    return pd.Series(frame["regions"].to_numpy(), index=frame["period"].astype(str), dtype=int)


@cached_query
@wraps_store_errors
def level_history(engine: Engine, indicator_code: str, level: str, parent: str | None = None,
                  access: Access = PUBLIC) -> pd.DataFrame:
    """region_code, period, value of every region of `level` (optionally under `parent`), all periods."""
    stmt = (select(Observation.region_code, Observation.period, Observation.value)
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator_code, Observation.is_current.is_(True),
                   Region.level == level, visible_indicator(access)))
    if parent:
        stmt = stmt.where(Region.parent_code == parent)
    scope_clause = scope_filter(access, Observation.region_code, Observation.indicator_code)
    if scope_clause is not None:
        stmt = stmt.where(scope_clause)
    return read_frame(engine, stmt)


def parent_series(engine: Engine, indicator_code: str, parent_code: str, access: Access = PUBLIC) -> dict[str, float]:
    """{period: value} of the parent's own published series (empty when it has none)."""
    frame = queries.series(engine, indicator_code, [parent_code], access=access)
    return dict(zip(frame["period"].astype(str), frame["value"].astype(float), strict=True))
