"""Writing observations with history: diff against the current values, then apply in the caller's transaction.

A changed value is never overwritten: the old row is marked not current and keeps the batch that replaced it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, and_, insert, select, tuple_, update

from data.schema import ImportBatch, Observation, utcnow
from data.store import bump_generation

KEY = ["indicator_code", "region_code", "period"]
#: Values closer than this are the same figure written twice (float noise from CSV round trips).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Diff:
    """What a set of rows would do to the store: one frame with a `change` column and the old values."""

    rows: pd.DataFrame  # KEY + value, status, old_value, old_status, change in {new, changed, unchanged}

    def count(self, change: str) -> int:
        return int((self.rows["change"] == change).sum())

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def current_values(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Current store values for the keys in `frame` (read per indicator and period to use the index)."""
    parts = []
    for (indicator, period), group in frame.groupby(["indicator_code", "period"], sort=False):
        stmt = select(Observation.id, Observation.indicator_code, Observation.region_code,
                      Observation.period, Observation.value, Observation.status).where(
            Observation.indicator_code == indicator, Observation.period == period,
            Observation.is_current)
        rows = conn.execute(stmt).all()
        if rows:
            found = pd.DataFrame(rows, columns=["id", *KEY, "value", "status"])
            parts.append(found[found["region_code"].isin(set(group["region_code"]))])
    if not parts:
        return pd.DataFrame(columns=["id", *KEY, "value", "status"])
    return pd.concat(parts, ignore_index=True)


def diff(conn: Connection, frame: pd.DataFrame) -> Diff:
    """Compare `frame` (KEY, value, status) with the store; nothing is written."""
    frame = frame.copy()
    if "status" not in frame:
        frame["status"] = "final"
    old = current_values(conn, frame).rename(columns={"value": "old_value", "status": "old_status", "id": "old_id"})
    merged = frame.merge(old, on=KEY, how="left")
    same_value = (merged["value"] - merged["old_value"]).abs() <= TOLERANCE
    same_status = merged["status"] == merged["old_status"]
    merged["change"] = "changed"
    merged.loc[merged["old_value"].isna(), "change"] = "new"
    merged.loc[merged["old_value"].notna() & same_value & same_status, "change"] = "unchanged"
    return Diff(merged)


def apply(conn: Connection, result: Diff, batch_id: int) -> None:
    """Write the new and changed rows of `result` under `batch_id`; unchanged rows are left alone."""
    rows = result.rows
    replaced = rows.loc[rows["change"] == "changed", "old_id"].astype("int64").tolist()
    now = utcnow()
    for start in range(0, len(replaced), 500):
        chunk = replaced[start:start + 500]
        conn.execute(update(Observation).where(Observation.id.in_(chunk)).values(
            is_current=False, replaced_by_batch_id=batch_id, replaced_at=now))
    fresh = rows[rows["change"].isin(["new", "changed"])]
    payload = [
        {"indicator_code": r.indicator_code, "region_code": r.region_code, "period": r.period,
         "value": float(r.value), "status": r.status, "batch_id": batch_id, "is_current": True}
        for r in fresh.itertuples(index=False)
    ]
    if payload:
        conn.execute(insert(Observation), payload)
    if replaced or payload:
        bump_generation(conn)  # committed with the rows: every app server's cache misses from then on


def new_batch(conn: Connection, **fields) -> int:
    """Insert an import_batch row and return its id."""
    fields.setdefault("created_at", utcnow())
    return int(conn.execute(insert(ImportBatch).values(**fields).returning(ImportBatch.id)).scalar_one())


def rollback_batch(conn: Connection, batch_id: int, user: str) -> int:
    """Undo a committed batch: its rows stop being current, the rows it replaced become current again.

    Returns how many values were restored or removed. The batch row stays, marked rolled_back.
    """
    mine = and_(Observation.batch_id == batch_id, Observation.is_current)
    keys = conn.execute(select(Observation.indicator_code, Observation.region_code, Observation.period)
                        .where(mine)).all()
    conn.execute(update(Observation).where(mine).values(is_current=False))
    if keys:
        for start in range(0, len(keys), 300):
            chunk = keys[start:start + 300]
            conn.execute(update(Observation).where(
                Observation.replaced_by_batch_id == batch_id,
                tuple_(Observation.indicator_code, Observation.region_code, Observation.period).in_(chunk),
            ).values(is_current=True, replaced_by_batch_id=None, replaced_at=None))
    conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
        status="rolled_back", rolled_back_by=user, rolled_back_at=utcnow()))
    bump_generation(conn)
    return len(keys)
