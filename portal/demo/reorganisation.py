"""The 2025 reorganisation in the demo data (``data/2025.toml``), applied by ``seed-demo``
once the portal's date has reached each event (idempotent: an event already recorded is
skipped).

The events go through the same import and the same ``apply`` as ``flask units
reorganise``; before them, An Giang's units before the merger and the decisions the events
cite are added, after them the accounts of today's units that inherited 11-CT/TU work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_babel import gettext

from documents.db import DbSession, db
from documents.models import OrgUnit
from documents.reorganisation import apply
from documents.unit_events import events_from_json
from documents.unit_history import UnitEvent
from portal.demo.rows import add_documents, add_units, add_users
from portal.units.routes import MOVING_STATES


def seed_reorganisation(
    session: DbSession,
    data: Mapping[str, Any],
    today: date,
    echo: Callable[[str], None],
    *,
    password: str,
    note: str,
) -> None:
    """Record the events of ``data`` whose date has come and that are not yet recorded;
    new accounts get ``password``, new documents end with ``note``."""
    due = [e for e in events_from_json(data["events"]) if e.effective_on <= today]
    if not due:
        return
    units = add_units(session, data["units"])
    add_documents(session, data["documents"], units, note)
    applied = 0
    for event in due:
        if session.scalar(db.select(UnitEvent.id).filter_by(key=event.key)) is None:
            apply(session, event, actor=None, today=today, open_states=MOVING_STATES)
            applied += 1
    units = {u.code: u for u in session.query(OrgUnit)}  # with the units the events began
    add_users(session, data["users"], units, password)
    session.flush()
    if applied:
        echo(gettext("Demo: đã ghi nhận %(num)s sự kiện sắp xếp tổ chức năm 2025.", num=applied))
