"""OCR of scanned attachments

Attachments may be images (png, jpeg, tiff), and each records where its optical
character recognition stands (``ocr_status``: NULL when the file has a text layer,
otherwise pending, running, done or failed) so that a background worker can find the
scans still to read.

Revision ID: b4c1d2e3f5a6
Revises: 9f4f7760d41b
Create Date: 2026-12-05 21:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b4c1d2e3f5a6"
down_revision = "9f4f7760d41b"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('pdf', 'docx', 'xlsx', 'odt', 'txt')"
NEW_KINDS = "kind IN ('pdf', 'docx', 'xlsx', 'odt', 'txt', 'png', 'jpeg', 'tiff')"
STATUSES = "ocr_status IS NULL OR ocr_status IN ('pending', 'running', 'done', 'failed')"


def upgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ocr_status", sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f("ix_attachment_ocr_status"), ["ocr_status"])
        batch_op.drop_constraint(batch_op.f("ck_attachment_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)
        batch_op.create_check_constraint("ocr_status", STATUSES)


def downgrade():
    # Image attachments cannot be described by the older schema: they go with it.
    op.execute("DELETE FROM attachment WHERE kind IN ('png', 'jpeg', 'tiff')")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_attachment_ocr_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_attachment_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_index(batch_op.f("ix_attachment_ocr_status"))
        batch_op.drop_column("ocr_status")
