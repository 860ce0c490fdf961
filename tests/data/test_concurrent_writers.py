"""Two imports at once, on SQLite and PostgreSQL: the second waits for the first and diffs against what it wrote, or,
when the first takes longer than it will wait, is refused with a message naming the first; never a driver error."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from data import ingest, writer
from data.errors import ValidationError
from data.schema import ImportBatch, Observation
from data.store import open_engine

CSV = "indicator_code,region_code,period,value\n" + "".join(f"ppk,{code},1990,{value}\n" for code, value in
                                                            (("32", 11000), ("33", 12000), ("3273", 13000)))


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_engine").url.render_as_string(hide_password=False)


def test_a_second_import_waits_for_the_first_and_diffs_against_it(url):
    engines = [open_engine(url) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), [None, None]
    contents = [CSV.encode(), CSV.replace("11000", "11500").encode()]

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = ingest.commit(engines[i], contents[i], f"ppk-{i}.csv", user=f"user{i}", wait=60)
        except Exception as exc:  # asserted below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert all(isinstance(o, ingest.Prepared) for o in outcomes), outcomes
    counts = sorted((o.counts()["new"], o.counts()["changed"], o.counts()["unchanged"]) for o in outcomes)
    assert counts == [(0, 1, 2), (3, 0, 0)]  # the later one saw the earlier one's values
    with engines[0].connect() as conn:
        current = conn.execute(select(Observation.region_code, func.count()).where(
            Observation.indicator_code == "ppk", Observation.period == "1990", Observation.is_current)
            .group_by(Observation.region_code)).all()
    assert sorted(current) == [("32", 1), ("3273", 1), ("33", 1)]
    for engine in engines:
        engine.dispose()


def test_an_import_refused_while_another_write_holds_the_store_names_it(url):
    first, second = open_engine(url), open_engine(url)
    with second.connect() as conn:
        batches = conn.scalar(select(func.count()).select_from(ImportBatch))
    with writer.writing(first, "upload besar.csv", "budi"):
        with pytest.raises(ValidationError) as refused:
            ingest.commit(second, CSV.encode(), "ppk.csv", user="ani", wait=0.5)
    problem = refused.value.problems[0]
    assert "another write is running (upload besar.csv, budi, " in problem.reason_en
    assert "waited 0.5 s, nothing was written" in problem.reason_en
    assert problem.reason_id.startswith("penulisan lain sedang berjalan (upload besar.csv, budi, ")
    with second.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ImportBatch)) == batches
    assert ingest.commit(second, CSV.encode(), "ppk.csv", user="ani", wait=0.5).counts()["new"] == 3  # free again
    first.dispose()
    second.dispose()


def test_the_wait_comes_from_the_app_setting(url):
    """DASHBOARD_WRITE_WAIT: the app sets it on its engine (create_app), and every write on that engine waits that
    long when no wait is passed; the refusal says how long it waited."""
    from dashboard.app import create_app
    from services.config import Config

    first = open_engine(url)
    second = open_engine(url)
    create_app(Config(database_url=url, write_wait=0.3, auto_seed=False), engine=second)
    assert writer.write_wait(second) == 0.3 and writer.write_wait(first) == writer.WAIT_SECONDS
    with writer.writing(first, "upload besar.csv", "budi"):
        with pytest.raises(ValidationError) as refused:
            ingest.commit(second, CSV.encode(), "ppk.csv", user="ani")
    assert "waited 0.3 s, nothing was written" in refused.value.problems[0].reason_en
    first.dispose()
    second.dispose()
