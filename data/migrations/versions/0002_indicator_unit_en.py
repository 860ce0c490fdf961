"""indicator.unit_en: the unit in English for the English UI

Revision ID: 0002_indicator_unit_en
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_indicator_unit_en"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(sa.Column("unit_en", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.drop_column("unit_en")
