"""Notifications for every workflow event, by e-mail through an outbox, per user

Notifications may go to one user (``user_id``) as well as to a unit, name the plan they
are about, and have new kinds (plan submitted, returned, reviewed, reported; inspection
tasks; a published document; a moved deadline). Users may give an e-mail address and
choose per kind how they are told (``notification_preference``). An inspection task
remembers when its unit was last reminded of it. E-mail waits in
``mail_outbox`` until it is sent. Existing notifications are kept as they are.

Revision ID: d17a0b1c2d3e
Revises: d15a2025e001
Create Date: 2026-12-05 21:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d17a0b1c2d3e"
down_revision = "d15a2025e001"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('urging', 'reminder', 'assignment', 'review')"
NEW_KINDS = (
    "kind IN ('urging', 'reminder', 'assignment', 'review', 'submitted', 'returned', "
    "'reviewed', 'reported', 'inspection', 'published', 'deadline')"
)


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("inspection_task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_on", sa.Date(), nullable=True))

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_user_id"), ["user_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_user_id_user"), "user", ["user_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_plan_id_plan"), "plan", ["plan_id"], ["id"]
        )
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)
        batch_op.create_check_constraint("addressee", "unit_id IS NOT NULL OR user_id IS NOT NULL")

    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "mode IN ('inbox', 'immediate', 'digest')",
            name=op.f("ck_notification_preference_mode"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_notification_preference_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preference")),
        sa.UniqueConstraint(
            "user_id", "kind", name=op.f("uq_notification_preference_user_id_kind")
        ),
    )
    with op.batch_alter_table("notification_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_preference_user_id"), ["user_id"])

    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.CheckConstraint("mode IN ('immediate', 'digest')", name=op.f("ck_mail_outbox_mode")),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_mail_outbox_notification_id_notification"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_mail_outbox_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_outbox_next_attempt_at"), ["next_attempt_at"])
        batch_op.create_index(batch_op.f("ix_mail_outbox_sent_at"), ["sent_at"])


def downgrade():
    op.drop_table("mail_outbox")
    op.drop_table("notification_preference")
    # The older schema knows only units' notifications of the first four kinds.
    op.execute("DELETE FROM notification WHERE user_id IS NOT NULL")
    op.execute("DELETE FROM notification WHERE NOT (" + OLD_KINDS + ")")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notification_addressee"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_constraint(batch_op.f("fk_notification_plan_id_plan"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_notification_user_id_user"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notification_user_id"))
        batch_op.drop_column("plan_id")
        batch_op.drop_column("user_id")
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("inspection_task", schema=None) as batch_op:
        batch_op.drop_column("reminded_on")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("email")
