"""Loading the demo data (idempotent: existing rows are kept): the units, accounts and
documents of ``data/2019.toml``, the assignments of Directive 11-CT/TU and the plans in
their workflow states, then its follow-up and the 2025 reorganisation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext

from documents.db import DbSession
from documents.models import Assignment, Document, OrgUnit, User
from documents.plans import PlanInput, create_plan
from documents.service import refresh_links
from portal.demo.data import DATA_2019, DATA_2025
from portal.demo.followup import seed_followup
from portal.demo.reorganisation import seed_reorganisation
from portal.demo.rows import add_documents, add_units, add_users
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire


def seed_demo(session: DbSession, today: date, echo: Callable[[str], None] = print) -> None:
    data = DATA_2019
    units = add_units(session, data["units"])
    users = add_users(session, data["users"], units, data["password"])
    documents = add_documents(session, data["documents"], units, data["note"])
    directive = documents[data["assignment"]["document"]]
    assignments = _seed_assignments(session, directive, data, units, today)
    _seed_plans(session, data["plans"], assignments, users, units)
    seed_followup(session, data["followup"], today)
    for document in documents.values():
        refresh_links(session, document)
    session.flush()
    seed_reorganisation(
        session, DATA_2025, today, echo, password=data["password"], note=data["note"]
    )
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


def _seed_assignments(
    session: DbSession,
    directive: Document,
    data: Mapping[str, Any],
    units: dict[str, OrgUnit],
    today: date,
) -> dict[str, Assignment]:
    """The directive's assignment to each unit of 2019 it assigns (their successors inherit
    the work); the deadline follows the seeding day, so the first journey reads "plan due
    in 12 days"."""
    wanted = data["assignment"]
    existing = {a.origin_unit.code: a for a in directive.assignments}  # as first assigned
    for row in data["units"]:
        code, unit = row["code"], units[row["code"]]
        if not unit.assigned_by_default or code in existing:
            continue
        assignment = Assignment(
            document=directive,
            unit=unit,
            deliverable=wanted["deliverable"],
            due_on=today + timedelta(days=wanted["days_to_deadline"]),
        )
        if directive.issued_on is not None:  # assigned with the directive, in 2019
            assignment.created_at = datetime.combine(
                directive.issued_on + timedelta(days=wanted["days_to_assign"]), time(8)
            )
        session.add(assignment)
        existing[code] = assignment
    session.flush()
    return existing


def _seed_plans(
    session: DbSession,
    plans: Iterable[Mapping[str, Any]],
    assignments: dict[str, Assignment],
    users: dict[str, User],
    units: dict[str, OrgUnit],
) -> None:
    """Each plan drafted by its unit's first account, then taken along its ``path``."""
    for row in plans:
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
        for step in row.get("path", []):
            report = row.get("report_text") if step["trigger"] == "report" else None
            fire(
                session,
                plan,
                step["trigger"],
                actor=users[step["actor"]],
                comment=step["comment"],
                report_text=report,
            )
