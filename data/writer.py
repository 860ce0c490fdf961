"""Writing observations with history: diff against the current values, then apply in the caller's transaction.

A changed value is never overwritten: the old row is marked not current and keeps the batch that replaced it.
A submitted batch (a produsen's upload) is written with its rows not current, each remembering the current row it
will replace (`replaces_id`); `approve_batch` makes them current exactly as a direct commit would, and refuses when
another batch changed one of those cells in the meantime; `return_batch` leaves them invisible with a note.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.engine import Engine

from data.errors import Busy, Problem, ValidationError
from data.schema import PENDING, ImportBatch, Indicator, Observation, utcnow
from data.store import bump_generation, named_lock

KEY = ["indicator_code", "region_code", "period"]
#: How long a writer waits for another to finish before it is refused (under gunicorn's 60 s request timeout).
WAIT_SECONDS = 30.0
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


def write_wait(engine: Engine) -> float:
    """How long a write waits for the lock on this engine: the app sets it from its config
    (`engine.update_execution_options(write_wait=...)`, DASHBOARD_WRITE_WAIT), else WAIT_SECONDS."""
    return float(engine.get_execution_options().get("write_wait", WAIT_SECONDS))


@contextmanager
def writing(engine: Engine, doing: str, user: str, wait: float | None = None) -> Iterator[Connection]:
    """One transaction under the store's write lock, so two imports (or an import and an approval or rollback)
    never diff against the same values and collide on the current-value index: the second waits for the first,
    or after `wait` seconds (default: the engine's write_wait) is refused with a message naming what the first is
    doing."""
    wait = write_wait(engine) if wait is None else wait
    holder = f"{doing[:36]}, {user[:12]}, {utcnow():%H:%M:%S} UTC"
    try:
        with named_lock(engine, "write", "write.lock", holder=holder, wait=wait), engine.begin() as conn:
            yield conn
    except Busy as busy:
        raise ValidationError([Problem(
            None, None, f"penulisan lain sedang berjalan ({busy.holder}); sudah ditunggu {wait:g} detik, "
            "tidak ada yang ditulis. Coba lagi setelah selesai",
            f"another write is running ({busy.holder}); waited {wait:g} s, nothing was written. "
            "Try again when it has finished")]) from None


def current_values(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Current store values for the keys in `frame` (read per indicator and period to use the index)."""
    parts = []
    for (indicator, period), group in frame.groupby(["indicator_code", "period"], sort=False):
        regions = sorted(set(group["region_code"]))
        stmt = select(Observation.id, Observation.indicator_code, Observation.region_code,
                      Observation.period, Observation.value, Observation.status).where(
            Observation.indicator_code == indicator, Observation.period == period,
            Observation.is_current)
        if len(regions) <= 200:  # a few regions: ask for them; many: read the period and filter here
            stmt = stmt.where(Observation.region_code.in_(regions))
        rows = [tuple(r) for r in conn.execute(stmt)]
        if rows:
            found = pd.DataFrame(rows, columns=["id", *KEY, "value", "status"])
            parts.append(found[found["region_code"].isin(set(regions))])
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


def _records(frame: pd.DataFrame) -> list[dict]:
    """The observation fields of each row, read column-wise (row tuples of a 300,000-row frame took 8 s)."""
    quality = frame["quality"].tolist() if "quality" in frame else [None] * len(frame)
    return [{"indicator_code": i, "region_code": r, "period": p, "value": float(v), "status": s,
             "quality": q if isinstance(q, str) and q else None}
            for i, r, p, v, s, q in zip(frame["indicator_code"].tolist(), frame["region_code"].tolist(),
                                        frame["period"].tolist(), frame["value"].tolist(), frame["status"].tolist(),
                                        quality, strict=True)]


#: From this many rows on, PostgreSQL gets them by COPY: batched INSERTs of the 376,240 village values took 60 s.
COPY_FROM = 5000


def insert_many(conn: Connection, table, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` inside the caller's transaction."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or len(rows) < COPY_FROM:
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    raw = conn.connection.dbapi_connection  # the same connection, so the same transaction
    assert raw is not None
    cursor: Any = raw.cursor()  # psycopg's cursor (a context manager with copy()), typed by SQLAlchemy as DBAPI's
    with cursor, cursor.copy(
            f"COPY {table.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(row[c] for c in columns))


def apply(conn: Connection, result: Diff, batch_id: int, *, pending: bool = False) -> None:
    """Write the new and changed rows of `result` under `batch_id`; unchanged rows are left alone.

    `pending`: write them not current (a submitted batch), each with the id of the row it would replace.
    """
    rows = result.rows
    if pending:
        _apply_pending(conn, rows, batch_id)
        return
    replaced = rows.loc[rows["change"] == "changed", "old_id"].astype("int64").tolist()
    now = utcnow()
    for start in range(0, len(replaced), 500):
        chunk = replaced[start:start + 500]
        conn.execute(update(Observation).where(Observation.id.in_(chunk)).values(
            is_current=False, replaced_by_batch_id=batch_id, replaced_at=now))
    fresh = rows[rows["change"].isin(["new", "changed"])]
    payload = [{**r, "batch_id": batch_id, "is_current": True} for r in _records(fresh)]
    insert_many(conn, Observation, payload)
    if replaced or payload:
        bump_generation(conn)  # committed with the rows: every app server's cache misses from then on


def _apply_pending(conn: Connection, rows: pd.DataFrame, batch_id: int) -> None:
    fresh = rows[rows["change"].isin(["new", "changed"])]
    payload = [{**r, "batch_id": batch_id, "is_current": False, "replaces_id": None if change == "new" else int(old)}
               for r, change, old in zip(_records(fresh), fresh["change"].tolist(), fresh["old_id"].tolist(),
                                         strict=True)]
    insert_many(conn, Observation, payload)
    bump_generation(conn)  # nothing current changed, but the batch list did


def new_batch(conn: Connection, **fields) -> int:
    """Insert an import_batch row and return its id."""
    fields.setdefault("created_at", utcnow())
    return int(conn.execute(insert(ImportBatch).values(**fields).returning(ImportBatch.id)).scalar_one())


#: Statuses whose values are (or were) current: a direct commit and an approved submission.
PUBLISHED = ("committed", "diterbitkan")


@dataclass(frozen=True)
class Rollback:
    batch_id: int
    removed: int  # values the batch added where there was none before
    restored: int  # values the batch had replaced, current again


def _refuse(reason_id: str, reason_en: str) -> ValidationError:
    return ValidationError([Problem(None, None, reason_id, reason_en)])


def rollback_batch(conn: Connection, batch_id: int, user: str) -> Rollback:
    """Undo a committed batch: its rows stop being current, the rows it replaced become current again.

    Refused (ValidationError, nothing written) when the batch is unknown, already rolled back, the seed, or when
    a later batch has replaced some of its values: those later batches must be rolled back first, so a rollback
    always restores exactly the values that were current before the batch. The batch row stays, marked.
    """
    batch = conn.execute(select(ImportBatch.status, ImportBatch.kind).where(ImportBatch.id == batch_id)).first()
    if batch is None:
        raise _refuse(f"batch {batch_id} tidak ada", f"batch {batch_id} does not exist")
    if batch.status in (PENDING, "dikembalikan"):
        raise _refuse(f"batch {batch_id} belum diterbitkan; tidak ada yang perlu dibatalkan",
                      f"batch {batch_id} was never published; there is nothing to roll back")
    if batch.status not in PUBLISHED:
        raise _refuse(f"batch {batch_id} sudah dibatalkan", f"batch {batch_id} has already been rolled back")
    if batch.kind == "seed":
        raise _refuse("data bawaan (seed) tidak dapat dibatalkan; muat nilai perbaikan sebagai batch baru",
                      "the bundled seed cannot be rolled back; load corrected values as a new batch")
    later = sorted(b for b in conn.scalars(select(Observation.replaced_by_batch_id).distinct().where(
        Observation.batch_id == batch_id, Observation.replaced_by_batch_id.is_not(None))).all() if b is not None)
    if later:
        names = ", ".join(str(b) for b in later)
        raise _refuse(f"sebagian nilai batch {batch_id} sudah diganti oleh batch {names}; batalkan batch itu dulu",
                      f"some values of batch {batch_id} were replaced later by batch {names}; roll that back first")
    mine = and_(Observation.batch_id == batch_id, Observation.is_current)
    total = conn.execute(update(Observation).where(mine).values(is_current=False)).rowcount
    restored = conn.execute(update(Observation).where(Observation.replaced_by_batch_id == batch_id).values(
        is_current=True, replaced_by_batch_id=None, replaced_at=None)).rowcount
    conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
        status="rolled_back", rolled_back_by=user, rolled_back_at=utcnow()))
    bump_generation(conn)
    return Rollback(batch_id, removed=total - restored, restored=restored)


@dataclass(frozen=True)
class Review:
    batch_id: int
    status: str  # diterbitkan | dikembalikan
    published: int  # values made current (0 when returned)
    replaced: int  # current values they replaced, kept as history


def _pending_batch(conn: Connection, batch_id: int):
    batch = conn.execute(select(ImportBatch.status).where(ImportBatch.id == batch_id)).first()
    if batch is None:
        raise _refuse(f"batch {batch_id} tidak ada", f"batch {batch_id} does not exist")
    if batch.status != PENDING:
        raise _refuse(f"batch {batch_id} tidak sedang diajukan (status: {batch.status})",
                      f"batch {batch_id} is not awaiting review (status: {batch.status})")
    return batch


def conflicts(conn: Connection, batch_id: int) -> list[Problem]:
    """The cells of a submitted batch whose current value is no longer the one it was submitted against."""
    rows = pd.DataFrame([tuple(r) for r in conn.execute(
        select(Observation.indicator_code, Observation.region_code, Observation.period, Observation.replaces_id)
        .where(Observation.batch_id == batch_id))], columns=[*KEY, "replaces_id"])
    if rows.empty:
        return []
    now = current_values(conn, rows).rename(columns={"id": "current_id"})
    ids = [int(i) for i in now["current_id"]]
    cur_batch = dict(conn.execute(select(Observation.id, Observation.batch_id).where(
        Observation.id.in_(ids))).all()) if ids else {}
    merged = rows.merge(now[[*KEY, "current_id"]], on=KEY, how="left")
    problems = []
    for r in merged.itertuples(index=False):
        base = None if pd.isna(r.replaces_id) else int(r.replaces_id)
        current = None if pd.isna(r.current_id) else int(r.current_id)
        if base == current:
            continue
        by = cur_batch.get(current) if current is not None else None
        cell = f"{r.indicator_code} {r.region_code} {r.period}"
        problems.append(Problem(None, cell,
                                f"nilai {cell} sudah berubah sejak batch ini diajukan"
                                + (f" (kini dari batch {by})" if by else " (nilai saat itu dibatalkan)"),
                                f"the value of {cell} changed after this batch was submitted"
                                + (f" (now from batch {by})" if by else " (the value then was rolled back)")))
    return problems


def approve_batch(conn: Connection, batch_id: int, user: str) -> Review:
    """Publish a submitted batch: its values become current and the ones they replace become history.

    Refused (ValidationError, nothing written) when the batch is not awaiting review or when any of its cells was
    changed by another batch (or a rollback) since it was submitted: approving would silently overwrite that.
    """
    _pending_batch(conn, batch_id)
    problems = conflicts(conn, batch_id)
    if problems:
        head = Problem(None, None, f"batch {batch_id} tidak dapat diterbitkan: {len(problems)} nilai sudah diubah "
                       "batch lain sejak diajukan; kembalikan batch ini agar diunggah ulang",
                       f"batch {batch_id} cannot be published: {len(problems)} value(s) were changed by another "
                       "batch since it was submitted; return it to be uploaded again")
        raise ValidationError([head, *problems[:20]])
    replaced = [int(i) for i in conn.scalars(select(Observation.replaces_id).where(
        Observation.batch_id == batch_id, Observation.replaces_id.is_not(None))).all() if i is not None]
    now = utcnow()
    for start in range(0, len(replaced), 500):
        conn.execute(update(Observation).where(Observation.id.in_(replaced[start:start + 500])).values(
            is_current=False, replaced_by_batch_id=batch_id, replaced_at=now))
    published = conn.execute(update(Observation).where(Observation.batch_id == batch_id).values(
        is_current=True)).rowcount
    conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
        status="diterbitkan", reviewed_by=user, reviewed_at=now))
    _open_defined_indicators(conn, batch_id, now)
    bump_generation(conn)
    return Review(batch_id, "diterbitkan", published=published, replaced=len(replaced))


#: The tier of an indicator first defined by a submitted batch until a walidata publishes it: only reviewers
#: (walidata, admin) read it, so its name and definition are not shown to analysts before the values are.
PENDING_DEFINITION_TIER = "dikecualikan"
PUBLISHED_DEFINITION_TIER = "internal"


def _open_defined_indicators(conn: Connection, batch_id: int, now) -> None:
    """Indicators this batch defined (held back in PENDING_DEFINITION_TIER, with no value of any other batch) open
    to the internal tier with their values; a walidata may publish them to the public afterwards."""
    mine = select(Observation.indicator_code).where(Observation.batch_id == batch_id).distinct()
    others = (select(Observation.indicator_code).where(Observation.batch_id != batch_id)
              .group_by(Observation.indicator_code).having(func.count() > 0))
    conn.execute(update(Indicator).where(Indicator.code.in_(mine), Indicator.code.not_in(others),
                                         Indicator.tier == PENDING_DEFINITION_TIER)
                 .values(tier=PUBLISHED_DEFINITION_TIER, updated_at=now))


def return_batch(conn: Connection, batch_id: int, user: str, note: str) -> Review:
    """Send a submitted batch back to its produsen with a note; none of its values ever becomes current."""
    note = (note or "").strip()
    if not note:
        raise _refuse("tuliskan catatan untuk produsen data: apa yang perlu diperbaiki",
                      "write a note for the data producer: what needs fixing")
    _pending_batch(conn, batch_id)
    conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
        status="dikembalikan", reviewed_by=user, reviewed_at=utcnow(), review_note=note[:2000]))
    bump_generation(conn)
    return Review(batch_id, "dikembalikan", published=0, replaced=0)
