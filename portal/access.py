"""Loading a workflow-governed record for the current user: one rule for every view.

A record the user may not read answers the same 404 as a missing id (no guessing of
ids); a readable record the user may not change answers 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from flask import abort
from flask_login import current_user

from documents.db import db
from documents.followup.assignments import can_read_follow_up
from documents.models import Assignment
from documents.permissions import principals_of
from workflows.definitions import UNIT_MEMBER
from workflows.security import can

Record = TypeVar("Record")
# Ids are INTEGER columns: a larger number (a fuzzer's, a typo's) names no record, and
# must not reach the database driver, which refuses to bind it.
MAX_ID = 2**31 - 1


def is_id(value: int | None) -> bool:
    return value is not None and 0 < value <= MAX_ID


def record_or_404(model: type[Record], record_id: int, permission: str = "view") -> Record:
    record = db.session.get(model, record_id) if is_id(record_id) else None
    if record is None or not can(current_user, record, "view"):
        abort(404)
    if permission != "view" and not can(current_user, record, permission):
        abort(403)
    return record


def sees_unit_work(unit_ids: Iterable[int]) -> bool:
    """Whether the user may see work assigned to one of ``unit_ids`` (an assignment, a
    review event of the document assigned to them): the units' members and the readers of
    the follow-up. Everybody else is told such a record is missing."""
    if can_read_follow_up(current_user):
        return True
    principals = principals_of(current_user)
    return any(UNIT_MEMBER.format(unit=unit_id) in principals for unit_id in unit_ids)


def assignment_or_404(assignment_id: int | None) -> Assignment:
    """The assignment, or the same 404 as a missing id when the user may not see it."""
    assignment = db.session.get(Assignment, assignment_id) if is_id(assignment_id) else None
    if assignment is None or not sees_unit_work([assignment.unit_id]):
        abort(404)
    return assignment
