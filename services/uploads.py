"""Uploads, reviews and rollbacks on behalf of a signed-in person: their rights checked, the import path run, the
audit log written. Used by the upload page and the catalogue's batch history; no Dash here.

The walidata workflow: an upload by someone who may not approve (a produsen) is submitted (status diajukan): its
values are written but not current, so every query, export, API route and forecast leaves them out; only the
uploader and the reviewers see the batch. A walidata or admin approves it (`approve`) or returns it with a note
(`return_batch`); their own uploads are published at once.
"""
from __future__ import annotations

import base64
import binascii

import pandas as pd
from sqlalchemy import select

from data import ingest
from data.errors import Problem, ValidationError
from data.ingest.files import FileRefused, too_big
from data.schema import ImportBatch, Indicator, Observation, Region
from data.writer import PUBLISHED, Review, Rollback, approve_batch, conflicts, return_batch, rollback_batch, writing  # noqa: F401
from services import audit
from services.access import Access, AccessDenied
from services.forecasts import batch_keys, refit_touched, touched_keys
from services.queries import UNPUBLISHED, read_frame, scope_filter, tier_filter, wraps_store_errors

#: The import path's types, named here for the upload page (callbacks do not import data/).
Prepared = ingest.Prepared
ImportOptions = ingest.ImportOptions


def decode_upload(contents: str, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload `contents` data URL; the size is checked before decoding (base64 is 4/3 larger)."""
    _, _, payload = contents.partition(",")
    if len(payload) * 3 // 4 > max_bytes + 2:
        raise too_big(max_bytes)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FileRefused([Problem(None, None, "unggahan rusak; coba lagi", "the upload is broken; try again")]) from exc


def rights_check(engine, access: Access) -> ingest.core.Check:
    """A produsen may load only its own agency's indicators and, with a region scope, only its regions."""

    def check(prepared: ingest.Prepared) -> list[Problem]:
        with engine.connect() as conn:
            producers = dict(conn.execute(select(Indicator.code, Indicator.producer)).all())
        producers.update({d["code"]: d["producer"] for d in prepared.new_indicators})
        problems = []
        for r in prepared.frame.itertuples(index=False):
            if not access.may_upload(producers.get(r.indicator_code)):
                problems.append(Problem(int(r.row), "indikator",
                                        f"Anda tidak berhak memuat indikator {r.indicator_code}",
                                        f"you may not load indicator {r.indicator_code}"))
            elif not access.owns_region(r.region_code):
                problems.append(Problem(int(r.row), "wilayah", f"wilayah {r.region_code} di luar cakupan Anda",
                                        f"region {r.region_code} is outside your scope"))
        return problems

    return check


def refused(access: Access, permission: str) -> ValidationError | None:
    if access.can(permission):
        return None
    return ValidationError([Problem(None, None, "Anda tidak berhak melakukan ini", "you are not allowed to do this")])


def preview_upload(engine, content: bytes, file_name: str, options: ingest.ImportOptions,
                   access: Access) -> ingest.Prepared:
    if (err := refused(access, "upload")) is not None:
        raise err
    with engine.connect() as conn:
        return ingest.preview(conn, content, file_name, options, check=rights_check(engine, access))


def commit_upload(engine, content: bytes, file_name: str, options: ingest.ImportOptions, access: Access,
                  ip: str | None = None) -> ingest.Prepared:
    """Commit in one transaction (ValidationError: nothing written) and audit it."""
    if (err := refused(access, "upload")) is not None:
        raise err
    pending = not access.can("approve")  # a produsen submits; walidata and admin publish directly
    action = "submit" if pending else "import"
    try:
        done = ingest.commit(engine, content, file_name, options, user=access.user or "anonim",
                             check=rights_check(engine, access), pending=pending)
    except ValidationError as exc:
        audit.record(engine, action, actor=access.user, target=file_name, success=False,
                     detail={"problems": len(exc.problems)}, ip=ip)
        raise
    audit.record(engine, action, actor=access.user, target=f"batch {done.batch_id}", ip=ip,
                 detail={"file": file_name, **done.counts()})
    refit_touched(engine, touched_keys(done))
    return done


def approve(engine, batch_id: int, access: Access, ip: str | None = None) -> Review:
    """Publish a submitted batch (walidata, admin); ValidationError when refused, with the reason."""
    return _review(engine, batch_id, access, "approve", lambda conn, user: approve_batch(conn, batch_id, user), ip)


def return_with_note(engine, batch_id: int, note: str, access: Access, ip: str | None = None) -> Review:
    """Return a submitted batch to its produsen with a note (walidata, admin); nothing becomes visible."""
    return _review(engine, batch_id, access, "return",
                   lambda conn, user: return_batch(conn, batch_id, user, note), ip, note=note)


def _review(engine, batch_id: int, access: Access, action: str, run, ip: str | None, note: str | None = None):
    if (err := refused(access, "approve")) is not None:
        audit.record(engine, action, actor=access.user, target=f"batch {batch_id}", success=False,
                     detail={"reason": "not allowed"}, ip=ip)
        raise err
    try:
        with writing(engine, f"{action} batch {batch_id}", access.user or "anonim") as conn:
            done = run(conn, access.user or "anonim")
    except ValidationError as exc:
        audit.record(engine, action, actor=access.user, target=f"batch {batch_id}", success=False,
                     detail={"problems": [p.reason_en for p in exc.problems[:5]]}, ip=ip)
        raise
    detail = {"published": done.published, "replaced": done.replaced} if action == "approve" else {"note": note}
    audit.record(engine, action, actor=access.user, target=f"batch {batch_id}", detail=detail, ip=ip)
    return done


def rollback(engine, batch_id: int, access: Access, ip: str | None = None) -> Rollback:
    if (err := refused(access, "rollback")) is not None:
        raise err
    with writing(engine, f"rollback batch {batch_id}", access.user or "anonim") as conn:
        done = rollback_batch(conn, batch_id, access.user or "anonim")
    refit_touched(engine, batch_keys(engine, batch_id))
    audit.record(engine, "rollback", actor=access.user, target=f"batch {batch_id}", ip=ip,
                 detail={"restored": done.restored, "removed": done.removed})
    return done


@wraps_store_errors
def pending_conflicts(engine, batch_id: int, access: Access) -> list[Problem]:
    """The cells of a submitted batch another batch changed since (approving would be refused); reviewers only."""
    if not access.can("approve"):
        return []
    with engine.connect() as conn:
        return conflicts(conn, batch_id)


def may_see_batch(status: str, created_by: str | None, access: Access) -> bool:
    """A submitted or returned batch is seen only by its uploader and the reviewers."""
    if status not in UNPUBLISHED or access.can("approve"):
        return True
    return access.user is not None and access.user == created_by


@wraps_store_errors
def batch_changes(engine, batch_id: int, access: Access) -> pd.DataFrame:
    """What one batch wrote (of the indicators the caller may read): each value with the value it replaced (None
    when it was new) and the region name. For a submitted or returned batch, the value it would replace.
    AccessDenied when the batch is unpublished and the caller neither uploaded it nor reviews."""
    with engine.connect() as conn:
        batch = conn.execute(select(ImportBatch.status, ImportBatch.created_by)
                             .where(ImportBatch.id == batch_id)).first()
    if batch is None or not may_see_batch(batch.status, batch.created_by, access):
        raise AccessDenied(f"batch {batch_id} is not open to this caller")
    old = Observation.__table__.alias("old")
    if batch.status in UNPUBLISHED:
        replaced = old.c.id == Observation.replaces_id
    else:
        replaced = ((old.c.replaced_by_batch_id == batch_id) & (old.c.indicator_code == Observation.indicator_code)
                    & (old.c.region_code == Observation.region_code) & (old.c.period == Observation.period))
    stmt = (select(Observation.indicator_code, Observation.region_code, Region.name.label("region_name"),
                   Observation.period, old.c.value.label("old_value"), Observation.value, Observation.status,
                   Observation.is_current)
            .join(Region, Region.code == Observation.region_code)
            .outerjoin(old, replaced)
            .where(Observation.batch_id == batch_id,
                   Observation.indicator_code.in_(select(Indicator.code).where(tier_filter(access))))
            .order_by(Observation.indicator_code, Observation.region_code, Observation.period))
    if (scope := scope_filter(access, Observation.region_code, Observation.indicator_code)) is not None:
        stmt = stmt.where(scope)
    return read_frame(engine, stmt)
