"""villages: kecamatan (district) and desa/kelurahan (village) regions, whose 10-digit codes need wider code
columns, a `kind` (desa or kelurahan) on region, and indicator_category (the IDM statuses and their bands)

PostgreSQL's code columns are altered; SQLite's declared types are rewritten in place (see _widen). The tables altered are made by other branches, so this
revision joins them (Alembic's depends_on across sibling branches of 0001 fails to move the version rows).

Revision ID: 0016_villages
Revises: 0004_forecast, 0007_kiosk, 0008_access, 0011_scenario, 0015_feedback_challenge
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_villages"
down_revision = ("0004_forecast", "0007_kiosk", "0008_access", "0011_scenario", "0015_feedback_challenge")
branch_labels = None
depends_on = None

#: Every column holding a region code (table, column).
CODE_COLUMNS = (("region", "code"), ("region", "parent_code"), ("region_code_map", "region_code"),
                ("observation", "region_code"), ("target", "region_code"), ("forecast", "region_code"),
                ("feedback", "region_code"), ("scenario", "region_code"), ("app_user", "region_scope"),
                ("kiosk_profile", "wilayah"))


def _widen(old: int, new: int) -> None:
    """PostgreSQL: ALTER TYPE. SQLite ignores VARCHAR lengths but keeps the declared type in its schema: it is
    rewritten in place (sqlite.org/lang_altertable.html, section 7: a change that leaves the stored rows as they are;
    the TEXT affinity stays), as a table copy of `observation` would rebuild its partial indexes."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, column in CODE_COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR({new})")
        return
    if bind.dialect.name != "sqlite":
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    for table, column in CODE_COLUMNS:
        bind.execute(sa.text("UPDATE sqlite_master SET sql = replace(sql, :old, :new) WHERE type = 'table' AND "
                             "name = :table"), {"old": f"{column} VARCHAR({old})", "new": f"{column} VARCHAR({new})",
                                                "table": table})
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    _widen(8, 10)
    op.add_column("region", sa.Column("kind", sa.String(length=16), nullable=True))
    op.create_table(
        "indicator_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.String(length=100), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("band_indicator", sa.String(length=64), nullable=True),
        sa.Column("above", sa.Float(), nullable=True),
        sa.Column("up_to", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"],
                                name=op.f("fk_indicator_category_indicator_code_indicator")),
        sa.ForeignKeyConstraint(["band_indicator"], ["indicator.code"],
                                name=op.f("fk_indicator_category_band_indicator_indicator")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_category")),
        sa.UniqueConstraint("indicator_code", "value", name=op.f("uq_indicator_category_indicator_code")),
    )
    op.create_index(op.f("ix_indicator_category_indicator_code"), "indicator_category", ["indicator_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_indicator_category_indicator_code"), table_name="indicator_category")
    op.drop_table("indicator_category")
    op.execute("ALTER TABLE region DROP COLUMN kind")
    _widen(10, 8)  # PostgreSQL refuses while a 10-digit code is stored: delete the villages first
