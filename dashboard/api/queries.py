"""Reads behind the REST API: paginated observations with their filters, batches. Filtered by the caller's Access."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data.schema import ImportBatch, Indicator, Observation, Region
from services import comparability
from services.access import Access
from services.queries import batch_filter, read_frame, scope_filter, tier_filter, under, wraps_store_errors


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
    visible = select(Indicator.code).where(tier_filter(access))
    stmt = (select(Observation.indicator_code.label("indicator"), Observation.region_code.label("region"),
                   Observation.period, Observation.value, Observation.status, Observation.quality)
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
        if f.parent:  # with a level: every region of it inside the parent (desa of a kab/kota), else its children
            stmt = stmt.where(under(Observation.region_code, Region.parent_code, f.parent, f.level))
    if f.period:
        stmt = stmt.where(Observation.period == f.period)
    if f.period_from:
        stmt = stmt.where(Observation.period >= f.period_from)
    if f.period_to:
        stmt = stmt.where(_period_upper(f.period_to))
    scope = scope_filter(access, Observation.region_code, Observation.indicator_code)
    if scope is not None:
        stmt = stmt.where(scope)
    frame = read_frame(engine, stmt)
    # Every row is returned, a value from before a series break too, with its flag (never dropped or relabelled).
    return frame.assign(quality=frame["quality"].astype(object).where(frame["quality"].notna(), None),
                        comparable=comparability.row_flags(frame.rename(columns={"indicator": "indicator_code",
                                                                                 "region": "region_code"})))


@wraps_store_errors
def batch_page(engine: Engine, access: Access, limit: int, offset: int) -> pd.DataFrame:
    """Import batches the caller may see (queries.batch_filter), newest first."""
    columns = [ImportBatch.id, ImportBatch.kind, ImportBatch.created_at, ImportBatch.file_name,
               ImportBatch.file_hash, ImportBatch.indicator_code, ImportBatch.rows_total, ImportBatch.rows_new,
               ImportBatch.rows_changed, ImportBatch.rows_unchanged, ImportBatch.rows_skipped, ImportBatch.status,
               ImportBatch.rolled_back_at]
    if access.can("view_audit"):
        columns += [ImportBatch.created_by, ImportBatch.rolled_back_by]
    stmt = select(*columns).order_by(ImportBatch.id.desc()).limit(limit + 1).offset(offset)
    if (mine := batch_filter(access)) is not None:
        stmt = stmt.where(mine)
    return read_frame(engine, stmt)
