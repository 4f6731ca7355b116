"""Deadlines: moving an assignment's deadline (the unit is told), withdrawing an
assignment, and the deadline calendar: assignment deadlines, review events and inspection
tasks as dated entries, for a unit or for the whole follow-up (the commission).

Each entry has a UID that never changes, a SEQUENCE that grows whenever the entry
changes and the time of that change, so that a calendar program that subscribed updates
its copy when a deadline moves (RFC 5545, 3.8.7.4); a withdrawn assignment stays in the
feed, cancelled, so that programs remove it instead of keeping a stale deadline.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from documents.db import DbSession
from documents.followup.assignments import MESSAGE_MAX, FollowUpError, can_follow_up, subject_name
from documents.followup.inspections import (
    REVIEW_KINDS,
    REVIEW_LEVELS,
    Inspection,
    InspectionTask,
    ReviewEvent,
)
from documents.i18n import N_, Explained, Message, message
from documents.models import Assignment, User, utcnow
from documents.notifications import Notification, notify_unit
from documents.rendering import normalise_text

UID_DOMAIN = "directive-portal"
# Inspection tasks carry no version: their SEQUENCE counts minutes from this moment to the
# last change, which grows with every change as RFC 5545 asks.
SEQUENCE_EPOCH = datetime(2019, 1, 1)
ENTRY_KINDS: dict[str, str] = {
    "assignment": N_("Hạn nộp kế hoạch"),
    "review": N_("Sơ kết, tổng kết"),
    "inspection_task": N_("Việc sau kiểm tra"),
}


class DeadlineError(Explained, ValueError):
    """A calendar action refused."""


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    kind: str
    day: date
    summary: Message
    unit_id: int | None
    sequence: int
    last_modified: datetime
    cancelled: bool = False
    link: tuple[str, int] | None = None  # ("document", id): the page that explains it
    assignment_id: int | None = None  # the assignment a deadline entry is of


def withdraw_assignment(
    session: DbSession, assignment: Assignment, now: datetime | None = None
) -> None:
    """Withdraw ``assignment`` (flush only); its calendar entry becomes cancelled."""
    if assignment.withdrawn_at is not None:
        raise DeadlineError(N_("Nhiệm vụ này đã được thu hồi trước đó."))
    assignment.withdrawn_at = now or utcnow()
    session.flush()


def _assignment_entry(a: Assignment) -> CalendarEntry | None:
    if a.due_on is None:
        return None
    symbol = a.document.symbol or a.document.title
    return CalendarEntry(
        uid=f"assignment-{a.id}@{UID_DOMAIN}",
        kind="assignment",
        day=a.due_on,
        summary=message(
            N_("Hạn %(deliverable)s: %(symbol)s — %(unit)s"),
            deliverable=a.deliverable,
            symbol=symbol,
            unit=a.unit.name,
        ),
        unit_id=a.unit_id,
        sequence=max(0, (a.version or 1) - 1),
        last_modified=a.updated_at or a.created_at,
        cancelled=a.withdrawn_at is not None,
        link=("document", a.document_id),
        assignment_id=a.id,
    )


def _review_entry(event: ReviewEvent, unit_id: int | None) -> CalendarEntry:
    kind = message(REVIEW_KINDS.get(event.kind, event.kind))
    level = message(REVIEW_LEVELS.get(event.level, event.level))
    return CalendarEntry(
        uid=f"review-{event.id}@{UID_DOMAIN}",
        kind="review",
        day=event.due_on,
        summary=message(
            N_("%(kind)s %(level)s: %(symbol)s"),
            kind=kind,
            level=level,
            symbol=event.document.symbol or event.title,
        ),
        unit_id=unit_id,
        sequence=0,  # a review event is never edited, only made
        last_modified=event.created_at,
        link=("document", event.document_id),
    )


def _task_entry(task: InspectionTask) -> CalendarEntry | None:
    if task.due_on is None:
        return None
    changed = task.updated_at or SEQUENCE_EPOCH
    inspection = task.inspection
    return CalendarEntry(
        uid=f"inspection-task-{task.id}@{UID_DOMAIN}",
        kind="inspection_task",
        day=task.due_on,
        summary=message(
            N_("Việc sau kiểm tra — %(unit)s: %(task)s"),
            unit=inspection.unit.name,
            task=task.description[:200],
        ),
        unit_id=inspection.unit_id,
        sequence=max(0, int((changed - SEQUENCE_EPOCH).total_seconds() // 60)),
        last_modified=changed,
        link=("document", inspection.document_id),
    )


def _entries(
    assignments: Iterable[Assignment],
    events: Iterable[tuple[ReviewEvent, int | None]],
    tasks: Iterable[InspectionTask],
) -> list[CalendarEntry]:
    found = [e for a in assignments if (e := _assignment_entry(a)) is not None]
    found += [_review_entry(event, unit_id) for event, unit_id in events]
    found += [e for t in tasks if (e := _task_entry(t)) is not None]
    return sorted(found, key=lambda e: (e.day, e.uid))


def unit_entries(session: DbSession, unit_id: int) -> list[CalendarEntry]:
    """A unit's calendar: its assignments, the review events of the documents assigned
    to it, the tasks its inspections left it."""
    assignments = list(session.scalars(select(Assignment).where(Assignment.unit_id == unit_id)))
    documents = {a.document_id for a in assignments if a.withdrawn_at is None}
    events = session.scalars(select(ReviewEvent).where(ReviewEvent.document_id.in_(documents)))
    tasks = session.scalars(
        select(InspectionTask).join(Inspection).where(Inspection.unit_id == unit_id)
    )
    return _entries(assignments, [(e, unit_id) for e in events], tasks)


def commission_entries(session: DbSession) -> list[CalendarEntry]:
    """The whole follow-up: every unit's deadlines, every review event and task."""
    return _entries(
        session.scalars(select(Assignment)),
        [(e, None) for e in session.scalars(select(ReviewEvent))],
        session.scalars(select(InspectionTask)),
    )


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """The weeks of a month, Monday first; days of other months are None."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[d if d.month == month else None for d in week] for week in weeks]


def move_deadline(
    session: DbSession, assignment: Assignment, due_on: date, *, actor: User, reason: str = ""
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
