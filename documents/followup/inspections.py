"""Inspections and supervision (kiểm tra, giám sát) and review events (sơ kết, tổng kết).

An inspection records a visit to one unit about one document: date, team, findings and
follow-up tasks whose status the commission updates. A review event is a preliminary or
final review at province, district or commune level with a due date; every unit assigned
the document attaches its review report to it (one per unit, replaced when re-sent), and
the coverage matrix shows the missing ones. Operations flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.i18n import N_, Explained, Message, dump, message
from documents.models import TITLE_MAX, Document, OrgUnit, User, _in, utcnow
from documents.notifications import Notification, notify_unit
from documents.rendering import normalise_text

INSPECTION_KINDS: dict[str, str] = {"kiem_tra": N_("Kiểm tra"), "giam_sat": N_("Giám sát")}
TASK_STATUSES: dict[str, str] = {
    "open": N_("Chưa thực hiện"),
    "in_progress": N_("Đang thực hiện"),
    "done": N_("Đã hoàn thành"),
}
REVIEW_KINDS: dict[str, str] = {"so_ket": N_("Sơ kết"), "tong_ket": N_("Tổng kết")}
REVIEW_LEVELS: dict[str, str] = {
    "province": N_("cấp tỉnh"),
    "district": N_("cấp huyện"),
    "commune": N_("cấp xã"),
}
TEXT_MAX = 20_000


class InspectionError(Explained, ValueError):
    """Input an inspection or review operation refuses; shown to the user."""


class Inspection(Model):
    """A visit of a team to a unit about a document, with what it found."""

    __tablename__ = "inspection"
    __table_args__ = (CheckConstraint(_in("kind", list(INSPECTION_KINDS)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(500))
    findings: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    created_by: Mapped[User] = relationship()
    tasks: Mapped[list[InspectionTask]] = relationship(
        back_populates="inspection", order_by="InspectionTask.id", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return INSPECTION_KINDS[self.kind]


class InspectionTask(Model):
    """Something the inspected unit must put right, and how far it has got."""

    __tablename__ = "inspection_task"
    __table_args__ = (CheckConstraint(_in("status", list(TASK_STATUSES)), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The unit that must put it right when not the inspected one: its successor after a
    # reorganisation moved the open task.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    reminded_on: Mapped[date | None] = mapped_column(Date)  # the unit was last reminded

    inspection: Mapped[Inspection] = relationship(back_populates="tasks")
    unit: Mapped[OrgUnit | None] = relationship()

    @property
    def responsible_unit(self) -> OrgUnit:
        return self.unit if self.unit is not None else self.inspection.unit


class ReviewEvent(Model):
    """A preliminary (sơ kết) or final (tổng kết) review of a document at one level."""

    __tablename__ = "review_event"
    __table_args__ = (
        CheckConstraint(_in("kind", list(REVIEW_KINDS)), name="kind"),
        CheckConstraint(_in("level", list(REVIEW_LEVELS)), name="level"),
        UniqueConstraint("document_id", "kind", "level", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship()


class ReviewReport(Model):
    """A unit's report on a review event."""

    __tablename__ = "review_report"
    __table_args__ = (UniqueConstraint("event_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("review_event.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    body: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[ReviewEvent] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    submitted_by: Mapped[User] = relationship()


def _text(value: str, what: str, *, required: bool = True) -> str:
    text = normalise_text(value or "").strip()
    if required and not text:
        raise InspectionError(N_("Cần nhập %(what)s."), what=what)
    if len(text) > TEXT_MAX:
        raise InspectionError(
            N_("Nội dung “%(what)s” dài quá %(max)s ký tự."), what=what, max=TEXT_MAX
        )
    return text


@dataclass(frozen=True)
class InspectionInput:
    unit_id: int
    kind: str
    held_on: date
    team: str
    findings: str
    tasks: tuple[tuple[str, date | None], ...] = ()


def record_inspection(
    session: DbSession, document: Document, data: InspectionInput, *, actor: User
) -> Inspection:
    """Store an inspection with its follow-up tasks (all open)."""
    if data.kind not in INSPECTION_KINDS:
        raise InspectionError(N_("Hình thức không hợp lệ (kiểm tra hoặc giám sát)."))
    if session.get(OrgUnit, data.unit_id) is None:
        raise InspectionError(N_("Đơn vị không tồn tại."))
    inspection = Inspection(
        document_id=document.id,
        unit_id=data.unit_id,
        kind=data.kind,
        held_on=data.held_on,
        team=_text(data.team, N_("thành phần đoàn"))[:500],
        findings=_text(data.findings, N_("kết quả, nhận xét")),
        created_by_id=actor.id,
    )
    session.add(inspection)
    for description, due_on in data.tasks:
        if description.strip():
            inspection.tasks.append(
                InspectionTask(description=_text(description, N_("nội dung")), due_on=due_on)
            )
    session.flush()
    if inspection.tasks:
        _tell_tasks(session, inspection, inspection.tasks)
    return inspection


def _task_line(task: InspectionTask) -> Message:
    if task.due_on is None:
        return message(N_("– %(task)s"), task=task.description)
    return message(N_("– %(task)s (hạn %(date)s)"), task=task.description, date=task.due_on)


def _tell_tasks(
    session: DbSession, inspection: Inspection, tasks: list[InspectionTask]
) -> Notification:
    """Tell the inspected unit what it must put right (flushes)."""
    lines = [_task_line(t) for t in tasks]
    template = "\n".join(f"%(t{i})s" for i in range(len(lines)))
    return notify_unit(
        session,
        inspection.unit_id,
        "inspection",
        message(
            N_("%(kind)s %(doc)s: %(num)s việc cần khắc phục"),
            kind=Message(INSPECTION_KINDS[inspection.kind]),
            doc=inspection.document.symbol or inspection.document.title,
            num=len(tasks),
        ),
        Message(template, {f"t{i}": line for i, line in enumerate(lines)}),
    )


def add_task(
    session: DbSession, inspection: Inspection, description: str, due_on: date | None
) -> InspectionTask:
    task = InspectionTask(
        description=_text(description, N_("nội dung việc cần làm")), due_on=due_on
    )
    inspection.tasks.append(task)
    session.flush()
    _tell_tasks(session, inspection, [task])
    return task


def remind_inspection_tasks(
    session: DbSession, *, today: date, near_days: int
) -> list[Notification]:
    """Remind each inspected unit of its unfinished tasks due within ``near_days`` days or
    overdue; a task already reminded today is skipped (flushes)."""
    tasks = session.scalars(
        select(InspectionTask)
        .filter(
            InspectionTask.status != "done",
            InspectionTask.due_on.isnot(None),
            InspectionTask.due_on <= date.fromordinal(today.toordinal() + near_days),
            (InspectionTask.reminded_on.is_(None)) | (InspectionTask.reminded_on < today),
        )
        .order_by(InspectionTask.due_on, InspectionTask.id)
    ).all()
    sent = []
    for task in tasks:
        if task.due_on is None:  # the query has a date
            continue
        task.reminded_on = today
        days = (task.due_on - today).days
        subject = (
            N_("Việc cần khắc phục quá hạn %(num)s ngày: %(task)s")
            if days < 0
            else N_("Việc cần khắc phục còn %(num)s ngày: %(task)s")
        )
        sent.append(
            notify_unit(
                session,
                task.inspection.unit_id,
                "inspection",
                message(subject, num=abs(days), task=task.description[:200]),
                _task_line(task),
            )
        )
    session.flush()
    return sent


def set_task_status(session: DbSession, task: InspectionTask, status: str) -> InspectionTask:
    if status not in TASK_STATUSES:
        raise InspectionError(N_("Trạng thái không hợp lệ."))
    task.status = status
    session.flush()
    return task


def inspections_of(session: DbSession, document: Document) -> list[Inspection]:
    """The document's inspections, newest first."""
    return list(
        session.scalars(
            select(Inspection)
            .filter_by(document_id=document.id)
            .order_by(Inspection.held_on.desc(), Inspection.id.desc())
        )
    )


def create_review_event(
    session: DbSession, document: Document, *, kind: str, level: str, due_on: date, title: str = ""
) -> ReviewEvent:
    """A review event; its title defaults to "Sơ kết cấp huyện năm 2019"-style, kept as a
    message so that each reader sees it in their language (a typed title stays as typed)."""
    if kind not in REVIEW_KINDS or level not in REVIEW_LEVELS:
        raise InspectionError(N_("Loại hoặc cấp sơ kết, tổng kết không hợp lệ."))
    exists = session.scalar(
        select(ReviewEvent).filter_by(
            document_id=document.id, kind=kind, level=level, due_on=due_on
        )
    )
    if exists is not None:
        raise InspectionError(N_("Đã có đợt sơ kết, tổng kết này (cùng loại, cấp và hạn)."))
    name = normalise_text(title).strip() or message(
        N_("%(kind)s %(level)s năm %(year)s"),
        kind=Message(REVIEW_KINDS[kind]),
        level=Message(REVIEW_LEVELS[level]),
        year=str(due_on.year),  # a year, not a quantity: no thousands separator
    )
    event = ReviewEvent(
        document_id=document.id, kind=kind, level=level, title=dump(name, TITLE_MAX), due_on=due_on
    )
    session.add(event)
    session.flush()
    return event


def review_events_of(session: DbSession, document: Document) -> list[ReviewEvent]:
    return list(
        session.scalars(
            select(ReviewEvent)
            .filter_by(document_id=document.id)
            .order_by(ReviewEvent.due_on, ReviewEvent.id)
        )
    )


def attach_review_report(
    session: DbSession, event: ReviewEvent, unit_id: int, body: str, *, actor: User
) -> ReviewReport:
    """Store (or replace) the unit's report on ``event``."""
    text = _text(body, N_("nội dung báo cáo"))
    report = session.scalar(select(ReviewReport).filter_by(event_id=event.id, unit_id=unit_id))
    if report is None:
        report = ReviewReport(event_id=event.id, unit_id=unit_id, body=text)
        session.add(report)
    report.body = text
    report.submitted_by_id = actor.id
    report.submitted_at = utcnow()
    session.flush()
    return report


def review_reports_of(session: DbSession, event: ReviewEvent) -> list[ReviewReport]:
    return list(
        session.scalars(select(ReviewReport).filter_by(event_id=event.id).order_by("unit_id"))
    )
