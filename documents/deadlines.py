"""Moving an assignment's deadline, and telling the unit (kept as a notification)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from documents.followup import MESSAGE_MAX, FollowUpError, can_follow_up, subject_name
from documents.i18n import N_, Message, message
from documents.models import Assignment, User
from documents.notifications import Notification, notify_unit
from documents.rendering import normalise_text


def move_deadline(
    session: Session, assignment: Assignment, due_on: date, *, actor: User, reason: str = ""
) -> Notification:
    """Set a new deadline and notify the unit with the old and the new date (flushes).

    Only the commission's reviewers move deadlines; the same date is refused, so the unit
    is never told of a move that did not happen.
    """
    if not can_follow_up(actor):
        raise FollowUpError(N_("Chỉ chuyên viên Ban Dân vận được đổi hạn."))
    if due_on == assignment.due_on:
        raise FollowUpError(N_("Hạn mới trùng với hạn hiện tại; không có gì thay đổi."))
    typed = normalise_text(reason or "").strip()
    if len(typed) > MESSAGE_MAX:
        raise FollowUpError(N_("Lý do dài quá %(max)s ký tự."), max=MESSAGE_MAX)
    old = assignment.due_on
    assignment.due_on = due_on
    session.flush()
    before: Message | str = message(N_("từ %(date)s "), date=old) if old is not None else ""
    body = message(
        N_("Ban Dân vận đổi hạn %(deliverable)s văn bản %(doc)s %(before)ssang %(date)s."),
        deliverable=Message(assignment.deliverable, lower=True),
        doc=assignment.document.symbol or assignment.document.title,
        before=before,
        date=due_on,
    )
    return notify_unit(
        session,
        assignment.unit_id,
        "deadline",
        message(
            N_("Đổi hạn %(doc)s: %(deliverable)s, hạn mới %(date)s"),
            doc=subject_name(assignment.document),
            deliverable=Message(assignment.deliverable, lower=True),
            date=due_on,
        ),
        message(N_("%(change)s Lý do: %(reason)s"), change=body, reason=typed) if typed else body,
        assignment_id=assignment.id,
    )
