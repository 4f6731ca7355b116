"""The home page: what is assigned to my unit, and what waits for me (the worklists)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from documents.db import db
from documents.inbox import unread_count
from documents.models import DOCUMENT_TEXTS, Assignment, Document, Plan, texts_left_out
from documents.permissions import principals_of, unit_principal
from portal.page_cache import cached_page
from portal.templating import my_worklist_counts, today
from workflows.definitions import COMMISSION_REVIEWER, PLAN_WORKFLOW
from workflows.security import can
from workflows.worklists import worklists_for

bp = Blueprint("dashboard", __name__)

# The oldest plans each worklist shows on the home page; the plans list shows them all. A
# province after the 2025 reorganisation has hundreds waiting at once, and the home page is
# the most visited page.
WAITING_SHOWN = 20


@bp.get("/")
@login_required
@cached_page
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
    counts: dict[str, int] = {}
    if is_reviewer:
        rows = db.session.execute(db.select(Plan.state, db.func.count()).group_by(Plan.state)).all()
        counts = {state: n for state, n in rows}
    recent_documents = list(
        db.session.scalars(
            db.select(Document)
            .options(*texts_left_out(DOCUMENT_TEXTS))
            .filter(Document.published.is_(True))
            .order_by(Document.issued_on.desc())
            .limit(8)
        )
    )
    mine = [a for a in assignments if unit_principal(a.unit_id) in principals]
    waiting = my_worklist_counts()  # the lists show their oldest plans, the counts all
    return render_template(
        "dashboard/home.html",
        assignments=mine,
        unread=unread_count(db.session, my_units, user_id=current_user.id),
        worklists=[
            (w, [p for p in plans if can(current_user, p, "view")], waiting[w.name])
            for w, plans in worklists_for(
                db.session, current_user, limit=WAITING_SHOWN, counts=waiting
            )
        ],
        counts=counts,
        states=PLAN_WORKFLOW.states,
        is_reviewer=is_reviewer,
        waiting_shown=WAITING_SHOWN,
        recent_documents=recent_documents,
        today=today(),
    )
