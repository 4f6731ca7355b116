"""scopes of API tokens

Every token made before this revision keeps reading only (``read``); a token that may
change records through ``/api/v1`` holds ``read write``.

Revision ID: b7d2e5a9c431
Revises: b4c1d2e3f5a6
Create Date: 2026-12-05 21:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d2e5a9c431"
down_revision = "b4c1d2e3f5a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("scopes", sa.String(length=20), server_default="read", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_api_token_scopes"), "scopes IN ('read', 'read write')"
        )


def downgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_token_scopes"), type_="check")
        batch_op.drop_column("scopes")
