"""The data revision: one row whose token changes in every transaction that writes; the
page cache keys rendered pages on it (issue 19)

Revision ID: d19f2a3b4c5d
Revises: d19a1b2c3d4e
Create Date: 2026-12-07 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d19f2a3b4c5d"
down_revision = "d19a1b2c3d4e"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_revision")),
    )
    op.bulk_insert(table, [{"id": 1, "token": "created"}])


def downgrade():
    op.drop_table("data_revision")
