"""Demo follow-up data for ``flask seed-demo``: key figures of 11-CT/TU and their values on
the reported plan, an urging, an inspection with follow-up tasks and the review events.

Idempotent: each piece is added only when it is missing. People, findings and figures are
fictional (the reported plan's report text gives the same numbers).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from documents.db import db
from documents.figures import define_figure, figures_of, record_values, values_for
from documents.followup import Urging, urge
from documents.inspections import (
    Inspection,
    InspectionInput,
    ReviewEvent,
    ReviewReport,
    attach_review_report,
    create_review_event,
    record_inspection,
)
from documents.models import Assignment, Document, OrgUnit, User

DIRECTIVE = "demo-11-CT-TU"
FIGURES: list[tuple[str, str]] = [
    ("Số chi hội, tổ hội, chi đoàn được củng cố", "chi hội"),
    ("Số hội viên, đoàn viên mới kết nạp", "người"),
    ("Số trường hợp đưa ra khỏi danh sách sau rà soát", "người"),
]
# Values of the reported plan (Hội Liên hiệp Phụ nữ tỉnh), as in its report text.
FIGURE_VALUES: dict[str, list[int]] = {"hoiphunu": [37, 2050, 1240]}
FIGURE_YEAR = 2019
URGINGS: list[tuple[str, str]] = [
    (
        "thanhuy-hatien",
        "Đề nghị Thành ủy Hà Tiên khẩn trương xây dựng kế hoạch thực hiện Chỉ thị số 11-CT/TU "
        "và gửi về Ban Dân vận Tỉnh ủy đúng hạn.",
    ),
]
INSPECTION = {
    "unit": "hoinongdan",
    "kind": "kiem_tra",
    "team": "Đồng chí Phó Trưởng Ban Dân vận Tỉnh ủy (trưởng đoàn) và 3 chuyên viên",
    "findings": (
        "Hội đã quán triệt Chỉ thị đến cơ sở; việc rà soát hội viên ở một số chi hội còn chậm, "
        "sổ theo dõi hội viên chưa cập nhật biến động."
    ),
    "tasks": (
        "Hoàn thành rà soát hội viên ở các chi hội còn chậm",
        "Cập nhật sổ theo dõi hội viên theo mẫu thống nhất",
    ),
}
REVIEWS: list[tuple[str, str]] = [("so_ket", "province"), ("so_ket", "district")]


def seed_followup(session: Session, today: date) -> None:
    """Add the follow-up demo rows of Directive 11-CT/TU that are still missing."""
    directive = session.scalar(db.select(Document).filter_by(external_id=DIRECTIVE))
    reviewer = session.scalar(db.select(User).filter_by(username="bandanvan"))
    if directive is None or reviewer is None:
        return
    by_unit = {a.origin_unit.code: a for a in directive.assignments}  # as first assigned
    _seed_figures(session, directive, by_unit)
    _seed_urgings(session, by_unit, reviewer, today)
    _seed_inspection(session, directive, reviewer, today)
    _seed_reviews(session, directive, today)
    session.flush()


def _seed_figures(session: Session, directive: Document, by_unit: dict[str, Assignment]) -> None:
    known = {f.label for f in figures_of(session, directive)}
    for label, unit_label in FIGURES:
        if label not in known:
            define_figure(session, directive, label, unit_label)
    figures = {f.label: f for f in figures_of(session, directive)}
    for code, numbers in FIGURE_VALUES.items():
        assignment = by_unit.get(code)
        if assignment is None or values_for(session, assignment, FIGURE_YEAR):
            continue
        wanted: dict[int, int | None] = {
            figures[label].id: value for (label, _u), value in zip(FIGURES, numbers, strict=True)
        }
        record_values(session, assignment, FIGURE_YEAR, wanted)


def _seed_urgings(
    session: Session, by_unit: dict[str, Assignment], reviewer: User, today: date
) -> None:
    for code, message in URGINGS:
        assignment = by_unit.get(code)
        if assignment is None:
            continue
        if session.scalar(db.select(Urging.id).filter_by(assignment_id=assignment.id).limit(1)):
            continue
        urge(session, assignment, actor=reviewer, today=today, message=message)


def _seed_inspection(session: Session, directive: Document, reviewer: User, today: date) -> None:
    unit = session.scalar(db.select(OrgUnit).filter_by(code=INSPECTION["unit"]))
    if unit is None:
        return
    exists = session.scalar(
        db.select(Inspection.id).filter_by(document_id=directive.id, unit_id=unit.id).limit(1)
    )
    if exists:
        return
    record_inspection(
        session,
        directive,
        InspectionInput(
            unit_id=unit.id,
            kind=str(INSPECTION["kind"]),
            held_on=today - timedelta(days=3),
            team=str(INSPECTION["team"]),
            findings=str(INSPECTION["findings"]),
            tasks=tuple((t, today + timedelta(days=30)) for t in INSPECTION["tasks"]),
        ),
        actor=reviewer,
    )


def _seed_reviews(session: Session, directive: Document, today: date) -> None:
    due = date(today.year, 12, 31)
    for kind, level in REVIEWS:
        exists = session.scalar(
            db.select(ReviewEvent.id).filter_by(document_id=directive.id, kind=kind, level=level)
        )
        if exists is None:
            create_review_event(session, directive, kind=kind, level=level, due_on=due)
    first = session.scalar(
        db.select(ReviewEvent).filter_by(document_id=directive.id).order_by(ReviewEvent.id)
    )
    unit = session.scalar(db.select(OrgUnit).filter_by(code="hoiphunu"))
    author = session.scalar(db.select(User).filter_by(username="phunu.tinh"))
    if first is None or unit is None or author is None:
        return
    if session.scalar(db.select(ReviewReport.id).filter_by(event_id=first.id, unit_id=unit.id)):
        return
    attach_review_report(
        session,
        first,
        unit.id,
        "Hội đã tổ chức sơ kết ở ba cấp Hội; kết quả chủ yếu như báo cáo kết quả thực hiện kế "
        "hoạch (số liệu minh họa).",
        actor=author,
    )
