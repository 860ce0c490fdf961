"""Where each bundled value comes from: the seed's provenance rules (data/seed/provenance.csv), read once.

A rule names a bundle (a folder of data/seed/), an indicator, optionally a region level, and a period range, and
gives the source (producer, title), the vintage (the release or capture date the bundle records, when it records
one: an ISO date or year, and what kind of date it is, one of VINTAGE_KINDS) and the quality flag (empty: an
official release; else one of data.schema.QUALITIES). The first rule that matches a row wins. The seed stores
the flag on each observation; the provenance service (services.provenance) reads the rest from here. No
database access here.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data.schema import QUALITIES

RULES = Path(__file__).resolve().parent / "seed" / "provenance.csv"
#: What a rule's vintage date is: BPS's `last_update` of the table, its publication date, the date it was accessed,
#: captured at the latest or about, the date of the copy; and, for an upload, the day it was loaded.
VINTAGE_KINDS = ("updated", "published", "accessed", "captured_by", "captured_about", "snapshot", "loaded")
VINTAGE = re.compile(r"\d{4}(-\d\d-\d\d)?")


@dataclass(frozen=True)
class Rule:
    bundle: str
    indicator: str
    level: str | None  # None: every level
    period_from: str
    period_to: str
    quality: str | None
    producer: str
    title: str
    vintage: str | None  # ISO date, or a year when the notes give only the year
    vintage_kind: str | None  # one of VINTAGE_KINDS when there is a vintage
    note: str

    def matches(self, indicator: str, level: str | None, period: str) -> bool:
        """`period_from` / `period_to` are inclusive: '2021' starts at 2021-01, '2024' ends with 2024-12."""
        return (indicator == self.indicator and (self.level is None or level == self.level)
                and period >= self.period_from and period[:len(self.period_to)] <= self.period_to)


@cache
def rules() -> tuple[Rule, ...]:
    with RULES.open(encoding="utf-8", newline="") as f:
        out = tuple(Rule(bundle=r["bundle"], indicator=r["indicator_code"], level=r["level"] or None,
                         period_from=r["period_from"], period_to=r["period_to"], quality=r["quality"] or None,
                         producer=r["producer"], title=r["title"], vintage=r["vintage"] or None,
                         vintage_kind=r["vintage_kind"] or None, note=r["note"])
                    for r in csv.DictReader(f))
    bad = [r for r in out if r.quality is not None and r.quality not in QUALITIES]
    if bad:
        raise ValueError(f"{RULES.name}: unknown quality {bad[0].quality!r} (one of {', '.join(QUALITIES)})")
    undated = [r for r in out if (r.vintage is None) != (r.vintage_kind is None)
               or (r.vintage is not None and not VINTAGE.fullmatch(r.vintage))
               or (r.vintage_kind is not None and r.vintage_kind not in VINTAGE_KINDS)]
    if undated:
        raise ValueError(f"{RULES.name}: vintage {undated[0].vintage!r} / {undated[0].vintage_kind!r} of "
                         f"{undated[0].indicator}: an ISO date or year with a kind (one of {', '.join(VINTAGE_KINDS)})")
    return out


def rule_for(bundle: str, indicator: str, level: str | None, period: str) -> Rule | None:
    """The first rule of `bundle` that covers this row; None when the seed notes give no more than SOURCE.md."""
    return next((r for r in rules() if r.bundle == bundle and r.matches(indicator, level, period)), None)


def bundle_of(file_name: str | None) -> str | None:
    """The bundle a seed batch loaded ('indicators_kabkota/observations.csv' -> 'indicators_kabkota')."""
    if not file_name or "/" not in file_name:
        return None
    return file_name.split("/", 1)[0]
