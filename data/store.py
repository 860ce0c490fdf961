"""Opening the store, migrating its schema with Alembic, and reporting its state. No seed logic."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from data.errors import StoreError
from data.schema import Observation, StoreInfo

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def open_engine(url: str, **kwargs) -> Engine:
    """An engine for `url`; SQLite files get their folder, foreign keys and WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if parsed.database and parsed.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to every head (each feature adds its own branch off the initial revision)."""
    try:
        command.upgrade(alembic_config(engine), "heads")
    except SQLAlchemyError as exc:
        raise StoreError(f"migration failed: {exc}") from exc


def pending_heads(engine: Engine) -> set[str]:
    """Heads of the migration scripts that the store has not reached yet."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return set(script.get_heads()) - current


def get_info(engine: Engine, key: str) -> str | None:
    if not inspect(engine).has_table("store_info"):
        return None
    with engine.connect() as conn:
        return conn.scalar(select(StoreInfo.value).where(StoreInfo.key == key))


def set_info(conn, key: str, value: str) -> None:
    """Upsert a store_info row inside the caller's transaction."""
    updated = conn.execute(update(StoreInfo).where(StoreInfo.key == key).values(value=value))
    if updated.rowcount == 0:
        conn.execute(insert(StoreInfo).values(key=key, value=value))


def store_state(engine: Engine) -> dict:
    """A small description of the store for /healthz; raises StoreError when it does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            has_schema = inspect(conn).has_table("observation")
            observations = (
                conn.scalar(select(func.count()).select_from(Observation).where(Observation.is_current))
                if has_schema else 0
            )
    except SQLAlchemyError as exc:
        raise StoreError(str(exc.__class__.__name__)) from exc
    return {
        "backend": engine.dialect.name,
        "schema": has_schema,
        "observations": int(observations or 0),
        "seed": get_info(engine, "seed_version") if has_schema else None,
    }
