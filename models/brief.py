"""What an executive brief holds (its content types, language-free: the renderers in layouts/brief/ translate)
and which top priorities it lists, picked from a priority result. Pure pandas, no I/O.

Two readings of the same priority matrix (models.priority.score):
  * for a parent region (Indonesia, a province): the top-ranked children, each with the indicator on which it
    needs action most (its largest heat-map cell);
  * for a kab/kota (no children): its own row of its province's matrix, the indicators where it needs action most.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from models.priority import DEFAULT_INDICATORS, DEFAULT_WEIGHTS


@dataclass(frozen=True)
class KeyCard:
    indicator: dict  # code, name_id, name_en, short_id, short_en, unit, unit_en, decimals, higher_is_better, producer
    period: str | None
    value: float | None
    status: str | None
    previous_period: str | None
    change: float | None
    tone: str
    target: dict | None  # year, low, high, plan, source (the nearest plan target)
    on_track: dict | None  # services.targets.on_track_for (band, achievement, probability, status, ...)
    rank: dict | None = None  # position, of: among the peers, as the overview card (services.standing)
    parent: dict | None = None  # code, name of the region compared with (Indonesia for a province)
    parent_value: float | None = None  # its value in the same period
    other_release: bool = False  # the change compares figures of two releases (services.provenance.same_release)


@dataclass(frozen=True)
class PriorityLine:
    rank: int
    region: dict  # code, name
    indicator: dict
    need: float
    period: str | None
    value: float | None
    criteria: dict[str, float]
    target: dict | None
    parent: str  # the region whose children were ranked


@dataclass(frozen=True)
class MapData:
    indicator: dict
    period: str
    level: str
    parent: str | None
    frame: pd.DataFrame  # code, name, value (NaN = no value), comparable (False: a value of the region before a split)
    highlight: str | None = None


@dataclass(frozen=True)
class Selection:
    """What the priority matrix ranks on: the /prioritas page's choice, or the defaults."""
    indicators: tuple[str, ...] = DEFAULT_INDICATORS
    weights: tuple[tuple[str, float], ...] = tuple(DEFAULT_WEIGHTS.items())

    @classmethod
    def of(cls, indicators=None, weights: dict[str, float] | None = None) -> Selection:
        """None or empty parts fall back to the defaults; unknown criteria are dropped."""
        known = {k: float(weights[k]) for k in DEFAULT_WEIGHTS if weights and weights.get(k) is not None}
        return cls(tuple(indicators) if indicators else DEFAULT_INDICATORS,
                   tuple(known.items()) if known else tuple(DEFAULT_WEIGHTS.items()))

    @property
    def is_default(self) -> bool:
        return self == Selection()


@dataclass
class Brief:
    region: dict
    cards: list[KeyCard]
    priorities: list[PriorityLine]
    map: MapData | None
    data_period: str | None  # the newest period shown on the cards
    loaded: datetime | None  # when the newest of those values was loaded
    generated: date  # today in the display time zone (i18n.local_today), never the server's UTC date
    notes: list[str] = field(default_factory=list)  # i18n keys of things left out
    basis: Selection | None = None  # the indicators and weights the priorities were ranked on
    basis_indicators: list[dict] = field(default_factory=list)  # metadata of basis.indicators the caller sees
    #: a kab/kota's desa by IDM status (services.villages): period, statuses (value, label_id, label_en, count,
    #: change), desa, kelurahan, unscored, map, rows (every desa/kelurahan with its IDM figures, for the XLSX);
    #: None for other regions or while the villages are not in the store
    villages: dict | None = None


@dataclass(frozen=True)
class Priority:
    rank: int
    region: str
    indicator: str
    # 0..1, 1 = most in need among the peers: a child's priority score exactly as /prioritas shows it
    # (top_children), or the region's heat-map cell of that indicator (top_indicators)
    need: float
    criteria: dict[str, float]  # criterion -> oriented raw value (gap %, trend per year, distance below median)


def _criteria(long: pd.DataFrame, region: str, indicator: str) -> dict[str, float]:
    rows = long[(long["region"] == region) & (long["indicator"] == indicator)]
    return {str(c): float(v) for c, v in zip(rows["criterion"], rows["value"], strict=True) if pd.notna(v)}


def _worst(heat_row: pd.Series, skip: tuple[str, ...]) -> pd.Series:
    row = heat_row.drop([c for c in skip if c in heat_row.index]).dropna()
    return row.sort_values(ascending=False, kind="stable")


def top_children(ranking: pd.DataFrame, heatmap: pd.DataFrame, long: pd.DataFrame, n: int = 3,
                 skip: tuple[str, ...] = ("penduduk",)) -> list[Priority]:
    """The `n` best-ranked regions (highest need first) with their priority score, each with its most
    pressing indicator (its largest heat-map cell)."""
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
        out.append(Priority(len(out) + 1, str(row.region), code, float(row.score),
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
