"""Opening the store, migrating its schema with Alembic, and reporting its state. No seed logic."""
from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from data import sqlite_file
from data.errors import Busy, StoreError
from data.schema import Observation, StoreInfo

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The embedded store when DASHBOARD_DATABASE_URL is not set: a SQLite file under instance/ (git-ignored).
DEFAULT_SQLITE = Path(__file__).resolve().parent.parent / "instance" / "satudata.db"
DEFAULT_URL = f"sqlite:///{DEFAULT_SQLITE}"
#: The environment variable naming the store (the app's Config reads the same one).
URL_VARIABLE = "DASHBOARD_DATABASE_URL"
#: The store_info key whose value changes on every committed write; caches key their entries by it.
GENERATION = "cache_generation"


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

        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            sqlite_file.watch(engine, parsed.database)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@contextmanager
def store_lock(engine: Engine) -> Iterator[None]:
    """Hold the store's setup lock: app servers starting together migrate and seed one after the other."""
    with named_lock(engine, "migrate+seed", "lock"):
        yield


@contextmanager
def named_lock(engine: Engine, name: str, suffix: str, *, holder: str = "", wait: float | None = None) -> Iterator[None]:
    """Hold the store-wide lock `name` (any number of app servers and CLI runs share it); with `wait`, give up after
    that many seconds with Busy naming the holder (`holder` is what others are told about this one).

    PostgreSQL: a session advisory lock on its own connection, its holder in that connection's application_name.
    SQLite file: an flock on `<file>.<suffix>`, its holder written in the file. In-memory SQLite: no lock.
    """
    if engine.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"satudata:{name}".encode()).digest()[:8], "big", signed=True)
        with _advisory_lock(engine, key, holder, wait):
            yield
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with _file_lock(Path(database).with_name(f"{Path(database).name}.{suffix}"), holder, wait):
        yield


def _deadline(wait: float | None) -> float | None:
    return None if wait is None else time.monotonic() + wait


@contextmanager
def _advisory_lock(engine: Engine, key: int, holder: str, wait: float | None) -> Iterator[None]:
    unsigned = key & (2 ** 64 - 1)
    try:
        conn = engine.connect()
        conn.execute(text("SELECT set_config('application_name', :name, false)"), {"name": holder[:63]})
        deadline = _deadline(wait)
        if deadline is None:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        while deadline is not None and not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            if time.monotonic() > deadline:
                other = conn.execute(text(
                    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :hi "
                    "AND l.objid::bigint = :lo AND l.objsubid = 1 "
                    # pg_locks lists the whole cluster; the lock is this database's (another store on the same
                    # server holding its own lock under the same key is not the one we wait for)
                    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                    {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}).scalar()
                conn.rollback()
                conn.close()
                raise Busy(other or "?")
            conn.commit()
            time.sleep(0.1)
        conn.commit()
    except SQLAlchemyError as exc:
        raise StoreError(f"store lock: {exc.__class__.__name__}") from exc
    try:
        yield
    finally:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key), set_config('application_name', '', false)"),
                         {"key": key})
            conn.commit()
        finally:
            conn.close()


@contextmanager
def _file_lock(path: Path, holder: str, wait: float | None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = _deadline(wait)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                break
            except BlockingIOError:  # only non-blocking attempts (with a deadline) fail
                if deadline is not None and time.monotonic() > deadline:
                    handle.seek(0)
                    raise Busy(handle.read(500).strip() or "?") from None
                time.sleep(0.1)
        try:
            if holder:
                handle.truncate(0)
                handle.write(holder)
                handle.flush()
            yield
        finally:
            if holder:
                handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Alembic `upgrade heads` without taking the store lock (callers hold it)."""
    try:
        command.upgrade(alembic_config(engine), "heads")
    except SQLAlchemyError as exc:
        raise StoreError(f"migration failed: {exc}") from exc


def migrate(engine: Engine) -> None:
    """Bring the schema to every head (each feature adds its own branch off the initial revision).

    Safe when several app servers start at once: they take the store lock in turn.
    """
    with store_lock(engine):
        upgrade(engine)


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


def bump_generation(conn) -> int:
    """Mark the store as changed inside the caller's transaction; returns the new generation.

    One atomic upsert, so two writers committing at once still get two different generations.
    Every write path (data.writer, the seed) calls it, so every app server's cache misses afterwards.
    """
    return int(conn.execute(text(
        "INSERT INTO store_info (key, value) VALUES (:key, '1') ON CONFLICT (key) DO UPDATE "
        "SET value = CAST(CAST(store_info.value AS INTEGER) + 1 AS VARCHAR(20)) RETURNING value"),
        {"key": GENERATION}).scalar_one())


def read_generation(conn) -> str:
    """The store's current generation ("0" before the first write); one primary-key lookup."""
    value = conn.execute(select(StoreInfo.value).where(StoreInfo.key == GENERATION)).scalar()
    return value or "0"


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
        raise StoreError(sqlite_file.reason(exc) or exc.__class__.__name__) from exc
    return {
        "backend": engine.dialect.name,
        "schema": has_schema,
        "observations": int(observations or 0),
        "seed": get_info(engine, "seed_version") if has_schema else None,
    }
