"""Indexes of the busiest pages (issue 19): the worklists read a state's plans oldest
change first, the home page the newest published documents, every page the unread count
of the reader's notifications; each now reads one index in order instead of sorting or
visiting the table. The single-column indexes they replace are their leading columns.

Revision ID: d19a1b2c3d4e
Revises: d17c9a8b7c6d
Create Date: 2026-12-06 22:50:00

"""

from alembic import op

revision = "d19a1b2c3d4e"
down_revision = "d17c9a8b7c6d"
branch_labels = None
depends_on = None

# (table, the index made, its columns, the index it replaces, that index's column)
REPLACED = (
    ("plan", "ix_plan_state_updated_at", ["state", "updated_at"], "ix_plan_state", "state"),
    (
        "document",
        "ix_document_state_issued_on",
        ["state", "issued_on"],
        "ix_document_state",
        "state",
    ),
    (
        "notification",
        "ix_notification_unit_id_read_at",
        ["unit_id", "read_at"],
        "ix_notification_unit_id",
        "unit_id",
    ),
    (
        "notification",
        "ix_notification_user_id_read_at",
        ["user_id", "read_at"],
        "ix_notification_user_id",
        "user_id",
    ),
)


def upgrade():
    for table, made, columns, replaced, _column in REPLACED:
        op.create_index(made, table, columns)
        op.drop_index(replaced, table_name=table)


def downgrade():
    for table, made, _columns, replaced, column in REPLACED:
        op.create_index(replaced, table, [column])
        op.drop_index(made, table_name=table)
