"""Notifications to units: an in-app inbox always, e-mail when a mail server is configured.

The inbox row is written in the caller's transaction (``notify_unit`` only flushes). E-mail
is sent by ``deliver`` after the caller has committed, so a message never announces
something that was rolled back; a failing mail server is logged and never raises, so it
can neither lose the inbox row nor fail the request or the command that caused it.

Users carry no e-mail address; a unit's mailbox addresses (``MailRecipient``) receive
its notifications, the way a committee's office receives its paper mail.

Subject and body composed by the code are stored as messages (``documents.i18n``), so the
inbox shows them in each reader's language. E-mail goes to a unit's office, not to a
person with a chosen language, so it is always written in Vietnamese, the units' language.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from documents.db import db
from documents.i18n import N_, Message, dump, render
from documents.models import Assignment, OrgUnit, User, _in, utcnow

NOTIFICATION_KINDS: dict[str, str] = {
    "urging": N_("Đôn đốc"),
    "reminder": N_("Nhắc hạn"),
    "assignment": N_("Giao nhiệm vụ"),
    "review": N_("Sơ kết, tổng kết"),
    "saved_search": N_("Tìm kiếm đã lưu"),
}
SUBJECT_MAX = 300


class Notification(db.Model):
    """One message in a unit's inbox; every member of the unit sees it."""

    __tablename__ = "notification"
    __table_args__ = (CheckConstraint(_in("kind", list(NOTIFICATION_KINDS)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    unit: Mapped[OrgUnit] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    read_by: Mapped[User | None] = relationship()


class MailRecipient(db.Model):
    """An e-mail address that receives a unit's notifications."""

    __tablename__ = "mail_recipient"
    __table_args__ = (UniqueConstraint("unit_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    address: Mapped[str] = mapped_column(String(254))


@dataclass(frozen=True)
class MailSettings:
    """How to reach the SMTP server; ``server`` None means "log instead of sending"."""

    server: str | None = None
    port: int = 25
    sender: str = "cong-van-ban@localhost"
    use_tls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0

    @property
    def enabled(self) -> bool:
        return bool(self.server)


def notify_unit(
    session: Session,
    unit_id: int,
    kind: str,
    subject: str | Message,
    body: str | Message = "",
    *,
    assignment_id: int | None = None,
    now: datetime | None = None,
) -> Notification:
    """Put a message in the unit's inbox (flushes; the caller commits).

    A ``Message`` is kept as such and shown in the reader's language; a ``str`` (what a
    user typed) as it is. A subject message too long for its column is kept in Vietnamese.
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    notification = Notification(
        unit_id=unit_id,
        kind=kind,
        subject=dump(subject, SUBJECT_MAX),
        body=dump(body),
        assignment_id=assignment_id,
        created_at=now or utcnow(),
    )
    session.add(notification)
    session.flush()
    return notification


def inbox(session: Session, unit_ids: Iterable[int], limit: int = 200) -> list[Notification]:
    """The units' notifications, newest first."""
    return list(
        session.scalars(
            db.select(Notification)
            .filter(Notification.unit_id.in_(list(unit_ids)))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, unit_ids: Iterable[int]) -> int:
    """How many of the units' notifications nobody has marked read."""
    return (
        session.scalar(
            db.select(db.func.count())
            .select_from(Notification)
            .filter(Notification.unit_id.in_(list(unit_ids)), Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, notifications: Iterable[Notification], reader: User) -> int:
    """Mark unread notifications read by ``reader``; returns how many changed."""
    changed = 0
    now = utcnow()
    for notification in notifications:
        if notification.read_at is None:
            notification.read_at = now
            notification.read_by_id = reader.id
            changed += 1
    session.flush()
    return changed


def _message(settings: MailSettings, to: Sequence[str], note: Notification) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    subject = render(note.subject)  # Vietnamese: see the module's docstring
    message["Subject"] = subject
    message.set_content(render(note.body) or subject)
    return message


def deliver(
    session: Session,
    notifications: Sequence[Notification],
    settings: MailSettings,
    log: logging.Logger,
) -> int:
    """E-mail committed notifications to their units' mailboxes; returns how many were sent.

    Without a mail server the messages are logged. Errors are logged, never raised.
    """
    if not notifications:
        return 0
    try:
        unit_ids = {n.unit_id for n in notifications}
        rows = session.execute(
            db.select(MailRecipient.unit_id, MailRecipient.address).filter(
                MailRecipient.unit_id.in_(unit_ids)
            )
        ).all()
    except Exception:
        log.exception("could not read the mail recipients; notifications stay in the inbox")
        return 0
    addresses: dict[int, list[str]] = {}
    for unit_id, address in rows:
        addresses.setdefault(unit_id, []).append(address)
    sent = 0
    for note in notifications:
        to = addresses.get(note.unit_id, [])
        if not settings.enabled or not to:
            log.info(
                "notification to unit %s (no e-mail sent): %s", note.unit_id, render(note.subject)
            )
            continue
        try:
            with smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout) as smtp:
                if settings.use_tls:
                    smtp.starttls()
                if settings.username:
                    smtp.login(settings.username, settings.password or "")
                smtp.send_message(_message(settings, to, note))
            sent += 1
        except Exception:
            log.exception("e-mail to unit %s failed; the inbox keeps the message", note.unit_id)
    return sent
