"""Priority scoring: rank child regions on weighted, normalised criteria, with a weight-sensitivity check.

Input is long: one row per (region, indicator, criterion) with `value` already oriented so that a LARGER value
means MORE need for action (e.g. a bigger gap to target, a worsening trend, more people affected). Each
(indicator, criterion) column is min-max normalised across regions to 0..1 (transparent and reproducible).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CRITERIA = ("gap_to_target", "trend", "below_median", "p_miss", "population")
#: What /prioritas and the brief rank on until someone chooses otherwise.
DEFAULT_INDICATORS = ("p0", "tpt", "ipm", "stunting")
DEFAULT_WEIGHTS = {"gap_to_target": 3.0, "trend": 2.0, "below_median": 2.0, "p_miss": 2.0, "population": 1.0}


@dataclass(frozen=True)
class PriorityResult:
    ranking: pd.DataFrame    # region, score, rank, stability, missing_share (ranked regions only)
    set_apart: pd.DataFrame  # region, missing_share (too much data missing to rank)
    heatmap: pd.DataFrame    # region x indicator: mean normalised need (0..1), NaN where missing
    normalised: pd.DataFrame  # long frame with `norm` per region, indicator, criterion


def normalise(long: pd.DataFrame) -> pd.DataFrame:
    """Min-max per (indicator, criterion); a column where all regions are equal gets 0 (no information)."""
    out = long.copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    grouped = out.groupby(["indicator", "criterion"])["value"]
    low, high = grouped.transform("min"), grouped.transform("max")
    span = (high - low).replace(0, np.nan)
    out["norm"] = ((out["value"] - low) / span).fillna(0.0).where(out["value"].notna())
    return out


def _scores(norm: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    w = pd.Series([float(weights.get(str(c), 0.0)) for c in norm["criterion"]], index=norm.index, dtype=float)
    available = norm["norm"].notna() & (w > 0)
    weighted = (norm["norm"].fillna(0.0) * w).where(available, 0.0)
    num = weighted.groupby(norm["region"]).sum()
    den = w.where(available, 0.0).groupby(norm["region"]).sum()
    return (num / den.replace(0, np.nan)).fillna(0.0)


def _matrix(norm: pd.DataFrame, regions: list[str]) -> tuple[np.ndarray, list[str]]:
    """Regions x (indicator, criterion) matrix of normalised values (NaN = missing), and each column's criterion."""
    if norm.empty:
        return np.empty((len(regions), 0)), []
    wide = norm.pivot_table(index="region", columns=["indicator", "criterion"], values="norm", aggfunc="first",
                            dropna=False).reindex(regions)
    return wide.to_numpy(dtype=float), [str(c[1]) for c in wide.columns]


def _fast_scores(matrix: np.ndarray, column_criteria: list[str], weights: dict[str, float],
                 regions: list[str]) -> pd.Series:
    """The same weighted mean as _scores, on the matrix (used for the many sensitivity draws)."""
    w = np.array([weights.get(c, 0.0) for c in column_criteria], dtype=float)
    available = ~np.isnan(matrix) & (w > 0)
    num = np.where(available, np.nan_to_num(matrix) * w, 0.0).sum(axis=1)
    den = np.where(available, w, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / den, 0.0)
    return pd.Series(out, index=regions)


def _rank(scores: pd.Series) -> pd.Series:
    # Highest need first; ties broken by region code so the result is deterministic.
    ordered = sorted(scores.index, key=lambda r: (-round(float(scores[r]), 12), str(r)))
    return pd.Series(range(1, len(ordered) + 1), index=ordered)


def missing_share(long: pd.DataFrame, regions: list[str], criteria: list[str]) -> pd.Series:
    """Share of the needed cells a region lacks; needed = every (indicator, criterion) pair in `long`
    whose criterion is weighted."""
    used = long[long["criterion"].isin(criteria)]
    pairs = used[["indicator", "criterion"]].drop_duplicates()
    needed = len(pairs)
    if not needed:
        return pd.Series(0.0, index=regions)
    have = used.dropna(subset=["value"]).groupby("region").size().reindex(regions, fill_value=0)
    return 1 - have / needed


def score(long: pd.DataFrame, weights: dict[str, float], regions: list[str] | None = None,
          max_missing: float = 0.2, draws: int = 500, jitter: float = 0.2, seed: int = 7) -> PriorityResult:
    """Rank regions by weighted normalised need; regions missing more than `max_missing` of the needed
    cells are set apart; stability = share of `draws` random weight sets (each weight x U(1-jitter, 1+jitter))
    under which a region keeps exactly its rank."""
    regions = sorted(regions if regions is not None else long["region"].unique().tolist())
    criteria = [c for c, w in weights.items() if w > 0]
    miss = missing_share(long, regions, criteria)
    ranked_regions = [r for r in regions if miss[r] <= max_missing + 1e-12]
    norm = normalise(long[long["region"].isin(ranked_regions) & long["criterion"].isin(criteria)])
    base = _scores(norm, weights).reindex(ranked_regions, fill_value=0.0)
    base_rank = _rank(base)
    base_in_order = base_rank.reindex(ranked_regions)
    rng = np.random.default_rng(seed)
    kept = pd.Series(0, index=ranked_regions)
    matrix, column_criteria = _matrix(norm, ranked_regions)
    for _ in range(draws):
        jittered = {c: weights[c] * rng.uniform(1 - jitter, 1 + jitter) for c in criteria}
        again = _rank(_fast_scores(matrix, column_criteria, jittered, ranked_regions)).reindex(ranked_regions)
        kept += (again == base_in_order).astype(int)
    ranking = pd.DataFrame({"region": base_rank.index, "score": base[base_rank.index].to_numpy(),
                            "rank": base_rank.to_numpy(),
                            "stability": (kept[base_rank.index] / draws).to_numpy() if draws else np.nan,
                            "missing_share": miss[base_rank.index].to_numpy()})
    apart = pd.DataFrame({"region": [r for r in regions if r not in ranked_regions]})
    apart["missing_share"] = [float(miss[r]) for r in apart["region"]]
    heat = norm.groupby(["region", "indicator"])["norm"].mean().unstack("indicator") if not norm.empty \
        else pd.DataFrame()
    return PriorityResult(ranking.reset_index(drop=True), apart, heat, norm)
