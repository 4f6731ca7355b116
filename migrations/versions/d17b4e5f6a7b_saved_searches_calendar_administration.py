"""Saved searches and their alerts, feed links, calendar dates of assignments,
administration audit log and password reset links

New tables: ``saved_search``, ``saved_search_hit``, ``feed_token``, ``audit_entry``,
``password_reset``. Assignments gain ``updated_at`` (filled with ``created_at`` for the
rows already there) and ``withdrawn_at``; notifications gain the kind ``saved_search``.
Existing rows are kept as they are.

Revision ID: d17b4e5f6a7b
Revises: b7d2e5a9c431
Create Date: 2026-12-05 21:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d17b4e5f6a7b"
down_revision = "b7d2e5a9c431"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('urging', 'reminder', 'assignment', 'review')"
NEW_KINDS = "kind IN ('urging', 'reminder', 'assignment', 'review', 'saved_search')"


def upgrade():
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_audit_entry_actor_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"])
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_password_reset_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_hash")),
    )
    op.create_index(op.f("ix_password_reset_user_id"), "password_reset", ["user_id"])
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("shared_with", sa.String(length=10), nullable=False),
        sa.Column("share_unit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "shared_with IN ('private', 'unit', 'all')", name=op.f("ck_saved_search_shared_with")
        ),
        sa.CheckConstraint(
            "(shared_with = 'unit') = (share_unit_id IS NOT NULL)",
            name=op.f("ck_saved_search_share_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
            name=op.f("fk_saved_search_owner_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["share_unit_id"], ["org_unit.id"], name=op.f("fk_saved_search_share_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
    )
    op.create_index(op.f("ix_saved_search_owner_id"), "saved_search", ["owner_id"])
    op.create_table(
        "saved_search_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("saved_search_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('document', 'plan')", name=op.f("ck_saved_search_hit_kind")),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_search.id"],
            name=op.f("fk_saved_search_hit_saved_search_id_saved_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search_hit")),
        sa.UniqueConstraint(
            "saved_search_id",
            "kind",
            "object_id",
            name=op.f("uq_saved_search_hit_saved_search_id_kind_object_id"),
        ),
    )
    op.create_index(
        op.f("ix_saved_search_hit_saved_search_id"), "saved_search_hit", ["saved_search_id"]
    )
    op.create_table(
        "feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("saved_search_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('search', 'unit_calendar', 'commission_calendar')",
            name=op.f("ck_feed_token_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_search.id"],
            name=op.f("fk_feed_token_saved_search_id_saved_search"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_feed_token_unit_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_feed_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_token_token_hash")),
    )
    op.create_index(op.f("ix_feed_token_user_id"), "feed_token", ["user_id"])
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE assignment SET updated_at = created_at")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)


def downgrade():
    # Alerts of saved searches cannot be described by the older schema: they go with it.
    op.execute("DELETE FROM notification WHERE kind = 'saved_search'")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notification_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("updated_at")
    op.drop_index(op.f("ix_feed_token_user_id"), table_name="feed_token")
    op.drop_table("feed_token")
    op.drop_index(op.f("ix_saved_search_hit_saved_search_id"), table_name="saved_search_hit")
    op.drop_table("saved_search_hit")
    op.drop_index(op.f("ix_saved_search_owner_id"), table_name="saved_search")
    op.drop_table("saved_search")
    op.drop_index(op.f("ix_password_reset_user_id"), table_name="password_reset")
    op.drop_table("password_reset")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_table("audit_entry")
