"""kiosk profiles: named wall-screen settings

Revision ID: 0007_kiosk
Revises: 0001_initial
Create Date: 2026-11-28 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_kiosk"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_profile",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("wilayah", sa.String(length=8), nullable=False),
        sa.Column("indikator", sa.String(length=64), nullable=True),
        sa.Column("panels", sa.String(length=200), nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("refresh_s", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_kiosk_profile")),
    )


def downgrade() -> None:
    op.drop_table("kiosk_profile")
