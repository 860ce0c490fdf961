"""Where a region stands on one indicator in one period: its rank among its peers and its parent's value.

One rule for the overview cards, the executive brief and the strategic-issues view: a province is ranked among
Indonesia's provinces and compared with Indonesia, a kab/kota among its own province's kab/kota and compared with
that province; Indonesia has no peers. No layout code.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from models.summary import rank_among
from services import comparability, queries
from services.access import Access


def peer_values(engine: Engine, indicator: str, period: str, region: dict, access: Access) -> pd.DataFrame | None:
    """region_code, value of every peer of `region` in `period` (None for Indonesia)."""
    if region["level"] == "country":
        return None
    parent = region["parent_code"] if region["level"] == "regency" else None
    frame = queries.values_for_period(engine, indicator, period, level=region["level"], parent=parent, access=access)
    # a peer's value from before a split of its region is not ranked as today's (services.comparability)
    return comparability.only_comparable(frame.assign(period=period), indicator)


def peer_rank(peers: pd.DataFrame | None, code: str, higher_is_better: bool | None) -> dict | None:
    """{"position", "of"} of `code` among `peers` (1 = best), or None (no polarity, no peers, no value)."""
    if peers is None or peers.empty:
        return None
    rank = rank_among(dict(zip(peers["region_code"], peers["value"], strict=True)), code, higher_is_better)
    return None if rank is None else {"position": rank.position, "of": rank.of}


def value_at(series: pd.DataFrame, period: str) -> float | None:
    """The value of `series` (period, value) in `period`, or None."""
    if series is None or series.empty:
        return None
    same = series[series["period"] == period].dropna(subset=["value"])
    return float(same["value"].iloc[0]) if not same.empty else None
