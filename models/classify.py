"""Choropleth classes: 5-class breaks (quantile, equal interval, Fisher-Jenks natural breaks) and ranks.

Pure numpy/pandas, deterministic. Missing values (NaN) never enter a class or a rank: they stay missing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("quantile", "equal", "jenks")
NO_CLASS = -1


@dataclass(frozen=True)
class ClassBreaks:
    """`bins` are the upper bounds of the classes (right-closed, the last one is the maximum); `low` is the minimum.

    Class i holds the values in (bins[i-1], bins[i]], class 0 holds [low, bins[0]]. There can be fewer than the
    requested classes when the data have fewer distinct values (`notes` says so).
    """

    method: str
    low: float
    bins: tuple[float, ...]
    counts: tuple[int, ...]
    notes: tuple[str, ...] = ()

    @property
    def k(self) -> int:
        return len(self.bins)

    @property
    def edges(self) -> tuple[float, ...]:
        return (self.low, *self.bins)


def _finite(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def quantile_bins(x: np.ndarray, k: int) -> np.ndarray:
    return np.quantile(x, np.arange(1, k + 1) / k)


def equal_interval_bins(x: np.ndarray, k: int) -> np.ndarray:
    low, high = x.min(), x.max()
    bins = low + (high - low) * np.arange(1, k + 1) / k
    bins[-1] = high  # exact maximum despite rounding
    return bins


def jenks_bins(x: np.ndarray, k: int) -> np.ndarray:
    """Fisher-Jenks optimal classes (least within-class sum of squares), exact dynamic programme in numpy.

    O(k * n^2) memory-light enough for a few thousand values; 514 values take a few milliseconds.
    """
    x = np.sort(x)
    n = x.size
    s1 = np.concatenate(([0.0], np.cumsum(x)))
    s2 = np.concatenate(([0.0], np.cumsum(x * x)))
    a = np.arange(n + 1)[:, None]
    b = np.arange(n + 1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (s2[b] - s2[a]) - (s1[b] - s1[a]) ** 2 / (b - a)
    cost = np.where(a < b, np.maximum(cost, 0.0), np.inf)  # segment x[a:b], empty segments impossible
    best = cost[0].copy()  # best[b]: least cost of x[:b] in one class
    choices = []
    for _ in range(1, k):
        total = best[:, None] + cost
        arg = np.argmin(total, axis=0)
        best = total[arg, np.arange(n + 1)]
        choices.append(arg)
    ends = [n]
    for arg in reversed(choices):
        ends.append(int(arg[ends[-1]]))
    ends = sorted(ends)  # class ends (exclusive), ascending
    return np.array([x[e - 1] for e in ends])


_BINS = {"quantile": quantile_bins, "equal": equal_interval_bins, "jenks": jenks_bins}


def class_breaks(values, method: str = "quantile", k: int = 5) -> ClassBreaks:
    """Breaks for the finite values; ValueError for an unknown method, k < 1 or no finite value at all."""
    if method not in _BINS:
        raise ValueError(f"unknown classification method {method!r}; use one of {METHODS}")
    if k < 1:
        raise ValueError("k must be at least 1")
    x = _finite(values)
    if x.size == 0:
        raise ValueError("no finite values to classify")
    notes: list[str] = []
    distinct = np.unique(x)
    if distinct.size <= k:
        bins = distinct
        if distinct.size < k:
            notes.append(f"only {distinct.size} distinct values: {distinct.size} classes")
    else:
        bins = np.unique(_BINS[method](x, k))
        if bins.size < k:
            notes.append(f"tied values: {bins.size} classes instead of {k}")
    counts = np.bincount(np.searchsorted(bins, x, side="left"), minlength=bins.size)
    return ClassBreaks(method, float(x.min()), tuple(float(v) for v in bins), tuple(int(c) for c in counts),
                       tuple(notes))


def published_classes(values, decimals: int, method: str = "quantile", k: int = 5
                      ) -> tuple[np.ndarray, ClassBreaks | None]:
    """The values as published (rounded to the indicator's decimals) and their breaks (None when no value is
    finite): every map classes what its reader sees, so two values printed alike share a class on every screen."""
    shown = np.round(np.asarray(values, dtype=float), decimals)
    return shown, (class_breaks(shown, method, k) if np.isfinite(shown).any() else None)


def assign_classes(values, breaks: ClassBreaks) -> np.ndarray:
    """Class index per value (0 = lowest class), NO_CLASS (-1) for a missing value."""
    array = np.asarray(values, dtype=float)
    classes = np.searchsorted(np.asarray(breaks.bins), array, side="left")
    classes = np.minimum(classes, breaks.k - 1)  # a value above the top bin (never from the same data) stays on top
    return np.where(np.isfinite(array), classes, NO_CLASS).astype(int)


def rank_values(values, higher_is_better: bool | None) -> np.ndarray:
    """Competition ranks (1 = best; ties share the best rank), NaN for a missing value.

    When the indicator has no polarity (None), rank 1 is the largest value.
    """
    series = pd.Series(np.asarray(values, dtype=float))
    ascending = higher_is_better is False
    return series.rank(method="min", ascending=ascending, na_option="keep").to_numpy()


def colour_stops(values, breaks: ClassBreaks) -> tuple[float, ...]:
    """Where a stepped colour scale over the values changes from class i to class i+1 (k-1 stops).

    Each stop lies strictly above every value of classes <= i and strictly below every value of the higher
    classes, so a continuous scale colours each value exactly by its class, even a value sitting on a break.
    The stop is the break itself when that is already strictly between, else the midpoint of the gap.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    classes = assign_classes(x, breaks)
    stops = []
    for i, edge in enumerate(breaks.bins[:-1]):
        below, above = x[classes <= i], x[classes > i]
        lo = below.max() if below.size else None
        hi = above.min() if above.size else None
        if lo is not None and hi is not None:
            stop = edge if lo < edge < hi else (lo + hi) / 2
        elif lo is not None:
            stop = max(edge, float(np.nextafter(lo, np.inf)))
        else:
            stop = edge
        stops.append(float(stop))
    return tuple(stops)
