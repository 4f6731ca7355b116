"""What the follow-up views share: the clock and settings of the request, permission
gates, and the notifications sent after the commit."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_login import current_user

from documents.coverage import Coverage, DeadlineStatus, assignment_status, coverage_matrix
from documents.db import db
from documents.followup import can_follow_up, can_read_follow_up
from documents.models import Assignment, Document
from documents.notifications import MailSettings, Notification, deliver
from portal.assignments.reporting import OPEN_STATES, day_as_of
from portal.templating import today

log = logging.getLogger("portal.notifications")


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
    )


def as_of_arg(value: str | None) -> tuple[date | None, bool]:
    """The ``as_of`` date of a query string (YYYY-MM-DD) and whether it was readable."""
    if not value:
        return None, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return None, False


def mail_settings(config: Mapping[str, Any]) -> MailSettings:
    """SMTP settings from the app config (``MAIL_SERVER`` unset: messages are logged)."""
    return MailSettings(
        server=config.get("MAIL_SERVER") or None,
        port=int(config.get("MAIL_PORT") or 25),
        sender=config.get("MAIL_DEFAULT_SENDER") or "cong-van-ban@localhost",
        use_tls=bool(config.get("MAIL_USE_TLS")),
        username=config.get("MAIL_USERNAME") or None,
        password=config.get("MAIL_PASSWORD") or None,
    )


def send_mail(notifications: Sequence[Notification]) -> None:
    """E-mail notifications the request has committed; never fails the request."""
    deliver(db.session, notifications, mail_settings(current_app.config), log)


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
