"""The home page: what is assigned to my unit, what waits for my review."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from documents.db import db
from documents.models import Assignment, Document, Plan
from documents.notifications import unread_count
from documents.permissions import principals_of, unit_principal
from portal.templating import today
from workflows.definitions import COMMISSION_REVIEWER, PLAN_WORKFLOW, expand

bp = Blueprint("dashboard", __name__)

# The oldest submitted plans the home page lists; the plans list shows them all. A province
# after the 2025 reorganisation has hundreds waiting at once, and the home page is the most
# visited page.
WAITING_SHOWN = 20


def _waiting_ids(principals: frozenset[str]) -> list[int]:
    """Ids of the submitted plans the user may view, oldest first.

    Whether a submitted plan may be viewed depends only on its unit, so two columns per
    plan are read instead of whole plans, and the check runs once per row on those.
    """
    granted = PLAN_WORKFLOW.state("submitted").permissions.get("view", ())
    rows = db.session.execute(
        db.select(Plan.id, Plan.unit_id)
        .filter(Plan.state == "submitted")
        .order_by(Plan.submitted_at, Plan.id)
    )
    return [row.id for row in rows if principals & expand(granted, row)]


@bp.get("/")
@login_required
def home() -> str:
    principals = principals_of(current_user)
    my_units = {r.unit_id for r in current_user.roles} | {current_user.unit_id}
    assignments = list(
        db.session.scalars(
            db.select(Assignment)
            .options(selectinload(Assignment.plan), joinedload(Assignment.document))
            .filter(Assignment.unit_id.in_(my_units))
            .order_by(Assignment.due_on)
        )
    )
    is_reviewer = COMMISSION_REVIEWER in principals
    waiting: list[Plan] = []
    waiting_total = 0
    counts: dict[str, int] = {}
    if is_reviewer:
        visible = _waiting_ids(principals)
        waiting_total = len(visible)
        waiting = list(
            db.session.scalars(
                db.select(Plan)
                .options(
                    joinedload(Plan.unit),
                    joinedload(Plan.assignment).joinedload(Assignment.document),
                )
                .filter(Plan.id.in_(visible[:WAITING_SHOWN]))
                .order_by(Plan.submitted_at, Plan.id)
            )
        )
        rows = db.session.execute(db.select(Plan.state, db.func.count()).group_by(Plan.state)).all()
        counts = {state: n for state, n in rows}
    recent_documents = list(
        db.session.scalars(
            db.select(Document)
            .filter(Document.published.is_(True))
            .order_by(Document.issued_on.desc())
            .limit(8)
        )
    )
    mine = [a for a in assignments if unit_principal(a.unit_id) in principals]
    return render_template(
        "dashboard/home.html",
        assignments=mine,
        unread=unread_count(db.session, my_units),
        waiting=waiting,
        waiting_total=waiting_total,
        counts=counts,
        states=PLAN_WORKFLOW.states,
        is_reviewer=is_reviewer,
        recent_documents=recent_documents,
        today=today(),
    )
