"""Indexes of the busiest pages (issue 19): the worklists read a state's plans oldest
change first, the home page the newest published documents, every page the unread count
of the reader's notifications; each now reads one index in order instead of sorting or
visiting the table. The single-column indexes of plans and documents they replace are
their leading columns; the notifications' were replaced by d19e1a2b3c4d.

Revision ID: d19a1b2c3d4e
Revises: d19e1a2b3c4d
Create Date: 2026-12-06 22:50:00

"""

from alembic import op

revision = "d19a1b2c3d4e"
down_revision = "d19e1a2b3c4d"
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
)
# (table, the index made, its columns)
ADDED = (
    ("notification", "ix_notification_unit_id_read_at", ["unit_id", "read_at"]),
    ("notification", "ix_notification_user_id_read_at", ["user_id", "read_at"]),
)


def upgrade():
    for table, made, columns, replaced, _column in REPLACED:
        op.create_index(made, table, columns)
        op.drop_index(replaced, table_name=table)
    for table, made, columns in ADDED:
        op.create_index(made, table, columns)


def downgrade():
    for table, made, _columns in ADDED:
        op.drop_index(made, table_name=table)
    for table, made, _columns, replaced, column in REPLACED:
        op.create_index(replaced, table, [column])
        op.drop_index(made, table_name=table)
