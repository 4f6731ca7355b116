"""Scaled demo data for the page benchmark and the statement-count tests.

``scale_demo(session, today, units=150, directives=200, years=10)`` grows a seeded demo
(``seed_demo``) to a province after the 2025 reorganisation: enough commune-level units
that Directive 11-CT/TU is assigned to ``units`` units, ``directives`` more directives
spread over ``years`` years, each assigned to a share of the units, and plans with their
workflow history (submitted, returned, reviewed, reported) fired through the portal's own
engine so that every history row is one the portal could have written.

Domain functions do the work (``create_plan``, ``fire``); plain inserts only where the
portal has no operation of its own (units, users, directives of the bench).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from documents.models import Assignment, Document, OrgUnit, User, UserRole, enqueue_index
from documents.passwords import hash_password
from documents.plans import PlanInput, create_plan
from documents.rendering import render_markdown
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire

PASSWORD = "demo-11-CT-TU"
# Replayed from "drafted"; the reviewer is the commission's ``bandanvan``.
PATHS: list[list[str]] = [
    [],
    ["submit"],
    ["submit", "return"],
    ["submit", "review"],
    ["submit", "return", "submit", "review"],
    ["submit", "review", "report"],
    ["submit", "return", "submit", "review", "report"],
]
BODY = (
    "Thực hiện chỉ thị của Tỉnh ủy, đơn vị xây dựng kế hoạch như sau.\n\n"
    "## Nội dung\n\n"
    "1. Quán triệt đến chi bộ ấp, khu phố.\n"
    "2. Rà soát danh sách đoàn viên, hội viên ở từng ấp.\n"
    "3. Sơ kết cuối năm, báo cáo Ban Dân vận Tỉnh ủy.\n"
)


def scale_demo(
    session: Session,
    today: date,
    *,
    units: int = 150,
    directives: int = 200,
    years: int = 10,
    assigned_share: float = 0.1,
    plan_share: float = 0.6,
    seed: int = 19,
) -> dict[str, int]:
    """Grow the seeded demo in ``session`` (flushes, never commits); returns the counts."""
    rng = random.Random(seed)
    reviewer = session.query(User).filter_by(username="bandanvan").one()
    directive = session.query(Document).filter_by(symbol="11-CT/TU").one()
    province = session.query(OrgUnit).filter_by(code="tinhuy-kiengiang").one()
    hashed = hash_password(PASSWORD)

    assigned = {a.unit_id for a in directive.assignments}
    drafters: dict[int, User] = {}
    extra = max(0, units - len(assigned))
    for n in range(len(assigned), len(assigned) + extra):
        unit = OrgUnit(
            code=f"bench-xa-{n:03d}",
            name=f"Đảng ủy xã Bench {n:03d}",
            short_name=f"ĐU xã {n:03d}",
            kind="subordinate_committee",
            level="commune",
            parent=province,
            valid_from=date(2025, 7, 1),
            assigned_by_default=True,
        )
        session.add(unit)
        session.flush()
        session.add(
            Assignment(
                document=directive,
                unit=unit,
                deliverable=directive.assignments[0].deliverable,
                due_on=today + timedelta(days=rng.randint(-30, 60)),
            )
        )
    session.flush()
    all_units = [a.unit for a in directive.assignments]
    for unit in all_units:
        user = session.query(User).filter_by(username=f"bench.{unit.code}").one_or_none()
        if user is None:
            user = User(
                username=f"bench.{unit.code}",
                full_name=f"Cán bộ {unit.short_name}",
                password_hash=hashed,
                unit=unit,
                roles=[UserRole(unit=unit, role="drafter")],
            )
            session.add(user)
        drafters[unit.id] = user
    session.flush()

    plans = events = 0
    # Called again, it grows the data further: numbers go on after the last bench directive.
    first_number = 1 + max(
        [d.number or 0 for d in session.query(Document).filter(Document.term.like("bench-%"))],
        default=99,
    )
    first_year = today.year - years + 1
    new_assignments: list[Assignment] = list(directive.assignments)
    for n in range(directives):
        year = first_year + n * years // directives
        issued = date(year, 1 + n % 12, 1 + n % 28)
        number = first_number + n
        document = Document(
            doc_type="CT",
            number=number,
            symbol=f"{number}-CT/TU",
            issuer=province,
            term=f"bench-{year}",
            issued_on=issued,
            place="Rạch Giá",
            title=f"Chỉ thị số {number}-CT/TU về công tác dân vận năm {year}",
            body=BODY,
            body_html=render_markdown(BODY),
        )
        session.add(document)
        session.flush()
        enqueue_index(session, "document", document.id)
        for unit in rng.sample(all_units, max(1, int(len(all_units) * assigned_share))):
            assignment = Assignment(
                document=document,
                unit=unit,
                deliverable="Kế hoạch thực hiện",
                due_on=issued + timedelta(days=60),
            )
            session.add(assignment)
            new_assignments.append(assignment)
    session.flush()

    for assignment in new_assignments:
        if assignment.plan is not None or rng.random() > plan_share:
            continue
        author = drafters[assignment.unit_id]
        plan = create_plan(
            session,
            assignment,
            author,
            PlanInput(f"Kế hoạch của {assignment.unit.short_name}", BODY),
            initial_state=PLAN_WORKFLOW.initial,
        )
        plans += 1
        start = datetime.combine(assignment.document.issued_on or today, datetime.min.time())
        for step, trigger in enumerate(rng.choice(PATHS)):
            actor = reviewer if trigger in ("return", "review") else author
            fire(
                session,
                plan,
                trigger,
                actor=actor,
                comment=f"{trigger} {plan.id}",
                report_text="Báo cáo kết quả thực hiện." if trigger == "report" else None,
                now=start + timedelta(days=7 * (step + 1)),
            )
            events += 1
    session.flush()
    return {
        "units": len(all_units),
        "directives": directives,
        "assignments": len(new_assignments),
        "plans": plans,
        "events": events,
    }
