"""The records the issue-17 routes need in every access-matrix scene: an account that is
none of the matrix's roles (to disable and to reset), a pending reset link for it, a
private saved search of the reader with an Atom link, and a calendar link of the drafter.
"""

from __future__ import annotations

from typing import Any

from documents.administration import issue_password_reset
from documents.db import db
from documents.models import User, UserRole
from documents.passwords import hash_password
from documents.saved_searches import issue_feed_token, save_search


def spare_user(world: Any) -> User:
    found = db.session.scalar(db.select(User).filter_by(username="spare"))
    if found is not None:
        return found
    user = User(
        username="spare",
        full_name="Tài khoản dự phòng",
        password_hash=hash_password("khong-dung-den"),
        unit=world.other_unit,
        roles=[UserRole(unit=world.other_unit, role="reader")],
    )
    db.session.add(user)
    db.session.flush()
    return user


def extras(world: Any) -> dict[str, Any]:
    spare = spare_user(world)
    saved = save_search(db.session, world.reader, "Dân vận", "dân vận", {})
    search_token, search_secret = issue_feed_token(
        db.session, world.reader, "search", saved_search=saved
    )
    _calendar, calendar_secret = issue_feed_token(
        db.session, world.drafter, "unit_calendar", unit_id=world.unit.id
    )
    return {
        "spare_id": spare.id,
        "spare_role_id": spare.roles[0].id if spare.roles else 0,
        "reset_secret": issue_password_reset(db.session, world.admin, spare)
        if spare.active
        else "x",
        "saved_id": saved.id,
        "search_token_id": search_token.id,
        "search_secret": search_secret,
        "calendar_secret": calendar_secret,
    }
