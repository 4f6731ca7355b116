"""What the follow-up views share: the clock and settings of the request, permission
gates."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_login import current_user

from documents.db import db
from documents.followup.assignments import can_follow_up, can_read_follow_up
from documents.followup.coverage import Coverage, DeadlineStatus, assignment_status, coverage_matrix
from documents.models import Assignment, Document
from portal.followup.reporting import OPEN_STATES, day_as_of
from portal.saving import record_or_404
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


def matrix_for(
    document: Document, deliverable: str | None = None, as_of: date | None = None
) -> Coverage:
    """The coverage matrix of ``document`` at the portal's clock and settings; with
    ``as_of``, as it stood at the end of that day: the units that carried the work then,
    the plans' states then, the urgings until then (deadlines judged on that day, or today
    when it is later)."""
    day, situation = today(), None
    if as_of is not None:
        day = min(as_of, day)
        situation = day_as_of(db.session, document, as_of, zone=zone())
    return coverage_matrix(
        db.session,
        document,
        today=day,
        zone=zone(),
        open_states=OPEN_STATES,
        near_days=near_days(),
        deliverable=deliverable,
        as_of=situation,
        returned=is_returned,
    )


def as_of_arg(value: str | None) -> tuple[date | None, bool]:
    """The ``as_of`` date of a query string (YYYY-MM-DD) and whether it was readable."""
    if not value:
        return None, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return None, False


def require_follow_up() -> None:
    """403 unless the user is a reviewer of the commission."""
    if not can_follow_up(current_user):
        abort(403)


def require_read() -> None:
    if not can_read_follow_up(current_user):
        abort(403)


def document_or_404(document_id: int) -> Document:
    """The document whose follow-up the page shows: 404 when it is missing, when the id
    is no INTEGER at all, or when the user may not read it."""
    return record_or_404(Document, document_id)


def current_year() -> int:
    return today().year
