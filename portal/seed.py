"""Loading the demo data of Directive 11-CT/TU (idempotent: existing rows are kept)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from flask_babel import gettext
from sqlalchemy.orm import Session

from documents.models import Assignment, Document, OrgUnit, User, UserRole, enqueue_index
from documents.passwords import hash_password
from documents.plans import PlanInput, create_plan
from documents.rendering import render_markdown
from documents.service import refresh_links
from portal import demo_data
from portal.demo_followup import seed_followup
from portal.demo_reorganisation import seed_reorganisation
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire

# The first journey reads "plan due in 12 days": the demo deadline follows the seeding day.
DEMO_DAYS_TO_ASSIGN = 4  # the commission assigned 11-CT/TU four days after it was issued
DEMO_DAYS_TO_DEADLINE = 12


def seed_demo(session: Session, today: date, echo: Callable[[str], None] = print) -> None:
    units = _seed_units(session)
    users = _seed_users(session, units)
    documents = _seed_documents(session, units)
    directive = documents[demo_data.ASSIGNMENT["document"]]
    assignments = _seed_assignments(session, directive, units, today)
    _seed_plans(session, assignments, users, units)
    seed_followup(session, today)
    for document in documents.values():
        refresh_links(session, document)
    session.flush()
    seed_reorganisation(session, today, echo)
    echo(
        gettext(
            "Demo: %(units)s đơn vị, %(users)s tài khoản, %(documents)s văn bản, "
            "%(assignments)s phân công.",
            units=len(units),
            users=len(users),
            documents=len(documents),
            assignments=len(assignments),
        )
    )


def _seed_units(session: Session) -> dict[str, OrgUnit]:
    units = {u.code: u for u in session.query(OrgUnit)}
    for row in demo_data.UNITS:
        if row["code"] in units:
            continue
        unit = OrgUnit(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            level=row["level"],
            parent=units.get(row["parent"]) if row["parent"] else None,
            valid_from=row.get("valid_from"),
            assigned_by_default=row["assigned"],
        )
        session.add(unit)
        units[row["code"]] = unit
    session.flush()
    return units


def _seed_users(session: Session, units: dict[str, OrgUnit]) -> dict[str, User]:
    users = {u.username: u for u in session.query(User)}
    password_hash = hash_password(demo_data.DEMO_PASSWORD)
    for row in demo_data.USERS:
        if row["username"] in users:
            continue
        unit = units[row["unit"]]
        user = User(
            username=row["username"],
            full_name=row["full_name"],
            password_hash=password_hash,
            unit=unit,
            roles=[UserRole(unit=unit, role=role) for role in row["roles"]],
        )
        session.add(user)
        users[row["username"]] = user
    session.flush()
    return users


def _seed_documents(session: Session, units: dict[str, OrgUnit]) -> dict[str, Document]:
    documents = {d.external_id: d for d in session.query(Document) if d.external_id}
    for row in demo_data.DOCUMENTS:
        if row["external_id"] in documents:
            continue
        document = Document(
            external_id=row["external_id"],
            doc_type=row["type_code"],
            number=row["number"],
            symbol=row["symbol"],
            issuer=units[row["issuer"]],
            term=row["term"],
            issued_on=row["issued_on"],
            place=row["place"],
            title=row["title"],
            body=row["body"],
            body_html=render_markdown(row["body"]),
        )
        session.add(document)
        session.flush()
        enqueue_index(session, "document", document.id)
        documents[row["external_id"]] = document
    return documents


def _seed_assignments(
    session: Session, directive: Document, units: dict[str, OrgUnit], today: date
) -> dict[str, Assignment]:
    existing = {a.origin_unit.code: a for a in directive.assignments}  # as first assigned
    for row in demo_data.UNITS:  # the units of 2019; their successors inherit the work
        code, unit = row["code"], units[row["code"]]
        if not unit.assigned_by_default or code in existing:
            continue
        assignment = Assignment(
            document=directive,
            unit=unit,
            deliverable=demo_data.ASSIGNMENT["deliverable"],
            due_on=today + timedelta(days=DEMO_DAYS_TO_DEADLINE),
        )
        if directive.issued_on is not None:  # assigned with the directive, in 2019
            assignment.created_at = datetime.combine(
                directive.issued_on + timedelta(days=DEMO_DAYS_TO_ASSIGN), time(8)
            )
        session.add(assignment)
        existing[code] = assignment
    session.flush()
    return existing


def _seed_plans(
    session: Session,
    assignments: dict[str, Assignment],
    users: dict[str, User],
    units: dict[str, OrgUnit],
) -> None:
    for row in demo_data.PLANS:
        assignment = assignments[row["unit"]]
        if assignment.plan is not None:
            continue
        author = next(u for u in users.values() if u.unit_id == units[row["unit"]].id)
        plan = create_plan(
            session,
            assignment,
            author,
            PlanInput(row["title"], row["body"]),
            initial_state=PLAN_WORKFLOW.initial,
        )
        for trigger, username, comment in row["path"]:
            report = row["report_text"] if trigger == "report" else None
            fire(session, plan, trigger, actor=users[username], comment=comment, report_text=report)
