"""The audit log: sign-ins (and failures), imports, approvals, rollbacks, internal exports, role changes.

Append-only by construction: this module only inserts and reads; there is no update or delete path in the code,
and the migration adds triggers that refuse UPDATE and DELETE on the table (SQLite and PostgreSQL).
"""
from __future__ import annotations

import json
import logging

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data.errors import NoDataError
from data.schema import AuditLog, utcnow
from services import queries
from services.access import Access
from services.queries import read_frame, wraps_store_errors

log = logging.getLogger("services.audit")

ACTIONS = ("login", "login_failed", "logout", "import", "submit", "approve", "return", "rollback",
           "export_internal", "user_add", "user_change", "tier_change", "metadata_change", "target_change")


def record(engine: Engine, action: str, *, actor: str | None, target: str | None = None, success: bool = True,
           detail: dict | str | None = None, ip: str | None = None) -> None:
    """Append one event. A store failure is logged loudly but never breaks the action being audited."""
    text = json.dumps(detail, ensure_ascii=False, default=str) if isinstance(detail, dict) else detail
    try:
        with engine.begin() as conn:
            conn.execute(insert(AuditLog).values(at=utcnow(), actor=actor, action=action, target=target,
                                                 success=success, detail=text, ip=ip))
    except SQLAlchemyError:
        log.exception("audit record failed: %s %s %s", action, actor, target)


@wraps_store_errors
def entries(engine: Engine, access: Access, limit: int = 500, action: str | None = None,
            actor: str | None = None) -> pd.DataFrame:
    """The newest events first; only for callers who may view the audit log (NoDataError otherwise)."""
    if not access.can("view_audit"):
        raise NoDataError("the audit log is for walidata and admin")
    stmt = select(AuditLog.id, AuditLog.at, AuditLog.actor, AuditLog.action, AuditLog.target, AuditLog.success,
                  AuditLog.detail, AuditLog.ip).order_by(AuditLog.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if actor:
        stmt = stmt.where(AuditLog.actor == actor)
    return read_frame(engine, stmt)


def record_export(engine: Engine, access: Access, indicator_codes, what: str, ip: str | None = None) -> None:
    """Audit a download when it holds any non-public indicator (exports of open data are not logged)."""

    codes = sorted({c for c in indicator_codes if c})
    if not codes or access.tiers == {"publik"}:
        return
    meta = queries.indicators(engine, access)
    hidden = sorted(set(meta.loc[(meta["tier"] != "publik") & meta["code"].isin(codes), "code"]))
    if hidden:
        record(engine, "export_internal", actor=access.user, target=",".join(hidden), detail={"file": what}, ip=ip)
