"""Migrations 0013_tags and 0014_quality on a store seeded before them: the smart-city codes are filled without
overwriting an edit, and the quality flags of the bundled rows are set per value (the indicator-level confidence
column 0013 filled is folded into them and dropped)."""
from sqlalchemy import inspect, text

from data.store import upgrade


def _as_before_0013(conn) -> None:
    conn.execute(text("ALTER TABLE indicator ADD COLUMN confidence VARCHAR(300)"))
    conn.execute(text("ALTER TABLE observation DROP COLUMN quality"))
    conn.execute(text("DELETE FROM alembic_version WHERE version_num IN ('0013_tags', '0014_quality')"))


def test_tags_and_quality_are_backfilled_on_a_store_seeded_before_them(engine):
    with engine.begin() as conn:
        _as_before_0013(conn)
        conn.execute(text("UPDATE indicator SET smartcity_codes = NULL"))
        conn.execute(text("UPDATE indicator SET smartcity_codes = '37120:5.2' WHERE code = 'p0'"))  # an edit
        before = conn.execute(text("SELECT value FROM store_info WHERE key = 'cache_generation'")).scalar_one()
    upgrade(engine)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT code, smartcity_codes FROM indicator WHERE smartcity_codes IS NOT NULL")).all())
        flags = dict(conn.execute(text("SELECT indicator_code || ':' || quality, COUNT(*) FROM observation "
                                       "WHERE quality IS NOT NULL GROUP BY indicator_code, quality")).all())
        after = conn.execute(text("SELECT value FROM store_info WHERE key = 'cache_generation'")).scalar_one()
    assert rows == {"tpt": "37120:5.1", "p0": "37120:5.2"}
    assert flags == {"indeks_spbe:press": 30, "stunting:news": 18, "tpt:compiled": 1541}
    assert "confidence" not in {c["name"] for c in inspect(engine).get_columns("indicator")}
    assert int(after) == int(before) + 2  # each migration bumps the cache generation once
