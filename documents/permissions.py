"""Who may see and change what, as sets of principals (Plone's allowedRolesAndUsers).

A user is turned into principals once (``principals_of``); an object names the
principals allowed a permission. The same strings are stored in the search index, so
the index filters hits with exactly the rule the pages use.
"""

from __future__ import annotations

from documents.models import Document, User

AUTHENTICATED = "authenticated"


def unit_principal(unit_id: int, role: str | None = None) -> str:
    """``unit:7`` for any member of unit 7, ``unit:7:drafter`` for its drafters."""
    return f"unit:{unit_id}" if role is None else f"unit:{unit_id}:{role}"


def commission_principal(role: str) -> str:
    """A role held in a commission unit (Ban Dân vận), e.g. ``commission:reviewer``."""
    return f"commission:{role}"


def principals_of(user: User | None) -> frozenset[str]:
    """Every principal ``user`` acts as; empty for an anonymous or disabled user."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return frozenset()
    found = {AUTHENTICATED, unit_principal(user.unit_id)}
    for held in user.roles:
        found.add(unit_principal(held.unit_id))
        found.add(unit_principal(held.unit_id, held.role))
        if held.unit.is_commission:
            found.add(commission_principal(held.role))
        if held.role == "admin":
            found.add("admin")
    return frozenset(found)


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
