"""walidata workflow: a submitted value remembers the row it will replace; a returned batch keeps the reviewer's note

Revision ID: 0012_walidata
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_walidata"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("replaces_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                      nullable=True))
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_column("review_note")
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_column("replaces_id")
