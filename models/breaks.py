"""Series breaks: where an indicator's series changes basis for some regions (a province split, a new survey
base), so that values on either side must not be joined or compared. Pure; the break list itself is data
(`services/series_breaks.py`) and comes in as arguments.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from models.periods import period_date

#: The kind of break after which a region is a different territory (the 2022 Papua split).
TERRITORY = "papua_split"


@dataclass(frozen=True)
class SeriesBreak:
    """From `starts` (a year, "2024", or a month, "2024-03") the series of `indicator` for `regions`
    (None = every region) is on a new basis; values dated before the first day of `starts` are the old one."""

    indicator: str
    regions: frozenset[str] | None
    starts: str
    note_id: str
    note_en: str
    source: str
    kind: str = "basis"  # "basis" (a new statistical basis) or TERRITORY (the region itself changed)

    @property
    def boundary(self) -> date:
        text = self.starts.strip()
        return date(int(text[:4]), int(text[5:7]) if len(text) == 7 else 1, 1)

    def applies(self, indicator: str, region: str) -> bool:
        return self.indicator == indicator and (self.regions is None or region in self.regions)

    def note(self, lang: str) -> str:
        return self.note_id if lang == "id" else self.note_en


def from_records(records: Iterable[Mapping]) -> tuple[SeriesBreak, ...]:
    """SeriesBreak objects from plain records (keys: indicator, regions, starts, note_id, note_en, source)."""
    return tuple(SeriesBreak(r["indicator"], None if r.get("regions") is None else frozenset(r["regions"]),
                             str(r["starts"]), r["note_id"], r["note_en"], r.get("source", ""),
                             r.get("kind", "basis")) for r in records)


def stands_for_today(period: str, breaks: Sequence[SeriesBreak]) -> bool:
    """Whether a value of `period` describes the region as it is today: False when a territorial break (a province
    split) of the series starts after the period, i.e. the value is of the region before it changed."""
    when = period_date(period)
    return not any(b.kind == TERRITORY and b.boundary > when for b in breaks)


def breaks_for(breaks: Iterable[SeriesBreak], indicator: str, region: str) -> list[SeriesBreak]:
    """The breaks that apply to one indicator-region series, oldest first."""
    return sorted((b for b in breaks if b.applies(indicator, region)), key=lambda b: b.boundary)


def segment_of(period: str, breaks: Sequence[SeriesBreak]) -> int:
    """0 for the oldest basis, +1 for every break boundary on or before the period's date."""
    when = period_date(period)
    return sum(1 for b in breaks if b.boundary <= when)


def segments(periods: Sequence[str], breaks: Sequence[SeriesBreak]) -> list[int]:
    """The basis segment of each period (same order as given)."""
    return [segment_of(p, breaks) for p in periods]


def crosses_break(earlier: str, later: str, breaks: Sequence[SeriesBreak]) -> bool:
    """True when a comparison of the two periods would mix two bases."""
    return segment_of(earlier, breaks) != segment_of(later, breaks)


def breaks_between(earlier: str, later: str, breaks: Sequence[SeriesBreak]) -> list[SeriesBreak]:
    lo, hi = period_date(earlier), period_date(later)
    return [b for b in breaks if lo < b.boundary <= hi]


def with_gaps(frame: pd.DataFrame, breaks: Sequence[SeriesBreak]) -> pd.DataFrame:
    """A copy of a dated series (columns period, value, date, ...) sorted by date, with a `segment` column and
    one empty row (no value, no period) inserted between segments, so a plotted line stops at each break instead of joining
    two bases."""
    if frame.empty:
        return frame.assign(segment=pd.Series(dtype=int))
    out = frame.sort_values("date").reset_index(drop=True).copy()
    out["segment"] = segments(list(out["period"]), breaks)
    pieces: list[pd.DataFrame] = []
    for _, part in out.groupby("segment", sort=True):
        if pieces:
            gap = part.iloc[:1].copy()
            gap["value"] = float("nan")
            gap["period"] = None
            gap["date"] = gap["date"] - pd.Timedelta(days=1)
            pieces.append(gap)
        pieces.append(part)
    return pd.concat(pieces, ignore_index=True)
