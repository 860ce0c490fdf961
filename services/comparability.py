"""Whether a value may stand for today's region: the ONE rule the map, rankings, compare, Klassen, priorities,
kiosk, briefs and the API ask. A value from before a territorial break of its region (the 2022 Papua split) is a
figure of the region as it was; views draw it as "not comparable: before the 2022 split", never as today's.
The breaks themselves are data (services.series_breaks); the test is models.breaks.stands_for_today.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import pandas as pd

from i18n import t
from models.breaks import TERRITORY, SeriesBreak, breaks_for, stands_for_today
from models.periods import period_date
from services.series_breaks import BREAKS


@lru_cache(maxsize=4096)
def _breaks(indicator: str, region: str) -> tuple[SeriesBreak, ...]:
    return tuple(breaks_for(BREAKS, indicator, region))


@lru_cache(maxsize=1024)
def _later_splits(indicator: str, period: str) -> tuple[SeriesBreak, ...]:
    """The territorial breaks of `indicator` that start after `period`: only the regions they name can hold a value
    of the region as it was (none at all for IDM 2024, whatever the desa)."""
    when = period_date(period)
    return tuple(b for b in BREAKS if b.indicator == indicator and b.kind == TERRITORY and b.boundary > when)


def comparable(indicator: str, region: str, period: str) -> bool:
    """True when the value of `indicator` for `region` in `period` describes the region as it is today
    (models.breaks.stands_for_today over the region's breaks; asked once per break after the period, not once
    per region: a province's 8,563 desa took 150 ms per question, three questions per first map)."""
    later = _later_splits(indicator, str(period))
    return not later or not any(b.applies(indicator, str(region)) for b in later)


def comparable_flags(indicator: str, regions: Iterable[str], period: str | None) -> list[bool]:
    """`comparable` for each region (same order); every region is comparable when there is no period."""
    return [True if not period else comparable(indicator, code, period) for code in regions]


def reason(indicator: str, region: str, period: str, lang: str) -> str | None:
    """The short label of a value that does not stand for today's region ("tidak sebanding: sebelum pemekaran
    2022"); None for a comparable one."""
    return None if comparable(indicator, region, period) else t("breaks.not_comparable", lang)


def note(indicator: str, region: str, period: str, lang: str) -> str | None:
    """The longer why (the break's own note from the seed notes) of a value that is not comparable; else None."""
    if comparable(indicator, region, period):
        return None
    later = [b for b in _breaks(indicator, str(region)) if not stands_for_today(period, (b,))]
    return later[0].note(lang) if later else None


def latest_comparable(indicator: str, periods: Sequence[str], regions: Iterable[str]) -> str | None:
    """The newest of `periods` (oldest first) in which every one of `regions` stands for today; None if none."""
    codes = list(regions)
    return next((p for p in reversed(periods) if all(comparable_flags(indicator, codes, p))), None)


def preferred_period(indicator: str, periods: Sequence[str], regions: Iterable[str]) -> str | None:
    """The period a view opens on: the latest comparable one, else the latest (None without periods)."""
    if not periods:
        return None
    return latest_comparable(indicator, periods, regions) or periods[-1]


def row_flags(frame: pd.DataFrame, indicator: str | None = None) -> pd.Series:
    """`comparable` for each row of a frame with region_code and period (and indicator_code, unless every row is of
    `indicator`), aligned with the frame's index."""
    codes = frame["indicator_code"] if indicator is None else [indicator] * len(frame)
    return pd.Series([comparable(str(i), str(r), str(p)) for i, r, p in
                      zip(codes, frame["region_code"], frame["period"], strict=True)], index=frame.index, dtype=bool)


def only_comparable(frame: pd.DataFrame, indicator: str | None = None) -> pd.DataFrame:
    """The rows of `frame` that stand for today's region (see `row_flags`)."""
    return frame[row_flags(frame, indicator)] if not frame.empty else frame
