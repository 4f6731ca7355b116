"""Failed-login records for throttling, kept in the database when no Redis is configured."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from documents.db import DbSession, Model


class LoginFailure(Model):
    """One failed login, under a throttling key (``user:<name>`` or ``addr:<ip>``)."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


def record_failure(session: DbSession, keys: list[str], now: datetime) -> None:
    """Count one failure under each key."""
    session.add_all(LoginFailure(key=key, at=now) for key in keys)
    session.flush()


def failures_since(session: DbSession, key: str, since: datetime) -> int:
    """How many failures ``key`` had from ``since`` on."""
    query = select(func.count()).where(LoginFailure.key == key, LoginFailure.at >= since)
    return session.scalar(query) or 0


def forget_failures(
    session: DbSession, keys: list[str], older_than: datetime | None = None
) -> None:
    """Drop the failures of ``keys`` (after a good login), and every record past the window."""
    session.execute(delete(LoginFailure).where(LoginFailure.key.in_(keys)))
    if older_than is not None:
        session.execute(delete(LoginFailure).where(LoginFailure.at < older_than))
    session.flush()


def window_start(now: datetime, window: timedelta) -> datetime:
    return now - window
