"""The audit log is append-only in the store itself: UPDATE and DELETE are refused on SQLite and PostgreSQL."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services import audit
from services.access import access_for


def _append_only(engine):
    audit.record(engine, "login", actor="budi", detail={"role": "analis"}, ip="127.0.0.1")
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    log = audit.entries(engine, access_for("walidata", "w"))
    assert list(log["actor"]) == ["budi"] and log.iloc[0]["detail"] == '{"role": "analis"}'


def test_audit_log_refuses_update_and_delete_on_sqlite(engine):
    _append_only(engine)


@pytest.mark.postgres
def test_audit_log_refuses_update_and_delete_on_postgresql(pg_engine):
    _append_only(pg_engine)


def test_only_walidata_and_admin_read_the_audit_log(engine):
    from data.errors import NoDataError

    for role in ("publik", "analis", "produsen"):
        with pytest.raises(NoDataError):
            audit.entries(engine, access_for(role, "x"))
    assert audit.entries(engine, access_for("admin", "root")).empty
