"""feedback challenge: the nonce of the arithmetic challenge a message answered, unique, so one challenge token
sends one message (it was replayable for its whole hour)

Revision ID: 0015_feedback_challenge
Revises: 0010_feedback (the feature branch that made the table)
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_feedback_challenge"
down_revision = "0010_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("challenge", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_feedback_challenge", ["challenge"])


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint("uq_feedback_challenge", type_="unique")
        batch.drop_column("challenge")
