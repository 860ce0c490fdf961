"""The overview's strategic-issues view (isu strategis) and the top three of the priority matrix: plain functions
over the overview's card dicts (services.overview.card_values) and the brief's priority lines, so the page, the
matrix on /prioritas and the PDF brief give the same three regions with the same scores.
"""
from __future__ import annotations

from collections.abc import Sequence

from models.issues import Issue, IssueInput, rank_issues
from services import queries
from services.access import PUBLIC, Access
from services.brief import PriorityLine, priority_parent, top_priorities
from services.context import AppContext


def issue_input(card: dict) -> IssueInput:
    """What the rule of models.issues needs from one overview card."""
    rank = card.get("rank") or {}
    return IssueInput(code=card["indicator"]["code"], value=card.get("value"),
                      higher_is_better=card["indicator"].get("higher_is_better"),
                      target_status=(card.get("on_track") or {}).get("status"),
                      parent_value=card.get("parent_value"), rank_position=rank.get("position"),
                      rank_of=rank.get("of"), tone=card.get("tone", "neutral"),
                      has_change=card.get("change") is not None)


def strategic_issues(cards: Sequence[dict]) -> list[Issue]:
    """The cards' indicators ranked by models.issues' one rule (no-data indicators last)."""
    return rank_issues([issue_input(c) for c in cards])


def top_three(ctx: AppContext, region: dict, access: Access = PUBLIC) -> tuple[dict, list[PriorityLine]]:
    """The region /prioritas ranks for `region` by default (Indonesia, the province, a kab/kota's province) and
    its three best-ranked children with their priority scores (default indicators and weights, no jitter draws:
    the scores and order do not depend on them)."""
    code = priority_parent(region)
    parent = region if code == region["code"] else queries.region(ctx.engine, code)
    return parent, top_priorities(ctx, parent, access, draws=0)
