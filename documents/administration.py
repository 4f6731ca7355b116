"""Administration of accounts and units, each action written to the audit log.

Every operation takes the acting administrator as an argument, flushes (the caller
commits) and appends one ``AuditEntry`` saying who did what to which record and what
changed (old and new values). The log is append-only: nothing here updates or deletes
an entry.

A password reset is a one-time link: only the SHA-256 of its secret is stored, it
expires, and using it once (or issuing a newer one) makes it worthless.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.i18n import N_, Explained
from documents.models import ROLES, UNIT_KINDS, OrgUnit, User, UserRole, utcnow
from documents.passwords import hash_password

RESET_VALID_FOR = timedelta(hours=24)
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
UNIT_CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
UNIT_LEVELS: dict[str, str] = {
    "central": N_("Trung ương"),
    "province": N_("Cấp tỉnh"),
    "district": N_("Cấp huyện"),
    "commune": N_("Cấp xã"),
}


class AdminError(Explained, ValueError):
    """An administrative action refused, with the reason for the administrator."""


class AuditEntry(Model):
    """One administrative action: who, when, what, on which record, what changed."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field → [old, new]

    actor: Mapped[User | None] = relationship()

    @property
    def changed(self) -> dict[str, Any]:
        changes: dict[str, Any] = json.loads(self.changes or "{}")
        return changes


class PasswordReset(Model):
    """A one-time password reset link issued by an administrator."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


def audit(
    session: DbSession,
    actor: User | None,
    action: str,
    target: User | OrgUnit | Any,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an audit entry for ``action`` by ``actor`` on ``target`` (flush only)."""
    kind = {"User": "user", "OrgUnit": "unit"}.get(type(target).__name__, "other")
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_kind=kind,
        target_id=getattr(target, "id", None),
        changes=json.dumps(changes or {}, ensure_ascii=False, default=str, sort_keys=True),
        at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry


def audit_log(session: DbSession, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


# --- users -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    unit_id: int
    role: str


def _unit(session: DbSession, unit_id: int | None) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id) if unit_id else None
    if unit is None:
        raise AdminError(N_("Đơn vị không tồn tại."))
    return unit


def _role(role: str) -> str:
    if role not in ROLES:
        raise AdminError(N_("Vai trò không hợp lệ."))
    return role


def create_user(session: DbSession, actor: User, data: NewUser) -> User:
    """A new account with an unusable password; the administrator then issues a reset link
    so the person sets their own password."""
    username = data.username.strip().lower()
    full_name = " ".join(data.full_name.split())
    if not USERNAME_PATTERN.match(username):
        raise AdminError(
            N_(
                "Tên đăng nhập gồm 2–80 ký tự: chữ thường không dấu, chữ số, dấu chấm, "
                "gạch ngang hoặc gạch dưới."
            )
        )
    if not full_name or len(full_name) > 200:
        raise AdminError(N_("Vui lòng nhập họ và tên (tối đa 200 ký tự)."))
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AdminError(N_("Tên đăng nhập %(name)s đã có người dùng."), name=username)
    unit = _unit(session, data.unit_id)
    user = User(
        username=username,
        full_name=full_name,
        # Nobody knows this password: the account is usable once its owner sets one.
        password_hash=hash_password(secrets.token_urlsafe(32)),
        unit=unit,
        roles=[UserRole(unit=unit, role=_role(data.role))],
    )
    session.add(user)
    session.flush()
    changes = {"username": [None, username], "full_name": [None, full_name]}
    changes |= {"unit": [None, unit.name], "role": [None, data.role]}
    audit(session, actor, "user.create", user, changes)
    return user


def set_active(session: DbSession, actor: User, user: User, active: bool) -> None:
    """Enable or disable ``user``; disabling ends every session of theirs at once."""
    if user.id == actor.id and not active:
        raise AdminError(N_("Bạn không thể tự khóa tài khoản của mình."))
    if user.active == active:
        return
    user.active = active
    user.session_version += 1
    audit(
        session,
        actor,
        "user.enable" if active else "user.disable",
        user,
        {"active": [not active, active]},
    )


def add_role(session: DbSession, actor: User, user: User, unit_id: int, role: str) -> None:
    unit = _unit(session, unit_id)
    _role(role)
    if user.has_role(role, unit.id):
        raise AdminError(N_("Người dùng đã có vai trò này ở đơn vị đó."))
    user.roles.append(UserRole(unit=unit, role=role))
    session.flush()
    audit(session, actor, "user.role_add", user, {"role": [None, f"{role} @ {unit.name}"]})


def remove_role(session: DbSession, actor: User, user: User, role_id: int) -> None:
    held = next((r for r in user.roles if r.id == role_id), None)
    if held is None:
        raise AdminError(N_("Vai trò này không còn."))
    if user.id == actor.id and held.role == "admin":
        raise AdminError(N_("Bạn không thể tự bỏ quyền quản trị của mình."))
    label = f"{held.role} @ {held.unit.name}"
    user.roles.remove(held)
    session.flush()
    audit(session, actor, "user.role_remove", user, {"role": [label, None]})


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_password_reset(
    session: DbSession, actor: User, user: User, now: datetime | None = None
) -> str:
    """A new one-time secret for ``user`` (earlier unused links stop working)."""
    now = now or utcnow()
    for older in session.scalars(
        select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        older.used_at = now
    secret = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_hash(secret),
            created_at=now,
            expires_at=now + RESET_VALID_FOR,
        )
    )
    session.flush()
    audit(session, actor, "user.reset_password", user, {"reset_link": [None, "issued"]})
    return secret


def pending_reset(
    session: DbSession, secret: str, now: datetime | None = None
) -> PasswordReset | None:
    """The unused, unexpired reset ``secret`` names, for an active user; else None."""
    if not secret or len(secret) > 200:
        return None
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash(secret)))
    now = now or utcnow()
    if reset is None or reset.used_at is not None or reset.expires_at < now:
        return None
    return reset if reset.user.active else None


def use_password_reset(session: DbSession, reset: PasswordReset, new_hash: str) -> User:
    """Set the new password (already judged and hashed); the link is spent and every
    existing session of the user ends."""
    user = reset.user
    reset.used_at = utcnow()
    user.password_hash = new_hash
    user.session_version += 1
    session.flush()
    audit(session, user, "user.password_set", user, {"password": [None, "set by reset link"]})
    return user


# --- units -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitData:
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    parent_id: int | None = None


UNIT_FIELDS = ("code", "name", "short_name", "kind", "level", "parent_id")


def _checked_unit(session: DbSession, data: UnitData, unit: OrgUnit | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": data.code.strip().lower(),
        "name": " ".join(data.name.split()),
        "short_name": " ".join(data.short_name.split()),
        "kind": data.kind,
        "level": data.level,
        "parent_id": data.parent_id or None,
    }
    if not UNIT_CODE_PATTERN.match(values["code"]):
        raise AdminError(
            N_("Mã đơn vị gồm chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.")
        )
    if not values["name"] or len(values["name"]) > 200:
        raise AdminError(N_("Vui lòng nhập tên đơn vị (tối đa 200 ký tự)."))
    if not values["short_name"] or len(values["short_name"]) > 80:
        raise AdminError(N_("Vui lòng nhập tên ngắn (tối đa 80 ký tự)."))
    if values["kind"] not in UNIT_KINDS:
        raise AdminError(N_("Loại đơn vị không hợp lệ."))
    if values["level"] not in UNIT_LEVELS:
        raise AdminError(N_("Cấp đơn vị không hợp lệ."))
    same_code = session.scalar(select(OrgUnit).where(OrgUnit.code == values["code"]))
    if same_code is not None and same_code is not unit:
        raise AdminError(N_("Mã đơn vị %(code)s đã được dùng."), code=values["code"])
    parent_id = values["parent_id"]
    if parent_id is not None:
        parent: OrgUnit | None = _unit(session, parent_id)
        while parent is not None:  # a unit cannot end up above itself
            if unit is not None and parent.id == unit.id:
                raise AdminError(
                    N_("Đơn vị cấp trên không thể là chính đơn vị này hoặc cấp dưới của nó.")
                )
            parent = parent.parent
    return values


def create_unit(session: DbSession, actor: User, data: UnitData) -> OrgUnit:
    values = _checked_unit(session, data, None)
    unit = OrgUnit(**values)
    session.add(unit)
    session.flush()
    audit(session, actor, "unit.create", unit, {k: [None, v] for k, v in values.items()})
    return unit


def update_unit(session: DbSession, actor: User, unit: OrgUnit, data: UnitData) -> dict[str, Any]:
    """Change the unit's fields; returns (and audits) what changed."""
    values = _checked_unit(session, data, unit)
    changes = {k: [getattr(unit, k), v] for k, v in values.items() if getattr(unit, k) != v}
    for name, (_old, new) in changes.items():
        setattr(unit, name, new)
    session.flush()
    if changes:
        audit(session, actor, "unit.update", unit, changes)
    return changes
