"""Reorganisations of units: preview what an event moves, then apply it once.

An event ends its predecessor units on the effective date and begins (or names) its
successors; the open work of each predecessor passes to a successor and every move is
recorded (``UnitMove``). Open work is an assignment whose plan is missing or in one of the
``open_states`` the caller names (drafted, submitted), with its plan and its urgings; an
inspection follow-up task not done; the user roles and accounts of the unit. Closed work
(reviewed or reported plans, past reports) stays with the unit that did it.

Roles and accounts of a split unit go to the first successor named; its assignments and
inspection tasks go by the shares (``documents.unit_events``). Operations flush; the caller
commits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from sqlalchemy import or_, select

from documents.db import DbSession
from documents.followup.assignments import Urging
from documents.followup.inspections import Inspection, InspectionTask
from documents.i18n import N_
from documents.models import Assignment, Document, OrgUnit, Plan, User, UserRole, enqueue_index
from documents.symbols import symbol_key
from documents.unit_events import (
    EventInput,
    NewUnit,
    PlannedMove,
    Preview,
    Target,
    check_no_cycle,
    check_shape,
    check_source,
    check_target,
    find_basis,
    refusal,
    unit_by_code,
)
from documents.unit_history import UnitEvent, UnitEventLink, UnitMove


def open_assignments(
    session: DbSession, unit_id: int, open_states: Collection[str]
) -> list[Assignment]:
    """The assignments ``unit_id`` carries whose work is not closed."""
    return list(
        session.scalars(
            select(Assignment)
            .outerjoin(Plan, Plan.assignment_id == Assignment.id)
            .where(
                Assignment.unit_id == unit_id,
                or_(Plan.id.is_(None), Plan.state.in_(list(open_states))),
            )
            .order_by(Assignment.id)
        )
    )


def open_tasks(session: DbSession, unit_id: int) -> list[InspectionTask]:
    """Inspection follow-up tasks not done that ``unit_id`` must put right."""
    return list(
        session.scalars(
            select(InspectionTask)
            .join(Inspection, InspectionTask.inspection_id == Inspection.id)
            .where(
                InspectionTask.status != "done",
                or_(
                    InspectionTask.unit_id == unit_id,
                    (InspectionTask.unit_id.is_(None)) & (Inspection.unit_id == unit_id),
                ),
            )
            .order_by(InspectionTask.id)
        )
    )


def _share_documents(session: DbSession, share: tuple[str, ...]) -> set[int]:
    ids: set[int] = set()
    for item in share:
        if item.startswith("#") and item[1:].isdigit():
            ids.add(int(item[1:]))
        elif key := symbol_key(item):
            ids.update(session.scalars(select(Document.id).filter_by(symbol_key=key)))
    return ids


def _chooser(session: DbSession, data: EventInput, source: OrgUnit) -> Callable[[int], str | None]:
    """A function: document id → the code of the successor that takes its work."""
    if data.kind != "split":
        only = data.targets[0].code if data.targets else None
        return lambda _document_id: only
    shares = [(t.code, _share_documents(session, t.share)) for t in data.targets]

    def choose(document_id: int) -> str | None:
        takers = [code for code, documents in shares if document_id in documents]
        if len(takers) > 1:
            raise refusal(
                N_("Việc một văn bản được chia cho nhiều đơn vị (%(units)s); chỉ giao một đơn vị."),
                units=", ".join(takers),
            )
        return takers[0] if takers else None

    return choose


def _label(document: Document) -> str:
    return document.symbol or document.title[:60]


def _plan_moves(
    session: DbSession, data: EventInput, source: OrgUnit, open_states: Collection[str]
) -> list[PlannedMove]:
    choose = _chooser(session, data, source)
    primary = data.targets[0].code if data.targets else None
    moves: list[PlannedMove] = []
    uncovered: list[str] = []
    for assignment in open_assignments(session, source.id, open_states):
        target = choose(assignment.document_id)
        if target is None:
            uncovered.append(_label(assignment.document))
            continue
        what = f"{_label(assignment.document)} — {assignment.deliverable}"
        moves.append(PlannedMove("assignment", assignment.id, what, source, target))
        if assignment.plan is not None:
            moves.append(
                PlannedMove("plan", assignment.plan.id, assignment.plan.title, source, target)
            )
        for urging in session.scalars(select(Urging).filter_by(assignment_id=assignment.id)):
            moves.append(
                PlannedMove("urging", urging.id, f"{what} ({urging.urged_on})", source, target)
            )
    for task in open_tasks(session, source.id):
        target = choose(task.inspection.document_id) or primary
        if target is None:
            uncovered.append(task.description[:60])
            continue
        moves.append(PlannedMove("inspection_task", task.id, task.description[:80], source, target))
    if uncovered:
        if data.kind == "split":
            raise refusal(
                N_("Phần chia chưa bao gồm việc đang mở của “%(unit)s”: %(items)s."),
                unit=source.name,
                items="; ".join(sorted(set(uncovered))),
            )
        raise refusal(
            N_("“%(unit)s” còn việc đang mở (%(items)s); hãy chỉ định đơn vị tiếp nhận."),
            unit=source.name,
            items="; ".join(sorted(set(uncovered))),
        )
    if primary is not None:
        for role in session.scalars(
            select(UserRole).filter_by(unit_id=source.id).order_by(UserRole.id)
        ):
            user = session.get(User, role.user_id)
            who = user.username if user else str(role.user_id)
            moves.append(PlannedMove("user_role", role.id, f"{who}: {role.role}", source, primary))
        for user in session.scalars(select(User).filter_by(unit_id=source.id).order_by(User.id)):
            moves.append(PlannedMove("user", user.id, user.username, source, primary))
    return moves


def preview(
    session: DbSession, data: EventInput, *, today: date, open_states: Collection[str]
) -> Preview:
    """Check the event and list what it would move; changes nothing."""
    check_shape(data, today)
    basis = find_basis(session, data.basis)
    done = session.scalar(select(UnitEvent).filter_by(key=data.event_key))
    if done is not None:
        raise refusal(
            N_("Sự kiện này đã được áp dụng (hiệu lực %(date)s); không áp dụng lần nữa."),
            date=done.effective_on,
        )
    sources = [check_source(session, code, data.effective_on) for code in data.sources]
    targets = [(t, check_target(session, t, data.effective_on)) for t in data.targets]
    check_no_cycle(session, sources, [u for _t, u in targets if u is not None])
    result = Preview(data, basis, sources, targets)
    for source in sources:
        result.moves.extend(_plan_moves(session, data, source, open_states))
    return result


def _begin(session: DbSession, target: Target, data: EventInput, model: OrgUnit | None) -> OrgUnit:
    new = target.new or NewUnit(target.code)
    parent = unit_by_code(session, new.parent_code) if new.parent_code else None
    unit = OrgUnit(
        code=target.code,
        name=new.name.strip(),
        short_name=(new.short_name or new.name).strip()[:80],
        kind=new.kind or (model.kind if model else ""),
        level=new.level or (model.level if model else ""),
        parent=parent if parent is not None else (model.parent if model else None),
        valid_from=data.effective_on,
        assigned_by_default=model.assigned_by_default if model else False,
    )
    session.add(unit)
    return unit


def _move(session: DbSession, move: PlannedMove, to: OrgUnit) -> None:
    if move.object_kind == "assignment":
        session.get_one(Assignment, move.object_id).unit_id = to.id
    elif move.object_kind == "plan":
        session.get_one(Plan, move.object_id).unit_id = to.id
        enqueue_index(session, "plan", move.object_id)
    elif move.object_kind == "inspection_task":
        session.get_one(InspectionTask, move.object_id).unit_id = to.id
    elif move.object_kind == "user_role":
        role = session.get_one(UserRole, move.object_id)
        held = select(UserRole.id).filter_by(user_id=role.user_id, unit_id=to.id, role=role.role)
        if session.scalar(held) is not None:
            session.delete(role)  # already held in the successor; the move keeps the record
        else:
            role.unit_id = to.id
    elif move.object_kind == "user":
        session.get_one(User, move.object_id).unit_id = to.id
    # An urging follows its assignment: only the move is recorded.


def apply(
    session: DbSession,
    data: EventInput,
    *,
    actor: User | None,
    today: date,
    open_states: Collection[str],
) -> UnitEvent:
    """Check the event, then end and begin its units and move the open work; once only."""
    planned = preview(session, data, today=today, open_states=open_states)
    model = planned.sources[0] if planned.sources else None
    units: dict[str, OrgUnit] = {}
    for target, unit in planned.targets:
        units[target.code] = unit if unit is not None else _begin(session, target, data, model)
    event = UnitEvent(
        key=data.event_key,
        kind=data.kind,
        effective_on=data.effective_on,
        basis=planned.basis,
        note=data.note.strip(),
        applied_by=actor,
    )
    session.add(event)
    session.flush()
    for source in planned.sources:
        session.add(UnitEventLink(event_id=event.id, unit_id=source.id, role="from"))
    for target, unit in planned.targets:
        session.add(
            UnitEventLink(
                event_id=event.id,
                unit_id=units[target.code].id,
                role="to",
                share=", ".join(target.share),
                created=unit is None,
            )
        )
    primary = units[data.targets[0].code] if data.targets else None
    for source in planned.sources:
        source.valid_to = data.effective_on
        source.successor = primary
    for move in planned.moves:
        to = units[move.target_code]
        session.add(
            UnitMove(
                event_id=event.id,
                object_kind=move.object_kind,
                object_id=move.object_id,
                from_unit_id=move.source.id,
                to_unit_id=to.id,
            )
        )
        _move(session, move, to)
    issued = select(Document.id).where(Document.issuer_id.in_([s.id for s in planned.sources]))
    for document_id in session.scalars(issued):
        enqueue_index(session, "document", document_id)  # the issuer's name today changed
    session.flush()
    return event
