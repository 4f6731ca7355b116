"""Unit history: reorganisation events, their units, and the moves of open work

Adds ``unit_event`` (a merge, split, rename, transfer, dissolution or establishment with
its legal basis and effective date), ``unit_event_link`` (the units it ended and began)
and ``unit_move`` (each object of open work that passed to a successor). An assignment
keeps the unit it was first assigned to (``origin_unit_id``, filled from ``unit_id`` for
existing rows) and is unique per that unit, so a successor can carry the assignments of
several predecessors; an inspection follow-up task may name the unit now responsible;
units may be commune-level committees (from 1-7-2025); ``document_review`` is the
register of a successor's review of the documents it inherited.

Revision ID: d15a2025e001
Revises: d17b4e5f6a7b
Create Date: 2026-12-05 21:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d15a2025e001"
down_revision = "d17b4e5f6a7b"
branch_labels = None
depends_on = None

WHOLE = sa.text("clause_id IS NULL")
EVENT_KINDS = "kind IN ('merge', 'split', 'rename', 'transfer', 'dissolve', 'establish')"
OLD_UNIT_KINDS = (
    "kind IN ('provincial_committee', 'district_committee', 'subordinate_committee',"
    " 'sociopolitical_org', 'commission', 'standing_committee', 'party_delegation', 'central')"
)
NEW_UNIT_KINDS = (
    "kind IN ('provincial_committee', 'district_committee', 'commune_committee',"
    " 'subordinate_committee', 'sociopolitical_org', 'commission', 'standing_committee',"
    " 'party_delegation', 'central')"
)
MOVED = "object_kind IN ('assignment', 'plan', 'urging', 'inspection_task', 'user_role', 'user')"


def upgrade():
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_org_unit_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_UNIT_KINDS)
    op.create_table(
        "unit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("basis_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("applied_by_id", sa.Integer(), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(EVENT_KINDS, name=op.f("ck_unit_event_kind")),
        sa.ForeignKeyConstraint(
            ["applied_by_id"], ["user.id"], name=op.f("fk_unit_event_applied_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["basis_id"], ["document.id"], name=op.f("fk_unit_event_basis_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_event")),
        sa.UniqueConstraint("key", name=op.f("uq_unit_event_key")),
    )
    op.create_index(op.f("ix_unit_event_effective_on"), "unit_event", ["effective_on"])
    op.create_table(
        "unit_event_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=4), nullable=False),
        sa.Column("share", sa.Text(), nullable=False),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.CheckConstraint("role IN ('from', 'to')", name=op.f("ck_unit_event_link_role")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["unit_event.id"], name=op.f("fk_unit_event_link_event_id_unit_event")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_unit_event_link_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_event_link")),
        sa.UniqueConstraint(
            "event_id", "unit_id", "role", name=op.f("uq_unit_event_link_event_id_unit_id_role")
        ),
    )
    op.create_index(op.f("ix_unit_event_link_event_id"), "unit_event_link", ["event_id"])
    op.create_index(op.f("ix_unit_event_link_unit_id"), "unit_event_link", ["unit_id"])
    op.create_table(
        "unit_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("object_kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=False),
        sa.Column("to_unit_id", sa.Integer(), nullable=False),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(MOVED, name=op.f("ck_unit_move_object_kind")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["unit_event.id"], name=op.f("fk_unit_move_event_id_unit_event")
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["org_unit.id"], name=op.f("fk_unit_move_from_unit_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"], ["org_unit.id"], name=op.f("fk_unit_move_to_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_move")),
    )
    op.create_index(op.f("ix_unit_move_event_id"), "unit_move", ["event_id"])
    op.create_index("ix_unit_move_object", "unit_move", ["object_kind", "object_id"])

    op.create_table(
        "document_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('applicable', 'replaced', 'expired', 'repealed')",
            name=op.f("ck_document_review_outcome"),
        ),
        sa.CheckConstraint(
            "outcome <> 'replaced' OR replaced_by_id IS NOT NULL",
            name=op.f("ck_document_review_replaced_by"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_review_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["document.id"],
            name=op.f("fk_document_review_replaced_by_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["user.id"], name=op.f("fk_document_review_reviewed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_document_review_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_review")),
    )
    op.create_index(op.f("ix_document_review_document_id"), "document_review", ["document_id"])
    op.create_index(op.f("ix_document_review_unit_id"), "document_review", ["unit_id"])

    with op.batch_alter_table("inspection_task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_inspection_task_unit_id_org_unit"), "org_unit", ["unit_id"], ["id"]
        )

    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_unit_id", sa.Integer(), nullable=True))
    op.execute("UPDATE assignment SET origin_unit_id = unit_id")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.alter_column("origin_unit_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_assignment_origin_unit_id_org_unit"),
            "org_unit",
            ["origin_unit_id"],
            ["id"],
        )
        batch_op.drop_index("uq_assignment_whole_document", sqlite_where=WHOLE)
        batch_op.drop_constraint(
            batch_op.f("uq_assignment_document_id_unit_id_deliverable_clause_id"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_assignment_document_id_origin_unit_id_deliverable_clause_id"),
            ["document_id", "origin_unit_id", "deliverable", "clause_id"],
        )
        batch_op.create_index(
            "uq_assignment_whole_document",
            ["document_id", "origin_unit_id", "deliverable"],
            unique=True,
            sqlite_where=WHOLE,
            postgresql_where=WHOLE,
        )
        batch_op.create_index(batch_op.f("ix_assignment_unit_id"), ["unit_id"])


def downgrade():
    # Work a successor inherited goes back to the unit it was assigned to: the older
    # schema cannot tell a carrier from an assignee, and its unique key is the assignee.
    op.execute("UPDATE assignment SET unit_id = origin_unit_id")
    op.execute(
        "UPDATE plan SET unit_id = (SELECT origin_unit_id FROM assignment"
        " WHERE assignment.id = plan.assignment_id)"
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_unit_id"))
        batch_op.drop_index("uq_assignment_whole_document", sqlite_where=WHOLE)
        batch_op.drop_constraint(
            batch_op.f("uq_assignment_document_id_origin_unit_id_deliverable_clause_id"),
            type_="unique",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_assignment_origin_unit_id_org_unit"), type_="foreignkey"
        )
        batch_op.drop_column("origin_unit_id")
        batch_op.create_unique_constraint(
            batch_op.f("uq_assignment_document_id_unit_id_deliverable_clause_id"),
            ["document_id", "unit_id", "deliverable", "clause_id"],
        )
        batch_op.create_index(
            "uq_assignment_whole_document",
            ["document_id", "unit_id", "deliverable"],
            unique=True,
            sqlite_where=WHOLE,
            postgresql_where=WHOLE,
        )
    with op.batch_alter_table("inspection_task", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_inspection_task_unit_id_org_unit"), type_="foreignkey"
        )
        batch_op.drop_column("unit_id")
    op.drop_index(op.f("ix_document_review_unit_id"), table_name="document_review")
    op.drop_index(op.f("ix_document_review_document_id"), table_name="document_review")
    op.drop_table("document_review")
    op.drop_index("ix_unit_move_object", table_name="unit_move")
    op.drop_index(op.f("ix_unit_move_event_id"), table_name="unit_move")
    op.drop_table("unit_move")
    op.drop_index(op.f("ix_unit_event_link_unit_id"), table_name="unit_event_link")
    op.drop_index(op.f("ix_unit_event_link_event_id"), table_name="unit_event_link")
    op.drop_table("unit_event_link")
    op.drop_index(op.f("ix_unit_event_effective_on"), table_name="unit_event")
    op.drop_table("unit_event")
    # Commune-level committees cannot be described by the older schema: they become
    # district-level ones (the nearest kind), their history kept.
    op.execute("UPDATE org_unit SET kind = 'district_committee' WHERE kind = 'commune_committee'")
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_org_unit_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_UNIT_KINDS)
