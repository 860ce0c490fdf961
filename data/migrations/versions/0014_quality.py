"""quality: a per-observation quality flag (null = official release; news, press, compiled), replacing the
indicator-level `confidence` column (one mechanism)

On a store seeded before this revision the bundled rows get their flags from the seed's provenance rules
(data/seed/provenance.csv: stunting quoted in news 2019/2023/2024, Indeks SPBE from press reports, kab/kota TPT
2018-2020 from a compiled sheet); uploaded rows stay null. A fresh store has no rows yet: the seed sets the flags.

Revision ID: 0014_quality
Revises: 0013_tags
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_quality"
down_revision = "0013_tags"
branch_labels = None
depends_on = None


def _backfill() -> int:
    from data.provenance import rules  # the seed's own rules, read at run time

    observation = sa.table("observation", sa.column("indicator_code", sa.String), sa.column("region_code", sa.String),
                           sa.column("period", sa.String), sa.column("batch_id", sa.Integer),
                           sa.column("quality", sa.String))
    batch = sa.table("import_batch", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                     sa.column("file_name", sa.String))
    region = sa.table("region", sa.column("code", sa.String), sa.column("level", sa.String))
    changed = 0
    for rule in (r for r in rules() if r.quality):
        seed_batches = sa.select(batch.c.id).where(batch.c.kind == "seed",
                                                   batch.c.file_name.like(f"{rule.bundle}/%"))
        stmt = observation.update().where(
            observation.c.indicator_code == rule.indicator, observation.c.period >= rule.period_from,
            sa.func.substr(observation.c.period, 1, len(rule.period_to)) <= rule.period_to,
            observation.c.batch_id.in_(seed_batches), observation.c.quality.is_(None))
        if rule.level:
            stmt = stmt.where(observation.c.region_code.in_(sa.select(region.c.code).where(region.c.level == rule.level)))
        changed += op.get_bind().execute(stmt.values(quality=rule.quality)).rowcount
    return changed


def upgrade() -> None:
    # Plain ALTERs (SQLite >= 3.35 and PostgreSQL): a batch copy of `observation` would rebuild its partial indexes.
    op.add_column("observation", sa.Column("quality", sa.String(length=16), nullable=True))
    op.execute("ALTER TABLE indicator DROP COLUMN confidence")
    if _backfill():  # cached values of every app server go stale
        op.execute("UPDATE store_info SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR(20)) "
                   "WHERE key = 'cache_generation'")


def downgrade() -> None:
    op.add_column("indicator", sa.Column("confidence", sa.String(length=300), nullable=True))
    op.execute("ALTER TABLE observation DROP COLUMN quality")
