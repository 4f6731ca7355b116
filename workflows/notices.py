"""Tell the people a fired transition concerns, as the workflow table says.

Each transition names who is told (``Transition.notify_to``), the notification kind and
the subject; this module only resolves those audiences to units and writes the
notifications (``documents.notifications.notify``) in the transition's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from documents.db import DbSession
from documents.i18n import N_, Message, message
from documents.models import Assignment, Document, OrgUnit, Plan, UserRole
from documents.notifications import Notification, notify
from workflows.definitions import Transition
from workflows.models import WorkflowEvent


def commission_units(session: DbSession) -> list[int]:
    """The units whose members review for the commission (they hold the reviewer role
    in a commission unit)."""
    return sorted(
        set(
            session.scalars(
                select(UserRole.unit_id)
                .join(OrgUnit, OrgUnit.id == UserRole.unit_id)
                .filter(UserRole.role == "reviewer", OrgUnit.kind == "commission")
            )
        )
    )


def _audience(session: DbSession, row: Any, audience: str) -> list[int]:
    if audience == "unit":
        return [row.unit_id]
    if audience == "commission":
        return commission_units(session)
    if audience == "assigned_units" and isinstance(row, Document):
        return sorted(
            set(session.scalars(select(Assignment.unit_id).filter_by(document_id=row.id)))
        )
    raise ValueError(f"unknown audience {audience!r}")


def _body(row: Any, event: WorkflowEvent, transition: Transition) -> str | Message:
    if isinstance(row, Plan):
        if event.comment:
            return message(
                N_("Ý kiến của %(actor)s: %(comment)s"),
                actor=event.actor.full_name,
                comment=event.comment,
            )
        return message(
            N_("“%(title)s” của %(unit)s: %(action)s."),
            title=row.title,
            unit=row.unit.name,
            action=Message(transition.title),
        )
    return message(
        N_("Văn bản %(symbol)s — %(title)s đã được công bố; đơn vị được giao thực hiện."),
        symbol=row.symbol or "",
        title=row.title,
    )


def announce(
    session: DbSession, row: Any, event: WorkflowEvent, transition: Transition
) -> list[Notification]:
    """The notifications of one fired transition (flushes; the caller commits)."""
    if not transition.notify_to:
        return []
    unit = row.unit.name if isinstance(row, Plan) else ""
    subject = message(transition.notice, unit=unit, title=row.title)
    body = _body(row, event, transition)
    is_plan = isinstance(row, Plan)
    notes = []
    seen: set[int] = set()
    for audience in transition.notify_to:
        for unit_id in _audience(session, row, audience):
            if unit_id in seen:
                continue
            seen.add(unit_id)
            notes.append(
                notify(
                    session,
                    transition.notify_kind,
                    subject,
                    body,
                    unit_id=unit_id,
                    plan_id=row.id if is_plan else None,
                    assignment_id=row.assignment_id if is_plan else None,
                    now=event.created_at,
                )
            )
    return notes
