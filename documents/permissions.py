"""Who may see and change what, as sets of principals (Plone's allowedRolesAndUsers).

A user is turned into principals once (``principals_of``); an object names the
principals allowed a permission. The same strings are stored in the search index, so
the index filters hits with exactly the rule the pages use.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from documents.models import Document, OrgUnit, User, UserRole

AUTHENTICATED = "authenticated"


def unit_principal(unit_id: int, role: str | None = None) -> str:
    """``unit:7`` for any member of unit 7, ``unit:7:drafter`` for its drafters."""
    return f"unit:{unit_id}" if role is None else f"unit:{unit_id}:{role}"


def commission_principal(role: str) -> str:
    """A role held in a commission unit (Ban Dân vận), e.g. ``commission:reviewer``."""
    return f"commission:{role}"


def principals_of(user: User | None) -> frozenset[str]:
    """Every principal ``user`` acts as; empty for an anonymous or disabled user.

    Kept on the user object once worked out (a page asks for every row it shows): the
    object lives for one request, and the events below forget it when the user's roles,
    unit, activity or a held unit's kind change or its attributes are expired (commit).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return frozenset()
    kept: frozenset[str] | None = user.__dict__.get(_KEPT)
    if kept is not None:
        return kept
    found = {AUTHENTICATED, unit_principal(user.unit_id)}
    for held in user.roles:
        # A role given in this request and not yet flushed knows its unit, not its id.
        unit_id = held.unit_id if held.unit_id is not None else held.unit.id
        found.add(unit_principal(unit_id))
        found.add(unit_principal(unit_id, held.role))
        if held.unit.is_commission:
            found.add(commission_principal(held.role))
        if held.role == "admin":
            found.add("admin")
    user.__dict__[_KEPT] = principals = frozenset(found)
    return principals


_KEPT = "_principals_kept"


def _forget(user: object, *_args: object) -> None:
    # ``None`` when the session expires a user object already garbage-collected.
    getattr(user, "__dict__", {}).pop(_KEPT, None)


def _forget_all(session: Session | None) -> None:
    for held in list(session.identity_map.values()) if session is not None else []:
        if isinstance(held, User):
            _forget(held)


def _forget_in_session(target: object, *_args: object) -> None:
    """A role's unit or name, or a unit's kind, changed: every user of its session."""
    _forget_all(object_session(target))


def _forget_flushed(session: Session, _context: object) -> None:
    """A flush writes foreign keys (a user moved by ``user.unit = …``) without attribute
    events; the session's lists still hold what it wrote."""
    changed = [*session.dirty, *session.new, *session.deleted]
    if any(isinstance(obj, UserRole | OrgUnit) for obj in changed):
        _forget_all(session)
    for obj in changed:
        if isinstance(obj, User):
            _forget(obj)


for _user_event in ("append", "remove", "bulk_replace"):
    event.listen(User.roles, _user_event, _forget)
event.listen(User.unit_id, "set", _forget)
event.listen(User.unit, "set", _forget)
event.listen(User.active, "set", _forget)
event.listen(User, "expire", _forget)
event.listen(User, "refresh", _forget)
event.listen(UserRole.unit_id, "set", _forget_in_session)
event.listen(UserRole.role, "set", _forget_in_session)
event.listen(OrgUnit.kind, "set", _forget_in_session)
event.listen(Session, "after_flush", _forget_flushed)


# Commission staff and administrators maintain the document register. Who reads a
# document in each of its states is the publication workflow's per-state permission map
# (``workflows.definitions``).
DOCUMENT_EDITORS: tuple[str, ...] = ("admin", "commission:reviewer")


def can_edit_document(user: User | None, document: Document | None = None) -> bool:
    """Commission staff and administrators maintain the document register."""
    return bool(principals_of(user) & set(DOCUMENT_EDITORS))


# Permissions on the portal itself rather than on one record: who holds each.
SITE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "administer": ("admin",),  # users, units and the audit log
}


def may(user: User | None, permission: str) -> bool:
    """Whether ``user`` holds the site permission ``permission`` (``SITE_PERMISSIONS``)."""
    return bool(principals_of(user) & set(SITE_PERMISSIONS[permission]))
