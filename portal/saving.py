"""Load, check and save: the one way a view changes data.

A view loads its record for the current user (``record_or_404``: a record the user may
not read answers the same 404 as a missing id, so ids cannot be guessed; a readable
record the user may not change answers 403), checks the version the form was opened
with (``check_version``: a stale one answers 409, the conflict page), and saves::

    with saving(form, "body") as save:
        update_plan(db.session, plan, data, author=current_user)
    if save.ok:
        flash(...)
        return redirect(...)
    return render_template(..., form=form)

``saving`` owns the request's transaction: the block's domain operations only flush;
when it ends normally, ``portal.indexing.commit`` commits once and brings the search
index and the mail outbox up to date. A domain refusal (``Explained``) rolls everything
back: with a form, its message goes on the form's field and the form comes back filled
in; without one, the refusal is raised again for the view (or the JSON API) to answer,
and one no view answers becomes a 422 page (``portal.__init__``), never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.routing import IntegerConverter, Map

from documents.db import db
from documents.followup.assignments import can_read_follow_up
from documents.i18n import Explained
from documents.models import Assignment
from documents.permissions import principals_of
from portal.forms import add_error
from portal.indexing import commit, conflict
from portal.templating import translate
from workflows.definitions import UNIT_MEMBER
from workflows.security import can

log = logging.getLogger(__name__)
Record = TypeVar("Record")
# Ids are INTEGER columns: a larger number (a fuzzer's, a typo's) names no record, and
# must not reach the database driver, which refuses to bind it.
MAX_ID = 2**31 - 1


# --- loading ---------------------------------------------------------------------------


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in every route (``create_app`` installs it): a number no INTEGER column
    holds matches no route, so the address answers 404 before any view runs."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def is_id(value: int | None) -> bool:
    return value is not None and 0 < value <= MAX_ID


def record_or_404(
    model: type[Record],
    record_id: int,
    permission: str = "view",
    options: Sequence[ORMOption] = (),
) -> Record:
    """The record if the user may ``permission`` it: 404 when it is missing or hidden
    from the user, 403 when the user may read it but not do this. ``options`` load what
    the page shows with it (``joinedload``…)."""
    record = db.session.get(model, record_id, options=options) if is_id(record_id) else None
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


# --- checking --------------------------------------------------------------------------


def check_version(record: Any, submitted: str | int | None, message: str | None = None) -> None:
    """409 (the conflict page, with ``message``) unless the form was opened on the
    record's current version. A hidden field sends text, an integer field a number;
    anything that is not the version's number counts as stale."""
    try:
        current = None if submitted is None else int(submitted)
    except ValueError:
        current = None
    if current != record.version:
        conflict(message)


# --- saving ----------------------------------------------------------------------------


@dataclass
class Save:
    """What became of a ``saving`` block: committed, or refused with ``error``."""

    error: Explained | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@contextmanager
def saving(form: FlaskForm | None = None, field: str | None = "body") -> Iterator[Save]:
    """Commit what the block did, or roll it all back on a domain refusal.

    With ``form``, the refusal's message goes on the field the error names (``error.field``)
    when the form has it, else on ``field``, else above the form (``field=None``), and
    ``save.ok`` is false. Without a form the refusal is raised again after the rollback.
    """
    with checking(form, field) as save:
        yield save
        commit()


@contextmanager
def checking(form: FlaskForm | None = None, field: str | None = "body") -> Iterator[Save]:
    """``saving`` for a block that only reads (a preview, the checks asked before a save):
    a refusal is handled the same way, and nothing is committed."""
    save = Save()
    try:
        yield save
    except Explained as error:
        discard()
        if form is None:
            raise
        save.error = error
        _show_on(form, (getattr(error, "field", None), field), translate(error.message))


def _show_on(form: FlaskForm, fields: tuple[str | None, ...], message: str) -> None:
    """On the first of ``fields`` the form has; above the form when it has none."""
    target = next((form[name] for name in fields if name and name in form), None)
    if target is None:
        form.form_errors.append(message)
    else:
        add_error(target, message)


def discard() -> None:
    """Undo everything the request changed since its last commit."""
    db.session.rollback()


def commit_quietly(what: str) -> bool:
    """Commit bookkeeping that must never refuse the request (a token's last-used stamp):
    on a database error, log it, roll back and answer False."""
    try:
        commit()
    except SQLAlchemyError:
        log.warning("could not record %s", what, exc_info=True)
        discard()
        return False
    return True
