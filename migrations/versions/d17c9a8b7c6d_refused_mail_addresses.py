"""Mail refused for good by the server: ``mail_outbox.failed_at`` and the notification
kind ``mail_refused`` (the owner of a refused address is told in the inbox)

``failed_at`` is empty for the rows already there, so they keep being sent or retried as
before. The kind list also gains ``saved_search``, which the model has had since
d17b4e5f6a7b but which d17a0b1c2d3e's list left out; the downgrade keeps it, so saved
search alerts already stored survive a downgrade.

Revision ID: d17c9a8b7c6d
Revises: d17a0b1c2d3e
Create Date: 2026-12-05 22:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d17c9a8b7c6d"
down_revision = "d17a0b1c2d3e"
branch_labels = None
depends_on = None

KINDS = (
    "'urging', 'reminder', 'assignment', 'review', 'submitted', 'returned', "
    "'reviewed', 'reported', 'inspection', 'published', 'deadline', 'saved_search'"
)
OLD_KINDS = f"kind IN ({KINDS})"
NEW_KINDS = f"kind IN ({KINDS}, 'mail_refused')"


def upgrade():
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'mail_refused'")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_column("failed_at")
