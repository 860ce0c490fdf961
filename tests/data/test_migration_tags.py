"""Migration 0013_tags fills the seed's smart-city codes and the SPBE confidence flag on an older store, without
overwriting an edit."""
from sqlalchemy import text

from data.store import upgrade


def test_tags_are_backfilled_on_a_store_seeded_before_them(engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE indicator SET smartcity_codes = NULL, confidence = NULL"))
        conn.execute(text("UPDATE indicator SET smartcity_codes = '37120:5.2' WHERE code = 'p0'"))  # an edit
        conn.execute(text("DELETE FROM alembic_version WHERE version_num = '0013_tags'"))
        before = conn.execute(text("SELECT value FROM store_info WHERE key = 'cache_generation'")).scalar_one()
    upgrade(engine)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT code, smartcity_codes FROM indicator WHERE smartcity_codes IS NOT NULL")).all())
        flags = dict(conn.execute(text("SELECT code, confidence FROM indicator WHERE confidence IS NOT NULL")).all())
        after = conn.execute(text("SELECT value FROM store_info WHERE key = 'cache_generation'")).scalar_one()
    assert rows == {"tpt": "37120:5.1", "p0": "37120:5.2"}
    assert flags == {"indeks_spbe": "incomplete_press"}
    assert int(after) == int(before) + 1
