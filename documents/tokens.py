"""API tokens: a script acts as its user with ``Authorization: Bearer <token>``.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is
made. A token gives no more than its user's own permissions, stops working when it is
revoked or its user is disabled, and records when it was last used. Its scopes say what
it may do on top of that: ``read`` (every token) or ``read write`` (also change records
through ``/api/v1``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.models import User, _in, utcnow
from documents.permissions import principals_of

TOKEN_PREFIX = "dp_"
# last_used_at is rewritten at most this often, so reads do not turn into writes
LAST_USED_PRECISION = timedelta(minutes=5)
READ, WRITE = "read", "write"
# The scope sets a token may hold, stored as one space-separated string (OAuth's form).
SCOPE_SETS = ("read", "read write")


class ApiToken(Model):
    """A token of one user; ``token_hash`` is the SHA-256 of the secret, in hex."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint(_in("scopes", SCOPE_SETS), name="scopes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    scopes: Mapped[str] = mapped_column(String(20), default=READ, server_default=READ)

    user: Mapped[User] = relationship()

    def allows(self, scope: str) -> bool:
        return scope in self.scopes.split()


def hash_token(token: str) -> str:
    """The stored form of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: DbSession, user: User, label: str = "", *, write: bool = False
) -> tuple[ApiToken, str]:
    """A new token for ``user`` (flush only): the row and the secret, which is not
    stored and cannot be shown again. ``write`` adds the write scope to read."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    scopes = f"{READ} {WRITE}" if write else READ
    row = ApiToken(user=user, token_hash=hash_token(secret), label=label[:120], scopes=scopes)
    session.add(row)
    session.flush()
    return row, secret


def active_token(session: DbSession, token: str, now: datetime | None = None) -> ApiToken | None:
    """The row of ``token``, or None for an unknown or revoked token or a disabled user.
    Records the use (flush only)."""
    if not token or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked or not row.user.active:
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        row.last_used_at = now
        session.flush()
    return row


def user_for_token(session: DbSession, token: str, now: datetime | None = None) -> User | None:
    """The active user ``token`` belongs to, or None (see ``active_token``)."""
    row = active_token(session, token, now)
    return row.user if row is not None else None


def revoke_token(session: DbSession, token_id: int) -> bool:
    """Revoke the token ``token_id`` (flush only); False when there is no such token."""
    row = session.get(ApiToken, token_id)
    if row is None:
        return False
    row.revoked = True
    session.flush()
    return True


def may_manage_token(user: User, row: ApiToken) -> bool:
    """A token is listed and revoked by its owner and by an administrator."""
    return row.user_id == user.id or "admin" in principals_of(user)


def tokens_for(session: DbSession, user: User) -> list[ApiToken]:
    """The tokens ``user`` manages, newest first: their own, or everyone's for an admin."""
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if "admin" not in principals_of(user):
        query = query.where(ApiToken.user_id == user.id)
    return list(session.scalars(query))
