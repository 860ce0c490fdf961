"""tags: the seed's smart-city codes and the Indeks SPBE confidence flag on stores seeded before they existed

Data only (the columns are in 0001_initial). Fills a value only where it is still empty, so a walidata's later
edit is never overwritten; a fresh store has no indicator rows yet and the seed brings the values itself.

Revision ID: 0013_tags
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_tags"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

#: As in data/seed/indicator_meta.csv (see data/seed/SOURCE.md for the ISO 37120:2014 clauses).
SMARTCITY = {"tpt": "37120:5.1", "p0": "37120:5.3"}
CONFIDENCE = {"indeks_spbe": "incomplete_press"}


def upgrade() -> None:
    indicator = sa.table("indicator", sa.column("code", sa.String), sa.column("smartcity_codes", sa.String),
                         sa.column("confidence", sa.String))
    changed = 0
    for code, codes in SMARTCITY.items():
        changed += op.get_bind().execute(indicator.update().where(
            indicator.c.code == code, indicator.c.smartcity_codes.is_(None)).values(smartcity_codes=codes)).rowcount
    for code, flag in CONFIDENCE.items():
        changed += op.get_bind().execute(indicator.update().where(
            indicator.c.code == code, indicator.c.confidence.is_(None)).values(confidence=flag)).rowcount
    if changed:  # cached metadata of every app server goes stale
        op.execute("UPDATE store_info SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR(20)) "
                   "WHERE key = 'cache_generation'")


def downgrade() -> None:
    pass  # the values stay: they are data, and may have been edited since
