"""feedback: visitors' flags and questions on figures, with the walidata's public answers

Revision ID: 0010_feedback
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_feedback"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("ip_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"], name="fk_feedback_indicator_code_indicator"),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name="fk_feedback_region_code_region"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
    )
    with op.batch_alter_table("feedback") as batch:
        batch.create_index("ix_feedback_indicator_code", ["indicator_code"])
        batch.create_index("ix_feedback_region_code", ["region_code"])
        batch.create_index("ix_feedback_ip_hash", ["ip_hash"])
        batch.create_index("ix_feedback_created_at", ["created_at"])


def downgrade() -> None:
    op.drop_table("feedback")
