"""Follow-up of assignments by the commission: bulk assignment, urging and reminders.

Urging (đôn đốc) escalates per assignment: Nhắc nhở → Phê bình → Kiểm điểm; the next
urging suggests the level after the last one. Reminders (``remind``) go to units whose
open work is near due or overdue, at most one per assignment per day, backed by a unique
constraint on (assignment, day). Every operation flushes; the caller commits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

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
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from documents.collation import vi_key
from documents.db import DbSession, Model
from documents.i18n import N_, Explained, Message, Param, dump, message
from documents.models import Assignment, Document, OrgUnit, User, _in, utcnow
from documents.notifications import Notification, notify_unit
from documents.permissions import commission_principal, principals_of
from documents.records import Clause
from documents.rendering import normalise_text

URGING_LEVELS: tuple[str, ...] = ("nhac_nho", "phe_binh", "kiem_diem")
URGING_LABELS: dict[str, str] = {
    "nhac_nho": N_("Nhắc nhở"),
    "phe_binh": N_("Phê bình"),
    "kiem_diem": N_("Kiểm điểm"),
}
# The groups a directive is assigned to at once, by OrgUnit.kind.
UNIT_GROUPS: dict[str, str] = {
    "district_committee": N_("Các huyện ủy, thành ủy"),
    "commune_committee": N_("Các đảng ủy xã, phường, đặc khu"),
    "subordinate_committee": N_("Các đảng ủy trực thuộc Tỉnh ủy"),
    "sociopolitical_org": N_("Các tổ chức chính trị - xã hội tỉnh"),
}
DELIVERABLES: tuple[str, ...] = (N_("Kế hoạch thực hiện"), N_("Báo cáo kết quả"))
MESSAGE_MAX = 5_000
SUBJECT_TITLE_MAX = 50  # a document without a symbol is named by its title cut short


class FollowUpError(Explained, ValueError):
    """Input a follow-up operation refuses; the message is shown to the user."""


class Urging(Model):
    """One urging of an assignment: level, message, who and when (append-only record)."""

    __tablename__ = "urging"
    __table_args__ = (CheckConstraint(_in("level", URGING_LEVELS), name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    urged_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    urged_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The inbox message that carried it to the unit.
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))

    assignment: Mapped[Assignment] = relationship()
    urged_by: Mapped[User] = relationship()
    notification: Mapped[Notification | None] = relationship()

    @property
    def label(self) -> str:
        return URGING_LABELS[self.level]


class RemindLog(Model):
    """That a reminder for an assignment went out on a day: at most one per day."""

    __tablename__ = "remind_log"
    __table_args__ = (UniqueConstraint("assignment_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"))
    sent_on: Mapped[date] = mapped_column(Date)


def can_follow_up(user: User | None) -> bool:
    """Commission reviewers assign, urge, inspect and compile the annual report."""
    return commission_principal("reviewer") in principals_of(user)


def can_read_follow_up(user: User | None) -> bool:
    """Who may read matrices and follow-up records: the reviewers and administrators."""
    return bool(principals_of(user) & {commission_principal("reviewer"), "admin"})


def units_of_group(session: DbSession, kind: str, day: date) -> list[OrgUnit]:
    """The units of a group (an OrgUnit kind) that exist on ``day``, by name."""
    if kind not in UNIT_GROUPS:
        raise FollowUpError(N_("Nhóm đơn vị không hợp lệ."))
    units = sorted(
        session.scalars(select(OrgUnit).filter_by(kind=kind)), key=lambda u: vi_key(u.name)
    )
    return [u for u in units if u.is_valid_on(day)]


@dataclass(frozen=True)
class AssignInput:
    unit_ids: tuple[int, ...]
    deliverable: str
    due_on: date | None
    clause_id: int | None = None  # one clause (task) of the document, or the whole of it


@dataclass(frozen=True)
class AssignResult:
    created: list[Assignment]
    already: list[OrgUnit]
    notifications: list[Notification]


def subject_name(document: Document) -> str:
    """How a notification's subject names a document: its symbol, else its title cut
    short (a subject is one line, and its column keeps at most ``SUBJECT_MAX``)."""
    if document.symbol:
        return document.symbol
    title = " ".join(document.title.split())
    return title if len(title) <= SUBJECT_TITLE_MAX else title[: SUBJECT_TITLE_MAX - 1] + "…"


def assign_many(
    session: DbSession,
    document: Document,
    data: AssignInput,
    *,
    today: date,
) -> AssignResult:
    """Assign ``document`` to many units at once; units already assigned the same
    deliverable are reported back and left unchanged. Each new unit is notified by a
    message its readers see in their own language."""
    if not document.published:  # units would read a draft's title in their inbox
        raise FollowUpError(N_("Chỉ giao thực hiện được văn bản đã ban hành và chưa lưu trữ."))
    deliverable = normalise_text(data.deliverable).strip()
    if not deliverable:
        raise FollowUpError(N_("Cần chọn sản phẩm phải nộp (kế hoạch, báo cáo)."))
    if not data.unit_ids:
        raise FollowUpError(N_("Cần chọn ít nhất một đơn vị."))
    if data.due_on is not None and data.due_on < today:
        raise FollowUpError(N_("Hạn nộp không được trước ngày hôm nay."))
    clause = session.get(Clause, data.clause_id) if data.clause_id is not None else None
    if data.clause_id is not None and (clause is None or clause.document_id != document.id):
        raise FollowUpError(N_("Điều khoản đã chọn không thuộc văn bản này; hãy tải lại trang."))
    units = list(session.scalars(select(OrgUnit).filter(OrgUnit.id.in_(data.unit_ids))))
    if len(units) != len(set(data.unit_ids)):
        raise FollowUpError(N_("Có đơn vị không tồn tại; hãy tải lại trang và chọn lại."))
    assigned = set(
        session.scalars(
            select(Assignment.unit_id).filter_by(
                document_id=document.id, deliverable=deliverable, clause_id=data.clause_id
            )
        )
    )
    created, already = [], []
    for unit in sorted(units, key=lambda u: vi_key(u.name)):
        if unit.id in assigned:
            already.append(unit)
            continue
        assignment = Assignment(
            document=document,
            unit=unit,
            deliverable=deliverable,
            due_on=data.due_on,
            clause_id=data.clause_id,
        )
        session.add(assignment)
        created.append(assignment)
    session.flush()
    due: Param = message(N_(", hạn %(date)s"), date=data.due_on) if data.due_on else ""
    subject: dict[str, Param] = {
        "doc": subject_name(document),
        "deliverable": Message(deliverable, lower=True),
        "due": due,
    }
    subject_id = N_("Giao thực hiện %(doc)s: %(deliverable)s%(due)s")
    if clause is not None:
        subject_id = N_("Giao thực hiện %(doc)s, mục %(number)s: %(deliverable)s%(due)s")
        subject["number"] = str(clause.number)
    notes = [
        notify_unit(
            session,
            assignment.unit_id,
            "assignment",
            Message(subject_id, subject),
            message(
                N_(
                    "Ban Dân vận Tỉnh ủy giao đơn vị %(deliverable)s văn bản %(symbol)s — "
                    "%(title)s%(due)s."
                ),
                deliverable=Message(deliverable, lower=True),
                symbol=document.symbol or "",
                title=document.title,
                due=due,
            ),
            assignment_id=assignment.id,
        )
        for assignment in created
    ]
    return AssignResult(created, already, notes)


def next_level(previous: str | None) -> str:
    """The level after ``previous``: the first without one, the last stays the last."""
    if previous is None:
        return URGING_LEVELS[0]
    index = URGING_LEVELS.index(previous)
    return URGING_LEVELS[min(index + 1, len(URGING_LEVELS) - 1)]


def urgings_of(session: DbSession, assignment: Assignment) -> list[Urging]:
    """The assignment's urgings, oldest first."""
    return list(
        session.scalars(
            select(Urging)
            .filter_by(assignment_id=assignment.id)
            .order_by(Urging.created_at, Urging.id)
        )
    )


def suggested_levels(session: DbSession, assignment_ids: Iterable[int]) -> dict[int, str]:
    """The level each assignment's next urging should take (one query)."""
    ids = list(assignment_ids)
    last: dict[int, str] = {}
    for assignment_id, level in session.execute(
        select(Urging.assignment_id, Urging.level)
        .filter(Urging.assignment_id.in_(ids))
        .order_by(Urging.created_at, Urging.id)
    ):
        last[assignment_id] = level
    return {i: next_level(last.get(i)) for i in ids}


def default_message(assignment: Assignment, level: str) -> Message:
    """The urging text used when the reviewer writes none."""
    return message(
        N_(
            "%(level)s: đề nghị %(unit)s khẩn trương hoàn thành %(deliverable)s văn bản "
            "%(symbol)s%(due)s và gửi về Ban Dân vận Tỉnh ủy."
        ),
        level=Message(URGING_LABELS[level]),
        unit=assignment.unit.name,
        deliverable=Message(assignment.deliverable, lower=True),
        symbol=assignment.document.symbol or "",
        due=message(N_(" (hạn %(date)s)"), date=assignment.due_on) if assignment.due_on else "",
    )


def urge(
    session: DbSession,
    assignment: Assignment,
    *,
    actor: User,
    today: date,
    level: str | None = None,
    message: str = "",
) -> Urging:
    """Record an urging (the suggested next level when ``level`` is None) and put it in
    the unit's inbox. Without a ``message`` the default text is kept as a message, shown
    in each reader's language; a typed message is kept as typed."""
    if not can_follow_up(actor):
        raise FollowUpError(N_("Chỉ chuyên viên Ban Dân vận được đôn đốc đơn vị."))
    if level is None:
        level = suggested_levels(session, [assignment.id])[assignment.id]
    if level not in URGING_LEVELS:
        raise FollowUpError(N_("Mức đôn đốc không hợp lệ."))
    typed = normalise_text(message or "").strip()
    if len(typed) > MESSAGE_MAX:
        raise FollowUpError(N_("Nội dung đôn đốc dài quá %(max)s ký tự."), max=MESSAGE_MAX)
    text: str | Message = typed or default_message(assignment, level)
    note = notify_unit(
        session,
        assignment.unit_id,
        "urging",
        Message(
            N_("%(level)s: %(deliverable)s %(doc)s"),
            {
                "level": Message(URGING_LABELS[level]),
                "deliverable": Message(assignment.deliverable),
                "doc": subject_name(assignment.document),
            },
        ),
        text,
        assignment_id=assignment.id,
    )
    urging = Urging(
        assignment_id=assignment.id,
        level=level,
        message=dump(text),
        urged_by_id=actor.id,
        urged_on=today,
        notification=note,
    )
    session.add(urging)
    session.flush()
    return urging


def _days_left(days: int) -> Message:
    """ "còn 3 ngày", "hạn là hôm nay", "quá hạn 2 ngày" as a message."""
    if days == 0:
        return Message(N_("hạn là hôm nay"))
    singular = N_("còn %(num)d ngày") if days > 0 else N_("quá hạn %(num)d ngày")
    return Message(singular, {"num": abs(days)}, plural=singular)


def remind(
    session: DbSession,
    *,
    today: date,
    zone: tzinfo,
    open_states: Collection[str],
    near_days: int,
) -> list[Notification]:
    """Remind every unit whose open assignment is due within ``near_days`` days or
    overdue; an assignment already reminded today is skipped."""
    from documents.followup.coverage import assignment_status  # coverage imports this module

    assignments = session.scalars(
        select(Assignment)
        .filter(Assignment.due_on.isnot(None), Assignment.withdrawn_at.is_(None))
        .options(
            selectinload(Assignment.plan),
            selectinload(Assignment.unit),
            selectinload(Assignment.document),
        )
        .order_by(Assignment.due_on, Assignment.id)
    ).all()
    sent_today = set(session.scalars(select(RemindLog.assignment_id).filter_by(sent_on=today)))
    sent = []
    for assignment in assignments:
        if assignment.id in sent_today or assignment.due_on is None:  # the query has a date
            continue
        status = assignment_status(
            assignment, today=today, zone=zone, open_states=open_states, near_days=near_days
        )
        if status.bucket != "open_overdue" and not status.near_due:
            continue
        when = _days_left(status.days or 0)
        doc = subject_name(assignment.document)
        session.add(RemindLog(assignment_id=assignment.id, sent_on=today))
        sent.append(
            notify_unit(
                session,
                assignment.unit_id,
                "reminder",
                message(
                    N_("Nhắc hạn %(doc)s: %(deliverable)s %(when)s"),
                    doc=doc,
                    deliverable=Message(assignment.deliverable, lower=True),
                    when=when,
                ),
                message(
                    N_("%(deliverable)s văn bản %(doc)s của %(unit)s hạn %(date)s (%(when)s)."),
                    deliverable=Message(assignment.deliverable),
                    doc=assignment.document.symbol or assignment.document.title,
                    unit=assignment.unit.name,
                    date=assignment.due_on,
                    when=when,
                ),
                assignment_id=assignment.id,
            )
        )
    session.flush()
    return sent
