"""``/api/v1``: the follow-up of a document: its coverage (per unit, the four buckets),
its assignments with their deadlines and urgings, urging a unit, and a unit's inbox.

The gates are the follow-up pages' own (``portal.followup.common``): the commission
and the readers of the follow-up see the coverage; a unit sees its own assignments; only
a commission reviewer urges.
"""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint

from documents.db import db
from documents.followup.assignments import URGING_LEVELS, FollowUpError, urge, urgings_of
from documents.followup.coverage import BUCKETS
from documents.inbox import inbox
from documents.models import Assignment, Document
from portal.api.common import PageArgs, UtcDateTime, page_of, paged_schema, refuse_domain
from portal.followup.common import (
    deadline_status,
    matrix_for,
    require_follow_up,
    require_read,
)
from portal.inbox import my_units
from portal.saving import MAX_ID, assignment_or_404, record_or_404, saving, sees_unit_work
from portal.templating import today, translate

blp = Blueprint("api_followup", __name__, url_prefix="/api/v1", description="Follow-up")


class CoverageRowSchema(ma.Schema):
    assignment_id = ma.fields.Integer(required=True)
    unit_id = ma.fields.Integer(required=True)
    unit_name = ma.fields.String(required=True)
    deliverable = ma.fields.String(required=True)
    clause_number = ma.fields.Integer(allow_none=True)
    due_on = ma.fields.Date(allow_none=True)
    plan_id = ma.fields.Integer(allow_none=True)
    plan_state = ma.fields.String(allow_none=True)
    submitted_on = ma.fields.Date(allow_none=True)
    bucket = ma.fields.String(required=True, metadata={"enum": list(BUCKETS)})
    days = ma.fields.Integer(allow_none=True)
    near_due = ma.fields.Boolean(required=True)
    reported = ma.fields.Boolean(required=True)
    last_urging_level = ma.fields.String(allow_none=True)
    last_urging_on = ma.fields.Date(allow_none=True)
    urging_count = ma.fields.Integer(required=True)


class CoverageSchema(ma.Schema):
    document_id = ma.fields.Integer(required=True)
    totals = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)
    rows = ma.fields.List(ma.fields.Nested(CoverageRowSchema), required=True)


class UrgingSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    level = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    urged_by = ma.fields.String(required=True)
    urged_on = ma.fields.Date(required=True)


class AssignmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    document_id = ma.fields.Integer(required=True)
    unit_id = ma.fields.Integer(required=True)
    deliverable = ma.fields.String(required=True)
    clause_number = ma.fields.Integer(allow_none=True)
    due_on = ma.fields.Date(allow_none=True)
    plan_id = ma.fields.Integer(allow_none=True)
    bucket = ma.fields.String(required=True)
    days = ma.fields.Integer(allow_none=True)
    urgings = ma.fields.List(ma.fields.Nested(UrgingSchema), required=True)
    url = ma.fields.String(required=True)


class AssignmentListArgs(PageArgs):
    document = ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID))


class UrgeSchema(ma.Schema):
    level = ma.fields.String(load_default=None, validate=ma.validate.OneOf(URGING_LEVELS))
    message = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    unit_id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    subject = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    assignment_id = ma.fields.Integer(allow_none=True)
    created_at = UtcDateTime(required=True)
    read = ma.fields.Boolean(required=True)


def _urging(u) -> dict:
    return {
        "id": u.id,
        "level": u.level,
        "message": u.message,
        "urged_by": u.urged_by.username,
        "urged_on": u.urged_on,
    }


def assignment_data(a: Assignment) -> dict:
    status = deadline_status(a)
    return {
        "id": a.id,
        "document_id": a.document_id,
        "unit_id": a.unit_id,
        "deliverable": a.deliverable,
        "clause_number": a.clause.number if a.clause else None,
        "due_on": a.due_on,
        "plan_id": a.plan.id if a.plan else None,
        "bucket": status.bucket,
        "days": status.days,
        "urgings": [_urging(u) for u in urgings_of(db.session, a)],
        "url": url_for("api_followup.assignment", assignment_id=a.id),
    }


@blp.route("/documents/<int:document_id>/coverage")
@blp.response(200, CoverageSchema)
def coverage(document_id: int) -> dict:
    """Per assigned unit: deadline, plan state, bucket, days late, last urging."""
    require_read()
    matrix = matrix_for(record_or_404(Document, document_id))
    fields = CoverageRowSchema().fields
    return {
        "document_id": document_id,
        "totals": matrix.totals,
        "rows": [{name: getattr(row, name) for name in fields} for row in matrix.rows],
    }


@blp.route("/assignments/")
@blp.arguments(AssignmentListArgs, location="query")
@blp.response(200, paged_schema(AssignmentSchema, "AssignmentPage"))
def assignments(args: dict) -> dict:
    """The assignments the caller sees: their units' own, or all for the follow-up."""
    query = db.select(Assignment).order_by(Assignment.due_on, Assignment.id)
    if args.get("document"):
        query = query.filter(Assignment.document_id == args["document"])
    visible = [a for a in db.session.scalars(query) if sees_unit_work([a.unit_id])]
    start = (args["page"] - 1) * args["per_page"]
    items = [assignment_data(a) for a in visible[start : start + args["per_page"]]]
    return page_of(items, len(visible), args, "api_followup.assignments")


@blp.route("/assignments/<int:assignment_id>")
@blp.response(200, AssignmentSchema)
def assignment(assignment_id: int) -> dict:
    return assignment_data(assignment_or_404(assignment_id))


@blp.route("/assignments/<int:assignment_id>/urgings", methods=["POST"])
@blp.arguments(UrgeSchema)
@blp.response(201, UrgingSchema)
def urge_unit(data: dict, assignment_id: int) -> dict:
    """Urge the unit (Nhắc nhở → Phê bình → Kiểm điểm; the next level when none is
    given); the unit finds it in its inbox (and by e-mail where configured)."""
    require_follow_up()
    assignment = assignment_or_404(assignment_id)
    try:
        with saving():  # the unit's e-mail leaves through the mail outbox after the commit
            urging = urge(
                db.session,
                assignment,
                actor=current_user,
                today=today(),
                level=data["level"],
                message=data["message"],
            )
    except FollowUpError as error:
        refuse_domain(422, error, "level")
    return _urging(urging)


@blp.route("/inbox/")
@blp.arguments(PageArgs, location="query")
@blp.response(200, paged_schema(NotificationSchema, "InboxPage"))
def inbox_items(args: dict) -> dict:
    """The messages addressed to the caller's units (urgings, reminders, assignments)."""
    notes = inbox(db.session, my_units())
    start = (args["page"] - 1) * args["per_page"]
    items = [
        {
            "id": n.id,
            "unit_id": n.unit_id,
            "kind": n.kind,
            "subject": translate(n.subject),
            "body": translate(n.body),
            "assignment_id": n.assignment_id,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in notes[start : start + args["per_page"]]
    ]
    return page_of(items, len(notes), args, "api_followup.inbox_items")
