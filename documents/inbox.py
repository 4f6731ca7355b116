"""The inbox: what a unit's members and a user are told (``documents.notifications``),
counted, read a page at a time newest first, and marked read.

A unit's notifications are seen by every member; a user's own by that user only. The
page is read from the indexes ``(unit_id, created_at, id)`` and ``(user_id, created_at,
id)`` of ``notification``, so a page costs the same whatever the inbox holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import Integer, Nullable, Select, bindparam, func, or_, select, union, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from documents.db import DbSession, rows_matched
from documents.models import Assignment, Plan, User, utcnow
from documents.notifications import Notification


def _addressed_to(unit_ids: Iterable[int], user_id: int | None) -> ColumnElement[bool]:
    to_units = Notification.unit_id.in_(list(unit_ids))
    return to_units if user_id is None else or_(to_units, Notification.user_id == user_id)


# The inbox's order: newest first, the later written first among those of the same time.
NEWEST_FIRST = (Notification.created_at.desc(), Notification.id.desc())


def inbox(
    session: DbSession, unit_ids: Iterable[int], limit: int = 200, *, user_id: int | None = None
) -> list[Notification]:
    """The units' notifications and the user's own, newest first."""
    return list(
        session.scalars(
            select(Notification)
            .options(  # the assignment's plan and the reader, in three queries whatever the count
                selectinload(Notification.assignment).selectinload(Assignment.plan),
                selectinload(Notification.read_by),
            )
            .filter(_addressed_to(unit_ids, user_id))
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )
    )


InboxRow = Row[int, str, str, str, datetime, datetime | None, str | None, int | None, int | None]


def inbox_count(session: DbSession, unit_ids: Iterable[int], *, user_id: int | None = None) -> int:
    """How many notifications the units have, and the user of their own."""
    statement = _inbox_statements(user_id is not None)[0]
    return session.scalar(statement, _inbox_values(unit_ids, user_id)) or 0


def inbox_page(
    session: DbSession,
    unit_ids: Iterable[int],
    *,
    user_id: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Sequence[InboxRow]:
    """``limit`` of the units' notifications and the user's own from ``offset``, newest
    first, as rows of what the inbox page shows: ``id, kind, subject, body, created_at,
    read_at``, the reader's name ``read_by``, ``assignment_id`` and its plan's ``plan_id``.
    One statement whatever the count (``_inbox_statements``)."""
    values = _inbox_values(unit_ids, user_id) | {
        "enough": offset + limit,
        "limit": limit,
        "offset": offset,
    }
    return session.execute(_inbox_statements(user_id is not None)[1], values).all()


def _inbox_values(unit_ids: Iterable[int], user_id: int | None) -> dict[str, object]:
    return {"unit_ids": list(unit_ids), "user_id": user_id}


@cache
def _inbox_statements(
    own: bool,
) -> tuple[
    Select[int],
    Select[int, str, str, str, datetime, datetime | None, str | None, int | None, int | None],
]:
    """The inbox's count and page, for the units (and with ``own`` the user's own too),
    built once: building them took longer than running them. Their values are bound
    by name (``_inbox_values``, and ``enough``, ``limit``, ``offset`` for the page).

    The page: the newest ``enough`` (offset + limit) of the units' and of the user's own
    are read in order from their indexes and merged, and only the page's rows are read
    whole and joined to their reader and plan (sorting every notification of a unit with
    its text took most of the inbox's SQL time).
    """
    to_units = Notification.unit_id.in_(bindparam("unit_ids", expanding=True))
    to_user = Notification.user_id == bindparam("user_id")
    count = (
        select(func.count())
        .select_from(Notification)
        .filter(or_(to_units, to_user) if own else to_units)
    )

    def newest(addressed: ColumnElement[bool]) -> Select[int, datetime]:
        first = (
            select(Notification.id, Notification.created_at)
            .filter(addressed)
            .order_by(*NEWEST_FIRST)
            .limit(bindparam("enough", type_=Integer))
            .subquery()
        )
        return select(first.c.id, first.c.created_at)

    both = (union(newest(to_units), newest(to_user)) if own else newest(to_units)).subquery()
    page = (
        select(both.c.id)
        .order_by(both.c.created_at.desc(), both.c.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
    )
    reader = aliased(User)
    rows = (
        select(
            Notification.id,
            Notification.kind,
            Notification.subject,
            Notification.body,
            Notification.created_at,
            Notification.read_at,
            Nullable(reader.full_name.label("read_by")),  # None: nobody read it yet
            Notification.assignment_id,
            Nullable(Plan.id.label("plan_id")),  # None: no assignment, or no plan yet
        )
        .join(page, page.c.id == Notification.id)
        .outerjoin(reader, reader.id == Notification.read_by_id)
        .outerjoin(Plan, Plan.assignment_id == Notification.assignment_id)  # one plan at most
        .order_by(*NEWEST_FIRST)
    )
    return count, rows


def unread_count(session: DbSession, unit_ids: Iterable[int], *, user_id: int | None = None) -> int:
    """How many of the units' (and the user's) notifications nobody has marked read.

    One statement of two counts, each read from its index alone (unit or user, then
    read_at): the OR of both made the database read the whole table on every page."""
    units = list(unit_ids)
    unread = Notification.read_at.is_(None)
    to_units = select(func.count()).filter(Notification.unit_id.in_(units), unread)
    if user_id is None:
        return session.scalar(to_units) or 0
    to_user = select(func.count()).filter(
        Notification.user_id == user_id,
        unread,
        or_(Notification.unit_id.is_(None), Notification.unit_id.not_in(units)),
    )
    return session.scalar(select(to_units.scalar_subquery() + to_user.scalar_subquery())) or 0


def mark_all_read(
    session: DbSession, unit_ids: Iterable[int], reader: User, *, user_id: int | None = None
) -> int:
    """Mark every unread notification of the units (and the user's own) read by
    ``reader``, however many pages they fill; returns how many changed."""
    return rows_matched(
        session.execute(
            update(Notification)
            .where(_addressed_to(unit_ids, user_id), Notification.read_at.is_(None))
            .values(read_at=utcnow(), read_by_id=reader.id)
        )
    )


def mark_read(session: DbSession, notifications: Iterable[Notification], reader: User) -> int:
    """Mark unread notifications read by ``reader``; returns how many changed."""
    changed = 0
    now = utcnow()
    for notification in notifications:
        if notification.read_at is None:
            notification.read_at = now
            notification.read_by_id = reader.id
            changed += 1
    session.flush()
    return changed
