"""Tipologi Klassen: regions in four quadrants by mean growth over a window of years and by level in one year,
each against a reference (the parent's published value, or a plainly labelled simple mean of the peers).

Quadrants: I high level and fast growth (maju dan tumbuh cepat), II high level but slow growth (maju tapi tertekan),
III low level but fast growth (berkembang cepat), IV low level and slow growth (relatif tertinggal).
A value equal to its reference counts as "at or above".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

QUADRANTS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Klassen:
    """`regions`: region_code, growth (window mean), level, quadrant, series_break; `excluded`: region_code, years."""

    regions: pd.DataFrame
    excluded: pd.DataFrame
    window: tuple[int, ...]
    level_year: int
    growth_ref: float
    level_ref: float
    growth_ref_is_simple_mean: bool
    level_ref_is_simple_mean: bool


def quadrant(growth: float, level: float, growth_ref: float, level_ref: float) -> int:
    high, fast = level >= level_ref, growth >= growth_ref
    return 1 if high and fast else 2 if high else 3 if fast else 4


def _years(frame: pd.DataFrame) -> pd.Series:
    return frame["period"].astype(str).str.slice(0, 4).astype(int)


def growth_window(growth: pd.DataFrame, years: int, min_share: float = 0.5) -> tuple[int, ...]:
    """The last `years` calendar years, ending at the latest year in which at least `min_share` of the best-covered
    year's regions have a value."""
    if years < 1:
        raise ValueError("the window needs at least one year")
    counts = _years(growth).value_counts()
    if counts.empty:
        raise ValueError("no growth values")
    end = int(max(counts[counts >= min_share * counts.max()].index))
    return tuple(range(end - years + 1, end + 1))


def _reference(parent: Mapping[int, float], years: tuple[int, ...], peers: pd.Series) -> tuple[float, bool]:
    """Mean of the parent's values over `years` when it has all of them; else the simple mean of `peers` (flagged)."""
    if parent and all(y in parent for y in years):
        return float(sum(parent[y] for y in years) / len(years)), False
    return float(peers.mean()), True


def classify(growth: pd.DataFrame, level: pd.DataFrame, parent_growth: Mapping[int, float],
             parent_level: Mapping[int, float], years: int = 3,
             breaks: Mapping[str, int] | None = None, min_share: float = 0.5) -> Klassen:
    """Klassen quadrants for the regions in `growth` and `level` (columns region_code, period, value).

    Growth: each region's mean over the window (only regions with every year of it). Level: the latest well-covered
    year up to the window's end in which the parent has a value (else the latest well-covered year, against the
    peers' simple mean). "Well covered": at least `min_share` of the best-covered year's regions.
    `breaks` maps a region to the first year of a new basis (e.g. a province split); a window across it is flagged.
    """
    window = growth_window(growth, years, min_share)
    g = growth.assign(year=_years(growth))
    g = g[g["year"].isin(window)].dropna(subset=["value"])
    per_region = g.groupby("region_code")["value"].agg(["mean", "count"])
    complete = per_region[per_region["count"] == len(window)]
    excluded = per_region[per_region["count"] < len(window)]["count"].rename("years").reset_index()

    lv = level.assign(year=_years(level)).dropna(subset=["value"])
    lv = lv[lv["year"] <= window[-1]]
    if lv.empty:
        raise ValueError("no level values up to the end of the growth window")
    counts = lv["year"].value_counts()
    covered = sorted(int(y) for y in counts[counts >= min_share * counts.max()].index)
    with_parent = [y for y in covered if y in parent_level]
    level_year = with_parent[-1] if with_parent else covered[-1]
    level_values = lv[lv["year"] == level_year].set_index("region_code")["value"]

    frame = pd.DataFrame({"growth": complete["mean"]}).join(level_values.rename("level"), how="inner")
    missing_level = sorted(set(complete.index) - set(frame.index))
    if missing_level:
        excluded = pd.concat([excluded, pd.DataFrame({"region_code": missing_level, "years": len(window)})])
    if frame.empty:
        raise ValueError("no region has both a complete growth window and a level value")
    growth_ref, growth_simple = _reference(parent_growth, window, frame["growth"])
    level_ref, level_simple = _reference(parent_level, (level_year,), frame["level"])
    frame["quadrant"] = [quadrant(gr, lvl, growth_ref, level_ref)
                         for gr, lvl in zip(frame["growth"], frame["level"], strict=True)]
    breaks = breaks or {}
    frame["series_break"] = [window[0] < breaks.get(code, window[0]) <= window[-1] for code in frame.index]
    regions = frame.rename_axis("region_code").reset_index().sort_values(["quadrant", "region_code"], kind="mergesort")
    return Klassen(regions=regions.reset_index(drop=True), excluded=excluded.reset_index(drop=True), window=window,
                   level_year=level_year, growth_ref=growth_ref, level_ref=level_ref,
                   growth_ref_is_simple_mean=growth_simple, level_ref_is_simple_mean=level_simple)
