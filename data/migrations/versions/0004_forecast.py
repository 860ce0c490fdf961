"""forecast table: stored forecasts per indicator x region series

Revision ID: 0004_forecast
Revises: 0001_initial
Create Date: 2026-11-28 01:15:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_forecast"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forecast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("model", sa.String(length=32), nullable=True),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("mase", sa.Float(), nullable=True),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("fitted", sa.Text(), nullable=False),
        sa.Column("candidates", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("used_periods", sa.Text(), nullable=False),
        sa.Column("reason_code", sa.String(length=32), nullable=True),
        sa.Column("reason_id", sa.Text(), nullable=True),
        sa.Column("reason_en", sa.Text(), nullable=True),
        sa.Column("n_points", sa.Integer(), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"],
                                name=op.f("fk_forecast_indicator_code_indicator")),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name=op.f("fk_forecast_region_code_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast")),
        sa.UniqueConstraint("indicator_code", "region_code", name=op.f("uq_forecast_indicator_code")),
    )
    with op.batch_alter_table("forecast", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forecast_indicator_code"), ["indicator_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_forecast_region_code"), ["region_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("forecast", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forecast_region_code"))
        batch_op.drop_index(batch_op.f("ix_forecast_indicator_code"))
    op.drop_table("forecast")
