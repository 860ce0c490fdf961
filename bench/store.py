"""Store scale: 10 million SYNTHETIC observations, the page queries timed through services.queries.

The synthetic rows live in separate databases only (bench/scratch/store-<rows>.db, git-ignored, and the
PostgreSQL database satudata_bench_store_<rows>; both kept for re-runs). Their indicators are named
"SINTETIS ... (bukan data resmi / not official data)". The real regions are used so the joins are the real ones.

Timed, on an engine with no cache bound (the store itself, not the cache), each repeated on random choices:
  period        queries.values_for_period(indicator, period, level="regency")   one indicator x all kab/kota
  series        queries.series(indicator, [region])                              one region over all periods
  availability  queries.availability(indicator)                                  the catalogue's matrix

Environment: BENCH_STORE_ROWS (default 10000000), BENCH_STORE_REPEAT (default 300),
BENCH_STORE_ENGINES (default "sqlite,postgres"), BENCH_PG_ADMIN_URL (default the local postgres superuser),
BENCH_STORE_REBUILD=1 to rebuild both stores, BENCH_STORE_DROP=1 to drop the PostgreSQL one afterwards.
"""
from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine

from data.schema import ImportBatch, Indicator, Observation, utcnow
from data.seed import load_regions
from data.store import migrate, open_engine, set_info
from services import queries

SCRATCH = Path(__file__).resolve().parent / "scratch"
PERIODS = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]  # 120 months
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
COLUMNS = ("id", "indicator_code", "region_code", "period", "value", "status", "batch_id", "is_current")


def log(message: str) -> None:
    print(f"[store] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ synthetic content
def indicator_codes(rows: int, regions: int) -> list[str]:
    per_indicator = regions * len(PERIODS)
    return [f"sintetis_{i:04d}" for i in range(-(-rows // per_indicator))]


def prepare(engine: Engine, rows: int) -> tuple[list[str], list[str]]:
    """Schema (Alembic), the real regions, synthetic indicators and one synthetic batch; returns codes."""
    migrate(engine)
    with engine.begin() as conn:
        load_regions(conn)
        regions = [r[0] for r in conn.execute(text("SELECT code FROM region ORDER BY code"))]
        codes = indicator_codes(rows, len(regions))
        conn.execute(insert(Indicator), [{
            "code": code, "name_id": f"SINTETIS {code[-4:]} (data uji beban, bukan data resmi)",
            "name_en": f"SYNTHETIC {code[-4:]} (load-test data, not official)", "unit": "indeks",
            "decimals": 2, "frequency": "monthly", "tier": "publik", "theme": "economy", "sort_order": 1000 + i,
            "source": "bench/store.py: synthetic benchmark data", "updated_at": utcnow()}
            for i, code in enumerate(codes)])
        conn.execute(insert(ImportBatch).values(
            id=1, kind="synthetic", created_by="bench", rows_total=rows, status="committed",
            note="SYNTHETIC benchmark rows (bench/store.py); not official data", created_at=utcnow()))
    return codes, regions


def blocks(rows: int, codes: list[str], regions: list[str]) -> Iterator[list[tuple]]:
    """One list of row tuples per indicator (periods x regions), ids from 1, `rows` in all."""
    rng = np.random.default_rng(20261128)
    next_id, left = 1, rows
    for code in codes:
        count = min(left, len(regions) * len(PERIODS))
        values = np.round(rng.normal(60.0, 12.0, count), 3).tolist()
        keys = [(p, r) for p in PERIODS for r in regions][:count]
        yield [(next_id + i, code, r, p, values[i], "final", 1, True) for i, (p, r) in enumerate(keys)]
        next_id += count
        left -= count


def secondary_indexes():
    return [ix for ix in Observation.__table__.indexes]


# ------------------------------------------------------------------ SQLite
def fill_sqlite(path: Path, rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = open_engine(f"sqlite:///{path}")
    codes, regions = prepare(engine, rows)
    with engine.begin() as conn:
        for ix in secondary_indexes():
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {ix.name}")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF", "cache_size=-1000000",
                   "temp_store=MEMORY", "locking_mode=EXCLUSIVE"):
        db.execute(f"PRAGMA {pragma}")
    sql = f"INSERT INTO observation ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    started, done = time.perf_counter(), 0
    db.execute("BEGIN")
    for block in blocks(rows, codes, regions):
        db.executemany(sql, block)
        done += len(block)
        if done % 2_000_000 < len(block):
            db.execute("COMMIT")
            db.execute("BEGIN")
            log(f"sqlite: {done:,} rows ({time.perf_counter() - started:.0f} s)")
    db.execute("COMMIT")
    db.execute("PRAGMA locking_mode=NORMAL")
    db.close()
    engine = open_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for ix in secondary_indexes():
            ix.create(conn)
        conn.exec_driver_sql("ANALYZE")
        set_info(conn, "bench_rows", str(rows))
    engine.dispose()
    log(f"sqlite: filled and indexed in {time.perf_counter() - started:.0f} s")


def sqlite_store(rows: int) -> Path:
    path = SCRATCH / f"store-{rows}.db"
    if path.exists() and os.environ.get("BENCH_STORE_REBUILD") != "1":
        with sqlite3.connect(path) as db:
            found = db.execute("SELECT value FROM store_info WHERE key = 'bench_rows'").fetchone()
        if found and int(found[0]) == rows:
            log(f"sqlite: reusing {path}")
            return path
    fill_sqlite(path, rows)
    return path


# ------------------------------------------------------------------ PostgreSQL
def fill_postgres(url: str, rows: int) -> None:
    engine = open_engine(url)
    codes, regions = prepare(engine, rows)
    started, done = time.perf_counter(), 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for ix in secondary_indexes():
            cur.execute(f"DROP INDEX IF EXISTS {ix.name}")
        with cur.copy(f"COPY observation ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for block in blocks(rows, codes, regions):
                copy.write("".join(f"{i}\t{c}\t{r}\t{p}\t{v}\t{s}\t{b}\tt\n" for i, c, r, p, v, s, b, _ in block))
                done += len(block)
                if done % 2_000_000 < len(block):
                    log(f"postgres: {done:,} rows ({time.perf_counter() - started:.0f} s)")
        cur.execute("SET maintenance_work_mem = '1GB'")
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
        for ix in secondary_indexes():
            ix.create(conn)
        conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('observation', 'id'), {rows})")
        set_info(conn, "bench_rows", str(rows))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # Visibility map (index-only scans) and statistics for every table: without region's, the planner
        # guesses one kab/kota and probes the index 514 times (3 ms instead of 0.4 ms for the map query).
        # A production store gets these from autovacuum soon after its seed; this database is measured at once.
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    log(f"postgres: filled and indexed in {time.perf_counter() - started:.0f} s")


def postgres_store(rows: int) -> str:
    """The URL of database satudata_bench_store_<rows> (SYNTHETIC rows only), filled on first use and kept for
    re-runs like the SQLite file; BENCH_STORE_REBUILD=1 drops and refills it, BENCH_STORE_DROP=1 drops it after."""
    name = f"satudata_bench_store_{rows}"
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and os.environ.get("BENCH_STORE_REBUILD") != "1":
            engine = create_engine(url)
            try:
                with engine.connect() as conn:
                    found = conn.scalar(text("SELECT value FROM store_info WHERE key = 'bench_rows'"))
            except Exception:  # a half-filled database from an interrupted run: refill
                found = None
            finally:
                engine.dispose()
            if found and int(found) == rows:
                log(f"postgres: reusing database {name}")
                analyze(url)
                return url
        drop_postgres(admin, name)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    fill_postgres(url, rows)
    return url


def analyze(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def drop_postgres(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


# ------------------------------------------------------------------ timing
def median_ms(call: Callable[[], object], choices: list, repeat: int) -> float:
    for args in choices[:20]:  # warm the connection pool and the page cache
        call(*args)
    times = []
    for args in choices[:repeat]:
        started = time.perf_counter()
        call(*args)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def full_periods(engine: Engine, code: str, regencies: int) -> list[str]:
    """Periods in which every kab/kota has a value of `code` (the timed map query reads a whole map)."""
    counts = queries.availability(engine, code)
    counts = counts[(counts["level"] == "regency") & (counts["regions"] == regencies)]
    return sorted(counts["period"])


def measure(engine: Engine, repeat: int) -> dict[str, float]:
    """Median milliseconds of the three page queries through the query layer (SQLAlchemy -> pandas)."""
    codes = list(queries.indicators(engine)["code"])
    kabkota = list(queries.regions(engine, level="regency")["code"])
    rng = random.Random(7)
    full = {c: full_periods(engine, c, len(kabkota)) for c in codes}  # all of them but in a tiny test store
    codes = [c for c in codes if full[c]]
    period_args = [(c, rng.choice(full[c])) for c in (rng.choice(codes) for _ in range(repeat + 20))]
    series_args = [(rng.choice(codes), rng.choice(kabkota)) for _ in range(repeat + 20)]
    first = queries.values_for_period(engine, *period_args[0], level="regency")
    assert len(first) == len(kabkota), "every kab/kota should have a synthetic value"
    return {
        "period": median_ms(lambda c, p: queries.values_for_period(engine, c, p, level="regency"),
                            period_args, repeat),
        "series": median_ms(lambda c, r: queries.series(engine, c, [r]), series_args, repeat),
        "availability": median_ms(lambda c, _r: queries.availability(engine, c), series_args, max(20, repeat // 10)),
    }


def main() -> dict:
    rows = int(os.environ.get("BENCH_STORE_ROWS", "10000000"))
    repeat = int(os.environ.get("BENCH_STORE_REPEAT", "300"))
    engines = os.environ.get("BENCH_STORE_ENGINES", "sqlite,postgres").split(",")
    result: dict = {"rows": rows}
    if "sqlite" in engines:
        engine = open_engine(f"sqlite:///{sqlite_store(rows)}")
        for name, ms in measure(engine, repeat).items():
            result[f"sqlite_{name}_median_ms"] = ms
        engine.dispose()
        log(f"sqlite: {result}")
    if "postgres" in engines:
        url = postgres_store(rows)
        engine = open_engine(url)
        for name, ms in measure(engine, repeat).items():
            result[f"postgres_{name}_median_ms"] = ms
        engine.dispose()
        if os.environ.get("BENCH_STORE_DROP") == "1":
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            drop_postgres(admin, url.rsplit("/", 1)[1])
            admin.dispose()
        log(f"postgres: {result}")
    result["budget_ms"] = 5.0
    result["load_average_1m"] = round(os.getloadavg()[0], 1)  # other work on the machine inflates the medians
    return result
