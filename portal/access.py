"""Loading a workflow-governed record for the current user: one rule for every view.

A record the user may not read answers the same 404 as a missing id (no guessing of
ids); a readable record the user may not change answers 403.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from documents.db import db
from workflows.security import can

Record = TypeVar("Record")


def record_or_404(model: type[Record], record_id: int, permission: str = "view") -> Record:
    record = db.session.get(model, record_id)
    if record is None or not can(current_user, record, "view"):
        abort(404)
    if permission != "view" and not can(current_user, record, permission):
        abort(403)
    return record
