"""scenario: named target scenarios saved from /skenario (path, who, when)

Revision ID: 0011_scenario
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_scenario"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"], name="fk_scenario_indicator_code_indicator"),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name="fk_scenario_region_code_region"),
        sa.PrimaryKeyConstraint("id", name="pk_scenario"),
        sa.UniqueConstraint("region_code", "indicator_code", "name", name="uq_scenario_region_code"),
    )
    with op.batch_alter_table("scenario") as batch:
        batch.create_index("ix_scenario_region_code", ["region_code"])
        batch.create_index("ix_scenario_indicator_code", ["indicator_code"])


def downgrade() -> None:
    op.drop_table("scenario")
