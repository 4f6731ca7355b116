"""The mail outbox: e-mail written in the transaction that caused it, sent after commit.

A notification that should reach a mailbox writes one ``MailOutbox`` row per address in
the same transaction as the inbox row (``documents.notifications.notify``), so a message
never announces a change that was rolled back and is never lost once the change is
committed. A drain (``portal.mail``: after every commit, and ``flask notifications
drain``) sends the rows that are due: each row is first *claimed* (a conditional
UPDATE that only one process can win), then sent, then marked sent, each step committed
by the caller, so two drains never send the same row. A failed send keeps the row and
pushes its next attempt back (exponential back-off, capped); nothing is dropped. A
permanent refusal of the address (an SMTP 5xx for the recipient or its data) marks the
row failed for good (``failed_at``, the reason in ``last_error``): it is never retried,
and ``portal.mail`` tells the owner of the address in the portal inbox.

Rows of the ``digest`` mode wait for the daily digest (``collect_digests``), which turns
all of an address's waiting rows into one ``immediate`` row and marks them done in the
same transaction, so the digest is sent by the same drain and with the same guarantees.

E-mail is written in Vietnamese, the units' language (see ``documents.notifications``).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message
from email.utils import formatdate

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from documents.db import DbSession, Model, rows_matched
from documents.models import _in, utcnow

MAIL_MODES = ("immediate", "digest")
CLAIM_FOR = timedelta(minutes=10)  # a crashed drain's claim expires after this
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
SUBJECT_MAX = 300
ERROR_MAX = 500


class MailOutbox(Model):
    """One e-mail to one address, waiting to be sent (``sent_at`` None) or sent."""

    __tablename__ = "mail_outbox"
    __table_args__ = (CheckConstraint(_in("mode", MAIL_MODES), name="mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    address: Mapped[str] = mapped_column(String(254))
    mode: Mapped[str] = mapped_column(String(10), default="immediate")
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)  # refused for good
    last_error: Mapped[str] = mapped_column(String(ERROR_MAX), default="")


@dataclass(frozen=True)
class MailSettings:
    """How to reach the SMTP server; ``server`` None means "keep the mail queued"."""

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


def enqueue_mail(
    session: DbSession,
    address: str,
    subject: str,
    body: str,
    *,
    mode: str = "immediate",
    notification_id: int | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> MailOutbox:
    """Queue one e-mail in the caller's transaction (flushes; the caller commits)."""
    if mode not in MAIL_MODES:
        raise ValueError(f"unknown mail mode {mode!r}")
    when = now or utcnow()
    row = MailOutbox(
        address=address,
        subject=subject[:SUBJECT_MAX],
        body=body,
        mode=mode,
        notification_id=notification_id,
        user_id=user_id,
        created_at=when,
        next_attempt_at=when,
    )
    session.add(row)
    session.flush()
    return row


def due_ids(session: DbSession, now: datetime, limit: int = 200) -> list[int]:
    """Immediate rows not yet sent whose next attempt is due and nobody holds."""
    return list(
        session.scalars(
            select(MailOutbox.id)
            .filter(
                MailOutbox.sent_at.is_(None),
                MailOutbox.failed_at.is_(None),
                MailOutbox.mode == "immediate",
                MailOutbox.next_attempt_at <= now,
                or_(MailOutbox.claimed_until.is_(None), MailOutbox.claimed_until < now),
            )
            .order_by(MailOutbox.id)
            .limit(limit)
        )
    )


def claim(session: DbSession, row_id: int, now: datetime) -> bool:
    """Take ``row_id`` for sending; False when it was sent or another drain holds it.

    The caller commits right after, before sending: the claim is what keeps a second
    drain (another worker, another app server) from sending the same mail.
    """
    result = session.execute(
        update(MailOutbox)
        .where(
            MailOutbox.id == row_id,
            MailOutbox.sent_at.is_(None),
            MailOutbox.failed_at.is_(None),
            or_(MailOutbox.claimed_until.is_(None), MailOutbox.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM_FOR)
        .execution_options(synchronize_session=False)
    )
    return bool(rows_matched(result))


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 h."""
    wait = FIRST_RETRY * (1 << max(0, min(attempts - 1, 20)))
    return min(wait, LONGEST_WAIT)


def mark_sent(row: MailOutbox, now: datetime) -> None:
    row.sent_at = now
    row.claimed_until = None
    row.last_error = ""


def mark_failed(row: MailOutbox, error: BaseException | str, now: datetime) -> None:
    """Keep the row for a later attempt, after the back-off."""
    row.attempts = (row.attempts or 0) + 1
    row.next_attempt_at = now + backoff(row.attempts)
    row.claimed_until = None
    row.last_error = str(error)[:ERROR_MAX]


def refusal(error: BaseException) -> str | None:
    """The server's reason when ``error`` is a permanent refusal of the address (5xx for
    the recipient, or for the message's data), else None: a 4xx or a dropped connection
    is worth another attempt."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        answers = list(error.recipients.values())
        if all(code >= 500 for code, _ in answers):
            return "; ".join(_reason(code, text) for code, text in answers)
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        return _reason(error.smtp_code, error.smtp_error)
    return None


def _reason(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def mark_refused(row: MailOutbox, reason: str, now: datetime) -> None:
    """The address was refused for good: never retried, the reason kept."""
    row.attempts = (row.attempts or 0) + 1
    row.failed_at = now
    row.claimed_until = None
    row.last_error = reason[:ERROR_MAX]


def last_refusal(session: DbSession, address: str, user_id: int | None = None) -> MailOutbox | None:
    """The latest mail to ``address`` (of ``user_id`` when given) refused for good."""
    query = select(MailOutbox).filter(
        MailOutbox.address == address, MailOutbox.failed_at.is_not(None)
    )
    if user_id is not None:
        query = query.filter(MailOutbox.user_id == user_id)
    return session.scalar(query.order_by(MailOutbox.failed_at.desc(), MailOutbox.id.desc()))


def compose(settings: MailSettings, row: MailOutbox) -> Message:
    """The e-mail of one outbox row. The subject is an RFC 2047 ``Header``: the default
    policy's folding of long Vietnamese subjects drops the space between encoded words
    ("kế hoạchchờ duyệt"), which readers would see."""
    message: Message[str, str | Header] = Message()
    message["From"] = settings.sender
    message["To"] = row.address
    message["Subject"] = Header(row.subject, "utf-8")
    message["Message-ID"] = f"<mail-outbox-{row.id}@{settings.sender.rpartition('@')[2]}>"
    message["Date"] = formatdate(localtime=False)
    message["MIME-Version"] = "1.0"
    message.set_payload(row.body or row.subject, "utf-8")
    return message


def connect(settings: MailSettings) -> smtplib.SMTP:
    """An open SMTP connection (the caller quits it); raises when the server is down."""
    if settings.server is None:
        raise smtplib.SMTPServerDisconnected("no SMTP server configured")
    smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    try:
        if settings.use_tls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
    except Exception:
        smtp.close()
        raise
    return smtp


def collect_digests(session: DbSession, now: datetime | None = None) -> list[MailOutbox]:
    """Turn each address's waiting digest rows into one immediate e-mail (flushes).

    The digest rows are marked sent in the same transaction that queues their digest, so
    a digest run that fails before commit leaves them waiting, and one that commits
    never gathers them again.
    """
    when = now or utcnow()
    waiting = list(
        session.scalars(
            select(MailOutbox)
            .filter(MailOutbox.sent_at.is_(None), MailOutbox.mode == "digest")
            .order_by(MailOutbox.address, MailOutbox.id)
            # PostgreSQL: a concurrent digest run skips the rows this one holds
            .with_for_update(skip_locked=True)
        )
    )
    by_address: dict[str, list[MailOutbox]] = {}
    for row in waiting:
        by_address.setdefault(row.address, []).append(row)
    digests = []
    for address, rows in by_address.items():
        lines = []
        for row in rows:
            lines.append(f"• {row.subject}")
            if row.body and row.body != row.subject:
                lines.append("  " + row.body.replace("\n", "\n  "))
            lines.append("")
            mark_sent(row, when)
        subject = f"Thông báo trong ngày từ Cổng văn bản ({len(rows)})"
        digests.append(
            enqueue_mail(
                session, address, subject, "\n".join(lines), user_id=rows[0].user_id, now=when
            )
        )
    session.flush()
    return digests


def pending_count(session: DbSession) -> int:
    """Mails still waiting to be sent (immediate and digest)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(MailOutbox)
            .filter(MailOutbox.sent_at.is_(None), MailOutbox.failed_at.is_(None))
        )
        or 0
    )
