"""``/api/v1/plans``: read, create, edit and move plans through their workflow.

Every write takes the path of the plan pages: the same loaders (a plan the caller may
not read is 404), the same permission table, the same domain functions and the same
workflow engine; If-Match stands in for the form's hidden version field.
"""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.wrappers import Response

from documents.db import db
from documents.i18n import N_
from documents.models import Plan
from documents.plans import PlanError, PlanInput, create_plan, update_plan
from documents.rendering import BodyTooComplex, BodyTooLong
from documents.versions import versions_of
from portal.api.common import (
    IF_MATCH_PARAMETER,
    REFUSAL_STATUS,
    PageArgs,
    UtcDateTime,
    answer_record,
    check_if_match,
    links_from_record,
    page_of,
    paged_schema,
    refuse,
    refuse_domain,
)
from portal.links import link_to
from portal.plans.routes import PLAN_SORTS, may_draft_for, plan_sort_key
from portal.saving import MAX_ID, assignment_or_404, record_or_404, saving
from portal.templating import translate
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import TransitionRefused, fire, history
from workflows.security import available_transitions, can

blp = Blueprint("api_plans", __name__, url_prefix="/api/v1/plans", description="Plans")
CANNOT_DRAFT = N_("Bạn không thuộc đơn vị được giao nên không thể lập kế hoạch này.")
PLAN_LINKS = links_from_record("/api/v1/plans/{plan_id}", "plan_id")


class UnitRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class EventSchema(ma.Schema):
    transition = ma.fields.String(required=True)
    from_state = ma.fields.String(required=True)
    to_state = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    comment = ma.fields.String(required=True)
    at = UtcDateTime(required=True)


class VersionSchema(ma.Schema):
    number = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    state = ma.fields.String()
    note = ma.fields.String(required=True)
    author = ma.fields.String(allow_none=True)
    at = UtcDateTime(required=True)


class PlanSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    state = ma.fields.String(required=True)
    unit = ma.fields.Nested(UnitRefSchema, required=True)
    assignment_id = ma.fields.Integer(required=True)
    document_id = ma.fields.Integer(required=True)
    updated_at = UtcDateTime(required=True)
    submitted_at = UtcDateTime(allow_none=True)
    version = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True)


class PlanSchema(PlanSummarySchema):
    body = ma.fields.String(required=True)
    body_html = ma.fields.String(required=True)
    report_text = ma.fields.String(allow_none=True)
    created_by = ma.fields.String(required=True)
    reviewed_by = ma.fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    transitions = ma.fields.List(ma.fields.String(), required=True)
    may_edit = ma.fields.Boolean(required=True)
    history = ma.fields.List(ma.fields.Nested(EventSchema), required=True)
    versions = ma.fields.List(ma.fields.Nested(VersionSchema), required=True)


class PlanListArgs(PageArgs):
    state = ma.fields.String(validate=ma.validate.OneOf(PLAN_WORKFLOW.state_names))
    unit = ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID))
    sort = ma.fields.String(load_default="updated", validate=ma.validate.OneOf(list(PLAN_SORTS)))


class PlanCreateSchema(ma.Schema):
    assignment_id = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=MAX_ID)
    )
    title = ma.fields.String(required=True, validate=ma.validate.Length(max=1000))
    body = ma.fields.String(load_default="")


class PlanEditSchema(ma.Schema):
    title = ma.fields.String(validate=ma.validate.Length(max=1000))
    body = ma.fields.String()


class TransitionSchema(ma.Schema):
    comment = ma.fields.String(load_default="")
    report_text = ma.fields.String(load_default=None, allow_none=True)


def summary(plan: Plan) -> dict:
    return {
        "id": plan.id,
        "title": plan.title,
        "state": plan.state,
        "unit": {"id": plan.unit.id, "name": plan.unit.name},
        "assignment_id": plan.assignment_id,
        "document_id": plan.assignment.document_id,
        "updated_at": plan.updated_at,
        "submitted_at": plan.submitted_at,
        "version": plan.version,
        "url": link_to(plan, api=True),
    }


def detail(plan: Plan) -> dict:
    return {
        **summary(plan),
        "body": plan.body,
        "body_html": plan.body_html,
        "report_text": plan.report_text,
        "created_by": plan.created_by.username,
        "reviewed_by": plan.reviewed_by.username if plan.reviewed_by else None,
        "created_at": plan.created_at,
        "transitions": [t.name for t in available_transitions(current_user, plan)],
        "may_edit": can(current_user, plan, "edit"),
        "history": [
            {
                "transition": e.transition,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": e.actor.username,
                "comment": e.comment,
                "at": e.created_at,
            }
            for e in history(db.session, plan)
        ],
        "versions": [
            {
                "number": v.number,
                "title": v.title,
                "state": v.state,
                "note": translate(v.note),
                "author": v.created_by.username if v.created_by else None,
                "at": v.created_at,
            }
            for v in versions_of(db.session, plan)
        ],
    }


def _answer(plan: Plan, status: int = 200):
    return answer_record(plan, detail, status)


@blp.route("/")
@blp.arguments(PlanListArgs, location="query")
@blp.response(200, paged_schema(PlanSummarySchema, "PlanPage"))
def index(args: dict) -> dict:
    """Plans the caller may read, filtered by state and unit, sorted as on the page."""
    query = db.select(Plan)
    if args.get("state"):
        query = query.filter(Plan.state == args["state"])
    if args.get("unit"):
        query = query.filter(Plan.unit_id == args["unit"])
    visible = [p for p in db.session.scalars(query) if can(current_user, p, "view")]
    visible.sort(key=plan_sort_key(args["sort"]))
    start = (args["page"] - 1) * args["per_page"]
    items = [summary(p) for p in visible[start : start + args["per_page"]]]
    return page_of(items, len(visible), args, "api_plans.index")


@blp.route("/<int:plan_id>")
@blp.response(200, PlanSchema)
@blp.alt_response(304, description="Not modified: If-None-Match names the current ETag.")
def read(plan_id: int) -> tuple[dict, int, dict] | Response:
    """A plan with its state, the caller's transitions, history and versions."""
    return _answer(record_or_404(Plan, plan_id))


@blp.route("/", methods=["POST"])
@blp.arguments(PlanCreateSchema)
@blp.response(201, PlanSchema)
@blp.doc(responses={201: {"links": PLAN_LINKS}})
def create(data: dict) -> tuple[dict, int, dict] | Response:
    """Draft the plan of an assignment of the caller's unit."""
    assignment = assignment_or_404(data["assignment_id"])
    if not may_draft_for(assignment):
        refuse(403, CANNOT_DRAFT)
    try:
        with saving():
            plan = create_plan(
                db.session,
                assignment,
                current_user,
                PlanInput(data["title"], data["body"]),
                initial_state=PLAN_WORKFLOW.initial,
            )
    except PlanError as error:
        status = 409 if assignment.plan is not None else 422
        refuse_domain(status, error, "title")
    except (BodyTooLong, BodyTooComplex) as error:
        refuse_domain(422, error, "body")
    return _answer(plan, 201)


@blp.route("/<int:plan_id>", methods=["PATCH"])
@blp.arguments(PlanEditSchema)
@blp.response(200, PlanSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
@blp.doc(responses={200: {"links": PLAN_LINKS}})
def edit(data: dict, plan_id: int) -> tuple[dict, int, dict] | Response:
    """Change the title or body (a new version), as the page's editor does."""
    plan = record_or_404(Plan, plan_id, "edit")
    check_if_match(plan)
    new = PlanInput(data.get("title", plan.title), data.get("body", plan.body))
    try:
        with saving():
            update_plan(db.session, plan, new, author=current_user)
    except PlanError as error:
        refuse_domain(422, error, "title")
    except (BodyTooLong, BodyTooComplex) as error:
        refuse_domain(422, error, "body")
    return _answer(plan)


@blp.route("/<int:plan_id>/transitions/<name>", methods=["POST"])
@blp.arguments(TransitionSchema)
@blp.response(200, PlanSchema)
@blp.alt_response(204, description="Done; the caller may no longer read the plan.")
@blp.doc(parameters=[IF_MATCH_PARAMETER])
def transition(data: dict, plan_id: int, name: str) -> tuple[dict, int, dict] | Response:
    """Fire a workflow transition (submit, return with a comment, review, report…)."""
    plan = record_or_404(Plan, plan_id)
    check_if_match(plan)
    try:
        with saving():
            fire(
                db.session,
                plan,
                name,
                actor=current_user,
                comment=data["comment"],
                report_text=data["report_text"],
            )
    except TransitionRefused as refused:
        field = "report_text" if refused.code == "report" else "comment"
        refuse_domain(REFUSAL_STATUS.get(refused.code, 409), refused, field)
    except (BodyTooLong, BodyTooComplex) as error:
        refuse_domain(422, error, "report_text")
    if not can(current_user, plan, "view"):  # a returned draft is its unit's alone again
        return Response(status=204)
    return _answer(plan)
