"""What the follow-up views share: the clock and settings of the request, permission
gates."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_login import current_user

from documents.coverage import Coverage, DeadlineStatus, assignment_status, coverage_matrix
from documents.db import db
from documents.followup import can_follow_up, can_read_follow_up
from documents.models import Assignment, Document
from portal.assignments.reporting import OPEN_STATES
from portal.templating import today
from workflows.worklists import is_returned


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def near_days() -> int:
    return int(current_app.config.get("NEAR_DUE_DAYS", 7))


def deadline_status(assignment: Assignment) -> DeadlineStatus:
    """Where ``assignment`` stands against its deadline today: one rule for every page."""
    return assignment_status(
        assignment, today=today(), zone=zone(), open_states=OPEN_STATES, near_days=near_days()
    )


def matrix_for(document: Document, deliverable: str | None = None) -> Coverage:
    """The coverage matrix of ``document`` at the portal's clock and settings."""
    return coverage_matrix(
        db.session,
        document,
        today=today(),
        zone=zone(),
        open_states=OPEN_STATES,
        near_days=near_days(),
        deliverable=deliverable,
        returned=is_returned,
    )


def require_follow_up() -> None:
    """403 unless the user is a reviewer of the commission."""
    if not can_follow_up(current_user):
        abort(403)


def require_read() -> None:
    if not can_read_follow_up(current_user):
        abort(403)


def document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        abort(404)
    return document


def current_year() -> int:
    return today().year
