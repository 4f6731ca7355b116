"""A unit's lineage read from its history: the events that began and ended it, the units
it came from and passed into, who carries its work today, and the unit that carried an
assignment on a given date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from documents.db import DbSession
from documents.models import Document, OrgUnit
from documents.unit_history import UnitEvent, UnitEventLink, UnitMove


@dataclass
class LineageEntry:
    """One event in a unit's life: what it was, on what basis, from whom, into whom."""

    event: UnitEvent
    before: list[OrgUnit]
    after: list[OrgUnit]
    ended_here: bool  # the event ended this unit (else it began it or gave it work)


def lineage(session: DbSession, unit: OrgUnit) -> list[LineageEntry]:
    """The events that touched ``unit``, oldest first."""
    events = session.scalars(
        select(UnitEvent)
        .where(UnitEvent.id.in_(select(UnitEventLink.event_id).filter_by(unit_id=unit.id)))
        .order_by(UnitEvent.effective_on, UnitEvent.id)
    )
    entries = []
    for event in events:
        before = [link.unit for link in event.links if link.role == "from"]
        after = [link.unit for link in event.links if link.role == "to"]
        entries.append(LineageEntry(event, before, after, unit in before))
    return entries


class Carried(Protocol):
    """An assignment, or the columns of one that say which unit carries it now."""

    @property
    def id(self) -> int: ...

    @property
    def unit_id(self) -> int: ...


def successors_on(session: DbSession, unit: OrgUnit, day: date) -> list[OrgUnit]:
    """The units valid on ``day`` that ``unit``'s name and work passed into (itself when it
    is valid then); empty when it was dissolved without an heir."""
    found: list[OrgUnit] = []
    seen: set[int] = set()
    todo = [unit]
    while todo:
        current = todo.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        if current.is_valid_on(day) or current.valid_to is None:
            found.append(current)
            continue
        # the units its events passed into, read with the links (one statement a step)
        nexts = list(
            session.scalars(
                select(OrgUnit)
                .join(UnitEventLink, UnitEventLink.unit_id == OrgUnit.id)
                .where(
                    UnitEventLink.role == "to",
                    UnitEventLink.event_id.in_(
                        select(UnitEventLink.event_id).filter_by(unit_id=current.id, role="from")
                    ),
                )
                .order_by(UnitEventLink.event_id, UnitEventLink.unit_id)
            )
        )
        if not nexts and current.successor is not None:
            nexts = [current.successor]
        todo.extend(nexts)
    return found


def issuer_today(session: DbSession, document: Document, today: date) -> str | None:
    """The name of the issuer's successor today, when the issuer no longer exists
    ("Tỉnh ủy Kiên Giang — nay là Tỉnh ủy An Giang"); None while it still exists."""
    issuer = document.issuer
    if issuer is None or issuer.valid_to is None or issuer.valid_to > today:
        return None
    names = [u.name for u in successors_on(session, issuer, today) if u.id != issuer.id]
    return ", ".join(names) or None


def units_on(session: DbSession, assignments: Iterable[Carried], day: date) -> dict[int, int]:
    """Assignment id → the id of the unit that carried it on ``day``: the unit it left by
    the first move of a later date, else the unit carrying it now."""
    rows = list(assignments)
    carried = {a.id: a.unit_id for a in rows}
    moves = session.execute(
        select(UnitMove.object_id, UnitMove.from_unit_id)
        .join(UnitEvent, UnitMove.event_id == UnitEvent.id)
        .where(
            UnitMove.object_kind == "assignment",
            UnitMove.object_id.in_(list(carried)),
            UnitEvent.effective_on > day,
        )
        .order_by(UnitEvent.effective_on.desc(), UnitMove.id.desc())
    )
    for assignment_id, from_unit_id in moves:
        carried[assignment_id] = from_unit_id  # the earliest later move is applied last
    return carried


def names_in_line(unit: OrgUnit | None) -> list[str]:
    """The names of ``unit`` and of the units its name passed into (``successor``), in
    order; read from loaded rows, no query of its own beyond lazy loads."""
    names: list[str] = []
    seen: set[int] = set()
    while unit is not None and unit.id not in seen:
        seen.add(unit.id)
        if unit.name not in names:
            names.append(unit.name)
        unit = unit.successor
    return names


def moves_of(session: DbSession, object_kind: str, object_id: int) -> list[UnitMove]:
    """The history of one object's moves between units, oldest first, with each move's
    event (and who applied it) and both units: one statement for any number of moves."""
    return list(
        session.scalars(
            select(UnitMove)
            .join(UnitEvent, UnitMove.event_id == UnitEvent.id)
            .options(
                contains_eager(UnitMove.event).joinedload(UnitEvent.applied_by),
                joinedload(UnitMove.from_unit),
                joinedload(UnitMove.to_unit),
            )
            .filter(UnitMove.object_kind == object_kind, UnitMove.object_id == object_id)
            .order_by(UnitEvent.effective_on, UnitMove.id)
        )
    )
