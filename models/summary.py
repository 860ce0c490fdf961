"""The numbers on a summary card: latest value, the comparable earlier period, change and its tone by
polarity, rank among peers, nearest plan target. Pure pandas; periods are BPS-style labels (models.periods).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from models.breaks import SeriesBreak, crosses_break
from models.periods import period_date, period_year, same_part_year_before

Tone = Literal["good", "bad", "neutral"]


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = best by the indicator's polarity
    of: int  # peers with a value in that period (the region included)


def clean_series(series: pd.DataFrame) -> pd.DataFrame:
    """Rows with a value, sorted by their date; columns period, value (+ status if given)."""
    if series.empty:
        return series.assign(date=pd.Series(dtype="datetime64[ns]"))
    frame = series.dropna(subset=["value"]).copy()
    frame["date"] = pd.to_datetime([period_date(p) for p in frame["period"]])
    return frame.sort_values(["date", "period"]).reset_index(drop=True)


def latest_row(series: pd.DataFrame) -> dict | None:
    """The latest period with a value, as a dict (period, value, status, ...); None when there is none."""
    frame = clean_series(series)
    if frame.empty:
        return None
    return frame.iloc[-1].to_dict()


def comparison_period(periods: Sequence[str], latest: str, breaks: Sequence[SeriesBreak] = ()) -> str | None:
    """The period to compare `latest` with: the same month (or plain year) a year earlier when the series has
    it, otherwise the previous period of the series; never one on the other side of a series break."""
    known = set(periods)
    earlier = sorted((p for p in known if period_date(p) < period_date(latest)), key=period_date)
    candidates = []
    like = same_part_year_before(latest)
    if like in known:
        candidates.append(like)
    if earlier:
        candidates.append(earlier[-1])
    for candidate in candidates:
        if not crosses_break(candidate, latest, breaks):
            return candidate
    return None


def change_tone(delta: float | None, higher_is_better: bool | None, decimals: int = 2) -> Tone:
    """good/bad by the indicator's polarity; neutral without polarity or when the change rounds to zero."""
    if delta is None or pd.isna(delta) or higher_is_better is None or round(abs(delta), decimals) == 0:
        return "neutral"
    improved = delta > 0 if higher_is_better else delta < 0
    return "good" if improved else "bad"


def rank_among(values: Mapping[str, float], code: str, higher_is_better: bool | None) -> Rank | None:
    """Rank of `code` among the peers in `values` (ties share the better rank); None without polarity,
    without a value for `code`, or with no other peer."""
    clean = {k: v for k, v in values.items() if v is not None and not pd.isna(v)}
    if higher_is_better is None or code not in clean or len(clean) < 2:
        return None
    mine = clean[code]
    better = sum(1 for v in clean.values() if (v > mine if higher_is_better else v < mine))
    return Rank(position=better + 1, of=len(clean))


def nearest_targets(targets: pd.DataFrame, year: int) -> pd.DataFrame:
    """The plan targets of the year nearest to `year` (a later year wins a tie), every plan of that year."""
    if targets.empty:
        return targets
    years = sorted(set(int(y) for y in targets["year"]))
    best = min(years, key=lambda y: (abs(y - year), y < year))
    return targets[targets["year"].astype(int) == best].reset_index(drop=True)


def data_year(period: str) -> int:
    return period_year(period)
