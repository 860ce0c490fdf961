"""The corpus of real published tables (tests/data/real, SOURCE in corpus.csv): every file previews with no
refusal, most with no choice at all, and spot values read back exactly through the API under Kemendagri codes."""
from __future__ import annotations

import csv

import dash
import pytest
from sqlalchemy import text

from bench.corpus import REAL, corpus, run, summary
from dashboard import create_app
from data import ingest
from data.ingest import ImportOptions
from services.config import Config

FILES = corpus()


def test_corpus_previews_unaided_and_guesses_the_indicator(engine):
    outcomes = run(engine)
    result = summary(outcomes)
    assert result["corpus_refused"] == 0, result["corpus_needing_more"]
    assert result["corpus_imported_unaided"] >= 0.9 * len(FILES), result["corpus_needing_more"]
    assert result["corpus_indicator_guessed_right"] >= 0.8 * len(FILES)
    assert len(FILES) >= 30 and len({f.repository for f in FILES}) >= 10


@pytest.fixture(params=["sqlite", "postgresql"])
def api(request):
    engine = request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")
    dash.page_registry.clear()
    # every corpus spot is one request from one address: more than the API allows a visitor per minute
    config = Config(database_url=engine.url.render_as_string(hide_password=False), auto_seed=False, api_rate_limit="")
    app = create_app(config, engine=engine)
    yield engine, app.server.test_client()
    dash.page_registry.clear()


def test_spot_values_read_back_through_the_api(api):
    engine, client = api
    for item in FILES:
        ingest.commit(engine, item.path.read_bytes(), item.file, ImportOptions(indicator=item.chosen),
                      user="test", note="corpus")
        for indicator, code, period, value in item.spots:
            body = client.get(f"/api/v1/observations?indicator={indicator}&region={code}&period={period}")
            assert body.status_code == 200, (item.file, body.status_code, body.get_data(as_text=True)[:300])
            rows = body.get_json()["data"]
            assert [(r["region"], r["period"], float(r["value"])) for r in rows] == [(code, period, value)], item.file


def _ambiguous() -> list[dict]:
    with (REAL / "ambiguous" / "expected.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("item", _ambiguous(), ids=lambda item: item["file"][:40])
def test_files_kept_apart_are_refused_as_expected(engine, item):
    """tests/data/real/ambiguous: real files that must not import as they are (another statistic than any indicator,
    persons where the indicator holds thousands); previewed with no choice, each is refused with its expected first
    reason (row, column, both languages) and the expected guess, and nothing is written."""
    content = (REAL / "ambiguous" / item["file"]).read_bytes()
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM observation")).scalar()
        result = ingest.preview(conn, content, item["file"], ImportOptions())
    assert not result.ok and result.indicator_guess == (item["expected_guess"] or None)
    assert result.problems[0].text("en") == item["expected_problem_en"]
    assert result.problems[0].text("id") != item["expected_problem_en"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM observation")).scalar() == before
