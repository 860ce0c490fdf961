"""Uploads and rollbacks on behalf of a signed-in person: their rights checked, the import path run, the audit log
written. Used by the upload page and the catalogue's batch history; no Dash here.
"""
from __future__ import annotations

import base64
import binascii

import pandas as pd
from sqlalchemy import select

from dashboard import audit
from dashboard.access import Access
from dashboard.queries import _frame, wraps_store_errors
from data import ingest
from data.errors import Problem, ValidationError
from data.ingest.files import FileRefused, too_big
from data.schema import Indicator, Observation, Region
from data.writer import Rollback, rollback_batch


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
    try:
        done = ingest.commit(engine, content, file_name, options, user=access.user or "anonim",
                             check=rights_check(engine, access))
    except ValidationError as exc:
        audit.record(engine, "import", actor=access.user, target=file_name, success=False,
                     detail={"problems": len(exc.problems)}, ip=ip)
        raise
    audit.record(engine, "import", actor=access.user, target=f"batch {done.batch_id}", ip=ip,
                 detail={"file": file_name, **done.counts()})
    return done


def rollback(engine, batch_id: int, access: Access, ip: str | None = None) -> Rollback:
    if (err := refused(access, "rollback")) is not None:
        raise err
    with engine.begin() as conn:
        done = rollback_batch(conn, batch_id, access.user or "anonim")
    audit.record(engine, "rollback", actor=access.user, target=f"batch {batch_id}", ip=ip,
                 detail={"restored": done.restored, "removed": done.removed})
    return done


@wraps_store_errors
def batch_changes(engine, batch_id: int) -> pd.DataFrame:
    """What one batch wrote: each value with the value it replaced (None when it was new) and the region name."""
    old = Observation.__table__.alias("old")
    stmt = (select(Observation.indicator_code, Observation.region_code, Region.name.label("region_name"),
                   Observation.period, old.c.value.label("old_value"), Observation.value, Observation.status,
                   Observation.is_current)
            .join(Region, Region.code == Observation.region_code)
            .outerjoin(old, (old.c.replaced_by_batch_id == batch_id)
                       & (old.c.indicator_code == Observation.indicator_code)
                       & (old.c.region_code == Observation.region_code) & (old.c.period == Observation.period))
            .where(Observation.batch_id == batch_id)
            .order_by(Observation.indicator_code, Observation.region_code, Observation.period))
    return _frame(engine, stmt)

