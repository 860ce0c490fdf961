"""Changing indicator metadata that governs access (the tier). Every change is audited. No Flask here."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from dashboard import audit
from dashboard.queries import wraps_store_errors
from data.errors import NoDataError
from data.schema import TIERS, Indicator, utcnow
from data.store import bump_generation, set_info


@wraps_store_errors
def set_tier(engine: Engine, code: str, tier: str, actor: str | None = None, ip: str | None = None) -> str:
    """Set an indicator's access tier; returns the previous tier. ValueError for an unknown tier,
    NoDataError for an unknown indicator. Bumps the store's cache generation: no server then serves a
    cached read made under the old tier."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; one of {', '.join(TIERS)}")
    with engine.begin() as conn:
        old = conn.scalar(select(Indicator.tier).where(Indicator.code == code))
        if old is None:
            raise NoDataError(f"indicator {code!r} not found")
        conn.execute(update(Indicator).where(Indicator.code == code).values(tier=tier, updated_at=utcnow()))
        set_info(conn, "access_changed_at", utcnow().isoformat())
        bump_generation(conn)  # cached reads of every app server go stale with the change
    audit.record(engine, "tier_change", actor=actor, target=code, detail={"from": old, "to": tier}, ip=ip)
    return old
