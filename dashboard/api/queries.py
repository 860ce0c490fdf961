"""Reads behind the REST API: paginated observations with their filters, batches. Filtered by the caller's Access."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from dashboard.access import Access
from dashboard.queries import _frame, _scope_filter, _tier_filter, batch_filter, wraps_store_errors
from data.schema import ImportBatch, Indicator, Observation, Region


@dataclass(frozen=True)
class ObservationFilter:
    indicator: str | None = None
    region: str | None = None
    level: str | None = None
    parent: str | None = None
    period: str | None = None
    period_from: str | None = None
    period_to: str | None = None


def _period_upper(to: str):
    """`to=2024` includes 2024-03 and 2024-Q4: compare with the next year for a bare year."""
    if len(to) == 4 and to.isdigit():
        return Observation.period < str(int(to) + 1)
    return Observation.period <= to


@wraps_store_errors
def observation_page(engine: Engine, f: ObservationFilter, access: Access, limit: int, offset: int) -> pd.DataFrame:
    """Up to `limit + 1` current observations (the extra row tells there is a next page), in a stable order."""
    visible = select(Indicator.code).where(_tier_filter(access))
    stmt = (select(Observation.indicator_code.label("indicator"), Observation.region_code.label("region"),
                   Observation.period, Observation.value, Observation.status)
            .where(Observation.is_current, Observation.indicator_code.in_(visible))  # bare: matches the partial indexes
            .order_by(Observation.indicator_code, Observation.region_code, Observation.period)
            .limit(limit + 1).offset(offset))
    if f.indicator:
        stmt = stmt.where(Observation.indicator_code == f.indicator)
    if f.region:
        stmt = stmt.where(Observation.region_code == f.region)
    if f.level or f.parent:
        stmt = stmt.join(Region, Region.code == Observation.region_code)
        if f.level:
            stmt = stmt.where(Region.level == f.level)
        if f.parent:
            stmt = stmt.where(Region.parent_code == f.parent)
    if f.period:
        stmt = stmt.where(Observation.period == f.period)
    if f.period_from:
        stmt = stmt.where(Observation.period >= f.period_from)
    if f.period_to:
        stmt = stmt.where(_period_upper(f.period_to))
    scope = _scope_filter(access, Observation.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return _frame(engine, stmt)


@wraps_store_errors
def batch_page(engine: Engine, access: Access, limit: int, offset: int) -> pd.DataFrame:
    """Import batches of indicators the caller may see (or of several indicators), newest first."""
    visible = select(Indicator.code).where(_tier_filter(access))
    columns = [ImportBatch.id, ImportBatch.kind, ImportBatch.created_at, ImportBatch.file_name,
               ImportBatch.file_hash, ImportBatch.indicator_code, ImportBatch.rows_total, ImportBatch.rows_new,
               ImportBatch.rows_changed, ImportBatch.rows_unchanged, ImportBatch.rows_skipped, ImportBatch.status,
               ImportBatch.rolled_back_at]
    if access.can("view_audit"):
        columns += [ImportBatch.created_by, ImportBatch.rolled_back_by]
    stmt = (select(*columns)
            .where(or_(ImportBatch.indicator_code.is_(None), ImportBatch.indicator_code.in_(visible)))
            .order_by(ImportBatch.id.desc()).limit(limit + 1).offset(offset))
    if (mine := batch_filter(access)) is not None:
        stmt = stmt.where(mine)
    return _frame(engine, stmt)
