"""The inbox read newest first from the index: ``notification`` indexed by
``(unit_id, created_at, id)`` and ``(user_id, created_at, id)`` instead of ``unit_id``
and ``user_id`` alone (issue 19)

A page of a unit's inbox is then the first rows of the index, where it was every
notification of the unit sorted (thousands at a province's scale). The new indexes begin
with the old ones' column, so every query the old ones served is served still.

Revision ID: d19e1a2b3c4d
Revises: d17c9a8b7c6d
Create Date: 2026-12-06 22:40:00

"""

from alembic import op

revision = "d19e1a2b3c4d"
down_revision = "d17c9a8b7c6d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        op.f("ix_notification_unit_newest"), "notification", ["unit_id", "created_at", "id"]
    )
    op.create_index(
        op.f("ix_notification_user_newest"), "notification", ["user_id", "created_at", "id"]
    )
    op.drop_index(op.f("ix_notification_unit_id"), table_name="notification")
    op.drop_index(op.f("ix_notification_user_id"), table_name="notification")


def downgrade():
    op.create_index(op.f("ix_notification_unit_id"), "notification", ["unit_id"])
    op.create_index(op.f("ix_notification_user_id"), "notification", ["user_id"])
    op.drop_index(op.f("ix_notification_user_newest"), table_name="notification")
    op.drop_index(op.f("ix_notification_unit_newest"), table_name="notification")
