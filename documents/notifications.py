"""Notifications: an in-app inbox always, e-mail through the mail outbox.

``notify`` is the one place that tells someone something: a unit (every member sees it
in the inbox) or a single user. The inbox row and the e-mails it causes
(``documents.mail_outbox``) are written in the caller's transaction (it only flushes), so
nothing is announced that was rolled back and nothing committed is lost; the outbox is
sent after commit, retried with back-off while the mail server is down.

Who gets an e-mail: a unit's office mailboxes (``MailRecipient``) at once, as paper mail
reaches a committee's office; and each member with an address of their own, as their
preference for the notification's kind says (``NotificationPreference``: inbox only, at
once, or in the daily digest; inbox only when they chose nothing).

Subject and body composed by the code are stored as messages (``documents.i18n``), so the
inbox shows them in each reader's language. E-mail is always written in Vietnamese, the
units' language.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.i18n import N_, Message, dump, message, render
from documents.mail_outbox import MailOutbox, MailSettings, enqueue_mail
from documents.models import Assignment, OrgUnit, Plan, User, UserRole, _in, utcnow

__all__ = ["MailSettings", "Notification", "notify", "notify_unit"]

NOTIFICATION_KINDS: dict[str, str] = {
    "urging": N_("Đôn đốc"),
    "reminder": N_("Nhắc hạn"),
    "assignment": N_("Giao nhiệm vụ"),
    "review": N_("Sơ kết, tổng kết"),
    "submitted": N_("Kế hoạch gửi lên chờ duyệt"),
    "returned": N_("Kế hoạch bị trả lại"),
    "reviewed": N_("Kế hoạch được duyệt"),
    "reported": N_("Báo cáo kết quả"),
    "inspection": N_("Việc cần làm sau kiểm tra"),
    "published": N_("Văn bản mới được công bố"),
    "deadline": N_("Thay đổi hạn"),
    "saved_search": N_("Tìm kiếm đã lưu"),
    "mail_refused": N_("Thư điện tử bị từ chối"),
}
# Kinds a user chooses how to receive; a refused address is only ever told in the inbox.
CHOSEN_KINDS: dict[str, str] = {k: v for k, v in NOTIFICATION_KINDS.items() if k != "mail_refused"}
# What each user may choose per kind: where the notification reaches them.
DELIVERY_MODES: dict[str, str] = {
    "inbox": N_("Chỉ trong hộp thư trên cổng"),
    "immediate": N_("Gửi thư điện tử ngay"),
    "digest": N_("Gộp vào thư tóm tắt hằng ngày"),
}
DEFAULT_MODE = "inbox"
SUBJECT_MAX = 300


class Notification(Model):
    """One message in a unit's inbox (every member sees it) or in one user's."""

    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint(_in("kind", list(NOTIFICATION_KINDS)), name="kind"),
        CheckConstraint("unit_id IS NOT NULL OR user_id IS NOT NULL", name="addressee"),
        # a unit's inbox and a user's own, newest first, read from the index (``documents.inbox``)
        Index("ix_notification_unit_newest", "unit_id", "created_at", "id"),
        Index("ix_notification_user_newest", "user_id", "created_at", "id"),
        # the unread count on every page, read from these alone (``documents.inbox``)
        Index("ix_notification_unit_id_read_at", "unit_id", "read_at"),
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    unit: Mapped[OrgUnit | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    assignment: Mapped[Assignment | None] = relationship()
    plan: Mapped[Plan | None] = relationship()
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])


class MailRecipient(Model):
    """An e-mail address that receives a unit's notifications."""

    __tablename__ = "mail_recipient"
    __table_args__ = (UniqueConstraint("unit_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    address: Mapped[str] = mapped_column(String(254))


class NotificationPreference(Model):
    """How one user wants notifications of one kind: inbox only, e-mail at once, digest."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        CheckConstraint(_in("mode", list(DELIVERY_MODES)), name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10), default=DEFAULT_MODE)


def preferences_of(session: DbSession, user_id: int) -> dict[str, str]:
    """The user's delivery mode for every kind (``inbox`` where they chose nothing)."""
    chosen = dict(
        session.execute(
            select(NotificationPreference.kind, NotificationPreference.mode).filter_by(
                user_id=user_id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_MODE) for kind in CHOSEN_KINDS}


def set_preferences(session: DbSession, user: User, modes: dict[str, str]) -> None:
    """Store the user's choices; an unknown kind or mode raises ValueError, nothing stored."""
    for kind, mode in modes.items():
        if kind not in CHOSEN_KINDS or mode not in DELIVERY_MODES:
            raise ValueError(f"unknown kind or mode {kind!r}: {mode!r}")
    stored = {
        p.kind: p
        for p in session.scalars(select(NotificationPreference).filter_by(user_id=user.id))
    }
    for kind, mode in modes.items():
        if kind in stored:
            stored[kind].mode = mode
        else:
            session.add(NotificationPreference(user_id=user.id, kind=kind, mode=mode))
    session.flush()


def _members(session: DbSession, unit_id: int) -> list[User]:
    """Active users of the unit: its staff and those holding a role in it."""
    return list(
        session.scalars(
            select(User).filter(
                User.active.is_(True),
                or_(
                    User.unit_id == unit_id,
                    User.id.in_(select(UserRole.user_id).filter_by(unit_id=unit_id)),
                ),
            )
        )
    )


def _queue_mail(session: DbSession, note: Notification) -> None:
    """The e-mails ``note`` causes, queued in the outbox of the same transaction."""
    subject = render(note.subject)  # Vietnamese: see the module's docstring
    body = render(note.body) or subject
    addresses: set[str] = set()
    if note.unit_id is not None:
        for address in session.scalars(
            select(MailRecipient.address).filter_by(unit_id=note.unit_id)
        ):
            if address not in addresses:
                addresses.add(address)
                enqueue_mail(session, address, subject, body, notification_id=note.id)
        people = _members(session, note.unit_id)
    else:
        user = session.get(User, note.user_id)
        people = [user] if user is not None and user.active else []
    chosen = dict(
        session.execute(
            select(NotificationPreference.user_id, NotificationPreference.mode).filter(
                NotificationPreference.kind == note.kind,
                NotificationPreference.user_id.in_([p.id for p in people]),
            )
        ).all()
    )
    for person in people:
        mode = chosen.get(person.id, DEFAULT_MODE)
        if mode == "inbox" or not person.email or person.email in addresses:
            continue
        addresses.add(person.email)
        enqueue_mail(
            session,
            person.email,
            subject,
            body,
            mode=mode,
            notification_id=note.id,
            user_id=person.id,
        )


def notify(
    session: DbSession,
    kind: str,
    subject: str | Message,
    body: str | Message = "",
    *,
    unit_id: int | None = None,
    user_id: int | None = None,
    assignment_id: int | None = None,
    plan_id: int | None = None,
    now: datetime | None = None,
) -> Notification:
    """Tell a unit (``unit_id``) or one user (``user_id``) something: an inbox row, and
    the e-mails it causes queued in the outbox (flushes; the caller commits).

    A ``Message`` is kept as such and shown in the reader's language; a ``str`` (what a
    user typed) as it is. A subject message too long for its column is kept in Vietnamese.
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if (unit_id is None) == (user_id is None):
        raise ValueError("a notification goes to one unit or to one user")
    notification = Notification(
        unit_id=unit_id,
        user_id=user_id,
        kind=kind,
        subject=dump(subject, SUBJECT_MAX),
        body=dump(body),
        assignment_id=assignment_id,
        plan_id=plan_id,
        created_at=now or utcnow(),
    )
    session.add(notification)
    session.flush()
    _queue_mail(session, notification)
    session.flush()
    return notification


def tell_of_refusal(session: DbSession, row: MailOutbox) -> Notification | None:
    """Tell the owner of the address ``row`` was refused at, in the portal inbox only: the
    user whose own address it is, or the unit whose mailbox it is (flushes; the caller
    commits). No e-mail is queued for it, so the refused address is not written to again.
    """
    unit_id = user_id = None
    if row.user_id is not None:
        user = session.get(User, row.user_id)
        if user is not None and user.email == row.address:
            user_id = user.id
    elif row.notification_id is not None:
        note = session.get(Notification, row.notification_id)
        if note is not None and note.unit_id is not None:
            unit_id = session.scalar(
                select(MailRecipient.unit_id).filter_by(unit_id=note.unit_id, address=row.address)
            )
    if unit_id is None and user_id is None:
        return None  # the address was changed or removed meanwhile: nobody to tell
    subject = message("Thư gửi tới địa chỉ %(address)s bị từ chối", address=row.address)
    body = message(
        "Thư «%(subject)s» gửi tới địa chỉ %(address)s bị máy chủ thư từ chối: %(reason)s. "
        "Thông báo vẫn có trong hộp thư trên cổng; hãy kiểm tra lại địa chỉ.",
        subject=row.subject,
        address=row.address,
        reason=row.last_error,
    )
    notification = Notification(
        unit_id=unit_id,
        user_id=user_id,
        kind="mail_refused",
        subject=dump(subject, SUBJECT_MAX),
        body=dump(body),
        created_at=utcnow(),
    )
    session.add(notification)
    session.flush()
    return notification


def notify_unit(
    session: DbSession,
    unit_id: int,
    kind: str,
    subject: str | Message,
    body: str | Message = "",
    *,
    assignment_id: int | None = None,
    plan_id: int | None = None,
    now: datetime | None = None,
) -> Notification:
    """``notify`` addressed to a unit."""
    return notify(
        session,
        kind,
        subject,
        body,
        unit_id=unit_id,
        assignment_id=assignment_id,
        plan_id=plan_id,
        now=now,
    )
