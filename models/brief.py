"""What an executive brief lists as the top priorities, picked from a priority result. Pure pandas, no I/O.

Two readings of the same priority matrix (models.priority.score):
  * for a parent region (Indonesia, a province): the top-ranked children, each with the indicator on which it
    needs action most (its largest heat-map cell);
  * for a kab/kota (no children): its own row of its province's matrix, the indicators where it needs action most.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Priority:
    rank: int
    region: str
    indicator: str
    need: float  # the heat-map cell: mean normalised need 0..1 (1 = most in need among the peers)
    criteria: dict[str, float]  # criterion -> oriented raw value (gap %, trend per year, distance below median)


def _criteria(long: pd.DataFrame, region: str, indicator: str) -> dict[str, float]:
    rows = long[(long["region"] == region) & (long["indicator"] == indicator)]
    return {str(c): float(v) for c, v in zip(rows["criterion"], rows["value"], strict=True) if pd.notna(v)}


def _worst(heat_row: pd.Series, skip: tuple[str, ...]) -> pd.Series:
    row = heat_row.drop([c for c in skip if c in heat_row.index]).dropna()
    return row.sort_values(ascending=False, kind="stable")


def top_children(ranking: pd.DataFrame, heatmap: pd.DataFrame, long: pd.DataFrame, n: int = 3,
                 skip: tuple[str, ...] = ("penduduk",)) -> list[Priority]:
    """The `n` best-ranked regions (highest need first), each with its most pressing indicator."""
    out: list[Priority] = []
    for row in ranking.sort_values("rank").itertuples(index=False):
        if len(out) == n:
            break
        if heatmap.empty or row.region not in heatmap.index:
            continue
        worst = _worst(heatmap.loc[row.region], skip)
        if worst.empty:
            continue
        code = str(worst.index[0])
        out.append(Priority(len(out) + 1, str(row.region), code, float(worst.iloc[0]),
                            _criteria(long, str(row.region), code)))
    return out


def top_indicators(heatmap: pd.DataFrame, long: pd.DataFrame, region: str, n: int = 3,
                   skip: tuple[str, ...] = ("penduduk",)) -> list[Priority]:
    """The `n` indicators on which `region` needs action most among its peers (largest need first)."""
    if heatmap.empty or region not in heatmap.index:
        return []
    worst = _worst(heatmap.loc[region], skip)
    worst = worst[np.isfinite(worst.to_numpy(dtype=float))]
    return [Priority(i + 1, region, str(code), float(need), _criteria(long, region, str(code)))
            for i, (code, need) in enumerate(worst.head(n).items())]
