"""Demo follow-up of Directive 11-CT/TU (the ``[followup]`` part of ``data/2019.toml``): key
figures and their values on the reported plan, an urging, an inspection with follow-up tasks,
the review events and a review report.

Idempotent: each piece is added only when it is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from documents.db import DbSession, db
from documents.followup.assignments import Urging, urge
from documents.followup.figures import define_figure, figures_of, record_values, values_for
from documents.followup.inspections import (
    Inspection,
    InspectionInput,
    ReviewEvent,
    ReviewReport,
    attach_review_report,
    create_review_event,
    record_inspection,
)
from documents.models import Assignment, Document, OrgUnit, User

Data = Mapping[str, Any]


def seed_followup(session: DbSession, data: Data, today: date) -> None:
    """Add the follow-up demo rows of ``data["directive"]`` that are still missing."""
    directive = session.scalar(db.select(Document).filter_by(external_id=data["directive"]))
    reviewer = session.scalar(db.select(User).filter_by(username=data["reviewer"]))
    if directive is None or reviewer is None:
        return
    by_unit = {a.origin_unit.code: a for a in directive.assignments}  # as first assigned
    _seed_figures(session, data, directive, by_unit)
    _seed_urgings(session, data, by_unit, reviewer, today)
    _seed_inspection(session, data["inspection"], directive, reviewer, today)
    _seed_reviews(session, data, directive, today)
    session.flush()


def _seed_figures(
    session: DbSession, data: Data, directive: Document, by_unit: dict[str, Assignment]
) -> None:
    wanted = data["figures"]
    known = {f.label for f in figures_of(session, directive)}
    for figure in wanted:
        if figure["label"] not in known:
            define_figure(session, directive, figure["label"], figure["unit"])
    figures = {f.label: f for f in figures_of(session, directive)}
    year = data["year"]
    for code, numbers in data["figure_values"].items():
        assignment = by_unit.get(code)
        if assignment is None or values_for(session, assignment, year):
            continue
        values: dict[int, int | None] = {
            figures[figure["label"]].id: value
            for figure, value in zip(wanted, numbers, strict=True)
        }
        record_values(session, assignment, year, values)


def _seed_urgings(
    session: DbSession, data: Data, by_unit: dict[str, Assignment], reviewer: User, today: date
) -> None:
    for urging in data["urgings"]:
        assignment = by_unit.get(urging["unit"])
        if assignment is None:
            continue
        if session.scalar(db.select(Urging.id).filter_by(assignment_id=assignment.id).limit(1)):
            continue
        urge(session, assignment, actor=reviewer, today=today, message=urging["message"])


def _seed_inspection(
    session: DbSession, inspection: Data, directive: Document, reviewer: User, today: date
) -> None:
    unit = session.scalar(db.select(OrgUnit).filter_by(code=inspection["unit"]))
    if unit is None:
        return
    exists = session.scalar(
        db.select(Inspection.id).filter_by(document_id=directive.id, unit_id=unit.id).limit(1)
    )
    if exists:
        return
    held_on = today - timedelta(days=inspection["held_days_ago"])
    due_on = today + timedelta(days=inspection["tasks_due_in_days"])
    record_inspection(
        session,
        directive,
        InspectionInput(
            unit_id=unit.id,
            kind=inspection["kind"],
            held_on=held_on,
            team=inspection["team"],
            findings=inspection["findings"],
            tasks=tuple((task, due_on) for task in inspection["tasks"]),
        ),
        actor=reviewer,
    )


def _seed_reviews(session: DbSession, data: Data, directive: Document, today: date) -> None:
    due = date(today.year, 12, 31)
    for review in data["reviews"]:
        kind, level = review["kind"], review["level"]
        exists = session.scalar(
            db.select(ReviewEvent.id).filter_by(document_id=directive.id, kind=kind, level=level)
        )
        if exists is None:
            create_review_event(session, directive, kind=kind, level=level, due_on=due)
    report = data["review_report"]
    first = session.scalar(
        db.select(ReviewEvent).filter_by(document_id=directive.id).order_by(ReviewEvent.id)
    )
    unit = session.scalar(db.select(OrgUnit).filter_by(code=report["unit"]))
    author = session.scalar(db.select(User).filter_by(username=report["author"]))
    if first is None or unit is None or author is None:
        return
    if session.scalar(db.select(ReviewReport.id).filter_by(event_id=first.id, unit_id=unit.id)):
        return
    attach_review_report(session, first, unit.id, report["text"], actor=author)
