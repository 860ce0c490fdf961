"""Strategic issues (isu strategis) of one region: which of its indicators need attention first. Pure, no I/O.

THE RULE (the README says the same): each indicator with a value gets one flag for each way it falls behind,
  target  its verdict against its plan target is not "on track" (models.attainment's verdict: moderately
          improving, stagnating or worsening);
  peers   it is worse than the region it is compared with (Indonesia for a province, its province for a kab/kota);
  trend   it worsened since its comparison period (the overview card's tone "bad").
A flag that cannot be judged (no target, no comparison value, no comparable earlier period, no polarity) is
neither raised nor counted. Indicators are ranked by the number of flags raised, most first; ties go to the one
lower in its peer ranking (position / number of peers, larger first), then to the display order. Indicators
without a value are not ranked: they are listed after the others as having no data.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SIGNALS = ("target", "peers", "trend")
BEHIND = frozenset({"moderately_improving", "stagnating", "worsening"})


@dataclass(frozen=True)
class IssueInput:
    code: str
    value: float | None
    higher_is_better: bool | None
    target_status: str | None  # the verdict's status, None without a target
    parent_value: float | None
    rank_position: int | None
    rank_of: int | None
    tone: str  # "good", "bad" or "neutral" (models.summary.change_tone); "neutral" also when there is no change
    has_change: bool


@dataclass(frozen=True)
class Issue:
    code: str
    flags: dict[str, bool | None]  # signal -> raised (True), not raised (False), not judged (None)
    count: int  # flags raised
    judged: int  # flags that could be judged
    has_data: bool


def flags_of(item: IssueInput) -> dict[str, bool | None]:
    """The three flags of one indicator (see the module's rule)."""
    hib = item.higher_is_better
    target = None if item.target_status is None else item.target_status in BEHIND
    if item.parent_value is None or hib is None or item.value is None:
        peers = None
    else:
        peers = item.value < item.parent_value if hib else item.value > item.parent_value
    trend = None if not item.has_change or hib is None else item.tone == "bad"
    return {"target": target, "peers": peers, "trend": trend}


def _share(item: IssueInput) -> float:
    if not item.rank_position or not item.rank_of:
        return 0.0
    return item.rank_position / item.rank_of


def rank_issues(items: Sequence[IssueInput]) -> list[Issue]:
    """Indicators with a value ranked by the rule (most flags first), then those without data in display order."""
    order = {item.code: i for i, item in enumerate(items)}
    with_data = [i for i in items if i.value is not None]
    ranked = sorted(with_data, key=lambda i: (-sum(bool(f) for f in flags_of(i).values()), -_share(i), order[i.code]))
    out = []
    for item in ranked:
        flags = flags_of(item)
        out.append(Issue(item.code, flags, sum(bool(f) for f in flags.values()),
                         sum(f is not None for f in flags.values()), True))
    out += [Issue(i.code, dict.fromkeys(SIGNALS), 0, 0, False) for i in items if i.value is None]
    return out
