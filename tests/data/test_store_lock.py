"""App servers starting together on an empty store migrate and seed it once, one after the other."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from data.errors import Busy
from data.seed import BUNDLES, load_seed
from data.store import bump_generation, named_lock, open_engine, read_generation, store_lock
from tests.conftest import PG_ADMIN_URL


def start_together(url: str, servers: int = 4) -> list:
    """Run load_seed from `servers` threads at once, each with its own engine (like separate workers)."""
    barrier = threading.Barrier(servers)
    outcomes: list = [None] * servers

    def worker(i: int) -> None:
        engine = open_engine(url)
        try:
            barrier.wait()
            outcomes[i] = load_seed(engine)
        except Exception as exc:  # recorded and asserted below
            outcomes[i] = exc
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(servers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    return outcomes


def assert_seeded_once(url: str, outcomes: list) -> None:
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    assert sum(not o.skipped for o in outcomes) == 1
    engine = open_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM region WHERE level = 'province'")) == 38
        # one batch per observation bundle (data.seed.BUNDLES) and one for the targets
        assert conn.scalar(text("SELECT count(*) FROM import_batch WHERE kind = 'seed'")) == len(BUNDLES) + 1
    engine.dispose()


@pytest.mark.postgres
def test_concurrent_start_on_empty_postgres(pg_url):
    assert_seeded_once(pg_url, start_together(pg_url))


def test_concurrent_start_on_empty_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert_seeded_once(url, start_together(url, servers=3))


@pytest.mark.postgres
def test_store_lock_excludes_a_second_holder(pg_url):
    engine = open_engine(pg_url)
    events: list[str] = []
    entered = threading.Event()

    def second() -> None:
        entered.wait()
        with store_lock(engine):
            events.append("second")

    th = threading.Thread(target=second)
    with store_lock(engine):
        th.start()
        entered.set()
        th.join(timeout=0.5)  # the second holder cannot get in while the first holds the lock
        events.append("first done")
    th.join(timeout=10)
    assert events == ["first done", "second"]
    engine.dispose()


def test_a_busy_write_lock_names_its_own_stores_holder(pg_url):
    """The write lock is per database; the holder named to a writer that gave up is this store's, not another
    store's on the same server holding its own lock under the same key (pg_locks lists the whole cluster)."""
    from contextlib import ExitStack

    from sqlalchemy import create_engine

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    base, name = pg_url.rsplit("/", 1)
    others = [f"{name}_other{i}" for i in range(3)]
    with admin.connect() as conn:
        for other in others:
            conn.execute(text(f'CREATE DATABASE "{other}"'))
    engines = [open_engine(f"{base}/{other}") for other in others]
    mine, waiting = open_engine(pg_url), open_engine(pg_url)
    try:
        with ExitStack() as held:
            for i, other in enumerate(engines):  # other stores on this server, each writing
                held.enter_context(named_lock(other, "write", "write.lock", holder=f"import in store {i}"))
            held.enter_context(named_lock(mine, "write", "write.lock", holder="import in this store"))
            with pytest.raises(Busy) as busy, named_lock(waiting, "write", "write.lock", wait=0.3):
                pass
        assert busy.value.holder == "import in this store"
    finally:
        for engine in [*engines, mine, waiting]:
            engine.dispose()
        with admin.connect() as conn:
            for other in others:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)'))
        admin.dispose()


def test_generation_counts_committed_writes(engine):
    with engine.connect() as conn:
        start = int(read_generation(conn))
    with engine.begin() as conn:
        assert bump_generation(conn) == start + 1
        assert bump_generation(conn) == start + 2
    with engine.connect() as conn:
        conn.begin()
        bump_generation(conn)
        conn.rollback()  # not committed: other servers keep their cache
        assert int(read_generation(conn)) == start + 2
