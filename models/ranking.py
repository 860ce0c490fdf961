"""Ranking peers by one indicator, polarity-aware, and judging whether neighbouring ranks differ meaningfully.

A rank gap is "not meaningful" when two neighbours differ by less than the indicator's usual year-to-year change:
next year's figures could swap them without anything real having changed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def rank_values(values: pd.DataFrame, higher_is_better: bool | None) -> pd.DataFrame:
    """Sort `values` (columns code, name, value) best first and add `rank` (ties share the best rank).

    Polarity None (neutral) sorts from the highest value down. Rows without a value are dropped.
    """
    frame = values.dropna(subset=["value"]).copy()
    descending = higher_is_better is not False
    frame = frame.sort_values(["value", "code"], ascending=[not descending, True], kind="mergesort")
    frame["rank"] = frame["value"].rank(method="min", ascending=not descending).astype(int)
    return frame.reset_index(drop=True)


def annual_changes(history: pd.DataFrame) -> pd.Series:
    """Absolute changes between the same sub-period of consecutive years, per region.

    `history` has columns region_code, period, value. 2023 -> 2024 and 2023-03 -> 2024-03 count; 2023-03 -> 2023-09
    (a half-year) and 2021 -> 2023 (a gap) do not. Periods that are neither YYYY nor YYYY-MM are ignored.
    """
    if history.empty:
        return pd.Series(dtype=float)
    parts = history["period"].astype(str).str.extract(r"^(?P<year>\d{4})(?:-(?P<sub>\d{2}))?$")
    frame = pd.DataFrame({"region_code": history["region_code"].to_numpy(), "year": parts["year"].to_numpy(),
                          "sub": parts["sub"].fillna("").to_numpy(), "value": history["value"].to_numpy()})
    frame = frame.dropna(subset=["year", "value"]).astype({"year": int, "value": float})
    previous = frame.assign(year=frame["year"] + 1)
    joined = frame.merge(previous, on=["region_code", "sub", "year"], suffixes=("", "_prev"))
    return (joined["value"] - joined["value_prev"]).abs().reset_index(drop=True)


def typical_annual_change(history: pd.DataFrame) -> float | None:
    """The median absolute year-to-year change over every region and year in `history`; None without pairs."""
    changes = annual_changes(history)
    if changes.empty:
        return None
    return float(np.median(changes))


@dataclass(frozen=True)
class RankCaveat:
    """How many neighbour gaps are smaller than the usual annual change, and the selected region's rank range."""

    threshold: float | None
    close_gaps: int
    gaps: int
    selected_rank: int | None = None
    rank_low: int | None = None  # best rank the selected region could plausibly hold
    rank_high: int | None = None  # worst rank

    @property
    def applies(self) -> bool:
        return self.threshold is not None and self.close_gaps > 0

    @property
    def share(self) -> float:
        return self.close_gaps / self.gaps if self.gaps else 0.0


def rank_caveat(ranked: pd.DataFrame, threshold: float | None, selected: str | None = None) -> RankCaveat:
    """Count neighbour gaps below `threshold`; for `selected`, the ranks of every peer within `threshold` of it."""
    values = ranked["value"].to_numpy(dtype=float)
    gaps = np.abs(np.diff(values))
    close = int((gaps < threshold).sum()) if threshold is not None else 0
    caveat = RankCaveat(threshold=threshold, close_gaps=close, gaps=len(gaps))
    if selected is None or selected not in set(ranked["code"]):
        return caveat
    row = ranked.loc[ranked["code"] == selected].iloc[0]
    if threshold is None:
        return RankCaveat(threshold, close, len(gaps), int(row["rank"]), int(row["rank"]), int(row["rank"]))
    near = ranked.loc[np.abs(values - row["value"]) < threshold]
    positions = near.index.to_numpy() + 1
    return RankCaveat(threshold, close, len(gaps), int(row["rank"]), int(positions.min()), int(positions.max()))


def default_period(counts: pd.Series, min_share: float = 0.5) -> str | None:
    """The latest period (index) whose count of regions reaches `min_share` of the best-covered period."""
    counts = counts[counts > 0]
    if counts.empty:
        return None
    enough = counts[counts >= min_share * counts.max()]
    return str(sorted(enough.index)[-1])
